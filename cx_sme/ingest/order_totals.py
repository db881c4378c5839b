"""Sales lines summed per order: the ``sales_orders`` table (migration 0010).

An invoicing export has a line per article; the KPIs of spec/KPIS.md and the dashboards
need only the amount of each order, its date and its customer. So every change of the
sales lines writes, in the same transaction, one row per group of lines of one import
that share the date, the customer and the order id (lines without an order id: the
customer's lines of that day), with the amount summed in cents, the number of lines and
the first customer name given on the group's lines. A new month only adds its own groups; nothing is
recomputed over the months already stored. ``lines`` lets a reader check that the table
agrees with the lines (:mod:`cx_sme.core.frames`) before it reads the totals.

>>> dates = np.array(["2025-01-10", "2025-01-10", "2025-01-11", "2025-01-10"],
...                  dtype="datetime64[D]")
>>> groups = group_lines(dates, np.array(["A", "A", "A", "A"], dtype=object),
...     np.array(["F1", "F1", "F1", "F1"], dtype=object),
...     cents=np.array([1000, 250, 300, 5], dtype=np.int64))
>>> groups.amount_cents.tolist(), groups.lines.tolist(), groups.first.tolist()
([1255, 300], [3, 1], [0, 2])
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

TABLE = "sales_orders"
# The stored columns after import_id, in this order.
COLUMNS = ("date", "customer_id", "order_id", "customer_name", "amount_cents", "lines")
_MONTH_BATCH = 500  # rows per executemany batch when a month is summed again


@dataclass(frozen=True)
class Groups:
    """One entry per group of lines, in the order of each group's first line."""

    codes: np.ndarray  # the group of each line (0 .. groups - 1)
    first: np.ndarray  # position of the group's first line
    amount_cents: np.ndarray  # int64
    lines: np.ndarray  # int64


def _codes(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense codes of ``values`` (a missing value is a value of its own)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), max(1, len(uniques))


def group_lines(
    days: np.ndarray,
    customers: np.ndarray,
    orders: np.ndarray | None,
    *more_keys: np.ndarray | None,
    cents: np.ndarray,
) -> Groups:
    """Group lines by date, customer, order id (and ``more_keys``, e.g. the import).

    Codes are combined two keys at a time, each step factorised again, so the combined
    key never exceeds the number of lines squared (no overflow at any size).
    """
    key, _ = _codes(np.asarray(days).view(np.int64))
    for values in (customers, orders, *more_keys):
        if values is None:
            continue
        codes, size = _codes(values)
        key, _ = _codes(key * size + codes)
    n = len(key)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Groups(empty, empty, empty, empty)
    # factorize numbers groups in order of first appearance: a group starts where its
    # code exceeds every code before it
    seen = np.maximum.accumulate(key)
    starts = np.ones(n, dtype=bool)
    starts[1:] = key[1:] > seen[:-1]
    first = np.flatnonzero(starts)
    size = len(first)
    # bincount sums in float64: exact for totals below 2**53 cents (90 thousand billion €)
    summed = np.bincount(key, weights=cents.astype(np.float64), minlength=size)
    counts = np.bincount(key, minlength=size)
    return Groups(key, first, np.rint(summed).astype(np.int64), counts.astype(np.int64))


def first_given(groups: Groups, values: np.ndarray | None) -> list[Any]:
    """Per group, the first value given on its lines (None when every line leaves it
    empty): an order whose first line has no customer name takes the next line's."""
    size = len(groups.first)
    if values is None:
        return [None] * size
    given = pd.notna(values) & (values != "")
    lines = np.flatnonzero(given)
    found, first_line = np.unique(groups.codes[lines], return_index=True)
    out = np.full(size, None, dtype=object)
    out[found] = values[lines[first_line]]
    return out.tolist()


def _iso(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(np.asarray(days, dtype="datetime64[D]")).tolist()


def _text(values: np.ndarray | None, positions: np.ndarray) -> list[Any]:
    if values is None:
        return [None] * len(positions)
    return [None if (v is None or v != v) else v for v in values[positions].tolist()]


def columns_for_lines(
    values: Mapping[str, np.ndarray], valid: np.ndarray | None = None
) -> tuple[list[str], list[list[Any]]]:
    """The ``sales_orders`` columns and values (as :func:`insert_rows` takes them) for
    checked sales lines: ``values`` holds ``date`` (datetime64), ``customer_id``,
    ``amount`` in euros and, when the file has them, ``order_id`` and ``customer_name``;
    ``valid`` (a mask) picks the lines that are stored."""

    def pick(name: str) -> np.ndarray | None:
        column = values.get(name)
        if column is None or valid is None:
            return column
        return column[valid]

    days = pick("date")
    customers = pick("customer_id")
    euros = pick("amount")
    assert days is not None and customers is not None and euros is not None
    orders, names = pick("order_id"), pick("customer_name")
    cents = np.rint(np.nan_to_num(euros.astype(np.float64)) * 100).astype(np.int64)
    groups = group_lines(days.astype("datetime64[D]"), customers, orders, cents=cents)
    first = groups.first
    return list(COLUMNS), [
        _iso(days[first]),
        _text(customers, first),
        _text(orders, first),
        first_given(groups, names),
        groups.amount_cents.tolist(),
        groups.lines.tolist(),
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
    groups = group_lines(
        dates.astype("datetime64[D]"), customers, orders, imports, cents=cents.astype(np.int64)
    )
    first = groups.first
    values = zip(
        imports[first].tolist(), dates[first].tolist(), customers[first].tolist(),
        orders[first].tolist(), first_given(groups, names), groups.amount_cents.tolist(),
        groups.lines.tolist(), strict=True,
    )  # fmt: skip
    insert = f"INSERT INTO {TABLE} (import_id, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)"
    batch = list(values)
    for start in range(0, len(batch), _MONTH_BATCH):
        conn.executemany(insert, batch[start : start + _MONTH_BATCH])
