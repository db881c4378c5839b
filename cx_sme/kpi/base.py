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
from itertools import pairwise
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as _arrow_compute

from cx_sme.core.periods import GRANULARITIES, granularity_of, period_end

# pyarrow.compute builds its functions at import time: type checkers cannot see them.
pc: Any = _arrow_compute
T = TypeVar("T")
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
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

        end = period_end(key)
        return (end.year - self.year0) * 12 + end.month - 1

    def period_of_key(self, key: str) -> int:

        return self.month_of_key(key) // STEP[granularity_of(key)]


def days(values: pd.Series) -> np.ndarray:
    """Day numbers since 1970-01-01 (int64); NaT becomes ``NAT_DAY``."""
    array = values.to_numpy()
    if array.dtype.kind != "M":
        array = pd.to_datetime(values).to_numpy()
    return array.astype("datetime64[D]").view(np.int64)


NAT_DAY = np.datetime64("NaT").view(np.int64)


def month_numbers(day_numbers: np.ndarray) -> np.ndarray:
    """Months since January 1970 of day numbers (NAT_DAY stays NAT_DAY)."""
    out = day_numbers.view("datetime64[D]").astype("datetime64[M]").view(np.int64)
    return np.where(day_numbers == NAT_DAY, NAT_DAY, out)


def _arrow_text(values: object) -> pa.Array:
    """Text values as an Arrow large_string array (zero-copy for pandas' str dtype)."""
    if not (isinstance(values, pd.api.extensions.ExtensionArray) and values.dtype == "str"):
        values = pd.array(np.asarray(values, dtype=object), dtype="str")
    array = pa.array(values)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def encode_text(*parts: object) -> tuple[list[np.ndarray], pa.Array]:
    """Integer codes for text arrays sharing one dictionary, in order of first appearance
    across the parts; a missing or empty value gets -1.

    >>> codes, words = encode_text(["b", "a", "b"], ["c", None, "", "a"])
    >>> [c.tolist() for c in codes], words.to_pylist()
    ([[0, 1, 0], [2, -1, -1, 1]], ['b', 'a', 'c', ''])
    """
    arrays = [_arrow_text(p) for p in parts]
    encoded = pc.dictionary_encode(pa.concat_arrays(arrays))
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    empty = pc.index(encoded.dictionary, "").as_py()
    if empty >= 0:
        codes[codes == empty] = -1
    bounds = np.cumsum([0] + [len(a) for a in arrays])
    return [codes[a:b] for a, b in pairwise(bounds)], encoded.dictionary


def encode_increasing_text(values: object) -> tuple[np.ndarray, int]:
    """Codes for one text array (-1 missing or empty) and the number of distinct values.

    When the present values are strictly increasing (an export listing invoices in
    number order), they are all distinct and no hashing is needed; otherwise this is
    :func:`encode_text`.

    >>> encode_increasing_text(["F1", None, "F2", "F3"])
    (array([ 0, -1,  1,  2]), 3)
    >>> encode_increasing_text(["F2", "F1", "F2"])
    (array([0, 1, 0]), 2)
    """
    arrow = _arrow_text(values)
    present = pc.and_(pc.is_valid(arrow), pc.not_equal(arrow, ""))
    present = pc.fill_null(present, False)
    ids = arrow.filter(present)
    if len(ids) < 2 or pc.all(pc.greater(ids[1:], ids[:-1])).as_py():
        codes = np.full(len(arrow), -1, dtype=np.int64)
        codes[present.to_numpy(zero_copy_only=False)] = np.arange(len(ids))
        return codes, len(ids)
    (codes,), dictionary = encode_text(arrow)
    return codes, len(dictionary)


def _differs_from_previous(values: object) -> np.ndarray:
    """For rows 1..n-1: does the text differ from the row before (missing == missing)?"""
    arrow = _arrow_text(values)
    null = pc.is_null(arrow).to_numpy(zero_copy_only=False)
    unequal = pc.fill_null(pc.not_equal(arrow[1:], arrow[:-1]), True)
    return unequal.to_numpy(zero_copy_only=False) & ~(null[1:] & null[:-1])


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
    """OR together the month rows of a (months × customers) bool matrix into periods
    (the axis has whole years, so every period has all its months)."""
    step = STEP[granularity]
    if step == 1:
        return matrix
    months, width = matrix.shape
    return np.asarray(matrix.reshape(months // step, step, width).any(axis=1))


def valid_scores(surveys: pd.DataFrame, column: str) -> np.ndarray:
    """A score column as floats with NaN where it is missing or off its scale.

    >>> valid_scores(pd.DataFrame({"nps": [10, None, 11]}), "nps").tolist()
    [10.0, nan, nan]
    """
    values = surveys[column].to_numpy(dtype=np.float64, na_value=np.nan)
    low, high = SCALES[column]
    with np.errstate(invalid="ignore"):
        ok = (values >= low) & (values <= high)
    return np.where(ok, values, np.nan)


def kpi_frame(
    axis: Axis,
    granularity: str,
    span: tuple[int, int] | None,
    columns: dict[str, np.ndarray],
    names: tuple[str, ...],
    counts: frozenset[str],
) -> pd.DataFrame:
    """A KPI table: one row per period of ``span`` (axis periods, inclusive), the columns
    ``names`` taken from whole-axis arrays; counts as int64, every other figure float64."""
    if span is None:
        keys: list[str] = []
        window = slice(0, 0)
    else:
        keys = axis.keys(granularity, span[0], span[1])
        window = slice(span[0], span[1] + 1)
    data = {
        name: np.asarray(
            columns[name][window] if span else (), np.int64 if name in counts else np.float64
        )
        for name in names
    }
    return pd.DataFrame(data, index=pd.Index(keys, name="period", dtype="str"))


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

    customer: np.ndarray  # int64 customer code (0 .. sales customers - 1)
    day: np.ndarray  # int64 day number
    month: np.ndarray  # int64 axis month
    cents: np.ndarray  # int64 amount in cents
    order: np.ndarray  # int64 order code (0 .. orders - 1): an order id, or without one a
    # (customer, date) pair


@dataclass(frozen=True)
class Encoded:
    runs: SalesRuns
    n_sales_customers: int
    n_orders: int
    complaint_customers: np.ndarray  # int64, -1 without a customer
    survey_customers: np.ndarray
    customer_ids: pa.Array  # id of each customer code


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
    def scores(self) -> dict[str, np.ndarray]:
        """NPS, CSAT and CES answers as floats, NaN where missing or off the scale."""
        return {column: valid_scores(self.surveys_frame, column) for column in SCALES}

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

    # -- customers, orders and sales runs ---------------------------------------------

    @cached_property
    def _encoded(self) -> Encoded:
        frame = self.sales_frame
        day = self._sales_days
        customer_values = frame["customer_id"].array
        order_values = frame["order_id"].array if "order_id" in frame.columns else None
        amounts = frame["amount"].to_numpy(dtype=np.float64, na_value=np.nan)
        cents = np.rint(np.nan_to_num(amounts) * 100).astype(np.int64)

        # Runs: a new run starts where the date, the customer or the order id changes.
        heads = np.ones(len(day), dtype=bool)
        if len(day) > 1:
            differs = day[1:] != day[:-1]
            differs |= _differs_from_previous(customer_values)
            if order_values is not None:
                differs |= _differs_from_previous(order_values)
            heads[1:] = differs
        starts = np.flatnonzero(heads)
        run_cents = np.add.reduceat(cents, starts) if len(starts) else cents
        run_day = day[starts]

        # Sales customers first, so they get the codes 0 .. n-1.
        (customer, complaint_customers, survey_customers), customer_ids = encode_text(
            customer_values.take(starts),
            self.complaints_frame["customer_id"].array,
            self.surveys_frame["customer_id"].array,
        )
        if (customer < 0).any():
            raise ValueError("sales rows without a customer")
        n_sales_customers = int(customer.max()) + 1 if len(customer) else 0

        day0 = int(run_day.min()) if len(run_day) else 0
        span = int(run_day.max()) - day0 + 1 if len(run_day) else 1
        if order_values is not None:
            order, n_ids = encode_increasing_text(order_values.take(starts))
        else:
            order = np.full(len(starts), -1, dtype=np.int64)
            n_ids = 0
        # Without an order id, an order is a distinct (customer, date) pair.
        without_id = order < 0
        pairs = combine(customer[without_id], run_day[without_id] - day0, span)
        distinct_pairs = distinct(pairs)
        order[without_id] = n_ids + np.searchsorted(distinct_pairs, pairs)

        month_of_day = self.axis_months(np.arange(day0, day0 + span, dtype=np.int64))
        runs = SalesRuns(
            customer=customer,
            day=run_day,
            month=month_of_day[run_day - day0],
            cents=run_cents,
            order=order,
        )
        return Encoded(
            runs=runs,
            n_sales_customers=n_sales_customers,
            n_orders=n_ids + len(distinct_pairs),
            complaint_customers=complaint_customers,
            survey_customers=survey_customers,
            customer_ids=customer_ids,
        )

    @property
    def runs(self) -> SalesRuns:
        return self._encoded.runs

    @property
    def n_sales_customers(self) -> int:
        return self._encoded.n_sales_customers

    @property
    def complaint_customers(self) -> np.ndarray:
        """Customer code of each complaint (-1 without one)."""
        return self._encoded.complaint_customers

    @property
    def survey_customers(self) -> np.ndarray:
        """Customer code of each survey answer (-1 without one)."""
        return self._encoded.survey_customers

    @property
    def n_customers(self) -> int:
        """Customers in any data set (sales customers first)."""
        return len(self._encoded.customer_ids)

    def customer_id(self, codes: np.ndarray) -> list[str]:
        return [str(v) for v in self._encoded.customer_ids.take(pa.array(codes)).to_pylist()]

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
    def revenue_by_first_month(self) -> np.ndarray:
        """(axis months × axis months) cents: revenue in month m (column) from customers
        whose first line is in month f (row)."""
        months, runs = self.axis.months, self.runs
        cohort = self.first_month[runs.customer]
        cents = np.bincount(cohort * months + runs.month, weights=runs.cents, minlength=months**2)
        return np.rint(cents).reshape(months, months)

    @cached_property
    def _orders(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per order code: first and last axis month, lowest and highest customer code."""
        runs, n = self.runs, self._encoded.n_orders
        first = np.full(n, self.axis.months, dtype=np.int64)
        last = np.full(n, -1, dtype=np.int64)
        np.minimum.at(first, runs.order, runs.month)
        np.maximum.at(last, runs.order, runs.month)
        low = np.full(n, self.n_sales_customers, dtype=np.int64)
        high = np.full(n, -1, dtype=np.int64)
        np.minimum.at(low, runs.order, runs.customer)
        np.maximum.at(high, runs.order, runs.customer)
        return first, last, low, high

    @cached_property
    def _multi_month_orders(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (order, month) pairs of the (rare) orders with lines in several
        months, sorted by order then month."""
        first, last, _low, _high = self._orders
        runs = self.runs
        mine = (first != last)[runs.order]
        pairs = distinct(combine(runs.order[mine], runs.month[mine], self.axis.months))
        return pairs // self.axis.months, pairs % self.axis.months

    def orders_by(self, granularity: str) -> np.ndarray:
        """Distinct orders with a line in each period of the axis."""
        n = self.axis.n_periods(granularity)
        periods = self.axis.period_of_month(granularity)
        first, last, _low, _high = self._orders
        single = first == last
        counts = np.bincount(periods[first[single]], minlength=n)
        order, month = self._multi_month_orders
        period = periods[month]
        # Pairs are sorted by order then month, so equal (order, period) pairs are adjacent.
        new = np.ones(len(order), dtype=bool)
        new[1:] = (order[1:] != order[:-1]) | (period[1:] != period[:-1])
        return counts + np.bincount(period[new], minlength=n)

    @cached_property
    def second_order_month(self) -> np.ndarray:
        """Axis month in which each sales customer's second distinct order first appears
        (``axis.months`` when the customer has one order only)."""
        months = self.axis.months
        first, _last, low, high = self._orders
        runs = self.runs
        # Each (customer, order) with the first month the order shows for that customer;
        # an order id shared by several customers (rare) counts once for each of them.
        own = low == high
        customer = [low[own]]
        month = [first[own]]
        shared = ~own[runs.order]
        if shared.any():
            key = combine(runs.order[shared], runs.customer[shared], self.n_sales_customers)
            pairs = distinct(combine(key, runs.month[shared], months))
            firsts = group_starts(pairs // months)
            customer.append((pairs[firsts] // months) % self.n_sales_customers)
            month.append(pairs[firsts] % months)
        c, m = np.concatenate(customer), np.concatenate(month)
        first_month = self.first_month
        at_first = m == first_month[c]
        at_first_count = np.bincount(c[at_first], minlength=self.n_sales_customers)
        later = np.full(self.n_sales_customers, months, dtype=np.int64)
        np.minimum.at(later, c[~at_first], m[~at_first])
        return np.where(at_first_count >= 2, first_month, later)

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
