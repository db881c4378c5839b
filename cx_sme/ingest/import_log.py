"""The import log: list imports, find the one holding a file or a month, replace months,
undo an import.

Invariant kept by the importer: for each data set, a month's rows come from one active
import at most (a file that covers stored months either replaces them or is refused).
Rows taken out by a replacement move to ``<table>_replaced`` (migration 0007) with the
replacing import's id, so that undoing that import puts them back.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from cx_sme.core.db import bump_data_version, write_transaction
from cx_sme.core.errors import ImportConflict
from cx_sme.core.formatting import date
from cx_sme.ingest import order_totals

TABLES = {"sales": "sales", "complaints": "complaints", "surveys": "surveys"}
DATE_COLUMN = {"sales": "date", "complaints": "opened", "surveys": "date"}
STORED_COLUMNS = {
    "sales": (
        "import_id", "date", "customer_id", "amount_cents", "order_id", "customer_name",
        "product", "category", "channel", "quantity",
    ),
    "complaints": (
        "import_id", "opened", "closed", "customer_id", "touchpoint", "category",
        "department", "owner", "channel", "description", "cost_cents",
    ),
    "surveys": (
        "import_id", "date", "customer_id", "nps", "csat", "ces", "touchpoint", "comment",
    ),
}  # fmt: skip

_INFO_COLUMNS = (
    "id, dataset, file_name, sha256, rows, rejected, period_from, period_to, "
    "imported_at, status, note"
)


@dataclass(frozen=True)
class ImportInfo:
    """One entry of the import log. ``stored`` is how many of its rows are stored now
    (fewer than ``rows`` once a later import replaced some of its months)."""

    id: int
    dataset: str
    file_name: str
    sha256: str
    rows: int
    rejected: int
    period_from: str | None
    period_to: str | None
    imported_at: str
    status: str
    note: str | None
    stored: int = 0

    @property
    def imported_at_label(self) -> str:
        """When, in the current language ("02/04/2025 10:33")."""

        stamp = dt.datetime.fromisoformat(self.imported_at)
        return f"{date(stamp.date())} {stamp:%H:%M}"


def _info(row: tuple, stored: int = 0) -> ImportInfo:
    (id_, dataset, file_name, sha, rows, rejected, first, last, when, status, note) = row
    return ImportInfo(
        int(id_), dataset, file_name, sha, int(rows), int(rejected), first, last, when,
        status, note, stored,
    )  # fmt: skip


def list_imports(conn: sqlite3.Connection, dataset: str | None = None) -> list[ImportInfo]:
    """Every import, newest first, with the rows each still has in the store."""
    where, params = ("WHERE dataset = ?", (dataset,)) if dataset else ("", ())
    rows = conn.execute(
        f"SELECT {_INFO_COLUMNS} FROM imports {where} ORDER BY id DESC", params
    ).fetchall()
    counts: dict[int, int] = {}
    for table in TABLES.values():
        for import_id, count in conn.execute(
            f"SELECT import_id, count(*) FROM {table} GROUP BY import_id"
        ):
            counts[int(import_id)] = int(count)
    return [_info(r, counts.get(int(r[0]), 0)) for r in rows]


def get_import(conn: sqlite3.Connection, import_id: int) -> ImportInfo | None:
    row = conn.execute(f"SELECT {_INFO_COLUMNS} FROM imports WHERE id = ?", (import_id,)).fetchone()
    if row is None:
        return None
    table = TABLES[row[1]]
    stored = conn.execute(f"SELECT count(*) FROM {table} WHERE import_id = ?", (import_id,))
    return _info(row, int(stored.fetchone()[0]))


def find_active_by_sha(conn: sqlite3.Connection, dataset: str, sha256: str) -> ImportInfo | None:
    """The active import of the same data set with this very file, if any."""
    row = conn.execute(
        f"SELECT {_INFO_COLUMNS} FROM imports WHERE dataset = ? AND sha256 = ? "
        "AND status = 'active' ORDER BY id DESC LIMIT 1",
        (dataset, sha256),
    ).fetchone()
    return None if row is None else _info(row)


def stored_months(
    conn: sqlite3.Connection,
    dataset: str,
    months: list[str],
    first: str | None,
    last: str | None,
) -> tuple[list[str], list[ImportInfo]]:
    """Which of ``months`` (``YYYY-MM``) already have rows, and the imports holding them.

    Only imports whose period meets the months of ``first``…``last`` are looked into.
    """
    if not months or first is None or last is None:
        return [], []
    table, column = TABLES[dataset], DATE_COLUMN[dataset]
    candidates = conn.execute(
        f"SELECT {_INFO_COLUMNS} FROM imports WHERE dataset = ? AND status = 'active' "
        "AND substr(period_from, 1, 7) <= ? AND substr(period_to, 1, 7) >= ? ORDER BY id",
        (dataset, last[:7], first[:7]),
    ).fetchall()
    wanted = set(months)
    overlap: set[str] = set()
    holders: list[ImportInfo] = []
    for row in candidates:
        found = {
            m
            for (m,) in conn.execute(
                f"SELECT DISTINCT substr({column}, 1, 7) FROM {table} WHERE import_id = ?",
                (row[0],),
            )
        } & wanted
        if found:
            overlap |= found
            holders.append(_info(row))
    return sorted(overlap), holders


def record_import(
    conn: sqlite3.Connection,
    dataset: str,
    file_name: str,
    sha256: str,
    rows: int,
    rejected: int,
    period: tuple[str | None, str | None],
    note: str | None,
) -> int:
    """Log a new active import of ``rows`` rows (inside its write transaction); its id."""
    cursor = conn.execute(
        "INSERT INTO imports (dataset, file_name, sha256, rows, rejected, period_from, "
        "period_to, imported_at, status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?) "
        "RETURNING id",
        (dataset, file_name, sha256, rows, rejected, period[0], period[1],
         dt.datetime.now().isoformat(timespec="seconds"), note),
    )  # fmt: skip
    return int(cursor.fetchone()[0])


def _month_filter(column: str, months: list[str]) -> tuple[str, list[str]]:
    marks = ", ".join("?" for _ in months)
    return f"substr({column}, 1, 7) IN ({marks})", list(months)


def archive_months(
    conn: sqlite3.Connection, dataset: str, months: list[str], replaced_by: int
) -> list[str]:
    """Move the stored rows of ``months`` aside (kept for undo) and mark imports left
    without rows as replaced. Call inside the write transaction of the new import."""
    table, column = TABLES[dataset], DATE_COLUMN[dataset]
    cols = ", ".join(("id",) + STORED_COLUMNS[dataset])
    condition, params = _month_filter(column, months)
    touched = [
        int(r[0])
        for r in conn.execute(
            f"SELECT DISTINCT import_id FROM {table} WHERE {condition}", params
        ).fetchall()
    ]
    conn.execute(
        f"INSERT INTO {table}_replaced (replaced_by, {cols}) "
        f"SELECT ?, {cols} FROM {table} WHERE {condition} ORDER BY id",
        [replaced_by, *params],
    )
    conn.execute(f"DELETE FROM {table} WHERE {condition}", params)
    if dataset == "sales":
        order_totals.forget_months(conn, months)
    for import_id in touched:
        left = conn.execute(
            f"SELECT 1 FROM {table} WHERE import_id = ? LIMIT 1", (import_id,)
        ).fetchone()
        if left is None:
            conn.execute("UPDATE imports SET status = 'replaced' WHERE id = ?", (import_id,))
    return sorted(months)


def undo_import(conn: sqlite3.Connection, import_id: int) -> ImportInfo:
    """Take an import's rows out of the store and put back the rows it had replaced.

    A replaced row whose month is now held by another active import (a later
    replacement) is handed to that import's archive instead, so undoing that one later
    still restores the right data.
    """
    with write_transaction(conn):
        info = get_import(conn, import_id)
        if info is None:
            raise ImportConflict("import.error.no_such_import", id=import_id)
        if info.status == "undone":
            raise ImportConflict("import.error.not_active", id=import_id)
        dataset = info.dataset
        table, column = TABLES[dataset], DATE_COLUMN[dataset]
        stored = ", ".join(STORED_COLUMNS[dataset])
        conn.execute(f"DELETE FROM {table} WHERE import_id = ?", (import_id,))
        conn.execute(f"DELETE FROM {table}_replaced WHERE import_id = ?", (import_id,))
        if dataset == "sales":
            order_totals.forget_imports(conn, [import_id])
        months = [
            m
            for (m,) in conn.execute(
                f"SELECT DISTINCT substr({column}, 1, 7) FROM {table}_replaced "
                "WHERE replaced_by = ?",
                (import_id,),
            )
        ]
        restored: set[int] = set()
        back: list[str] = []  # months whose archived rows come back
        for month in months:
            holder = conn.execute(
                f"SELECT import_id FROM {table} WHERE substr({column}, 1, 7) = ? LIMIT 1",
                (month,),
            ).fetchone()
            if holder is not None:
                conn.execute(
                    f"UPDATE {table}_replaced SET replaced_by = ? "
                    f"WHERE replaced_by = ? AND substr({column}, 1, 7) = ?",
                    (holder[0], import_id, month),
                )
                continue
            back.append(month)
            restored.update(
                int(r[0])
                for r in conn.execute(
                    f"SELECT DISTINCT import_id FROM {table}_replaced "
                    f"WHERE replaced_by = ? AND substr({column}, 1, 7) = ?",
                    (import_id, month),
                )
            )
            conn.execute(
                f"INSERT INTO {table} ({stored}) SELECT {stored} FROM {table}_replaced "
                f"WHERE replaced_by = ? AND substr({column}, 1, 7) = ? ORDER BY id",
                (import_id, month),
            )
            conn.execute(
                f"DELETE FROM {table}_replaced "
                f"WHERE replaced_by = ? AND substr({column}, 1, 7) = ?",
                (import_id, month),
            )
        if dataset == "sales":
            order_totals.sum_months_again(conn, back)
        for other in restored:
            conn.execute(
                "UPDATE imports SET status = 'active' WHERE id = ? AND status = 'replaced'",
                (other,),
            )
        conn.execute("UPDATE imports SET status = 'undone' WHERE id = ?", (import_id,))
        bump_data_version(conn)
    done = get_import(conn, import_id)
    assert done is not None
    return done
