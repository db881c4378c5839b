"""``people``: who has a role on which company (CSV ``who,company,role,source``; company
empty for every company, source ``app`` or ``file``); ``people add WHO ROLE
[--for-company CODE]`` and ``people remove WHO [--for-company CODE]`` change those stored
in the installation (the configuration file's are changed in the file).

The configuration file is read where Streamlit reads it: ``~/.streamlit/secrets.toml``,
then ``.streamlit/secrets.toml`` in the current folder (the latter wins)."""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
import tomllib
from pathlib import Path
from typing import Any

from cx_sme.cli.output import quiet_broken_pipe
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t

BY = "python -m cx_sme"  # who added a person from the command line


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("people", help=t("tenancy.cli.people_help"))
    cmd.set_defaults(handler=run_list, installation=True)
    inner = cmd.add_subparsers(dest="people_command")
    add = inner.add_parser("add", help=t("tenancy.cli.people_add_help"))
    add.add_argument("who")
    add.add_argument("role")
    add.add_argument("--for-company", default=None, help=t("tenancy.cli.for_company_help"))
    add.set_defaults(handler=run_add, installation=True)
    remove = inner.add_parser("remove", help=t("tenancy.cli.people_remove_help"))
    remove.add_argument("who")
    remove.add_argument("--for-company", default=None, help=t("tenancy.cli.for_company_help"))
    remove.set_defaults(handler=run_remove, installation=True)


def secrets_files() -> list[Path]:
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def read_secrets() -> dict[str, Any]:
    """The configuration files merged as Streamlit merges them (a later file's sections
    replace an earlier one's)."""
    merged: dict[str, Any] = {}
    for path in secrets_files():
        if not path.is_file():
            continue
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise CxError("tenancy.people.error.secrets_unreadable", path=str(path),
                          reason=str(exc)) from exc  # fmt: skip
    return merged


def run_list(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.core.safe_cells import csv_text
    from cx_sme.tenancy.people import file_people, is_plausible, list_people

    found = file_people(read_secrets()) + list_people(conn)
    with quiet_broken_pipe():
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["who", "company", "role", "source"])
        for person in found:
            # "@domain" as it is (no formula can hide in one); the file's entries are
            # not checked, so any other text is made safe for a spreadsheet
            who = person.who if is_plausible(person.who) else csv_text(person.who)
            company = csv_text(person.company or "")  # a valid code is left as it is
            writer.writerow([who, company, person.role, person.source])
    return 0


def run_add(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.tenancy.people import add_person, role_name, where

    person = add_person(conn, args.who, args.role, args.for_company, by=BY)
    print(t("tenancy.people.added", who=person.who, role=role_name(person.role),
            where=where(person.company)))  # fmt: skip
    return 0


def run_remove(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.tenancy.people import remove_person, role_name, where

    person = remove_person(conn, args.who, args.for_company)
    print(t("tenancy.people.removed", who=person.who, role=role_name(person.role),
            where=where(person.company)))  # fmt: skip
    return 0
