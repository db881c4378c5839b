"""Sales KPIs by period, exactly as spec/KPIS.md defines them.

One row per period from the first to the last period with sales (no gaps); undefined
values are NaN. Money is in euros (summed in whole cents, so it is exact); rates and
shares are 0–100.

- revenue: sum of ``amount`` (credit notes, negative, included).
- orders: distinct ``order_id`` in the period; lines without an order id count as
  distinct (customer, date) pairs.
- active/new/returning customers, revenue from returning customers.
- average_ticket = revenue / orders; revenue_per_customer = revenue / active customers.
- retention_rate = share of the previous period's customers active again; NaN when the
  previous period had no customers. churn_rate = 100 − retention_rate.
- repeat_purchase_rate: customers with two or more orders among customers with at least
  one, over all data up to the end of the period.

>>> sales = pd.DataFrame({
...     "date": pd.to_datetime(["2025-01-10", "2025-01-10", "2025-02-03", "2025-02-20"]),
...     "customer_id": ["A", "A", "A", "B"],
...     "amount": [100.0, 50.0, 80.0, -20.0],
...     "order_id": ["F1", "F1", "F2", None],
... })
>>> kpis = sales_kpis(sales, "month")
>>> kpis.loc["2025-02", ["revenue", "orders", "new_customers", "retention_rate"]].tolist()
[60.0, 2.0, 1.0, 100.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cx_sme.kpi.base import STEP, Axis, KpiBase, check_granularity, kpi_frame, safe_divide

COLUMNS = (
    "revenue",
    "orders",
    "active_customers",
    "new_customers",
    "returning_customers",
    "revenue_returning",
    "average_ticket",
    "retention_rate",
    "churn_rate",
    "repeat_purchase_rate",
    "revenue_per_customer",
)
MONEY = frozenset({"revenue", "revenue_returning", "average_ticket", "revenue_per_customer"})
COUNTS = frozenset({"orders", "active_customers", "new_customers", "returning_customers"})
WARM_UP_MONTHS = 12


@dataclass(frozen=True)
class SalesCore:
    """Sales figures for every period of the axis (shared with the other KPI modules)."""

    revenue_cents: np.ndarray
    orders: np.ndarray
    active: np.ndarray
    continuing: np.ndarray  # customers active in the period and in the one before


def sales_core(base: KpiBase, granularity: str) -> SalesCore:
    """Revenue, orders and active customers per period of the whole axis."""

    def build() -> SalesCore:
        periods = base.axis.period_of_month(granularity)
        n = base.axis.n_periods(granularity)
        monthly = base.revenue_by_first_month.sum(axis=0)
        revenue = np.bincount(periods, weights=monthly, minlength=n)
        orders = base.orders_by(granularity)
        matrix = base.activity_by(granularity)
        active = np.count_nonzero(matrix, axis=1)
        continuing = np.zeros(n, dtype=np.int64)
        continuing[1:] = np.count_nonzero(matrix[1:] & matrix[:-1], axis=1)
        return SalesCore(np.rint(revenue).astype(np.int64), orders, active, continuing)

    return base.remember(("sales_core", granularity), build)


def period_range(base: KpiBase, granularity: str) -> tuple[int, int] | None:
    """First and last period (axis indexes) with sales."""
    return base.period_span(granularity, base.sales_month_range)


def table(base: KpiBase, granularity: str, span: tuple[int, int] | None = None) -> pd.DataFrame:
    """The sales KPI table computed on an encoded base, over ``span`` (axis periods;
    default: the periods with sales)."""
    check_granularity(granularity)
    span = span or period_range(base, granularity)
    if span is None:
        return _empty()
    first, last = span
    n = base.axis.n_periods(granularity)
    periods = base.axis.period_of_month(granularity)
    core = sales_core(base, granularity)

    new = np.bincount(periods[base.first_month], minlength=n)
    # Revenue by (first month, month): returning when the first month's period is earlier.
    by_first = base.revenue_by_first_month
    earlier = periods[:, None] < periods[None, :]
    revenue_returning = np.bincount(periods, weights=(by_first * earlier).sum(axis=0), minlength=n)
    previous = np.zeros(n, dtype=np.int64)
    previous[1:] = core.active[:-1]
    retention = safe_divide(core.continuing, previous) * 100

    second = base.second_order_month
    with_two = np.bincount(periods[second[second < base.axis.months]], minlength=n)
    buyers = np.cumsum(new)
    repeat = safe_divide(np.cumsum(with_two), buyers) * 100

    revenue = core.revenue_cents / 100
    columns = {
        "revenue": revenue,
        "orders": core.orders,
        "active_customers": core.active,
        "new_customers": new,
        "returning_customers": core.active - new,
        "revenue_returning": np.rint(revenue_returning) / 100,
        "average_ticket": safe_divide(revenue, core.orders),
        "retention_rate": retention,
        "churn_rate": 100 - retention,
        "repeat_purchase_rate": repeat,
        "revenue_per_customer": safe_divide(revenue, core.active),
    }
    return kpi_frame(base.axis, granularity, (first, last), columns, COLUMNS, COUNTS)


def sales_kpis(sales: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """The sales KPIs of every period from the first to the last period with sales."""
    return table(KpiBase(sales), granularity)


def warm_up(base: KpiBase, granularity: str) -> list[str]:
    """Periods that start before 12 whole months of sales history exist."""
    span = period_range(base, granularity)
    if span is None or base.sales_month_range is None:
        return []
    first_month = base.sales_month_range[0]
    step = STEP[granularity]
    return [
        base.axis.key(granularity, p)
        for p in range(span[0], span[1] + 1)
        if p * step - first_month < WARM_UP_MONTHS
    ]


def warm_up_periods(sales: pd.DataFrame, granularity: str) -> list[str]:
    """Periods with fewer than 12 months of history before them: everyone looks new.

    A period is warm-up when fewer than 12 calendar months of data (counted from the month
    of the first sales line) lie before its first day.

    >>> sales = pd.DataFrame({"date": pd.to_datetime(["2024-03-05", "2025-06-30"]),
    ...                       "customer_id": ["A", "B"], "amount": [1.0, 2.0]})
    >>> warm_up_periods(sales, "year"), warm_up_periods(sales, "quarter")[-1]
    (['2024', '2025'], '2025Q1')
    """
    check_granularity(granularity)
    return warm_up(KpiBase(sales), granularity)


def _empty() -> pd.DataFrame:
    return kpi_frame(Axis(2000, 12), "month", None, {}, COLUMNS, COUNTS)
