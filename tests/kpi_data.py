"""Small hand-made data sets for the KPI tests, with every expected figure worked out by
hand in the test modules, and a helper that stores them in a real database.

Sales (month by month; C(P) = customers active in P):

    2025-01  A 100 + 50 (order F1, two lines)   B 200 (F2)
             C 30 + 20 on 01-20 and 10 on 01-25, no order id (two orders)
    2025-02  B 120 (F3)   C -30 (credit note NC1)   D 80 (F4) + 40 (F5), same day
    2025-03  no sales at all
    2025-04  A 60 (F6)   E 90 (no order id)

    C(Jan) = {A, B, C}, C(Feb) = {B, C, D}, C(Mar) = {}, C(Apr) = {A, E}

Complaints (K1..K7) and surveys are listed where they are defined below.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
import pandas as pd

from cx_sme.core import db

NAN = float("nan")


def sales() -> pd.DataFrame:
    rows = [
        ("2025-01-05", "A", 100.00, "F1"),
        ("2025-01-05", "A", 50.00, "F1"),
        ("2025-01-12", "B", 200.00, "F2"),
        ("2025-01-20", "C", 30.00, None),
        ("2025-01-20", "C", 20.00, None),
        ("2025-01-25", "C", 10.00, None),
        ("2025-02-03", "B", 120.00, "F3"),
        ("2025-02-10", "C", -30.00, "NC1"),
        ("2025-02-14", "D", 80.00, "F4"),
        ("2025-02-14", "D", 40.00, "F5"),
        ("2025-04-02", "A", 60.00, "F6"),
        ("2025-04-15", "E", 90.00, None),
    ]
    frame = pd.DataFrame(rows, columns=["date", "customer_id", "amount", "order_id"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["customer_name"] = frame["customer_id"].map(lambda c: f"Cliente {c}")
    return frame


def complaints() -> pd.DataFrame:
    """K1..K7: opened, closed, customer, owner, cost (resolution days in the comment)."""
    rows = [
        ("2025-01-03", "2025-01-05", "A", "Anna", 20.00),  # K1: 2 days
        ("2025-01-10", "2025-02-14", "B", "Bruno", NAN),  # K2: 35 days, closed a month later
        ("2025-01-31", None, "C", "", 15.50),  # K3: still open, no owner
        ("2025-02-28", "2025-02-28", None, None, 4.50),  # K4: 0 days, no customer
        ("2025-02-20", "2025-03-31", "D", "Anna", NAN),  # K5: 39 days, closed on 31 March
        ("2025-03-15", None, "X", "  ", NAN),  # K6: still open, blank owner, not a buyer
        ("2025-04-01", "2025-04-08", "E", "Bruno", 0.00),  # K7: 7 days, exactly the SLA
    ]
    frame = pd.DataFrame(rows, columns=["opened", "closed", "customer_id", "owner", "cost"])
    frame["opened"] = pd.to_datetime(frame["opened"])
    frame["closed"] = pd.to_datetime(frame["closed"])
    frame["touchpoint"] = "Consegna e magazzino"
    frame["category"] = "Ritardo"
    frame["department"] = "production"
    frame["channel"] = "email"
    frame["description"] = "Merce arrivata in ritardo"
    return frame


def surveys() -> pd.DataFrame:
    rows = [
        ("2025-01-10", "A", 9, 5, 2),
        ("2025-01-11", "B", 6, 3, 5),
        ("2025-01-20", "A", 4, None, None),  # A's latest January answer: a detractor
        ("2025-01-22", None, 10, 4, None),  # anonymous
        ("2025-01-25", "C", None, None, None),  # a comment only: not a response
        ("2025-02-05", "D", None, 2, 7),  # no NPS
        ("2025-03-01", "A", 10, None, None),  # March: three answers
        ("2025-03-09", "B", 8, None, None),
        ("2025-03-30", "C", 3, None, None),
    ]
    frame = pd.DataFrame(rows, columns=["date", "customer_id", "nps", "csat", "ces"])
    frame["date"] = pd.to_datetime(frame["date"])
    for column in ("nps", "csat", "ces"):
        frame[column] = frame[column].astype("float64")
    frame["touchpoint"] = "Assistenza post-vendita"
    frame["comment"] = None
    return frame


def assert_table(actual: pd.DataFrame, expected: dict[str, dict[str, float]]) -> None:
    """Every expected figure (NaN = undefined) equals the table's, period by period."""
    assert list(actual.index) == list(expected), (list(actual.index), list(expected))
    for period, figures in expected.items():
        for column, value in figures.items():
            got = actual.loc[period, column]
            if isinstance(value, float) and np.isnan(value):
                assert np.isnan(got), (period, column, got)
            else:
                assert got == _approx(value), (period, column, got, value)


def _approx(value: float) -> object:
    import pytest

    return pytest.approx(value, rel=1e-12, abs=1e-9)


def _day(value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]


def _cents(value: object) -> int | None:
    if value is None or pd.isna(value):
        return None
    return round(float(value) * 100)  # type: ignore[arg-type]


def _score(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def store(
    conn: sqlite3.Connection,
    sales_rows: pd.DataFrame | None = None,
    complaint_rows: pd.DataFrame | None = None,
    survey_rows: pd.DataFrame | None = None,
) -> None:
    """Write data sets into the store as one import each (as the importer would)."""
    now = dt.datetime(2025, 5, 2, 9, 0).isoformat()
    with db.write_transaction(conn):
        for dataset, frame in (
            ("sales", sales_rows),
            ("complaints", complaint_rows),
            ("surveys", survey_rows),
        ):
            if frame is None:
                continue
            cursor = conn.execute(
                "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (dataset, f"{dataset}.xlsx", f"sha-{dataset}", len(frame), now),
            )
            import_id = cursor.fetchone()[0]
            for row in frame.to_dict("records"):
                if dataset == "sales":
                    conn.execute(
                        "INSERT INTO sales (import_id, date, customer_id, amount_cents, order_id,"
                        " customer_name) VALUES (?, ?, ?, ?, ?, ?)",
                        (import_id, _day(row["date"]), row["customer_id"], _cents(row["amount"]),
                         _text(row.get("order_id")), _text(row.get("customer_name"))),
                    )  # fmt: skip
                elif dataset == "complaints":
                    conn.execute(
                        "INSERT INTO complaints (import_id, opened, closed, customer_id, owner,"
                        " cost_cents, touchpoint) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (import_id, _day(row["opened"]), _day(row["closed"]),
                         _text(row["customer_id"]), _text(row["owner"]), _cents(row["cost"]),
                         _text(row.get("touchpoint"))),
                    )  # fmt: skip
                else:
                    scores = [_score(row[c]) for c in ("nps", "csat", "ces")]
                    conn.execute(
                        "INSERT INTO surveys (import_id, date, customer_id, nps, csat, ces)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (import_id, _day(row["date"]), _text(row["customer_id"]), *scores),
                    )
        db.bump_data_version(conn)
