"""The sales lines summed per order (table sales_orders, a row per run of consecutive
lines of one order) stay equal to the lines through
every change: import, replaced months, a month's batch, undo, erasure, the migration of
an older store; and the dashboards' KPIs read from them equal those from the lines.

The expected totals are computed here with pandas from the lines SQLite holds, not with
the code under test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from cx_sme.admin import privacy
from cx_sme.core import db
from cx_sme.core.frames import DASHBOARD_SALES_COLUMNS, SALES_COLUMNS, load_frames
from cx_sme.ingest.import_log import undo_import
from cx_sme.ingest.importer import import_file
from cx_sme.ingest.month_plan import commit_batch, plan_upload
from cx_sme.kpi import engine as kpis

HEADER = "Data;Cliente;Ragione sociale;Fattura;Importo\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def expected_totals(conn: sqlite3.Connection) -> list[tuple]:
    """(import, date, customer, order, first name given, cents, lines) per run of
    consecutive lines (by id) with the same import, date, customer and order, computed
    with pandas from the stored lines."""
    cursor = conn.execute(
        "SELECT id, import_id, date, customer_id, order_id, customer_name, amount_cents "
        "FROM sales ORDER BY id"
    )
    names = [d[0] for d in cursor.description]
    lines = pd.DataFrame.from_records(cursor.fetchall(), columns=names)
    keys = lines[["import_id", "date", "customer_id", "order_id"]].astype(object)
    keys = keys.where(keys.notna(), "<none>")
    run = (keys != keys.shift()).any(axis=1).cumsum()
    out = []
    for _, part in lines.groupby(run, sort=True):
        names = part["customer_name"].dropna()
        top = part.iloc[0]
        out.append(
            (
                int(top["import_id"]), top["date"], top["customer_id"],
                None if pd.isna(top["order_id"]) else top["order_id"],
                names.iloc[0] if len(names) else None,
                int(part["amount_cents"].sum()), len(part),
            )
        )  # fmt: skip
    return sorted(out, key=repr)


def stored_totals(conn: sqlite3.Connection) -> list[tuple]:
    rows = conn.execute(
        "SELECT import_id, date, customer_id, order_id, customer_name, amount_cents, lines "
        "FROM sales_orders"
    ).fetchall()
    return sorted(rows, key=repr)


def assert_in_step(conn: sqlite3.Connection) -> None:
    assert stored_totals(conn) == expected_totals(conn)


def assert_same_kpis(conn: sqlite3.Connection) -> None:
    narrow, whole = load_frames(conn, DASHBOARD_SALES_COLUMNS), load_frames(conn, SALES_COLUMNS)
    for name in kpis.TABLES:
        for granularity in ("month", "quarter"):
            pd.testing.assert_frame_equal(
                kpis.table(kpis.encode(narrow), name, granularity),
                kpis.table(kpis.encode(whole), name, granularity),
            )


JANUARY_TO_MARCH = csv(
    "10/01/2025;C1;Rossi Srl;F1;100,00",
    "10/01/2025;C1;Rossi Srl;F1;50,50",  # a second line of invoice F1
    "10/01/2025;C2;Bianchi Snc;F2;20,00",
    "12/01/2025;C1;Rossi S.r.l.;F3;-10,00",  # a credit note; the name written otherwise
    "03/02/2025;C2;Bianchi Snc;;30,00",  # no invoice number: the customer's day
    "03/02/2025;C2;;;5,25",
    "05/02/2025;C1;Rossi Srl;F4;80,00",
    "10/01/2025;C1;Rossi Srl;F1;1,00",  # F1 again, further down the file
    "07/03/2025;C3;Verdi Spa;F5;300,00",
)


def test_an_import_stores_one_total_per_order_and_day(fresh_db: sqlite3.Connection) -> None:
    import_file(fresh_db, "sales", "q1.csv", JANUARY_TO_MARCH)
    assert_in_step(fresh_db)
    # worked out by hand from the file: F1's first two lines are a run of 100 + 50.50;
    # its third line, further down, is a run of its own
    f1 = fresh_db.execute(
        "SELECT amount_cents, lines, customer_name FROM sales_orders WHERE order_id = 'F1'"
    ).fetchall()
    assert f1 == [(15050, 2, "Rossi Srl"), (100, 1, "Rossi Srl")]
    no_number = fresh_db.execute(
        "SELECT amount_cents, lines FROM sales_orders WHERE order_id IS NULL"
    ).fetchall()
    assert no_number == [(3525, 2)]
    assert fresh_db.execute("SELECT count(*) FROM sales_orders").fetchone() == (7,)
    assert_same_kpis(fresh_db)


def test_totals_follow_replaced_months_batches_undo_and_erasure(
    fresh_db: sqlite3.Connection,
) -> None:
    first = import_file(fresh_db, "sales", "q1.csv", JANUARY_TO_MARCH)
    february = import_file(
        fresh_db, "sales", "feb.csv",
        csv("04/02/2025;C1;Rossi Srl;F9;999,99", "04/02/2025;C4;Neri;F10;1,00"),
        replace=True,
    )  # fmt: skip
    assert_in_step(fresh_db)
    assert fresh_db.execute(
        "SELECT count(*) FROM sales_orders WHERE date LIKE '2025-02%'"
    ).fetchone() == (2,)
    # The month's batch: April is new, March changed and replaced.
    plan = plan_upload(
        fresh_db, "mar_apr.csv",
        csv("07/03/2025;C3;Verdi Spa;F5;310,00", "02/04/2025;C2;Bianchi Snc;F11;12,00",
            "02/04/2025;C2;Bianchi Snc;F11;8,00"),
    )  # fmt: skip
    commit_batch(fresh_db, [plan], replace={0: {"2025-03"}})
    assert_in_step(fresh_db)
    assert_same_kpis(fresh_db)
    # Undo February's replacement: the first file's February comes back, summed again.
    undo_import(fresh_db, february.import_id)
    assert_in_step(fresh_db)
    assert fresh_db.execute(
        "SELECT sum(amount_cents) FROM sales_orders WHERE date LIKE '2025-02%'"
    ).fetchone() == (3000 + 525 + 8000,)
    privacy.erase_customer(fresh_db, "C1", by="test")
    assert_in_step(fresh_db)
    assert fresh_db.execute(
        "SELECT count(*) FROM sales_orders WHERE customer_id = 'C1'"
    ).fetchone() == (0,)
    undo_import(fresh_db, first.import_id)
    assert_in_step(fresh_db)
    assert_same_kpis(fresh_db)


def test_an_erasure_reports_the_lines_not_their_totals(fresh_db: sqlite3.Connection) -> None:
    import_file(fresh_db, "sales", "q1.csv", JANUARY_TO_MARCH)
    erasure = privacy.erase_customer(fresh_db, "C1", by="test")
    # C1 has five lines in the file; the totals go too but are not counted again
    assert erasure.detail == {"sales": 5}


def test_the_migration_sums_the_lines_of_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = db.connect(path, migrate_to=9)
    conn.execute(
        "INSERT INTO imports (id, dataset, file_name, sha256, rows, imported_at) "
        "VALUES (1, 'sales', 'a.csv', 'x', 5, '2025-01-01T00:00:00'), "
        "(2, 'sales', 'b.csv', 'y', 1, '2025-01-02T00:00:00')"
    )
    conn.executemany(
        "INSERT INTO sales (import_id, date, customer_id, amount_cents, order_id, "
        "customer_name) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (1, "2025-01-10", "A", 1000, "F1", None),
            (1, "2025-01-10", "A", 250, "F1", "Anna"),
            (1, "2025-01-11", "A", 300, None, "Anna"),
            (1, "2025-01-11", "A", 5, None, "Anna B."),
            (1, "2025-01-10", "A", 7, "F1", "Anna"),  # F1 again, after other lines
            (2, "2025-01-11", "A", 9, None, None),  # same keys, another import
        ],
    )
    conn.close()
    conn = db.connect(path)
    assert stored_totals(conn) == [
        (1, "2025-01-10", "A", "F1", "Anna", 1250, 2),  # the first name given
        (1, "2025-01-10", "A", "F1", "Anna", 7, 1),
        (1, "2025-01-11", "A", None, "Anna", 305, 2),
        (2, "2025-01-11", "A", None, None, 9, 1),
    ]
    assert_in_step(conn)


def test_totals_out_of_step_are_not_trusted(fresh_db: sqlite3.Connection) -> None:
    import_file(fresh_db, "sales", "q1.csv", JANUARY_TO_MARCH)
    with db.write_transaction(fresh_db):
        fresh_db.execute("DELETE FROM sales_orders WHERE order_id = 'F5'")
    frames = load_frames(fresh_db, DASHBOARD_SALES_COLUMNS)
    # the nine lines are read instead, and March's revenue is there
    assert len(frames.sales) == 9
    assert round(frames.sales["amount"].sum(), 2) == 576.75


@pytest.mark.parametrize("orders", [True, False])
def test_many_lines_group_like_pandas(fresh_db: sqlite3.Connection, orders: bool) -> None:
    """A few thousand lines with orders split across the file and repeated names."""
    import random

    rng = random.Random(5)
    rows = []
    for i in range(3_000):
        day = rng.randrange(1, 28)
        customer = f"K{rng.randrange(40)}"
        order = f"F{rng.randrange(300)}" if orders else ""
        cents = rng.randrange(-500, 50_000)
        euros = f"{cents // 100 if cents >= 0 else -((-cents) // 100)},{abs(cents) % 100:02d}"
        if -100 < cents < 0:
            euros = "-" + euros
        rows.append(f"{day:02d}/0{1 + i % 3}/2025;{customer};Nome {customer};{order};{euros}")
    import_file(fresh_db, "sales", "many.csv", csv(*rows))
    assert_in_step(fresh_db)
    assert_same_kpis(fresh_db)
