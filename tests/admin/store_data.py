"""A small store for the backup, restore and erasure tests, written with SQL both
databases take (no importer): one customer, ``CODE`` / ``NAME``, whose bytes the erasure
tests look for, among forty others."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cx_sme.core import db

CODE = "ZQXK-7731"
NAME = "Zebedeo Quaglietti"


def add_import(conn: sqlite3.Connection, dataset: str, rows: int) -> int:
    """A stored import of ``dataset``; its id."""
    return int(
        conn.execute(
            "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
            "VALUES (?, ?, ?, ?, '2026-04-01T10:00:00') RETURNING id",
            (dataset, f"{dataset}.csv", f"sha-{dataset}-{rows}", rows),
        ).fetchone()[0]
    )


def fill(conn: sqlite3.Connection, sales: int = 400) -> None:
    """``sales`` lines of March 2026 (one in seven for ``CODE``, with its order total), a
    complaint and two survey answers of ``CODE``, one of another customer."""
    with db.write_transaction(conn):
        lines = []
        for i in range(sales):
            customer, name = (CODE, NAME) if i % 7 == 0 else (f"C{i % 40:03d}", f"Cliente {i % 40}")
            lines.append((f"2026-03-{1 + i % 28:02d}", customer, name, 100 * i + 50, f"F3-{i}"))
        sales_id = add_import(conn, "sales", sales)
        conn.cursor().executemany(
            "INSERT INTO sales (import_id, date, customer_id, customer_name, amount_cents, "
            "order_id) VALUES (?, ?, ?, ?, ?, ?)",
            [(sales_id, *line) for line in lines],
        )
        conn.cursor().executemany(
            "INSERT INTO sales_orders (import_id, date, customer_id, order_id, customer_name, "
            "amount_cents, lines) VALUES (?, ?, ?, ?, ?, ?, 1)",
            [(sales_id, d, c, o, n, a) for d, c, n, a, o in lines],
        )
        complaints_id = add_import(conn, "complaints", 1)
        conn.execute(
            "INSERT INTO complaints (import_id, opened, customer_id, description, cost_cents) "
            "VALUES (?, '2026-03-12', ?, ?, 2500)",
            (complaints_id, CODE, f"Consegna in ritardo a {NAME}"),
        )
        surveys_id = add_import(conn, "surveys", 3)
        conn.cursor().executemany(
            "INSERT INTO surveys (import_id, date, customer_id, nps, comment) "
            "VALUES (?, '2026-03-15', ?, ?, ?)",
            [(surveys_id, CODE, 3, f"Firmato {NAME}"), (surveys_id, CODE, 6, None),
             (surveys_id, "C001", 9, "Bene")],
        )  # fmt: skip
        db.bump_data_version(conn)


def another_apps_store(path: Path, table: str, version: int) -> Path:
    """A SQLite file of another program at ``path``: one table of its own and a schema
    version of its own, nothing of ours."""
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"CREATE TABLE {table} (id INTEGER, name TEXT)")
        conn.execute(f"PRAGMA user_version = {int(version)}")
        conn.commit()
    finally:
        conn.close()
    return path


def rows_of(conn: sqlite3.Connection, tables: list[str]) -> dict[str, list[object]]:
    """Every row of ``tables`` as (column, value) pairs, in one order on both databases
    (whatever the order of their columns)."""
    found: dict[str, list[object]] = {}
    for table in tables:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        columns = [str(c[0]) for c in cursor.description]
        found[table] = sorted((sorted(zip(columns, row, strict=True)) for row in cursor), key=repr)
    return found
