"""Where things live: the database path and the project folder."""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_DIR / "data" / "cx_sme.sqlite"
DB_ENV_VAR = "CX_SME_DB"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def is_postgres_address(store: object) -> bool:
    """True for a ``postgresql://`` address (else the store is a SQLite file)."""
    return str(store).startswith(POSTGRES_PREFIXES)


def db_path() -> Path | str:
    """The store to use: ``$CX_SME_DB`` or ``data/cx_sme.sqlite`` in the project. A
    ``postgresql://`` address stays the text it is (see :mod:`cx_sme.core.postgres`)."""
    value = os.environ.get(DB_ENV_VAR, "").strip()
    if is_postgres_address(value):
        return value
    return Path(value).expanduser() if value else DEFAULT_DB_PATH


def store_of_argument(value: str) -> Path | str:
    """The store a ``--db`` argument names: a SQLite file or a ``postgresql://`` address."""
    return value if is_postgres_address(value) else Path(value)


def store_label(store: Path | str) -> str:
    """The store as a user is shown it: a file's path, or a PostgreSQL database as
    ``dbname @ host`` (never its user, password or options).

    >>> store_label("postgresql://cx:secret@db.example.it:5433/crm?sslmode=require")
    'crm @ db.example.it:5433'
    >>> store_label("postgresql://cx@/cx?host=/run/postgresql")
    'cx @ /run/postgresql'
    """
    if not is_postgres_address(store):
        return str(store)
    parts = urllib.parse.urlsplit(str(store))
    query = urllib.parse.parse_qs(parts.query)
    host = parts.hostname or (query.get("host") or ["localhost"])[0]
    if parts.port:
        host = f"{host}:{parts.port}"
    database = parts.path.lstrip("/") or (query.get("dbname") or [""])[0]
    return f"{database} @ {host}"
