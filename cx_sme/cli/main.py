"""The command line: ``python -m cx_sme --db PATH COMMAND ...``.

A public contract: commands, options, column names and exit codes are relied upon by
scripts. Exit codes: 0 done; 2 refused (the same Italian message the UI shows, on
stderr, and nothing stored); argparse's own usage errors also exit 2.

Each command family lives in a module of ``cx_sme.cli`` exposing ``register(subparsers)``;
the parser it adds sets ``handler(args, conn) -> int``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence

from cx_sme.cli import admin, companies, data, kpi, month, people, programme, reports, team, voice
from cx_sme.core import config, db
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import set_language, t
from cx_sme.tenancy.companies import COMPANY_ENV_VAR, store_of

EXIT_OK = 0
EXIT_REFUSED = 2

COMMAND_MODULES = (data, month, kpi, team, programme, reports, admin, voice, companies, people)


def _backup_before_migrate(conn: sqlite3.Connection, old: int, new: int) -> None:
    """Back the store up before a migration (see :func:`cx_sme.admin.backup.before_migrate`)."""
    from cx_sme.admin import backup  # privacy (pandas): off the --help path

    backup.before_migrate(conn, old, new)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cx_sme", description=t("common.app_title"))
    parser.add_argument("--db", default=None, help=t("common.cli.db_help"))
    parser.add_argument("--company", default=None, help=t("tenancy.cli.company_help"))
    parser.add_argument("--lang", default="it", choices=("it", "en"), help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    set_language("it")
    args = build_parser().parse_args(argv)
    set_language(args.lang)
    store = config.store_of_argument(args.db) if args.db else config.db_path()
    company = args.company or os.environ.get(COMPANY_ENV_VAR) or None
    try:
        conn = db.connect(store, before_migrate=_backup_before_migrate)
        try:
            if getattr(args, "installation", False):  # `companies`: the list itself
                args.store = store
            else:
                path = store_of(conn, store, company)
                if path != store:
                    conn.close()
                    conn = db.connect(path, before_migrate=_backup_before_migrate)
            return int(args.handler(args, conn))
        finally:
            conn.close()
    except CxError as err:
        print(err.message(), file=sys.stderr)
        return EXIT_REFUSED
