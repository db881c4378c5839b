"""Command-line commands: erasing a customer.

``python -m cx_sme --db PATH erase-customer CODE`` erases as Settings › Privacy does: every
row about the customer, from the store and its automatic backups, then from the bytes where
they could linger (a SQLite file's free pages and write-ahead log; on a ``postgresql://``
company, its tables rewritten: see :mod:`cx_sme.admin.erasure` for what PostgreSQL keeps).
Exit 0 with a one-line summary; exit 2 with a message when nothing is stored under that
code (nothing is recorded then).
"""

from __future__ import annotations

import argparse
import sqlite3

from cx_sme.core.formatting import number
from cx_sme.core.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``erase-customer`` to the parser."""
    erase = sub.add_parser("erase-customer", help=t("settings.privacy.cli_help"))
    erase.add_argument("code", metavar="CODE", help=t("settings.privacy.cli_code"))
    erase.set_defaults(handler=erase_command)


def erase_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.admin.erasure import erase_everywhere  # pandas: off the --help path

    report = erase_everywhere(conn, args.code, by=t("settings.privacy.by_cli"))
    print(
        t(
            "settings.privacy.cli_done",
            rows=number(report.erasure.rows_erased),
            tables=number(report.tables),
            backups=number(report.backups_cleaned),
        )
    )
    return 0
