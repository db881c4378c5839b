"""The companies of an installation, each with a store of its own.

The installation is the store named by ``--db`` (or ``CX_SME_DB``): it holds its own
company, :data:`MAIN` ("principale"), and the list of the others. Each other company has
its own SQLite file beside it, ``<store>.companies/<code>.sqlite``, with the same schema:
its data, settings, catalogue, actions, meetings, follow-ups, backups (an ``backups``
folder beside its file) and erasures are its own, and nothing in one company's file can
reach another's. A code is lowercase letters, digits, ``-`` and ``_`` (2–32), so it is
safe as a file name; it is never a path.

With one company nothing changes: every command and page works on the store as before.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

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


def add_company(conn: sqlite3.Connection, store: Path, code: str, name: str) -> Company:
    """Register a company and create its (empty, migrated) store."""
    clean = check_code(code)
    title = " ".join(str(name).split())
    if not title:
        raise InputRefused("tenancy.error.no_name")
    if len(title) > 120:
        raise InputRefused("tenancy.error.long_name")
    if clean == MAIN or any(c.code == clean for c in list_companies(conn)):
        raise InputRefused("tenancy.error.exists", code=clean)
    path = folder_of(store) / f"{clean}.sqlite"
    if path.exists():
        raise InputRefused("tenancy.error.file_exists", code=clean, path=str(path))
    created = dt.datetime.now().isoformat(timespec="seconds")
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


def store_of(conn: sqlite3.Connection, store: Path, code: str | None) -> Path:
    """The store of company ``code`` (None or :data:`MAIN`: the installation's own)."""
    if code is None or code.strip() in ("", MAIN):
        return store
    clean = check_code(code)
    if conn.execute("SELECT 1 FROM companies WHERE code = ?", (clean,)).fetchone() is None:
        known = ", ".join(c.code for c in list_companies(conn))
        raise CxError("tenancy.error.unknown", code=clean, known=known)
    return folder_of(store) / f"{clean}.sqlite"
