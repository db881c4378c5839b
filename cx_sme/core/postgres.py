"""The store on PostgreSQL: a schema per company, reached through psycopg 3.

``--db`` / ``CX_SME_DB`` may be a ``postgresql://`` address instead of a SQLite file.
Each company of the installation lives in a schema of its own (``cx_principale`` for the
installation's own company, ``cx_acme``…): the database keeps companies apart, because a
connection's ``search_path`` names one schema and no query names another. A company's
address is the installation's with that search path in libpq's ``options``
(:func:`company_address`), so the rest of the app passes addresses around as it passes
SQLite paths.

The code speaks one SQL to both databases: standard statements with the DB-API's ``?``
placeholders, which :mod:`sqlite3` takes as they are. psycopg's placeholders are ``%s``:
:class:`QmarkCursor`, the cursor class psycopg lets a connection choose, renders the
``?`` outside quotes as ``%s`` (and a literal ``%`` as ``%%``) before psycopg binds the
parameters on the client side, where an untyped literal takes the column's type as in
SQLite. Nothing else of the SQL is rewritten.

The schema is built by the files in ``migrations/postgresql/``: the whole schema at the
version SQLite's migrations reach (``0011_baseline``), then the same numbers as SQLite's.
A schema is migrated under a transaction-wide advisory lock, so that two app processes
opening a new company at once build it once; a write transaction takes another advisory
lock on its schema, so that the writers of one company follow each other as SQLite's
``BEGIN IMMEDIATE`` makes them (imports check what is stored before they store).
"""

from __future__ import annotations

import contextlib
import functools
import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg.pq import TransactionStatus

from cx_sme.core.config import store_label
from cx_sme.core.db import numbered_sql
from cx_sme.core.errors import CxError

SCHEMA_PREFIX = "cx_"
MAIN_SCHEMA = "cx_principale"
VERSION_TABLE = "schema_version"
_SCHEMA = re.compile(r"^cx_[a-z0-9][a-z0-9_-]{1,31}$")
_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([^\s]+)")


def migration_files() -> list[tuple[int, str, str]]:
    """PostgreSQL's migrations as (version, name, sql), in order."""
    found = numbered_sql(resources.files("cx_sme.core") / "migrations" / "postgresql")
    if not found:
        raise RuntimeError("no PostgreSQL migrations")
    return found


def latest_version() -> int:
    return migration_files()[-1][0]


def checked_schema(schema: str) -> str:
    """``schema`` when it is a company's schema name (never raw input in SQL).

    >>> checked_schema("cx_acme")
    'cx_acme'
    """
    if not _SCHEMA.match(schema):
        raise ValueError(f"not a company schema: {schema!r}")
    return schema


def schema_in(address: str) -> str:
    """The company schema ``address`` names (the installation's own when it names none).

    >>> schema_in("postgresql://cx@db/cx")
    'cx_principale'
    >>> schema_in(company_address("postgresql://cx@db/cx?sslmode=require", "cx_acme"))
    'cx_acme'
    """
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(address).query)
    for option in query.get("options", []):
        found = _SEARCH_PATH.search(option)
        if found:
            return checked_schema(found.group(1))
    return MAIN_SCHEMA


def company_address(address: str, schema: str) -> str:
    """``address`` (an installation's or a company's) made to name ``schema``; the other
    settings its ``options`` carry (a statement timeout…) stay.

    >>> company_address("postgresql://cx@/cx?host=/run/pg", "cx_acme")
    'postgresql://cx@/cx?host=%2Frun%2Fpg&options=-csearch_path%3Dcx_acme'
    >>> timeout = "postgresql://cx@db/cx?options=-cstatement_timeout%3D5000"
    >>> kept = company_address(timeout, "cx_beta")
    >>> urllib.parse.unquote(kept)
    'postgresql://cx@db/cx?options=-cstatement_timeout=5000 -csearch_path=cx_beta'
    >>> urllib.parse.unquote(installation_address(kept))
    'postgresql://cx@db/cx?options=-cstatement_timeout=5000'
    """
    parts = urllib.parse.urlsplit(address)
    query, options = [], []
    for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        if key == "options":
            options.append(_SEARCH_PATH.sub("", value).strip())
        else:
            query.append((key, value))
    if schema != MAIN_SCHEMA:
        options.append(f"-csearch_path={checked_schema(schema)}")
    if any(options):
        query.append(("options", " ".join(o for o in options if o)))
    return urllib.parse.urlunsplit(
        parts._replace(query=urllib.parse.urlencode(query, quote_via=urllib.parse.quote))
    )


def installation_address(address: str) -> str:
    """The installation's own address behind a company's."""
    return company_address(address, MAIN_SCHEMA)


@functools.lru_cache(maxsize=2048)
def _with_percent_s(query: str) -> str:
    """``query`` with its ``?`` placeholders as psycopg's ``%s``.

    >>> _with_percent_s("SELECT '?', x FROM t WHERE a = ? AND b LIKE '%x'")
    "SELECT '?', x FROM t WHERE a = %s AND b LIKE '%%x'"
    """
    out: list[str] = []
    quote = ""
    for char in query:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        if char == "%":
            out.append("%%")
            continue
        out.append(char)
    return "".join(out)


class QmarkCursor(psycopg.ClientCursor[Any]):
    """psycopg's client-side cursor taking the ``?`` placeholders sqlite3 takes."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> QmarkCursor:
        if params is not None and isinstance(query, str):
            query = _with_percent_s(query)
        return super().execute(query, params, **kwargs)

    def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> None:
        if isinstance(query, str):
            query = _with_percent_s(query)
        super().executemany(query, params_seq, **kwargs)


class StoreConnection(psycopg.Connection[Any]):
    """A connection to a company's schema. A browser session keeps its own for as long as
    Streamlit keeps the session, and Streamlit says nothing when it forgets one: the
    connection then closes itself when it is collected, instead of lingering on the server
    (psycopg would warn of a connection deleted while open)."""

    def __del__(self, *args: Any) -> None:
        if not self.closed:
            with contextlib.suppress(Exception):
                self.close()
        super().__del__(*args)


Connection = psycopg.Connection[Any]


def open_connection(address: str) -> Connection:
    """A connection to the schema ``address`` names, without migrating (autocommit:
    each read sees the latest committed data; writes go through :func:`write_transaction`)."""
    try:
        schema = schema_in(address)
    except ValueError as exc:
        found = _SEARCH_PATH.search(urllib.parse.unquote(address))
        raise CxError("common.error.db_bad_schema", schema=found.group(1) if found else "") from exc
    try:
        conn = StoreConnection.connect(
            installation_address(address), autocommit=True, cursor_factory=QmarkCursor
        )
    except psycopg.Error as exc:  # refused, unreachable, or an address libpq cannot read
        # the driver's first line says what failed (host, port, refusal); never the password
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CxError(
            "common.error.db_unreachable", where=store_label(address), detail=detail
        ) from exc
    _use_schema(conn, schema)
    return conn


def _use_schema(conn: Connection, schema: str) -> None:
    """Point ``conn``'s search path at ``schema`` alone."""
    conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))


def reopen(conn: Connection) -> Connection:
    """Another connection to ``conn``'s company schema (a copy made on it holds committed
    data only, even while ``conn`` is inside a write transaction)."""
    info = conn.info
    address = make_conninfo(info.dsn, password=info.password) if info.password else info.dsn
    other = StoreConnection.connect(address, autocommit=True, cursor_factory=QmarkCursor)
    try:
        _use_schema(other, current_schema(conn))
    except BaseException:
        other.close()
        raise
    return other


def current_schema(conn: Connection) -> str:
    """The schema ``conn``'s search path names."""
    row = conn.execute("SELECT current_setting('search_path')").fetchone()
    if row is None or not row[0]:
        raise RuntimeError("this connection names no schema")
    return checked_schema(str(row[0]).strip('"'))


def schema_version(conn: Connection, schema: str | None = None) -> int:
    """The version of ``schema`` (``conn``'s own by default; 0 when it does not exist)."""
    schema = checked_schema(schema or current_schema(conn))
    found = conn.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        (schema, VERSION_TABLE),
    ).fetchone()
    if found is None:
        return 0
    row = conn.execute(
        sql.SQL("SELECT max(version) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(VERSION_TABLE)
        )
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(conn: Connection, schema: str | None = None) -> int:
    """Create the schema (``conn``'s own by default) if needed and apply its pending
    migrations, in one transaction; return the resulting version."""
    schema = checked_schema(schema or current_schema(conn))
    files = migration_files()
    if schema_version(conn, schema) >= files[-1][0]:
        return files[-1][0]
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (schema,))
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(schema)))
        conn.execute(
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (version INTEGER PRIMARY KEY)").format(
                sql.Identifier(VERSION_TABLE)
            )
        )
        current = schema_version(conn, schema)
        if current and current < files[0][0]:  # pragma: no cover - no such store exists
            raise RuntimeError(f"schema {schema} at version {current} predates the baseline")
        for version, _name, text in files:
            if version > current:
                conn.execute(text.encode("utf-8"))  # a whole file: several statements
                conn.execute(
                    sql.SQL("INSERT INTO {} (version) VALUES (%s)").format(
                        sql.Identifier(VERSION_TABLE)
                    ),
                    (version,),
                )
        return schema_version(conn, schema)


def in_transaction(conn: Connection) -> bool:
    return conn.info.transaction_status != TransactionStatus.IDLE


@contextmanager
def write_transaction(conn: Connection) -> Iterator[Connection]:
    """A transaction holding the schema's writer lock (re-entrant: a nested call joins
    the outer one); any exception rolls everything back."""
    if in_transaction(conn):
        yield conn
        return
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_setting('search_path')))")
        yield conn


def drop_schema(conn: Connection, schema: str) -> None:
    """Delete a company's schema and everything in it."""
    conn.execute(
        sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(checked_schema(schema)))
    )
