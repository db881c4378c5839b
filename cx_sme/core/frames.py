"""The stored data sets as pandas DataFrames, ready for the KPI engine.

Columns are the canonical ones of spec/KPIS.md. Dates are ``datetime64`` (local dates,
no time), money is in euros as float (stored as integer cents), text is pandas' ``str``
dtype with a missing value for empty cells. Rows come in date order (then storage order).

Reading is the slow part with a million sales lines, so the rows fetched from SQLite go
straight into Arrow columns (one C++ conversion instead of a Python loop per cell) and
are put in date order with a stable sort instead of SQLite's ORDER BY.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cx_sme.core.db import Readable, data_version

SALES_COLUMNS = (
    "date", "customer_id", "amount", "order_id", "customer_name",
    "product", "category", "channel", "quantity",
)  # fmt: skip
COMPLAINT_COLUMNS = (
    "opened", "closed", "customer_id", "touchpoint", "category", "department",
    "owner", "channel", "description", "cost",
)  # fmt: skip
SURVEY_COLUMNS = ("date", "customer_id", "nps", "csat", "ces", "touchpoint", "comment")

_DATE = pa.string()
_TEXT = pa.large_string()
_NUMBER = pa.float64()


@dataclass(frozen=True)
class Frames:
    """The three data sets at one data version."""

    sales: pd.DataFrame
    complaints: pd.DataFrame
    surveys: pd.DataFrame
    version: int


def _read(conn: Readable, sql: str, types: dict[str, pa.DataType], sort_by: str) -> pd.DataFrame:
    """Rows of ``sql`` (in storage order) as a DataFrame sorted stably by ``sort_by``.

    ``types`` names the selected columns in order: ``_DATE`` ISO dates become
    ``datetime64``, ``_TEXT`` the ``str`` dtype, ``_NUMBER`` float64 (NaN when empty).
    """
    rows = conn.execute(sql).fetchall()
    struct = pa.struct(list(types.items()))
    columns = pa.array(rows, type=struct).flatten()
    order: np.ndarray | None = None
    data: dict[str, object] = {}
    for (name, kind), column in zip(types.items(), columns, strict=True):
        if kind == _DATE:
            days = pc.cast(column, pa.date32()).to_numpy(zero_copy_only=False)
            data[name] = days.astype("datetime64[D]").astype("datetime64[us]")
        elif kind == _TEXT:
            data[name] = column
        else:
            data[name] = column.to_numpy(zero_copy_only=False).astype(np.float64)
    key = np.asarray(data[sort_by]).view(np.int64)
    if len(key) > 1 and (key[1:] < key[:-1]).any():
        order = np.argsort(key, kind="stable")
    for name, values in data.items():
        if isinstance(values, pa.Array):
            if order is not None:
                values = values.take(pa.array(order))
            data[name] = pd.array(values, dtype="str")
        elif order is not None:
            data[name] = np.asarray(values)[order]
    return pd.DataFrame(data)


def _types(columns: tuple[str, ...], kinds: tuple[pa.DataType, ...]) -> dict[str, pa.DataType]:
    return dict(zip(columns, kinds, strict=True))


_SALES = _types(SALES_COLUMNS, (_DATE, _TEXT, _NUMBER, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _NUMBER))
_COMPLAINTS = _types(
    COMPLAINT_COLUMNS, (_DATE, _DATE, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _NUMBER)
)
_SURVEYS = _types(SURVEY_COLUMNS, (_DATE, _TEXT, _NUMBER, _NUMBER, _NUMBER, _TEXT, _TEXT))


# What the KPI engine reads of a sales line (spec/KPIS.md needs nothing else).
KPI_SALES_COLUMNS = ("date", "customer_id", "amount", "order_id")
# What the dashboards read: the KPI columns and the customers' names (the product,
# category, channel and quantity of a line are stored and exported, not charted).
DASHBOARD_SALES_COLUMNS = (*KPI_SALES_COLUMNS, "customer_name")
# Cents to euros the same way in SQLite and PostgreSQL (a double, not PostgreSQL's numeric)
_STORED = {"amount": "CAST(amount_cents AS DOUBLE PRECISION) / 100 AS amount"}


def load_sales(conn: Readable, columns: tuple[str, ...] = SALES_COLUMNS) -> pd.DataFrame:
    """The sales lines; ``columns`` (in :data:`SALES_COLUMNS` order) narrows what is read.

    Asked for no more than :data:`DASHBOARD_SALES_COLUMNS`, it reads the lines summed per
    order (table ``sales_orders``, see :mod:`cx_sme.ingest.order_totals`): a row per
    order, whose KPIs are the lines' own, in a third of the rows or fewer. If that table
    does not account for every stored line, the lines themselves are read.
    """
    wanted = [c for c in SALES_COLUMNS if c in columns]
    table = "sales"
    if set(wanted) <= set(DASHBOARD_SALES_COLUMNS) and _totals_in_step(conn):
        table = "sales_orders"
    return _read(
        conn,
        f"SELECT {', '.join(_STORED.get(c, c) for c in wanted)} FROM {table} ORDER BY id",
        {c: _SALES[c] for c in wanted},
        sort_by="date",
    )


def _totals_in_step(conn: Readable) -> bool:
    """Whether ``sales_orders`` sums exactly the stored lines (counted from indexes)."""
    lines = conn.execute("SELECT count(*) FROM sales").fetchone()
    summed = conn.execute("SELECT coalesce(sum(lines), 0) FROM sales_orders").fetchone()
    return lines is not None and summed is not None and int(lines[0]) == int(summed[0])


def load_complaints(conn: Readable) -> pd.DataFrame:
    return _read(
        conn,
        "SELECT opened, closed, customer_id, touchpoint, category, department, owner, "
        "channel, description, CAST(cost_cents AS DOUBLE PRECISION) / 100 AS cost "
        "FROM complaints ORDER BY id",
        _COMPLAINTS,
        sort_by="opened",
    )


def load_surveys(conn: Readable) -> pd.DataFrame:
    return _read(
        conn,
        "SELECT date, customer_id, nps, csat, ces, touchpoint, comment FROM surveys ORDER BY id",
        _SURVEYS,
        sort_by="date",
    )


def load_frames(conn: Readable, sales_columns: tuple[str, ...] = SALES_COLUMNS) -> Frames:
    """Read the three data sets in one read transaction (a consistent snapshot); the KPI
    commands pass :data:`KPI_SALES_COLUMNS` (a million lines read in half the time)."""

    conn.execute("BEGIN")
    try:
        return Frames(
            sales=load_sales(conn, sales_columns),
            complaints=load_complaints(conn),
            surveys=load_surveys(conn),
            version=data_version(conn),
        )
    finally:
        conn.execute("COMMIT")


def sales_date_span(conn: Readable) -> tuple[str, str] | None:
    """The first and last sales dates stored (ISO), or None when there are no sales."""
    row = conn.execute("SELECT min(date), max(date) FROM sales").fetchone()
    if not row or row[0] is None:
        return None
    return str(row[0]), str(row[1])
