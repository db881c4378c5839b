"""Complaint KPIs by period, exactly as spec/KPIS.md defines them.

The table covers every period from the first to the last period in which complaints were
opened or sales were made (no gaps). Undefined values are NaN.

- complaints: rows opened in the period.
- complaint_rate = complaints / orders × 100 (NaN without sales in the period).
- open_backlog: rows opened on or before the period's last day and not closed by then.
- median_resolution_days and within_sla (share ≤ ``sla_days``): over rows *closed* in the
  period; resolution time = closed − opened in calendar days.
- cost_to_serve = cost of complaints opened in the period / active customers; empty
  costs count as 0, and the KPI is NaN when the log has no cost at all.

>>> complaints = pd.DataFrame({
...     "opened": pd.to_datetime(["2025-01-05", "2025-01-20"]),
...     "closed": pd.to_datetime(["2025-01-08", None]),
...     "customer_id": ["A", None], "owner": ["Anna", ""], "cost": [10.0, None],
... })
>>> sales = pd.DataFrame({"date": pd.to_datetime(["2025-01-02"]), "customer_id": ["A"],
...                       "amount": [100.0], "order_id": ["F1"]})
>>> row = complaint_kpis(complaints, sales, "month").loc["2025-01"]
>>> row[["complaints", "complaint_rate", "open_backlog", "median_resolution_days"]].tolist()
[2.0, 200.0, 1.0, 3.0]
>>> len(unowned_open(complaints))
1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cx_sme.kpi import sales as kpi_sales
from cx_sme.kpi.base import Axis, KpiBase, check_granularity, combine, kpi_frame, safe_divide

COLUMNS = (
    "complaints",
    "complaint_rate",
    "open_backlog",
    "median_resolution_days",
    "within_sla",
    "cost_to_serve",
)
MONEY = frozenset({"cost_to_serve"})
COUNTS = frozenset({"complaints", "open_backlog"})
DEFAULT_SLA_DAYS = 7


def period_range(base: KpiBase, granularity: str) -> tuple[int, int] | None:
    return base.period_span(granularity, base.sales_month_range, base.complaint_month_range)


def table(
    base: KpiBase,
    granularity: str,
    *,
    sla_days: int = DEFAULT_SLA_DAYS,
    span: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """The complaint KPI table on an encoded base, over ``span`` (axis periods)."""
    check_granularity(granularity)
    span = span or period_range(base, granularity)
    if span is None:
        return _empty()
    first, last = span
    n = base.axis.n_periods(granularity)
    periods = base.axis.period_of_month(granularity)
    opened_month, closed_month = base.complaint_months
    opened_day, closed_day = base.complaint_days

    opened_period = periods[opened_month]
    complaints = np.bincount(opened_period, minlength=n)
    # Closings after the axis end fall after every period shown: still open in all of them.
    closed = (closed_month >= 0) & (closed_month < base.axis.months)
    closed_period = periods[closed_month[closed]]
    closings = np.bincount(closed_period, minlength=n)
    backlog = np.cumsum(complaints) - np.cumsum(closings)

    resolution = (closed_day - opened_day)[closed]
    median = _medians(closed_period, resolution, closings)
    within = np.bincount(closed_period, weights=resolution <= sla_days, minlength=n)

    core = kpi_sales.sales_core(base, granularity)
    cost = base.complaints_frame["cost"].to_numpy(dtype=np.float64, na_value=np.nan)
    if np.isnan(cost).all():
        cost_to_serve = np.full(n, np.nan)
    else:
        cents = np.rint(np.nan_to_num(cost) * 100)
        cost_total = np.rint(np.bincount(opened_period, weights=cents, minlength=n)) / 100
        cost_to_serve = safe_divide(cost_total, core.active)

    columns = {
        "complaints": complaints,
        "complaint_rate": safe_divide(complaints, core.orders) * 100,
        "open_backlog": backlog,
        "median_resolution_days": median,
        "within_sla": safe_divide(within, closings) * 100,
        "cost_to_serve": cost_to_serve,
    }
    return kpi_frame(base.axis, granularity, (first, last), columns, COLUMNS, COUNTS)


def _medians(period: np.ndarray, value: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Median of ``value`` within each period (the mean of the two middle values when the
    count is even, as Excel's MEDIAN); NaN for periods without values."""
    out = np.full(len(counts), np.nan)
    if len(value) == 0:
        return out
    width = int(value.max()) + 1
    ordered = np.sort(combine(period, value, width)) % width
    ends = np.cumsum(counts)
    starts = ends - counts
    some = counts > 0
    low = ordered[starts[some] + (counts[some] - 1) // 2]
    high = ordered[starts[some] + counts[some] // 2]
    out[some] = (low + high) / 2
    return out


def complaint_kpis(
    complaints: pd.DataFrame,
    sales: pd.DataFrame,
    granularity: str,
    *,
    sla_days: int = DEFAULT_SLA_DAYS,
) -> pd.DataFrame:
    """The complaint KPIs of every period with complaints opened or sales."""
    return table(KpiBase(sales, complaints), granularity, sla_days=sla_days)


def unowned_open(complaints: pd.DataFrame) -> pd.DataFrame:
    """Complaints still open now (no closing date) whose owner is empty, oldest first."""
    owner = complaints["owner"].astype(object)
    empty_owner = owner.isna() | (owner.astype(str).str.strip() == "")
    mask = complaints["closed"].isna() & empty_owner
    return complaints.loc[mask].sort_values("opened", kind="stable")


def _empty() -> pd.DataFrame:
    return kpi_frame(Axis(2000, 12), "month", None, {}, COLUMNS, COUNTS)
