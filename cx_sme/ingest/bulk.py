"""Many rows into a table at once, on PostgreSQL: ``COPY … FROM STDIN``.

A COPY runs in the connection's current transaction (an import's write transaction),
so a refusal after it still stores nothing. SQLite has no COPY: its callers bind many
rows per INSERT instead (:func:`cx_sme.ingest.importer.insert_rows`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def copy_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Write ``rows`` (tuples in ``columns`` order; None is NULL) into ``table`` of the
    PostgreSQL schema ``conn`` reaches, with one ``COPY``."""
    for name in (table, *columns):
        if not _NAME.match(name):  # names of the code, never input: checked all the same
            raise ValueError(f"not a column or table name: {name!r}")
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with conn.cursor().copy(statement) as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)
