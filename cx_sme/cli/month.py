"""``import-month FILE... [--replace-changed] [--dry-run] [--format text|json]``: the
month's files in one step.

Each file (or each spreadsheet in a .zip) is recognised as sales, complaints or surveys
as the Import page does (exit 2 naming a file it cannot tell; ``import DATASET FILE``
forces one). New months are added, unchanged ones skipped, changed ones left as they are
unless ``--replace-changed``; months the guard flags (a replacement shrinking a month to
less than half its rows or money, a layout last confirmed for another data set) are
refused (exit 2) unless ``--replace-changed``. A file identical to one already imported
is all months unchanged: exit 0, nothing stored. One transaction: on exit 2 nothing is
stored. ``--dry-run`` prints the plan and stores nothing.

``--format json``: ``{"files": [{"file", "dataset", "rows", "months_new",
"months_unchanged", "months_changed", "rows_added"}], "stored": true|false}``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from cx_sme.cli.output import print_refusal
from cx_sme.core.errors import FileRefused, FormatAmbiguous, RowsRefused
from cx_sme.core.formatting import month_label, number
from cx_sme.core.i18n import t

EXIT_OK = 0
EXIT_REFUSED = 2


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``import-month`` to the parser."""
    cmd = sub.add_parser("import-month", help=t("import.cli.month_help"))
    cmd.add_argument("files", nargs="+", type=Path, metavar="FILE")
    cmd.add_argument("--replace-changed", action="store_true",
                     help=t("import.cli.replace_changed_help"))  # fmt: skip
    cmd.add_argument("--dry-run", action="store_true", help=t("import.cli.dry_run_help"))
    cmd.add_argument("--format", choices=("text", "json"), default="text")
    cmd.add_argument("--company-vat", metavar="VAT", help=t("einvoice.cli.company_vat_help"))
    cmd.set_defaults(handler=run_import_month)


def run_import_month(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.files import worker_pool

    worker_pool.start_workers()  # the reading worker loads its readers meanwhile
    # the importer (pandas, readers): off the --help path
    from cx_sme.einvoice.selection import confirm_company
    from cx_sme.files.bundle import unpack
    from cx_sme.ingest import month_plan
    from cx_sme.ingest.importer import refusal_lines

    if args.company_vat:
        confirm_company(conn, args.company_vat)

    uploads: list[tuple[str, bytes]] = []
    for path in args.files:
        try:
            data = path.read_bytes()
        except OSError:
            raise FileRefused("import.error.cannot_open", path=str(path)) from None
        uploads.extend(unpack(path.name, data))
    plans = [month_plan.plan_upload(conn, name, data) for name, data in uploads]
    try:
        for plan in plans:
            month_plan.check_file(plan)
    except (FormatAmbiguous, RowsRefused) as err:
        hint = t("import.cli.ambiguous_month") if isinstance(err, FormatAmbiguous) else None
        print_refusal(err.message(), refusal_lines(err), hint)
        return EXIT_REFUSED
    flagged = [(p, m) for p in plans for m in p.flagged]
    if flagged and not args.replace_changed and not args.dry_run:
        for plan, month in flagged:
            print(
                t(f"import.batch.guard_{month.guard}_cli", file=plan.prepared.file_name,
                  month=month_label(month.month), rows=number(month.rows),
                  stored=number(month.stored_rows)),
                file=sys.stderr,
            )  # fmt: skip
        print(t("import.cli.guard_hint"), file=sys.stderr)
        return EXIT_REFUSED
    replace = {
        i: ({m.month for m in p.of(month_plan.CHANGED)} if args.replace_changed
            else p.default_replace())
        for i, p in enumerate(plans)
    }  # fmt: skip
    confirmed = {i: {m.month for m in p.flagged} for i, p in enumerate(plans)}
    stored = False
    added = {i: p.rows_to_store(replace[i]) for i, p in enumerate(plans)}
    if not args.dry_run:
        results = month_plan.commit_batch(conn, plans, replace, confirmed)
        stored = any(r.import_id is not None for r in results)
        added = {i: r.rows for i, r in enumerate(results)}
    _print(plans, added, replace, stored, args.format, dry_run=args.dry_run)
    return EXIT_OK


def _print(plans: list, added: dict[int, int], replace: dict[int, set[str]], stored: bool,
           fmt: str, *, dry_run: bool) -> None:  # fmt: skip
    from cx_sme.ingest.month_plan import ADDED, CHANGED, NEW, UNCHANGED

    if fmt == "json":
        files = []
        for i, p in enumerate(plans):
            entry = {
                "file": p.prepared.file_name,
                "dataset": p.dataset,
                "rows": p.prepared.valid_rows,
                "months_new": [m.month for m in p.of(NEW)],
                "months_unchanged": [m.month for m in p.of(UNCHANGED)],
                "months_changed": [m.month for m in p.of(CHANGED)],
                "rows_added": added[i],
            }
            if p.prepared.einvoice is not None:
                # e-invoices only (the spreadsheets' output stays as it was): months they
                # already hold, to which new invoices are added
                entry["months_added"] = [m.month for m in p.of(ADDED)]
            files.append(entry)
        json.dump({"files": files, "stored": stored}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    none = t("import.cli.month_none")
    for i, p in enumerate(plans):
        changed = p.of(CHANGED)
        print(
            t(
                "import.cli.month_line",
                file=p.prepared.file_name,
                dataset=t(f"import.dataset_of.{p.dataset}"),
                rows=number(p.prepared.valid_rows),
                new=", ".join(
                    [month_label(m.month) for m in p.of(NEW)]
                    + [f"{month_label(m.month)} {t('import.cli.month_added')}" for m in p.of(ADDED)]
                )
                or none,
                unchanged=number(len(p.of(UNCHANGED))),
                changed=", ".join(
                    month_label(m.month)
                    + (" " + t("import.cli.month_replaced") if m.month in replace[i] else "")
                    for m in changed
                )
                or none,
                added=number(added[i]),
            )
        )
    if dry_run:
        print(t("import.cli.month_dry_run"))
    else:
        print(t("import.cli.month_stored") if stored else t("import.cli.month_not_stored"))
