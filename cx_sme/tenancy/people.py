"""People of an installation and their roles, added from the app (Settings › Access) or
with ``people add``, beside the ``[access]`` lists of ``.streamlit/secrets.toml``.

Each entry gives an address, or a whole domain (``"@azienda.it"``), a role (``viewer``,
``editor`` or ``admin``) on one company of the installation, or on every company. They
are stored in the installation's store (table ``people``, migration 0011) and counted
only with a company sign-in, exactly like the file's lists (:func:`with_people`): the
higher of two roles wins. The file's entries stay where they are: they are listed here
with their source, and changed in the file.

>>> import sqlite3
>>> from cx_sme.core import db
>>> conn = db.connect(":memory:")
>>> add_person(conn, " Anna@Acme.it ", "editor").who
'anna@acme.it'
>>> [(p.who, p.company, p.role) for p in list_people(conn)]
[('anna@acme.it', None, 'editor')]
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cx_sme.admin.access import ROLES, AccessConfig, installation_role, listed, with_grants
from cx_sme.core import db
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t
from cx_sme.tenancy.companies import list_companies

SOURCE_APP = "app"  # added from the app or the command line: stored in the installation
SOURCE_FILE = "file"  # listed in the configuration file: changed there only

# A plausible address or "@domain": the characters real addresses use (a dot-atom of
# letters, digits and _ % + ' -, starting with a letter, digit or _), so no address can
# read as a spreadsheet formula and a whole domain is the only entry starting with "@".
_LOCAL = r"[a-z0-9_][a-z0-9_%+'-]*(?:\.[a-z0-9_%+'-]+)*"
_DOMAIN = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})"
_WHO = re.compile(rf"^(?:{_LOCAL})?@{_DOMAIN}$")
MAX_LENGTH = 254


@dataclass(frozen=True)
class Person:
    """A role given to an address or a domain, on one company or (``company`` None) on
    every company of the installation."""

    who: str
    company: str | None
    role: str
    source: str = SOURCE_APP
    added_at: str = ""
    added_by: str = ""


def is_plausible(who: str) -> bool:
    """Whether ``who`` (already lower-case and trimmed) reads as an address or "@domain".

    >>> is_plausible("anna@acme.it"), is_plausible("@acme.it"), is_plausible("=1+1@x.it")
    (True, True, False)
    """
    return len(who) <= MAX_LENGTH and _WHO.match(who) is not None


def check_who(who: str) -> str:
    """``who`` lower-case and trimmed, refused unless it reads as an e-mail address or
    ``@domain``.

    >>> check_who(" Marco.Bianchi@Rossi.IT "), check_who("@rossi.it")
    ('marco.bianchi@rossi.it', '@rossi.it')
    """
    clean = str(who).strip().lower()
    if not is_plausible(clean):
        raise InputRefused("tenancy.people.error.bad_who", value=str(who).strip())
    return clean


def check_role(role: str) -> str:
    clean = str(role).strip().lower()
    if clean not in ROLES:
        raise InputRefused("tenancy.people.error.bad_role", value=str(role).strip())
    return clean


def check_company(conn: sqlite3.Connection, company: str | None) -> str | None:
    """``company`` as stored: None for every company, else the code of a company of the
    installation (its own, ``principale``, included)."""
    if company is None or not str(company).strip():
        return None
    code = str(company).strip()
    known = [c.code for c in list_companies(conn)]
    if code not in known:
        raise InputRefused("tenancy.error.unknown", code=code, known=", ".join(known))
    return code


def where(company: str | None) -> str:
    """How a message says which company a role is on ("on every company" for None)."""
    if company is None:
        return t("tenancy.people.on_all")
    return t("tenancy.people.on_company", code=company)


def role_name(role: str) -> str:
    """A role as the app names it (Lettura, Modifica, Amministratore)."""
    return t(f"settings.access.role_{role}")


def _find(conn: sqlite3.Connection, who: str, company: str | None) -> Person | None:
    row = conn.execute(
        "SELECT who, company, role, added_at, added_by FROM people "
        "WHERE who = ? AND company IS NOT DISTINCT FROM ?",
        (who, company),
    ).fetchone()
    return Person(row[0], row[1], row[2], SOURCE_APP, row[3], row[4]) if row else None


def list_people(conn: sqlite3.Connection) -> list[Person]:
    """The people added from the app, by address; for each, every company first."""
    return [
        Person(who, company, role, SOURCE_APP, added_at, added_by)
        for who, company, role, added_at, added_by in conn.execute(
            "SELECT who, company, role, added_at, added_by FROM people "
            "ORDER BY who, company IS NOT NULL, company"
        )
    ]


def add_person(
    conn: sqlite3.Connection, who: str, role: str, company: str | None = None, by: str = ""
) -> Person:
    """Give ``who`` (an address or "@domain") ``role`` on ``company`` (None: on every
    company). Refused when the address, the role or the company is not valid, or when
    ``who`` has a role there already (remove it first to change it)."""
    clean = check_who(who)
    level = check_role(role)
    added_at = dt.datetime.now().isoformat(timespec="seconds")
    with db.write_transaction(conn):
        code = check_company(conn, company)
        found = _find(conn, clean, code)
        if found is not None:
            raise InputRefused("tenancy.people.error.exists", who=clean, where=where(code),
                               role=role_name(found.role))  # fmt: skip
        conn.execute(
            "INSERT INTO people (who, company, role, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
            (clean, code, level, added_at, str(by)),
        )
    return Person(clean, code, level, SOURCE_APP, added_at, str(by))


def remove_person(
    conn: sqlite3.Connection,
    who: str,
    company: str | None = None,
    *,
    signed_in: tuple[AccessConfig, str] | None = None,
) -> Person:
    """Take away the role ``who`` was given from the app on ``company`` (None: the one on
    every company); refused when there is none (the configuration file's entries are
    changed in the file).

    ``signed_in`` (the configuration without the app's people, and the address of who
    is removing): refused too when the removal would take away that user's own
    administration of the installation (no one could then add it back from the app)."""
    clean = str(who).strip().lower()
    code = None if company is None or not str(company).strip() else str(company).strip()
    with db.write_transaction(conn):
        found = _find(conn, clean, code)
        if found is None:
            raise InputRefused("tenancy.people.error.not_found", who=str(who).strip(),
                               where=where(code))  # fmt: skip
        if signed_in is not None and _locks_out(conn, found, *signed_in):
            raise InputRefused("tenancy.people.error.own_admin", who=found.who)
        conn.execute(
            "DELETE FROM people WHERE who = ? AND company IS NOT DISTINCT FROM ?", (clean, code)
        )
    return found


def _locks_out(conn: sqlite3.Connection, gone: Person, config: AccessConfig, user: str) -> bool:
    """Whether ``user`` administers the installation now and would not without ``gone``."""
    grants = [(p.who, p.company, p.role) for p in list_people(conn)]
    rest = [g for g in grants if (g[0], g[1]) != (gone.who, gone.company)]
    before = installation_role(with_grants(config, grants), user)
    after = installation_role(with_grants(config, rest), user)
    return before == "admin" and after != "admin"


def file_people(secrets: Mapping[str, Any]) -> list[Person]:
    """The entries of the configuration's ``[access]`` lists, as people (source "file"):
    every company first, then each company's list."""
    allow, companies = listed(secrets)
    found = [Person(who, None, role, SOURCE_FILE) for who, role in sorted(allow.items())]
    for code, entries in sorted(companies.items()):
        found += [Person(who, code, role, SOURCE_FILE) for who, role in sorted(entries.items())]
    return found


def with_people(config: AccessConfig, conn: sqlite3.Connection) -> AccessConfig:
    """``config`` with the people added from the app, when it is a company sign-in
    (:func:`cx_sme.admin.access.with_grants`); otherwise ``config`` itself, unread."""
    if config.mode != "oidc":
        return config
    return with_grants(config, [(p.who, p.company, p.role) for p in list_people(conn)])
