"""Small hand-made data sets for the programme tests, written straight into the store."""

from __future__ import annotations

import sqlite3

from cx_sme.core.db import bump_data_version, write_transaction

# (date, customer, euros)
SALES = [
    ("2024-06-30", "C1", 1000.00),  # June 2024: before the 12 months
    ("2024-07-01", "C1", 200.00),  # first day of the window
    ("2024-11-15", "C2", 350.50),
    ("2025-02-03", "C3", -50.50),  # a credit note: C3 still counts as active
    ("2025-06-14", "C2", 1500.00),
    ("2025-06-14", "C4", 1000.00),  # latest sale: the window is 2024-07 .. 2025-06
]
# (opened, closed, customer, euros or None)
COMPLAINTS = [
    ("2024-06-20", "2024-06-25", "C1", 500.00),  # before the window
    ("2024-07-05", "2024-07-10", "C1", 120.40),
    ("2025-01-10", "2025-01-20", "C3", None),  # no cost recorded
    ("2025-06-30", None, "C2", 79.60),  # last day of the window, still open
    ("2025-07-02", None, "C1", 300.00),  # after the last month with sales
]
# (date, customer, nps, comment)
SURVEYS = [
    ("2025-05-20", "C4", 5, "Consegna in ritardo di due settimane"),
    ("2025-06-03", "C1", 10, "Sempre gentili e veloci, li consiglio a tutti i colleghi"),
    ("2025-06-18", "C2", 8, "Bene"),
    ("2025-06-25", None, 9, "<b>Ottimo</b> servizio **davvero**"),
]
# Revenue at risk at the end of June 2025 (12 months ending with June 2025):
#   C2 has a complaint still open: 350.50 + 1500.00 = 1850.50
#   C4's latest answer is a detractor's (5): 1000.00
#   total 2850.50


def store(conn: sqlite3.Connection, sales=SALES, complaints=COMPLAINTS, surveys=SURVEYS) -> None:  # type: ignore[no-untyped-def]
    with write_transaction(conn):
        for dataset, rows in (("sales", sales), ("complaints", complaints), ("surveys", surveys)):
            if not rows:
                continue
            cursor = conn.execute(
                "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
                "VALUES (?, ?, ?, ?, '2025-07-03T10:00:00') RETURNING id",
                (dataset, f"{dataset}.xlsx", dataset * 4, len(rows)),
            )
            import_id = cursor.fetchone()[0]
            if dataset == "sales":
                conn.cursor().executemany(
                    "INSERT INTO sales (import_id, date, customer_id, amount_cents) "
                    "VALUES (?, ?, ?, ?)",
                    [(import_id, d, c, round(a * 100)) for d, c, a in rows],
                )
            elif dataset == "complaints":
                conn.cursor().executemany(
                    "INSERT INTO complaints (import_id, opened, closed, customer_id, cost_cents) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        (import_id, o, c, who, None if a is None else round(a * 100))
                        for o, c, who, a in rows
                    ],
                )
            else:
                conn.cursor().executemany(
                    "INSERT INTO surveys (import_id, date, customer_id, nps, comment) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(import_id, d, who, n, text) for d, who, n, text in rows],
                )
        bump_data_version(conn)
