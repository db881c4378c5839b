"""Command-line commands of the data area: ``import``, ``history``, ``export``.

``import {sales|complaints|surveys} FILE [--sheet NAME] [--replace] [--valid-only]
[--dates dmy|mdy|ymd] [--decimal comma|dot]``
    exit 0 and a one-line summary on stdout; exit 2 and the UI's Italian message on
    stderr (plus the first wrong rows, when rows are the reason) with nothing stored.
    A file whose dates or numbers read two ways (every day ≤ 12; "1,234") is exit 2
    naming ``--dates`` / ``--decimal``, which force the reading.
``history``
    one line per import, newest first, tab-separated: id, imported at, data set, file
    name, rows imported, rows rejected, first date, last date, status, SHA-256.
``export {sales|complaints|surveys}``
    the stored rows as CSV on stdout (UTF-8, comma, ISO dates, dot decimals).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from cx_sme.cli.output import print_refusal
from cx_sme.core.datasets import DATASETS
from cx_sme.core.errors import FileRefused, FormatAmbiguous, RowsRefused
from cx_sme.core.formatting import date, number
from cx_sme.core.i18n import t

EXIT_OK = 0
EXIT_REFUSED = 2

# The readings ``--dates`` and ``--decimal`` force (names kept light: no pandas at --help).
DATE_ORDERS = ("dmy", "mdy", "ymd")
DECIMALS = {"comma": "it", "dot": "en"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    imp = sub.add_parser("import", help=t("import.cli.import_help"))
    imp.add_argument("dataset", choices=DATASETS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--sheet", default=None, help=t("import.cli.sheet_help"))
    imp.add_argument("--replace", action="store_true", help=t("import.cli.replace_help"))
    imp.add_argument("--valid-only", action="store_true", help=t("import.cli.valid_only_help"))
    imp.add_argument("--dates", choices=DATE_ORDERS, help=t("import.cli.dates_help"))
    imp.add_argument("--decimal", choices=tuple(DECIMALS), help=t("import.cli.decimal_help"))
    imp.add_argument("--company-vat", metavar="VAT", help=t("einvoice.cli.company_vat_help"))
    imp.set_defaults(handler=run_import)

    hist = sub.add_parser("history", help=t("import.cli.history_help"))
    hist.set_defaults(handler=run_history)

    exp = sub.add_parser("export", help=t("import.cli.export_help"))
    exp.add_argument("dataset", choices=DATASETS)
    exp.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.files import worker_pool

    worker_pool.start_workers()  # the reading worker loads its readers meanwhile
    # The importer (pandas, pyarrow, the readers) loads here: `--help` starts without it.
    from cx_sme.einvoice.selection import confirm_company
    from cx_sme.ingest.importer import import_file, refusal_lines

    if args.company_vat:
        confirm_company(conn, args.company_vat)

    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError:
        raise FileRefused("import.error.cannot_open", path=str(path)) from None
    forced = {}
    if args.dates:
        forced["date_format"] = args.dates
    if args.decimal:
        forced["number_format"] = DECIMALS[args.decimal]
    progress = terminal_progress()
    try:
        result = import_file(
            conn,
            args.dataset,
            path.name,
            data,
            sheet=args.sheet,
            replace=args.replace,
            valid_only=args.valid_only,
            forced=forced,
            progress=progress,
        )
    except (FormatAmbiguous, RowsRefused) as err:
        hint = t("import.cli.ambiguous_options") if isinstance(err, FormatAmbiguous) else None
        print_refusal(err.message(), refusal_lines(err), hint)
        return EXIT_REFUSED

    summary = t(
        "import.cli.summary",
        rows=number(result.rows),
        dataset=t(f"import.dataset_of.{args.dataset}"),
        file=path.name,
        id=result.import_id,
        first=date(result.period_from),
        last=date(result.period_to),
        rejected=number(result.rejected),
    )
    if result.replaced_months:
        summary += " " + t("import.cli.replaced", months=", ".join(result.replaced_months))
    print(summary)
    return EXIT_OK


def terminal_progress() -> Callable[[float, str], None] | None:
    """A progress line on standard error, redrawn in place (rows read, checked, stored),
    when it is a terminal; nothing when it is a file or a pipe (scripts see no noise)."""
    if not sys.stderr.isatty():
        return None
    width = 72

    def show(fraction: float, message: str) -> None:
        line = f"{fraction * 100:3.0f}%  {message}"[:width]
        end = "\n" if fraction >= 1 else ""
        sys.stderr.write(f"\r{line:<{width}}{end}")
        sys.stderr.flush()

    return show


def run_history(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    # pandas (the importer, the safe-cell helpers): off the --help path
    from cx_sme.core.safe_cells import csv_text
    from cx_sme.ingest.importer import list_imports

    for info in list_imports(conn):
        fields = (
            str(info.id), info.imported_at, info.dataset, info.file_name, str(info.rows),
            str(info.rejected), info.period_from or "", info.period_to or "", info.status,
            info.sha256,
        )  # fmt: skip
        # one line per import, always: tabs and line breaks in a file name become spaces,
        # and a name that looks like a formula is made safe as in the other exports
        print("\t".join(csv_text(" ".join(f.split())) for f in fields))
    return EXIT_OK


def run_export(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.ingest.importer import export_rows  # pandas: off the --help path

    sys.stdout.write(export_rows(conn, args.dataset))
    return EXIT_OK
