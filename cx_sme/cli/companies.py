"""``companies``: the companies of an installation (CSV ``code,name,created``), and
``companies add CODE NAME`` to create one. ``--company CODE`` (or ``CX_SME_COMPANY``)
before any other command runs it on that company's store."""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys

from cx_sme.cli.output import quiet_broken_pipe
from cx_sme.core.i18n import t
from cx_sme.tenancy.companies import add_company, list_companies


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("companies", help=t("tenancy.cli.companies_help"))
    cmd.set_defaults(handler=run_list, installation=True)
    inner = cmd.add_subparsers(dest="companies_command")
    add = inner.add_parser("add", help=t("tenancy.cli.add_help"))
    add.add_argument("code")
    add.add_argument("name")
    add.set_defaults(handler=run_add, installation=True)


def run_list(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    # the safe-cell helpers load pandas: off the --help path
    from cx_sme.core.safe_cells import csv_text

    with quiet_broken_pipe():
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["code", "name", "created"])
        for company in list_companies(conn):
            writer.writerow([company.code, csv_text(company.name), company.created])
    return 0


def run_add(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    company = add_company(conn, args.store, args.code, args.name)
    print(t("tenancy.cli.added", code=company.code, name=company.name))
    return 0
