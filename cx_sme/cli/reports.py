"""Command-line commands: the monthly report, backup and restore (a public contract).

``python -m cx_sme --db PATH report --month YYYY-MM --xlsx FILE --pdf FILE``
    writes the monthly Excel workbook and/or the one-page PDF (at least one of the two).
``python -m cx_sme --db STORE backup FILE``
    writes a full backup of the store to FILE (a standalone SQLite store, also from a
    PostgreSQL company).
``python -m cx_sme --db STORE restore FILE``
    checks FILE and replaces the whole store with it (the current store is saved first
    in the ``backups`` folder beside the database, or on PostgreSQL in
    ``$CX_SME_BACKUP_DIR/<schema>``).
``python -m cx_sme --db PATH password-hash``
    reads a password from standard input and prints its Argon2 hash, for
    ``CX_SME_PASSWORD_HASH`` or ``[access] password_hash``.

Refusals (a bad month, a month without data, a file that is not a valid backup) exit 2
with an Italian message on stderr and change nothing.
"""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import sys
from pathlib import Path

from cx_sme.admin import access
from cx_sme.core import db
from cx_sme.core.errors import InputRefused
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    report = sub.add_parser("report", help=t("reports.cli.report_help"))
    report.add_argument("--month", required=True, metavar="YYYY-MM", help=t("reports.cli.month"))
    report.add_argument("--xlsx", metavar="FILE", help=t("reports.cli.xlsx"))
    report.add_argument("--pdf", metavar="FILE", help=t("reports.cli.pdf"))
    report.set_defaults(handler=run_report)

    save = sub.add_parser("backup", help=t("reports.cli.backup_help"))
    save.add_argument("file", metavar="FILE")
    save.set_defaults(handler=run_backup)

    load = sub.add_parser("restore", help=t("reports.cli.restore_help"))
    load.add_argument("file", metavar="FILE")
    load.set_defaults(handler=run_restore)

    secret = sub.add_parser("password-hash", help=t("reports.cli.password_help"))
    secret.set_defaults(handler=run_password_hash)


def run_report(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    # The report's data (pandas), workbook (openpyxl) and PDF (reportlab, matplotlib) load
    # here: `--help` starts without them.
    from cx_sme.reports import data as report_data
    from cx_sme.reports import pdf as report_pdf
    from cx_sme.reports import workbook as report_xlsx

    if not args.xlsx and not args.pdf:
        raise InputRefused("reports.cli.no_output")
    data = report_data.gather(conn, args.month)
    for path in (args.xlsx, args.pdf):
        if path and _same_file(conn, Path(path)):
            raise InputRefused("reports.cli.would_overwrite_db", file=path)
    if args.xlsx:
        written = report_xlsx.write_workbook(data, args.xlsx)
        print(t("reports.cli.written", file=str(written)))
    if args.pdf:
        written = report_pdf.write_pdf(data, args.pdf)
        print(t("reports.cli.written", file=str(written)))
    return 0


def _same_file(conn: sqlite3.Connection, path: Path) -> bool:
    current = db.database_file(conn)
    return current is not None and path.resolve() == current.resolve()


def run_backup(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.admin import backup  # privacy (pandas): off the --help path

    dest = Path(args.file)
    if _same_file(conn, dest):
        raise InputRefused("reports.cli.would_overwrite_db", file=args.file)
    if dest.is_dir():
        dest = dest / backup.backup_file_name()
    written = backup.create_backup(conn, dest)
    info = backup.check_backup(written)
    print(
        t(
            "reports.cli.backup_done",
            file=str(written),
            sales=number(info.counts["sales"]),
            complaints=number(info.counts["complaints"]),
            surveys=number(info.counts["surveys"]),
        )
    )
    return 0


def run_restore(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.admin import backup  # privacy (pandas): off the --help path

    if _same_file(conn, Path(args.file)):
        raise InputRefused("reports.cli.would_overwrite_db", file=args.file)
    result = backup.restore(conn, Path(args.file))
    print(
        t(
            "reports.cli.restore_done",
            file=args.file,
            sales=number(result.info.counts["sales"]),
            complaints=number(result.info.counts["complaints"]),
            surveys=number(result.info.counts["surveys"]),
        )
    )
    if result.saved_before is not None:
        print(t("reports.cli.saved_before", file=str(result.saved_before)))
    if result.erased_again:
        print(t("reports.cli.erased_again", rows=number(result.erased_again)))
    return 0


def run_password_hash(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    if sys.stdin.isatty():
        password = getpass.getpass(t("reports.cli.password_prompt"))
        again = getpass.getpass(t("reports.cli.password_again"))
        if password != again:
            raise InputRefused("reports.cli.password_mismatch")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    print(access.hash_password(password))
    return 0
