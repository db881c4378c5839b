"""The stored data sets as pandas DataFrames, ready for the KPI engine.

Columns are the canonical ones of spec/KPIS.md. Dates are ``datetime64`` (local dates,
no time), money is in euros as float (stored as integer cents), text is ``object`` with
``None`` for empty cells.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pandas as pd

SALES_COLUMNS = (
    "date", "customer_id", "amount", "order_id", "customer_name",
    "product", "category", "channel", "quantity",
)  # fmt: skip
COMPLAINT_COLUMNS = (
    "opened", "closed", "customer_id", "touchpoint", "category", "department",
    "owner", "channel", "description", "cost",
)  # fmt: skip
SURVEY_COLUMNS = ("date", "customer_id", "nps", "csat", "ces", "touchpoint", "comment")


@dataclass(frozen=True)
class Frames:
    """The three data sets at one data version."""

    sales: pd.DataFrame
    complaints: pd.DataFrame
    surveys: pd.DataFrame
    version: int


def _read(conn: sqlite3.Connection, sql: str, date_columns: tuple[str, ...]) -> pd.DataFrame:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    frame = pd.DataFrame.from_records(cursor.fetchall(), columns=names)
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


def load_sales(conn: sqlite3.Connection) -> pd.DataFrame:
    frame = _read(
        conn,
        "SELECT date, customer_id, amount_cents / 100.0 AS amount, order_id, customer_name, "
        "product, category, channel, quantity FROM sales ORDER BY date, id",
        ("date",),
    )
    frame["amount"] = frame["amount"].astype("float64")
    return frame


def load_complaints(conn: sqlite3.Connection) -> pd.DataFrame:
    frame = _read(
        conn,
        "SELECT opened, closed, customer_id, touchpoint, category, department, owner, "
        "channel, description, cost_cents / 100.0 AS cost FROM complaints ORDER BY opened, id",
        ("opened", "closed"),
    )
    frame["cost"] = frame["cost"].astype("float64")
    return frame


def load_surveys(conn: sqlite3.Connection) -> pd.DataFrame:
    frame = _read(
        conn,
        "SELECT date, customer_id, nps, csat, ces, touchpoint, comment "
        "FROM surveys ORDER BY date, id",
        ("date",),
    )
    for column in ("nps", "csat", "ces"):
        frame[column] = frame[column].astype("Float64").astype("float64")
    return frame


def load_frames(conn: sqlite3.Connection) -> Frames:
    """Read the three data sets in one read transaction (a consistent snapshot)."""
    from cx_sme.db import data_version

    conn.execute("BEGIN")
    try:
        return Frames(
            sales=load_sales(conn),
            complaints=load_complaints(conn),
            surveys=load_surveys(conn),
            version=data_version(conn),
        )
    finally:
        conn.execute("COMMIT")
