"""The companies of an installation, each with a store of its own.

The installation is the store named by ``--db`` (or ``CX_SME_DB``): it holds its own
company, :data:`MAIN` ("principale"), and the list of the others. Each other company has
its own SQLite file beside it, ``<store>.companies/<code>.sqlite``, with the same schema:
its data, settings, catalogue, actions, meetings, follow-ups, backups (an ``backups``
folder beside its file) and erasures are its own, and nothing in one company's file can
reach another's. A code is lowercase letters, digits, ``-`` and ``_`` (2–32), so it is
safe as a file name; it is never a path.

With one company nothing changes: every command and page works on the store as before.

On PostgreSQL (a ``postgresql://`` store) the installation is the schema ``cx_principale``
and each other company the schema ``cx_<code>`` in the same database: a company's address
is the installation's with that schema as its search path (:mod:`cx_sme.core.postgres`).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from cx_sme.core import db
from cx_sme.core.errors import CxError, InputRefused
from cx_sme.core.i18n import t

MAIN = "principale"
COMPANY_ENV_VAR = "CX_SME_COMPANY"
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,31}$")


@dataclass(frozen=True)
class Company:
    code: str
    name: str
    created: str


def check_code(code: str) -> str:
    clean = str(code).strip()
    if not _CODE.match(clean):
        raise InputRefused("tenancy.error.bad_code", value=code)
    return clean


def folder_of(store: Path) -> Path:
    """Where the other companies' stores live: beside the installation's store."""
    return store.with_name(store.name + ".companies")


def _created(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()
    return str(row[0]) if row else ""


def list_companies(conn: sqlite3.Connection) -> list[Company]:
    """Every company of the installation whose store ``conn`` is: its own first."""
    own = Company(MAIN, t("tenancy.main_name"), _created(conn))
    others = [
        Company(code, name, created)
        for code, name, created in conn.execute(
            "SELECT code, name, created FROM companies ORDER BY code"
        )
    ]
    return [own, *others]


def add_company(conn: sqlite3.Connection, store: Path | str, code: str, name: str) -> Company:
    """Register a company and create its (empty, migrated) store."""
    clean = check_code(code)
    title = " ".join(str(name).split())
    if not title:
        raise InputRefused("tenancy.error.no_name")
    if len(title) > 120:
        raise InputRefused("tenancy.error.long_name")
    if clean == MAIN or any(c.code == clean for c in list_companies(conn)):
        raise InputRefused("tenancy.error.exists", code=clean)
    if db.is_postgres(conn):
        return _add_schema(conn, str(store), Company(clean, title, _now()))
    path = folder_of(Path(store)) / f"{clean}.sqlite"
    if path.exists():
        raise InputRefused("tenancy.error.file_exists", code=clean, path=str(path))
    created = _now()
    try:
        with db.write_transaction(conn):
            conn.execute(
                "INSERT INTO companies (code, name, created) VALUES (?, ?, ?)",
                (clean, title, created),
            )
            new = db.connect(path)  # created and migrated before the registration commits
            new.close()
    except BaseException:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return Company(clean, title, created)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _add_schema(conn: sqlite3.Connection, store: str, company: Company) -> Company:
    """Register ``company`` on PostgreSQL and build its schema, which must not exist yet."""
    import cx_sme.core.postgres as postgres

    schema = postgres.SCHEMA_PREFIX + company.code
    taken = conn.execute(
        "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?", (schema,)
    ).fetchone()
    if taken is not None:
        raise InputRefused("tenancy.error.file_exists", code=company.code, path=schema)
    built = False
    try:
        with db.write_transaction(conn):
            conn.execute(
                "INSERT INTO companies (code, name, created) VALUES (?, ?, ?)",
                (company.code, company.name, company.created),
            )
            # built before the registration commits (its own transaction, as SQLite's file)
            db.connect(postgres.company_address(store, schema)).close()
            built = True
    except BaseException:
        if built:
            postgres.drop_schema(cast(postgres.Connection, conn), schema)
        raise
    return company


def store_of(conn: sqlite3.Connection, store: Path | str, code: str | None) -> Path | str:
    """The store of company ``code`` (None or :data:`MAIN`: the installation's own): a
    SQLite file, or on PostgreSQL the address of the company's schema."""
    if code is None or code.strip() in ("", MAIN):
        return store
    clean = check_code(code)
    if conn.execute("SELECT 1 FROM companies WHERE code = ?", (clean,)).fetchone() is None:
        known = ", ".join(c.code for c in list_companies(conn))
        raise CxError("tenancy.error.unknown", code=clean, known=known)
    if db.is_postgres(conn):
        import cx_sme.core.postgres as postgres

        return postgres.company_address(str(store), postgres.SCHEMA_PREFIX + clean)
    return folder_of(Path(store)) / f"{clean}.sqlite"
