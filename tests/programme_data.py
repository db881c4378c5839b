"""Small hand-made data sets for the programme tests, written straight into the store."""

from __future__ import annotations

import sqlite3

from cx_sme.db import bump_data_version, write_transaction

# (date, customer, euros) and (opened, euros or None)
SALES = [
    ("2024-06-30", "C1", 1000.00),  # June 2024: before the 12 months
    ("2024-07-01", "C1", 200.00),  # first day of the window
    ("2024-11-15", "C2", 350.50),
    ("2025-02-03", "C3", -50.50),  # a credit note: C3 still counts as active
    ("2025-06-14", "C2", 1500.00),
    ("2025-06-14", "C4", 1000.00),  # latest sale: the window is 2024-07 .. 2025-06
]
COMPLAINTS = [
    ("2024-06-20", 500.00),  # before the window
    ("2024-07-05", 120.40),
    ("2025-01-10", None),  # no cost recorded
    ("2025-06-30", 79.60),  # last day of the window
    ("2025-07-02", 300.00),  # after the last month with sales
]


def store(conn: sqlite3.Connection, sales=SALES, complaints=COMPLAINTS) -> None:  # type: ignore[no-untyped-def]
    with write_transaction(conn):
        for dataset, rows in (("sales", sales), ("complaints", complaints)):
            if not rows:
                continue
            cursor = conn.execute(
                "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
                "VALUES (?, ?, ?, ?, '2025-07-03T10:00:00')",
                (dataset, f"{dataset}.xlsx", dataset * 4, len(rows)),
            )
            import_id = cursor.lastrowid
            if dataset == "sales":
                conn.executemany(
                    "INSERT INTO sales (import_id, date, customer_id, amount_cents) "
                    "VALUES (?, ?, ?, ?)",
                    [(import_id, d, c, round(a * 100)) for d, c, a in rows],
                )
            else:
                conn.executemany(
                    "INSERT INTO complaints (import_id, opened, cost_cents) VALUES (?, ?, ?)",
                    [(import_id, d, None if a is None else round(a * 100)) for d, a in rows],
                )
        bump_data_version(conn)
