"""Sales lines summed per order: the ``sales_orders`` table (migration 0010).

An invoicing export has a line per article; the KPIs of spec/KPIS.md and the dashboards
need only the amount of each order, its date and its customer. So every change of the
sales lines writes, in the same transaction, one row per run of consecutive lines of one
import that share the date, the customer and the order id (lines without an order id:
the customer's lines of that day): the amount summed in cents, the number of lines and
the first customer name given on them. An export lists an invoice's lines together, so a
run is an order; an order whose lines are scattered gives a row per run, and the KPIs
(which count distinct orders) are the same. A new month only adds its own runs: nothing
is recomputed over the months already stored. ``lines`` lets a reader check that the
table agrees with the lines (:mod:`cx_sme.core.frames`) before it reads the totals.

>>> dates = np.array(["2025-01-10", "2025-01-10", "2025-01-11", "2025-01-10"],
...                  dtype="datetime64[D]")
>>> runs = runs_of_lines(dates, np.array(["A", "A", "A", "A"], dtype=object),
...     np.array(["F1", "F1", "F1", "F1"], dtype=object),
...     cents=np.array([1000, 250, 300, 5], dtype=np.int64))
>>> runs.amount_cents.tolist(), runs.lines.tolist(), runs.first.tolist()
([1250, 300, 5], [2, 1, 1], [0, 2, 3])
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cx_sme.core.db import is_postgres
from cx_sme.ingest import bulk

TABLE = "sales_orders"
# The stored columns after import_id, in this order.
COLUMNS = ("date", "customer_id", "order_id", "customer_name", "amount_cents", "lines")
_MONTH_BATCH = 500  # rows per executemany batch when a month is summed again


@dataclass(frozen=True)
class Runs:
    """One entry per run of lines, in the lines' order."""

    first: np.ndarray  # position of the run's first line
    amount_cents: np.ndarray  # int64
    lines: np.ndarray  # int64


def _changes(values: np.ndarray) -> np.ndarray:
    """Where a line's value differs from the line before (two missing values are equal)."""
    if values.dtype != object:
        return values[1:] != values[:-1]
    missing = pd.isna(values)
    differs = values[1:] != values[:-1]
    return (differs & ~(missing[1:] & missing[:-1])) | (missing[1:] != missing[:-1])


def runs_of_lines(
    days: np.ndarray,
    customers: np.ndarray,
    orders: np.ndarray | None,
    *more_keys: np.ndarray | None,
    cents: np.ndarray,
) -> Runs:
    """Runs of consecutive lines with the same date, customer, order id (and
    ``more_keys``, e.g. the import)."""
    n = len(days)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Runs(empty, empty, empty)
    heads = np.ones(n, dtype=bool)
    heads[1:] = _changes(np.asarray(days).view(np.int64))
    for values in (customers, orders, *more_keys):
        if values is not None:
            heads[1:] |= _changes(values)
    first = np.flatnonzero(heads)
    amounts = np.add.reduceat(cents.astype(np.int64), first)
    lines = np.diff(np.append(first, n))
    return Runs(first, amounts, lines.astype(np.int64))


def first_given(runs: Runs, values: np.ndarray | None) -> list[Any]:
    """Per run, the first value given on its lines (None when every line leaves it
    empty): an order whose first line has no customer name takes the next line's."""
    size = len(runs.first)
    if values is None:
        return [None] * size
    given = np.flatnonzero(pd.notna(values) & (values != ""))
    # the first line with a value at or after each run's start, if it is inside the run
    at = np.searchsorted(given, runs.first)
    inside = at < len(given)
    ends = runs.first + runs.lines
    inside[inside] &= given[at[inside]] < ends[inside]
    out = np.full(size, None, dtype=object)
    out[inside] = values[given[at[inside]]]
    return out.tolist()


def cents_of(euros: np.ndarray) -> np.ndarray:
    """Euros (float, NaN when missing) as whole cents (0 for NaN), with one scratch array
    rather than a copy per step (a million lines: each copy is fresh memory to fault in).

    >>> cents_of(np.array([12.345, np.nan, -0.005, 1234.56])).tolist()
    [1234, 0, 0, 123456]
    """
    scaled = np.multiply(euros, 100, dtype=np.float64)
    np.rint(scaled, out=scaled)
    np.nan_to_num(scaled, copy=False)
    return scaled.astype(np.int64)


def _iso(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(np.asarray(days, dtype="datetime64[D]")).tolist()


def _text(values: np.ndarray | None, positions: np.ndarray) -> list[Any]:
    if values is None:
        return [None] * len(positions)
    picked = values[positions]
    missing = pd.isna(picked)
    if missing.any():
        picked = picked.astype(object)
        picked[missing] = None
    return picked.tolist()


def columns_for_lines(
    values: Mapping[str, np.ndarray], valid: np.ndarray | None = None
) -> tuple[list[str], list[list[Any]]]:
    """The ``sales_orders`` columns and values (as :func:`insert_rows` takes them) for
    checked sales lines: ``values`` holds ``date`` (datetime64), ``customer_id``,
    ``amount`` in euros and, when the file has them, ``order_id`` and ``customer_name``;
    ``valid`` (a mask) picks the lines that are stored."""

    every = valid is None or bool(valid.all())

    def pick(name: str) -> np.ndarray | None:
        column = values.get(name)
        if column is None or every:
            return column  # no copy of a million lines when all of them are stored
        return column[valid]

    days = pick("date")
    customers = pick("customer_id")
    euros = pick("amount")
    assert days is not None and customers is not None and euros is not None
    orders, names = pick("order_id"), pick("customer_name")
    runs = runs_of_lines(
        days.astype("datetime64[D]", copy=False), customers, orders, cents=cents_of(euros)
    )
    first = runs.first
    return list(COLUMNS), [
        _iso(days[first]),
        _text(customers, first),
        _text(orders, first),
        first_given(runs, names),
        runs.amount_cents.tolist(),
        runs.lines.tolist(),
    ]


def forget_months(conn: sqlite3.Connection, months: list[str]) -> None:
    """Remove the totals of ``months`` ('2025-03'), whose lines are being moved aside."""
    if months:
        marks = ", ".join("?" for _ in months)
        conn.execute(f"DELETE FROM {TABLE} WHERE substr(date, 1, 7) IN ({marks})", months)


def forget_imports(conn: sqlite3.Connection, import_ids: list[int]) -> None:
    """Remove the totals of whole imports (undone, or the sample's)."""
    if import_ids:
        marks = ", ".join("?" for _ in import_ids)
        conn.execute(f"DELETE FROM {TABLE} WHERE import_id IN ({marks})", import_ids)


def sum_months_again(conn: sqlite3.Connection, months: list[str]) -> None:
    """Replace the totals of ``months`` with sums of the lines stored now (after lines
    came back from the archive); a month is a few thousand lines, read in storage order."""
    if not months:
        return
    forget_months(conn, months)
    marks = ", ".join("?" for _ in months)
    rows = conn.execute(
        "SELECT import_id, date, customer_id, order_id, customer_name, amount_cents "
        f"FROM sales WHERE substr(date, 1, 7) IN ({marks}) ORDER BY id",
        months,
    ).fetchall()
    if not rows:
        return
    imports, dates, customers, orders, names, cents = (
        np.array(column, dtype=object) for column in zip(*rows, strict=True)
    )
    runs = runs_of_lines(
        dates.astype("datetime64[D]"), customers, orders, imports, cents=cents.astype(np.int64)
    )
    first = runs.first
    values = zip(
        imports[first].tolist(), dates[first].tolist(), customers[first].tolist(),
        orders[first].tolist(), first_given(runs, names), runs.amount_cents.tolist(),
        runs.lines.tolist(), strict=True,
    )  # fmt: skip
    if is_postgres(conn):
        bulk.copy_rows(conn, TABLE, ["import_id", *COLUMNS], values)
        return
    insert = f"INSERT INTO {TABLE} (import_id, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)"
    batch = list(values)
    for start in range(0, len(batch), _MONTH_BATCH):
        conn.executemany(insert, batch[start : start + _MONTH_BATCH])
