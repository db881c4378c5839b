"""Erased means erased: a customer's rows deleted from the store (one transaction, as
:func:`cx_sme.admin.privacy.erase_customer` does) and then from every byte where they could
linger, and from each automatic backup kept for the store (the same rows deleted there,
and the backup vacuumed: the backups are SQLite files on both databases).

On SQLite: the free pages of the store file (SQLite's secure delete, then VACUUM) and the
write-ahead log (checkpointed and truncated).

On PostgreSQL, which has no secure delete: after the commit, ``VACUUM FULL`` of each table
the rows were deleted from (autocommit, outside any transaction), which writes the table
and its indexes anew without the deleted rows. A plain ``VACUUM`` only marks their space
free: their bytes stayed in the table's pages and its indexes until new rows happened to
overwrite them. ``VACUUM FULL`` holds an exclusive lock on each of those tables while it
rewrites it (seconds on a table of a million rows; other sessions wait), as SQLite's VACUUM
rewrites the whole file. What PostgreSQL still keeps, out of the app's reach: the deleted
rows in the write-ahead log (``pg_wal``) until its segments are recycled, in any WAL
archive, streaming replica or base backup the server's administrator keeps, in dumps made
of the database, and in the disk blocks the old table files occupied until the file system
reuses them. Whoever runs the server must apply the erasure to those (or let them expire).

Free text typed by the team (meeting minutes, notes) is not searched: it is not keyed by
customer, and an owner erasing a customer is told to check it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cx_sme.admin import backup, privacy
from cx_sme.admin.privacy import Erasure
from cx_sme.core import db


@dataclass(frozen=True)
class ErasureReport:
    erasure: Erasure
    tables: int  # tables that held rows about the customer
    backups_cleaned: int  # automatic backups from which the customer's rows were removed


def _purge(conn: sqlite3.Connection, erasure: Erasure | None = None) -> None:
    """Rewrite the store without the deleted rows: on SQLite the whole file without free
    pages, then the write-ahead log emptied; on PostgreSQL the tables ``erasure`` deleted
    from (and the derived ones), one by one."""
    if db.is_postgres(conn):
        assert erasure is not None
        for table in privacy.customer_tables(conn):
            if table in erasure.detail or table in privacy.DERIVED_TABLES:
                conn.execute(f'VACUUM FULL "{table}"')  # a name from the schema's catalogue
        return
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _erase_in_backup(path: Path, customer_id: str) -> bool:
    """Delete the customer's rows from one backup file; True when it held any."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN IMMEDIATE")
        found = 0
        for table in privacy.customer_tables(conn):
            found += conn.execute(
                f'DELETE FROM "{table}" WHERE customer_id = ?', (customer_id,)
            ).rowcount
        conn.execute("COMMIT")
        _purge(conn)
    finally:
        conn.close()
    return found > 0


def erase_everywhere(conn: sqlite3.Connection, customer_id: str, *, by: str) -> ErasureReport:
    """Erase the customer from the store and its automatic backups (see the module).

    Call it outside any transaction: on PostgreSQL the tables are vacuumed after the
    erasure's commit."""
    erasure = privacy.erase_customer(conn, customer_id, by=by)
    code = customer_id.strip()
    _purge(conn, erasure)
    cleaned = sum(_erase_in_backup(b.path, code) for b in backup.list_auto_backups(conn))
    return ErasureReport(erasure, len(erasure.detail), cleaned)
