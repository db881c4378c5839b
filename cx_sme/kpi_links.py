"""KPIs across data sets, linked by ``customer_id`` (spec/KPIS.md, "Across data sets").

- retention_promoters / _passives / _detractors(P): customers who answered in P, each in
  the group of their latest valid NPS answer in P; the share of each group active (with
  a sales line) in P+1.
- retention_complainers(P): the share of customers with a complaint opened in P that is
  active in P+1; ``retention_all_active`` (for the UI, beside it): the same share among
  all customers active in P.
- These retention shares are NaN when P+1 is outside the sales loaded (so for the last
  period loaded) or the group is empty.
- revenue_at_risk(P): revenue of the 12 months ending at the end of P from customers who,
  at the end of P, have a detractor score (0–6) as their latest valid NPS answer or a
  complaint still open.

The table covers every period from the first to the last period of any data set.

>>> sales = pd.DataFrame({
...     "date": pd.to_datetime(["2025-01-10", "2025-01-11", "2025-02-02"]),
...     "customer_id": ["A", "B", "A"], "amount": [100.0, 40.0, 70.0],
... })
>>> surveys = pd.DataFrame({
...     "date": pd.to_datetime(["2025-01-15", "2025-01-16"]), "customer_id": ["A", "B"],
...     "nps": [10.0, 2.0], "csat": [None, None], "ces": [None, None],
... })
>>> links = link_kpis(sales, None, surveys, "month")
>>> links.loc["2025-01", ["retention_promoters", "retention_detractors"]].tolist()
[100.0, 0.0]
>>> links["revenue_at_risk"].tolist()
[40.0, 40.0]
>>> who = revenue_at_risk_customers(sales, None, surveys, "2025-02")
>>> who[["customer_id", "reason", "revenue"]].values.tolist()
[['B', 'detractor', 40.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cx_sme.kpi_base import KpiBase, check_granularity, combine, distinct, safe_divide
from cx_sme.kpi_surveys import valid_scores

COLUMNS = (
    "retention_promoters",
    "retention_passives",
    "retention_detractors",
    "retention_complainers",
    "revenue_at_risk",
)
UI_COLUMNS = (*COLUMNS, "retention_all_active")
MONEY = frozenset({"revenue_at_risk"})
COUNTS: frozenset[str] = frozenset()
GROUPS = ("promoters", "passives", "detractors")
WINDOW_MONTHS = 12


def period_range(base: KpiBase, granularity: str) -> tuple[int, int] | None:
    return base.period_span(
        granularity, base.sales_month_range, base.complaint_month_range, base.survey_month_range
    )


def _nps_group(score: np.ndarray) -> np.ndarray:
    """0 promoter, 1 passive, 2 detractor."""
    return np.where(score >= 9, 0, np.where(score >= 7, 1, 2))


def _latest(keys: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Index of the latest row (by day, then by position) for each distinct key."""
    order = np.lexsort((np.arange(len(keys)), day, keys))
    sorted_keys = keys[order]
    last = np.ones(len(order), dtype=bool)
    if len(order):
        np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=last[:-1])
    return order[last]


def _active_next(base: KpiBase, matrix: np.ndarray, customer: np.ndarray, period: np.ndarray):
    """Whether each (customer, period) has a sales line in period + 1."""
    inside = (customer < base.n_sales_customers) & (period + 1 < matrix.shape[0])
    out = np.zeros(len(customer), dtype=bool)
    out[inside] = matrix[period[inside] + 1, customer[inside]]
    return out


def table(base: KpiBase, granularity: str, *, span: tuple[int, int] | None = None) -> pd.DataFrame:
    """The links table (with ``retention_all_active``) on an encoded base."""
    check_granularity(granularity)
    span = span or period_range(base, granularity)
    if span is None:
        return _empty()
    first, last = span
    n = base.axis.n_periods(granularity)
    periods = base.axis.period_of_month(granularity)
    matrix = base.activity_by(granularity)

    # P+1 must be a period with sales loaded.
    sales_span = base.period_span(granularity, base.sales_month_range)
    defined = np.zeros(n, dtype=bool)
    if sales_span is not None:
        defined[max(sales_span[0] - 1, 0) : sales_span[1]] = True

    columns: dict[str, np.ndarray] = {}
    nps = valid_scores(base.surveys_frame, "nps")
    customer = base.survey_customers
    usable = ~np.isnan(nps) & (customer >= 0)
    s_customer, s_period = customer[usable], periods[base.survey_months[usable]]
    latest = _latest(combine(s_customer, s_period, n), base.survey_days[usable])
    group = _nps_group(nps[usable][latest])
    kept = _active_next(base, matrix, s_customer[latest], s_period[latest])
    for index, name in enumerate(GROUPS):
        in_group = group == index
        total = np.bincount(s_period[latest][in_group], minlength=n)
        active = np.bincount(s_period[latest][in_group & kept], minlength=n)
        columns[f"retention_{name}"] = _where(defined, safe_divide(active, total) * 100)

    c_customer = base.complaint_customers
    has_customer = c_customer >= 0
    opened = periods[base.complaint_months[0][has_customer]]
    pairs = distinct(combine(c_customer[has_customer], opened, n))
    pair_customer, pair_period = pairs // n, pairs % n
    kept = _active_next(base, matrix, pair_customer, pair_period)
    total = np.bincount(pair_period, minlength=n)
    active = np.bincount(pair_period[kept], minlength=n)
    columns["retention_complainers"] = _where(defined, safe_divide(active, total) * 100)

    last_months = np.array([base.axis.last_month(granularity, p) for p in range(n)])
    columns["revenue_at_risk"] = base_risk(base).revenue_cents[last_months] / 100

    everyone = np.zeros(n, dtype=np.int64)
    both = np.zeros(n, dtype=np.int64)
    everyone[:] = np.count_nonzero(matrix, axis=1)
    both[:-1] = np.count_nonzero(matrix[:-1] & matrix[1:], axis=1)
    columns["retention_all_active"] = _where(defined, safe_divide(both, everyone) * 100)

    window = slice(first, last + 1)
    frame = pd.DataFrame(
        {name: columns[name][window] for name in UI_COLUMNS},
        index=pd.Index(base.axis.keys(granularity, first, last), name="period"),
    )
    return frame.astype(np.float64)


def _where(defined: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.where(defined, values, np.nan)


@dataclass(frozen=True)
class Risk:
    """Customers at risk at the end of each axis month (candidates: customers with an
    NPS answer or a complaint)."""

    candidates: np.ndarray  # customer codes
    latest_nps: np.ndarray  # (months × candidates) latest valid NPS so far, NaN if none
    open_complaints: np.ndarray  # (months × candidates) complaints open at month end
    revenue12_cents: np.ndarray  # (months × candidates) revenue of the 12 months to date
    revenue_cents: np.ndarray  # (months,) revenue at risk at each month end

    def at_risk(self, month: int) -> np.ndarray:
        return (self.latest_nps[month] <= 6) | (self.open_complaints[month] > 0)


def base_risk(base: KpiBase) -> Risk:
    """The revenue-at-risk state of every axis month, computed once per base."""
    return base.remember(("risk", ""), lambda: _risk(base))


def _risk(base: KpiBase) -> Risk:
    months = base.axis.months
    nps = valid_scores(base.surveys_frame, "nps")
    s_customer = base.survey_customers
    answered = ~np.isnan(nps) & (s_customer >= 0)
    c_customer = base.complaint_customers
    candidates = distinct(np.concatenate([s_customer[answered], c_customer[c_customer >= 0]]))
    width = len(candidates)
    slot = np.full(base.n_customers, -1, dtype=np.int64)
    slot[candidates] = np.arange(width)

    # Latest valid NPS answer of each candidate by month end (carried forward).
    s_slot = slot[s_customer[answered]]
    s_month = base.survey_months[answered]
    latest = _latest(combine(s_slot, s_month, months), base.survey_days[answered])
    scores = np.full((months, width), np.nan)
    scores[s_month[latest], s_slot[latest]] = nps[answered][latest]
    seen = np.where(~np.isnan(scores), np.arange(months)[:, None], -1)
    np.maximum.accumulate(seen, axis=0, out=seen)
    latest_nps = np.where(seen >= 0, scores[np.maximum(seen, 0), np.arange(width)[None, :]], np.nan)

    # Complaints open at each month end: +1 from the opening month, -1 from the closing one.
    opened_month, closed_month = base.complaint_months
    has_customer = c_customer >= 0
    c_slot = slot[c_customer[has_customer]]
    change = np.zeros((months + 1, width), dtype=np.int64)
    np.add.at(change, (opened_month[has_customer], c_slot), 1)
    closing = closed_month[has_customer]
    closes = closing >= 0
    np.add.at(change, (np.minimum(closing[closes], months), c_slot[closes]), -1)
    open_complaints = np.cumsum(change, axis=0)[:months]

    # Revenue of the 12 months ending with each month.
    runs = base.runs
    r_slot = slot[runs.customer]
    mine = r_slot >= 0
    monthly = np.bincount(
        runs.month[mine] * width + r_slot[mine],
        weights=runs.cents[mine],
        minlength=months * width,
    )
    to_date = np.cumsum(np.rint(monthly).astype(np.int64).reshape(months, width), axis=0)
    revenue12 = to_date.copy()
    revenue12[WINDOW_MONTHS:] -= to_date[:-WINDOW_MONTHS]

    risky = (latest_nps <= 6) | (open_complaints > 0)
    revenue = (revenue12 * risky).sum(axis=1)
    return Risk(candidates, latest_nps, open_complaints, revenue12, revenue)


def link_kpis(
    sales: pd.DataFrame,
    complaints: pd.DataFrame | None,
    surveys: pd.DataFrame | None,
    granularity: str,
) -> pd.DataFrame:
    """Retention by NPS group and of complainers, and revenue at risk, by period."""
    return table(KpiBase(sales, complaints, surveys), granularity)


def at_risk_customers(base: KpiBase, period: str) -> pd.DataFrame:
    """Who makes up revenue_at_risk(period), on an encoded base."""
    risk = base_risk(base)
    month = base.axis.month_of_key(period)
    columns = ("customer_id", "customer_name", "latest_nps", "detractor", "open_complaints",
               "reason", "revenue")  # fmt: skip
    if not 0 <= month < base.axis.months or len(risk.candidates) == 0:
        return pd.DataFrame({c: [] for c in columns})
    mask = risk.at_risk(month)
    codes = risk.candidates[mask]
    latest = risk.latest_nps[month][mask]
    detractor = latest <= 6
    open_count = risk.open_complaints[month][mask]
    reason = np.where(
        detractor & (open_count > 0),
        "detractor_and_complaint",
        np.where(detractor, "detractor", "open_complaint"),
    )
    ids = base.customer_id(codes)
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "customer_name": _names(base.sales_frame, ids),
            "latest_nps": latest,
            "detractor": detractor,
            "open_complaints": open_count.astype(np.int64),
            "reason": reason,
            "revenue": risk.revenue12_cents[month][mask] / 100,
        }
    )
    return frame.sort_values(
        ["revenue", "customer_id"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def revenue_at_risk_customers(
    sales: pd.DataFrame,
    complaints: pd.DataFrame | None,
    surveys: pd.DataFrame | None,
    period: str,
) -> pd.DataFrame:
    """The customers behind revenue_at_risk(period), largest revenue first: customer_id,
    customer_name, latest_nps, detractor, open_complaints, reason (``detractor``,
    ``open_complaint`` or ``detractor_and_complaint``) and revenue of the 12 months
    ending with the period. The revenue column sums to revenue_at_risk(period)."""
    return at_risk_customers(KpiBase(sales, complaints, surveys), period)


def _names(sales: pd.DataFrame, ids: list[str]) -> list[str | None]:
    """The latest non-empty customer name of each id in the sales (None without one)."""
    if "customer_name" not in sales.columns or not ids:
        return [None] * len(ids)
    rows = sales.loc[sales["customer_id"].isin(ids), ["customer_id", "customer_name"]]
    rows = rows[rows["customer_name"].notna() & (rows["customer_name"] != "")]
    latest = rows.groupby("customer_id", sort=False)["customer_name"].last()
    return [None if pd.isna(v) else str(v) for v in latest.reindex(ids).tolist()]


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: [] for c in UI_COLUMNS}, index=pd.Index([], name="period", dtype=str))
    return frame.astype(np.float64)
