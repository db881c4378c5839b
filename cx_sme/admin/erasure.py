"""Erased means erased: a customer's rows deleted from the store (one transaction, as
:func:`cx_sme.admin.privacy.erase_customer` does) and then from every byte where they could
linger: free pages of the store file (SQLite's secure delete, then VACUUM), the write-ahead
log (checkpointed and truncated), and each automatic backup kept beside the store (the same
rows deleted there, and the backup vacuumed).

Free text typed by the team (meeting minutes, notes) is not searched: it is not keyed by
customer, and an owner erasing a customer is told to check it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cx_sme.admin import backup, privacy
from cx_sme.admin.privacy import Erasure


@dataclass(frozen=True)
class ErasureReport:
    erasure: Erasure
    tables: int  # tables that held rows about the customer
    backups_cleaned: int  # automatic backups from which the customer's rows were removed


def _purge(conn: sqlite3.Connection) -> None:
    """Rewrite the file without free pages, then empty the write-ahead log."""
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
    """Erase the customer from the store and its automatic backups (see the module)."""
    erasure = privacy.erase_customer(conn, customer_id, by=by)
    code = customer_id.strip()
    _purge(conn)
    cleaned = sum(_erase_in_backup(b.path, code) for b in backup.list_auto_backups(conn))
    return ErasureReport(erasure, len(erasure.detail), cleaned)
