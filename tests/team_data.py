"""Rows for the team tests: imported complaints, surveys and sales written straight
into a fresh store (the import workflow has its own tests)."""

from __future__ import annotations

import sqlite3


def _import(conn: sqlite3.Connection, dataset: str) -> int:
    cursor = conn.execute(
        "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
        "VALUES (?, 'test.xlsx', 'x', 0, '2025-01-01T00:00:00') RETURNING id",
        (dataset,),
    )
    return int(cursor.fetchone()[0])


def add_complaints(
    conn: sqlite3.Connection, rows: list[tuple[str, str | None, str | None]]
) -> None:
    """rows: (opened, closed, touchpoint text)."""
    import_id = _import(conn, "complaints")
    conn.cursor().executemany(
        "INSERT INTO complaints (import_id, opened, closed, touchpoint) VALUES (?, ?, ?, ?)",
        [(import_id, *row) for row in rows],
    )


def add_surveys(
    conn: sqlite3.Connection, rows: list[tuple[str, int | None, int | None, str | None]]
) -> None:
    """rows: (date, nps, csat, touchpoint text)."""
    import_id = _import(conn, "surveys")
    conn.cursor().executemany(
        "INSERT INTO surveys (import_id, date, nps, csat, touchpoint) VALUES (?, ?, ?, ?, ?)",
        [(import_id, *row) for row in rows],
    )


def add_sales(conn: sqlite3.Connection, dates: list[str]) -> None:
    import_id = _import(conn, "sales")
    conn.cursor().executemany(
        "INSERT INTO sales (import_id, date, customer_id, amount_cents) VALUES (?, ?, 'C1', 100)",
        [(import_id, d) for d in dates],
    )
