"""Companies on PostgreSQL, first part: a schema per company, created and migrated.

Issue 16 asks for PostgreSQL beside SQLite, for installations with app processes on more
than one server. This module is its foundation: each company of an installation lives in
a schema of its own (``cx_principale``, ``cx_acme``), so that the database itself keeps
companies apart (a connection reaches a company's tables only through its
``search_path``); the schema is built by the files in ``migrations/postgresql/``, which
start with the whole schema at the version SQLite's migrations reach (``0011_baseline``)
and continue, from then on, with the same numbers as SQLite's. The app, the imports and
the command line do not use it yet: they run on SQLite (see the README).

A company's schema is migrated under a transaction-wide advisory lock, so that two app
processes opening a new company at once build it once.
"""

from __future__ import annotations

from importlib import resources

import psycopg
from psycopg import sql

from cx_sme.core import db
from cx_sme.tenancy.companies import check_code

SCHEMA_PREFIX = "cx_"
VERSION_TABLE = "schema_version"


def migration_files() -> list[tuple[int, str, str]]:
    """PostgreSQL's migrations as (version, name, sql), in order."""
    found = db.numbered_sql(resources.files("cx_sme.core") / "migrations" / "postgresql")
    if not found:
        raise RuntimeError("no PostgreSQL migrations")
    return found


def latest_version() -> int:
    return migration_files()[-1][0]


def schema_of(company: str) -> str:
    """The schema that holds ``company`` (a checked company code, never raw input).

    >>> schema_of("acme"), schema_of("ferramenta-rossi")
    ('cx_acme', 'cx_ferramenta-rossi')
    """
    return SCHEMA_PREFIX + check_code(company)


def current_schema(conn: psycopg.Connection) -> str:
    """The schema ``conn``'s search path names (a company's, after :func:`connect`)."""
    row = conn.execute("SELECT current_schema()").fetchone()
    if row is None or row[0] is None:
        raise RuntimeError("this connection names no schema")
    return str(row[0])


def schema_version(conn: psycopg.Connection, schema: str) -> int:
    """The version of ``schema`` (0 when it does not exist yet)."""
    found = conn.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
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


def migrate(conn: psycopg.Connection, company: str) -> int:
    """Create ``company``'s schema if needed and apply its pending migrations, in one
    transaction; return the resulting version."""
    schema = schema_of(company)
    files = migration_files()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (schema,))
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


def connect(url: str, company: str) -> psycopg.Connection:
    """A connection to ``company``'s schema at ``url`` (created and migrated if needed):
    its ``search_path`` names that schema only."""
    conn = psycopg.connect(url, autocommit=True)
    try:
        migrate(conn, company)
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema_of(company))))
    except BaseException:
        conn.close()
        raise
    return conn
