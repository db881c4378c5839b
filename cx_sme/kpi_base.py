"""The shared encoding the KPI modules compute on (one pass over the data sets).

Customers become integer codes (sales customers first, then those only seen in complaints
or surveys), dates become day numbers and month indexes on a calendar *axis* that runs
from January of the first year with data to December of the last, so every month, quarter
and year of the data is whole on it. A granularity maps month ``m`` of the axis to period
``m // 1``, ``m // 3`` or ``m // 12``.

Sales lines are first collapsed into *runs*: adjacent lines with the same date, customer
and order id (the lines of one invoice). No KPI counts lines, so this is exact, and it
makes the string work proportional to the number of invoices instead of lines.

Nothing here is module-level state: a :class:`KpiBase` is built per computation and its
derived arrays are cached on the instance only.

>>> axis = Axis(year0=2024, months=24)
>>> axis.keys("quarter", 3, 5)
['2024Q4', '2025Q1', '2025Q2']
>>> axis.month_of_key("2025-03"), axis.period_of_key("2025Q1")
(14, 4)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import numpy as np
import pandas as pd

from cx_sme.periods import GRANULARITIES

T = TypeVar("T")
STEP = {"month": 1, "quarter": 3, "year": 12}
_EPOCH_YEAR = 1970


def check_granularity(granularity: str) -> str:
    if granularity not in GRANULARITIES:
        raise ValueError(f"unknown granularity {granularity!r}")
    return granularity


@dataclass(frozen=True)
class Axis:
    """Calendar months from January of ``year0``; ``months`` is a multiple of 12."""

    year0: int
    months: int

    def n_periods(self, granularity: str) -> int:
        return self.months // STEP[granularity]

    def period_of_month(self, granularity: str) -> np.ndarray:
        return np.arange(self.months, dtype=np.int64) // STEP[granularity]

    def last_month(self, granularity: str, period: int) -> int:
        step = STEP[granularity]
        return period * step + step - 1

    def key(self, granularity: str, period: int) -> str:
        if granularity == "month":
            return f"{self.year0 + period // 12:04d}-{period % 12 + 1:02d}"
        if granularity == "quarter":
            return f"{self.year0 + period // 4:04d}Q{period % 4 + 1}"
        return f"{self.year0 + period:04d}"

    def keys(self, granularity: str, first: int, last: int) -> list[str]:
        return [self.key(granularity, p) for p in range(first, last + 1)]

    def month_of_key(self, key: str) -> int:
        """The axis index of the last month of a period key (may fall outside the axis)."""
        from cx_sme.periods import period_end

        end = period_end(key)
        return (end.year - self.year0) * 12 + end.month - 1

    def period_of_key(self, key: str) -> int:
        from cx_sme.periods import granularity_of

        return self.month_of_key(key) // STEP[granularity_of(key)]


def days(values: pd.Series) -> np.ndarray:
    """Day numbers since 1970-01-01 (int64); NaT becomes ``NAT_DAY``."""
    array = values.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT"))
    return array.astype("datetime64[D]").view(np.int64)


NAT_DAY = np.datetime64("NaT").view(np.int64)


def month_numbers(day_numbers: np.ndarray) -> np.ndarray:
    """Months since January 1970 of day numbers (NAT_DAY stays NAT_DAY)."""
    out = day_numbers.view("datetime64[D]").astype("datetime64[M]").view(np.int64)
    return np.where(day_numbers == NAT_DAY, NAT_DAY, out)


def _missing(values: pd.api.extensions.ExtensionArray | np.ndarray) -> np.ndarray:
    """True where a text value is missing or empty."""
    series = pd.Series(values, copy=False)
    return (series.isna() | (series == "")).to_numpy(dtype=bool, na_value=True)


def _differs_from_previous(values: pd.api.extensions.ExtensionArray | np.ndarray) -> np.ndarray:
    """For rows 1..n-1: does the value differ from the row before (missing == missing)?"""
    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        arrow = pa.array(values)
        null = pc.is_null(arrow).to_numpy(zero_copy_only=False)  # type: ignore[attr-defined]
        unequal = pc.fill_null(pc.not_equal(arrow[1:], arrow[:-1]), True)  # type: ignore[attr-defined]
        both_null = null[1:] & null[:-1]
        return unequal.to_numpy(zero_copy_only=False) & ~both_null
    codes = pd.factorize(np.asarray(values, dtype=object))[0]
    return codes[1:] != codes[:-1]


def combine(high: np.ndarray, low: np.ndarray, low_size: int) -> np.ndarray:
    """One int64 key per pair, ordered by ``high`` then ``low`` (0 <= low < low_size);
    ``key // low_size`` and ``key % low_size`` give the pair back.

    >>> combine(np.array([0, 2]), np.array([5, 1]), 10)
    array([ 5, 21])
    """
    top = int(high.max()) if len(high) else 0
    if (top + 1) * max(low_size, 1) >= 2**62:
        raise OverflowError("too many distinct keys to combine in 64 bits")
    return high.astype(np.int64) * low_size + low


def distinct(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an int64 array (a sort is faster here than np.unique)."""
    if len(keys) == 0:
        return keys
    ordered = np.sort(keys)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def group_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """True at the first element of each run of equal values."""
    starts = np.ones(len(sorted_keys), dtype=bool)
    if len(sorted_keys):
        np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=starts[1:])
    return starts


def reduce_months(matrix: np.ndarray, granularity: str) -> np.ndarray:
    """OR together the month rows of a (months × customers) bool matrix into periods."""
    step = STEP[granularity]
    if step == 1:
        return matrix
    return np.logical_or.reduceat(matrix, np.arange(0, matrix.shape[0], step), axis=0)


def safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator as float, NaN where the denominator is 0."""
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


@dataclass(frozen=True)
class SalesRuns:
    """Sales lines collapsed into runs (lines of one invoice), one entry per run."""

    customer: np.ndarray  # int64 customer code
    day: np.ndarray  # int64 day number
    month: np.ndarray  # int64 axis month
    cents: np.ndarray  # int64 amount in cents
    order: np.ndarray  # int64 global order key (order id, or customer+date without one)
    customer_order: np.ndarray  # int64 customer * order_width + the customer's order
    order_width: int


class KpiBase:
    """The three data sets encoded once; derived arrays are computed on first use."""

    def __init__(
        self,
        sales: pd.DataFrame | None,
        complaints: pd.DataFrame | None = None,
        surveys: pd.DataFrame | None = None,
    ) -> None:
        self.sales_frame = sales if sales is not None else _empty_sales()
        self.complaints_frame = complaints if complaints is not None else _empty_complaints()
        self.surveys_frame = surveys if surveys is not None else _empty_surveys()
        self._per_granularity: dict[tuple[str, str], object] = {}

    # -- the calendar -------------------------------------------------------------------

    @cached_property
    def _sales_days(self) -> np.ndarray:
        values = days(self.sales_frame["date"])
        if (values == NAT_DAY).any():
            raise ValueError("sales rows without a date")
        return values

    @cached_property
    def _complaint_days(self) -> tuple[np.ndarray, np.ndarray]:
        frame = self.complaints_frame
        opened = days(frame["opened"])
        if (opened == NAT_DAY).any():
            raise ValueError("complaints without an opening date")
        return opened, days(frame["closed"])

    @cached_property
    def _survey_days(self) -> np.ndarray:
        values = days(self.surveys_frame["date"])
        if (values == NAT_DAY).any():
            raise ValueError("survey answers without a date")
        return values

    @property
    def complaint_days(self) -> tuple[np.ndarray, np.ndarray]:
        """Day numbers of opening and closing (closing NAT_DAY while open)."""
        return self._complaint_days

    @property
    def survey_days(self) -> np.ndarray:
        return self._survey_days

    @cached_property
    def complaint_months(self) -> tuple[np.ndarray, np.ndarray]:
        """Axis months of opening and closing (-1 while open; may exceed the axis)."""
        opened, closed = self._complaint_days
        return self.axis_months(opened), self.axis_months(closed)

    @cached_property
    def survey_months(self) -> np.ndarray:
        return self.axis_months(self._survey_days)

    @cached_property
    def axis(self) -> Axis:
        """Whole years covering every sales date, complaint opening and survey date."""
        lows, highs = [], []
        for values in (self._sales_days, self._complaint_days[0], self._survey_days):
            values = values[values != NAT_DAY]
            if len(values):
                lows.append(values.min())
                highs.append(values.max())
        if not lows:
            return Axis(year0=2000, months=12)
        first = np.datetime64(int(min(lows)), "D").astype(object).year
        last = np.datetime64(int(max(highs)), "D").astype(object).year
        return Axis(year0=first, months=(last - first + 1) * 12)

    def axis_months(self, day_numbers: np.ndarray) -> np.ndarray:
        """Axis month of day numbers; NaT maps to -1."""
        months = month_numbers(day_numbers) - (self.axis.year0 - _EPOCH_YEAR) * 12
        return np.where(day_numbers == NAT_DAY, -1, months)

    # -- customers and sales runs -------------------------------------------------------

    @cached_property
    def _runs_and_customers(self) -> tuple[SalesRuns, pd.Index]:
        frame = self.sales_frame
        day = self._sales_days
        n = len(day)
        customer_values = frame["customer_id"].array
        has_orders = "order_id" in frame.columns
        order_values = frame["order_id"].array if has_orders else None
        amounts = frame["amount"].to_numpy(dtype=np.float64, na_value=np.nan)
        cents = np.rint(np.nan_to_num(amounts) * 100).astype(np.int64)

        if n:
            heads = np.ones(n, dtype=bool)
            differs = day[1:] != day[:-1]
            differs |= _differs_from_previous(customer_values)
            if order_values is not None:
                differs |= _differs_from_previous(order_values)
            heads[1:] = differs
            starts = np.flatnonzero(heads)
            run_cents = np.add.reduceat(cents, starts) if len(cents) else cents
        else:
            starts = np.zeros(0, dtype=np.int64)
            run_cents = cents
        run_day = day[starts]

        customer_codes, customers = pd.factorize(
            customer_values.take(starts), use_na_sentinel=False
        )
        customer_codes = customer_codes.astype(np.int64)

        day0 = int(run_day.min()) if len(run_day) else 0
        span = int(run_day.max()) - day0 + 1 if len(run_day) else 1
        if order_values is not None:
            heads_orders = order_values.take(starts)
            order_codes, order_ids = pd.factorize(heads_orders)
            order_codes = order_codes.astype(np.int64)
            order_codes[_missing(heads_orders)] = -1
            n_ids = len(order_ids)
        else:
            order_codes = np.full(len(starts), -1, dtype=np.int64)
            n_ids = 0
        without_id = order_codes < 0
        # Without an order id, an order is a distinct (customer, date) pair.
        order = order_codes.copy()
        order[without_id] = n_ids + combine(
            customer_codes[without_id], run_day[without_id] - day0, span
        )
        local = np.where(without_id, n_ids + run_day - day0, order_codes)
        customer_order = combine(customer_codes, local, n_ids + span)

        if len(run_day):
            table_days = np.arange(day0, day0 + span, dtype=np.int64)
            month_table = self.axis_months(table_days)
            run_month = month_table[run_day - day0]
        else:
            run_month = np.zeros(0, dtype=np.int64)
        runs = SalesRuns(
            customer=customer_codes,
            day=run_day,
            month=run_month,
            cents=run_cents,
            order=order,
            customer_order=customer_order,
            order_width=n_ids + span,
        )
        return runs, pd.Index(customers)

    @property
    def runs(self) -> SalesRuns:
        return self._runs_and_customers[0]

    @property
    def sales_customers(self) -> pd.Index:
        """Customer ids of the sales data, by code (0 .. n-1)."""
        return self._runs_and_customers[1]

    @property
    def n_sales_customers(self) -> int:
        return len(self.sales_customers)

    @cached_property
    def _other_customers(self) -> tuple[np.ndarray, np.ndarray, pd.Index]:
        """Codes of complaint and survey customers (-1 when missing); extra ids."""
        complaint_ids = self.complaints_frame["customer_id"].array
        survey_ids = self.surveys_frame["customer_id"].array
        both = pd.array(
            np.concatenate(
                [np.asarray(complaint_ids, dtype=object), np.asarray(survey_ids, dtype=object)]
            ),
            dtype=object,
        )
        missing = _missing(both)
        codes = self.sales_customers.get_indexer(both).astype(np.int64)
        unknown = (codes < 0) & ~missing
        extra_codes, extra_ids = pd.factorize(both[unknown])
        codes[unknown] = self.n_sales_customers + extra_codes
        codes[missing] = -1
        split = len(complaint_ids)
        return codes[:split], codes[split:], pd.Index(extra_ids)

    @property
    def complaint_customers(self) -> np.ndarray:
        return self._other_customers[0]

    @property
    def survey_customers(self) -> np.ndarray:
        return self._other_customers[1]

    @property
    def n_customers(self) -> int:
        """Customers in any data set (sales customers first)."""
        return self.n_sales_customers + len(self._other_customers[2])

    def customer_id(self, codes: np.ndarray) -> list[str]:
        everyone = self.sales_customers.append(self._other_customers[2])
        return [str(v) for v in everyone.take(codes)]

    # -- period ranges ------------------------------------------------------------------

    @cached_property
    def sales_month_range(self) -> tuple[int, int] | None:
        """First and last axis month with sales (the "last period loaded")."""
        return _month_range(self.runs.month)

    @cached_property
    def complaint_month_range(self) -> tuple[int, int] | None:
        """First and last axis month in which complaints were opened."""
        return _month_range(self.complaint_months[0])

    @cached_property
    def survey_month_range(self) -> tuple[int, int] | None:
        return _month_range(self.survey_months)

    def period_span(
        self, granularity: str, *month_ranges: tuple[int, int] | None
    ) -> tuple[int, int] | None:
        """The smallest run of periods covering every given month range."""
        present = [r for r in month_ranges if r is not None]
        if not present:
            return None
        step = STEP[granularity]
        return min(r[0] for r in present) // step, max(r[1] for r in present) // step

    # -- sales-derived arrays ---------------------------------------------------------

    @cached_property
    def activity(self) -> np.ndarray:
        """(axis months × sales customers) bool: the customer has a sales line that month."""
        matrix = np.zeros((self.axis.months, self.n_sales_customers), dtype=bool)
        matrix[self.runs.month, self.runs.customer] = True
        return matrix

    def activity_by(self, granularity: str) -> np.ndarray:
        """(periods × sales customers) bool: the customer has a sales line in the period."""
        key = ("activity", granularity)
        if key not in self._per_granularity:
            self._per_granularity[key] = reduce_months(self.activity, granularity)
        return self._per_granularity[key]  # type: ignore[return-value]

    @cached_property
    def first_month(self) -> np.ndarray:
        """Axis month of each sales customer's first line."""
        first = np.full(self.n_sales_customers, self.axis.months, dtype=np.int64)
        np.minimum.at(first, self.runs.customer, self.runs.month)
        return first

    @cached_property
    def order_months(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (global order key, axis month) pairs: orders present in each month."""
        pairs = distinct(combine(self.runs.order, self.runs.month, self.axis.months))
        return pairs // self.axis.months, pairs % self.axis.months

    @cached_property
    def second_order_month(self) -> np.ndarray:
        """Axis month in which each sales customer's second distinct order first appears
        (``axis.months`` when the customer has one order only)."""
        months = self.axis.months
        runs = self.runs
        # First month of each (customer, order): sort (customer-order, month) pairs.
        pairs = distinct(combine(runs.customer_order, runs.month, months))
        customer_order = pairs // months
        first_of_order = group_starts(customer_order)
        order_keys = customer_order[first_of_order]
        order_month = pairs[first_of_order] % months
        order_customer = order_keys // runs.order_width
        by_customer = np.sort(combine(order_customer, order_month, months))
        customer = by_customer // months
        starts = np.flatnonzero(group_starts(customer))
        counts = np.diff(np.append(starts, len(customer)))
        second = np.full(self.n_sales_customers, months, dtype=np.int64)
        has_two = counts >= 2
        second[customer[starts[has_two]]] = by_customer[starts[has_two] + 1] % months
        return second

    def remember(self, key: tuple[str, str], build: Callable[[], T]) -> T:
        """A per-instance cache for per-granularity results (e.g. the sales core)."""
        if key not in self._per_granularity:
            self._per_granularity[key] = build()
        return self._per_granularity[key]  # type: ignore[return-value]


def _month_range(months: np.ndarray) -> tuple[int, int] | None:
    if len(months) == 0:
        return None
    return int(months.min()), int(months.max())


def _empty_sales() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.Series([], dtype="datetime64[us]"),
            "customer_id": pd.Series([], dtype=object),
            "amount": pd.Series([], dtype=np.float64),
            "order_id": pd.Series([], dtype=object),
        }
    )


def _empty_complaints() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "opened": pd.Series([], dtype="datetime64[us]"),
            "closed": pd.Series([], dtype="datetime64[us]"),
            "customer_id": pd.Series([], dtype=object),
            "owner": pd.Series([], dtype=object),
            "cost": pd.Series([], dtype=np.float64),
        }
    )


def _empty_surveys() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.Series([], dtype="datetime64[us]"),
            "customer_id": pd.Series([], dtype=object),
            "nps": pd.Series([], dtype=np.float64),
            "csat": pd.Series([], dtype=np.float64),
            "ces": pd.Series([], dtype=np.float64),
        }
    )
