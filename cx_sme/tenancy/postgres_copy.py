"""A company's whole store copied between SQLite and its PostgreSQL schema, both ways.

The way an installation will move to PostgreSQL (each company's SQLite store copied into
its schema), and the way a company on PostgreSQL will keep its backups and leave
(its schema copied into a standalone SQLite store, which ``restore`` and any
installation read). Both stores must be at the same schema version
(:mod:`cx_sme.core.postgres` keeps the two schemas alike); every row of every table is
copied, in one transaction on the receiving side, which is emptied first (a refusal or a
failure there leaves it as it was). PostgreSQL receives the rows through ``COPY`` under the
schema's writer lock (:func:`cx_sme.core.postgres.write_transaction`), and its identities
continue after the highest id copied. PostgreSQL is read in one snapshot (a read-only
``REPEATABLE READ`` transaction, through a server-side cursor, in batches): a copy made
while the company works holds every table as it was at one moment.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from graphlib import TopologicalSorter

import psycopg
from psycopg import sql

from cx_sme.core import db, postgres
from cx_sme.core.errors import CxError


def tables_in_order(conn: sqlite3.Connection) -> list[str]:
    """The store's tables, each after the tables its foreign keys point to."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    graph = {
        name: {fk[2] for fk in conn.execute(f'PRAGMA foreign_key_list("{name}")')} - {name}
        for name in names
    }
    return list(TopologicalSorter(graph).static_order())


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]


def _quoted(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _same_version(source: int, target: int) -> None:
    if source != target:
        raise CxError("tenancy.copy.version_mismatch", source=source, target=target)


def sqlite_to_postgres(source: sqlite3.Connection, target: psycopg.Connection) -> dict[str, int]:
    """Copy every row of the SQLite store ``source`` into the company schema that
    ``target``'s search path names (its rows replaced); rows copied per table."""
    schema = postgres.current_schema(target)
    _same_version(db.schema_version(source), postgres.schema_version(target, schema))
    order = tables_in_order(source)
    copied: dict[str, int] = {}
    with postgres.write_transaction(target):
        target.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY").format(
                sql.SQL(", ").join(sql.Identifier(t) for t in order)
            )
        )
        for table in order:
            columns = _columns(source, table)
            query = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            count = 0
            with target.cursor().copy(query) as copy:
                for row in source.execute(f'SELECT {_quoted(columns)} FROM "{table}"'):
                    copy.write_row(row)
                    count += 1
            copied[table] = count
            if "id" in columns:  # identities go on after the highest id copied
                target.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence({}, 'id'), "
                        "coalesce((SELECT max(id) FROM {}), 0) + 1, false)"
                    ).format(sql.Literal(table), sql.Identifier(table))
                )
    return copied


def postgres_to_sqlite(source: psycopg.Connection, target: sqlite3.Connection) -> dict[str, int]:
    """Copy every row of the company schema ``source`` names into the SQLite store
    ``target`` (its rows replaced, in one write transaction); rows copied per table."""
    schema = postgres.current_schema(source)
    _same_version(postgres.schema_version(source, schema), db.schema_version(target))
    order = tables_in_order(target)
    copied: dict[str, int] = {}
    with db.write_transaction(target), _snapshot(source):
        for table in reversed(order):
            target.execute(f'DELETE FROM "{table}"')
        for table in order:
            columns = _columns(target, table)
            marks = ", ".join("?" for _ in columns)
            insert = f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({marks})'
            count = 0
            with source.cursor(name="cx_copy") as cursor:  # server-side: read in batches
                cursor.execute(
                    sql.SQL("SELECT {} FROM {}").format(
                        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
                    )
                )
                while rows := cursor.fetchmany(5_000):
                    target.executemany(insert, rows)
                    count += len(rows)
            copied[table] = count
    return copied


@contextmanager
def _snapshot(conn: psycopg.Connection) -> Iterator[None]:
    """A read-only transaction seeing one snapshot of the whole schema (the caller's own
    transaction when ``conn`` is already in one)."""
    if postgres.in_transaction(conn):
        yield
        return
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
