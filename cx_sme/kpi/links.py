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

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cx_sme.kpi.base import (
    Axis,
    KpiBase,
    check_granularity,
    combine,
    distinct,
    kpi_frame,
    safe_divide,
)
from cx_sme.kpi.sales import sales_core

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


def _answers(base: KpiBase) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Valid NPS answers with a customer, ordered by customer, day, then row:
    (customer code, axis month, score). Computed once per base."""

    def build() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        nps, customer = base.scores["nps"], base.survey_customers
        usable = ~np.isnan(nps) & (customer >= 0)
        day = base.survey_days[usable]
        if len(day) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        day0 = int(day.min())
        key = combine(customer[usable], day - day0, int(day.max()) - day0 + 1)
        order = np.argsort(key, kind="stable")
        return customer[usable][order], base.survey_months[usable][order], nps[usable][order]

    return base.remember(("answers", ""), build)


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
    # Answers ordered by customer, then day: the last of each (customer, period) run is
    # the customer's latest answer in the period.
    s_customer, s_month, s_score = _answers(base)
    s_period = periods[s_month]
    latest = np.ones(len(s_customer), dtype=bool)
    latest[:-1] = (s_customer[1:] != s_customer[:-1]) | (s_period[1:] != s_period[:-1])
    s_customer, s_period, group = s_customer[latest], s_period[latest], _nps_group(s_score[latest])
    kept = _active_next(base, matrix, s_customer, s_period)
    for index, name in enumerate(GROUPS):
        in_group = group == index
        total = np.bincount(s_period[in_group], minlength=n)
        active = np.bincount(s_period[in_group & kept], minlength=n)
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
    columns["revenue_at_risk"] = revenue_at_risk_by_month(base)[last_months]

    core = sales_core(base, granularity)
    both = np.zeros(n, dtype=np.int64)
    both[:-1] = core.continuing[1:]
    columns["retention_all_active"] = _where(defined, safe_divide(both, core.active) * 100)

    return kpi_frame(base.axis, granularity, (first, last), columns, UI_COLUMNS, COUNTS)


def _where(defined: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.where(defined, values, np.nan)


@dataclass
class RiskState:
    """The state of the candidates (customers with an NPS answer or a complaint) at the
    end of one month, walking the axis month by month."""

    candidates: np.ndarray  # customer codes
    latest_nps: np.ndarray  # latest valid NPS answer so far, NaN if none
    open_complaints: np.ndarray  # complaints open at the month's end
    revenue12_cents: np.ndarray  # revenue of the 12 months ending with the month

    @property
    def at_risk(self) -> np.ndarray:
        return (self.latest_nps <= 6) | (self.open_complaints > 0)


def _walk(base: KpiBase) -> Iterator[tuple[int, RiskState]]:
    """The risk state at the end of every axis month, in order (one state, updated)."""
    months = base.axis.months
    nps = base.scores["nps"]
    s_customer = base.survey_customers
    answered = ~np.isnan(nps) & (s_customer >= 0)
    c_customer = base.complaint_customers
    candidates = distinct(np.concatenate([s_customer[answered], c_customer[c_customer >= 0]]))
    width = len(candidates)
    slot = np.full(base.n_customers, -1, dtype=np.int64)
    slot[candidates] = np.arange(width)

    # Answers sorted by (month, day, row): applying them in order leaves the latest.
    s_slot, s_month = slot[s_customer[answered]], base.survey_months[answered]
    order = np.lexsort((np.arange(len(s_slot)), base.survey_days[answered], s_month))
    s_slot, s_month, s_score = s_slot[order], s_month[order], nps[answered][order]
    s_bounds = np.searchsorted(s_month, np.arange(months + 1))

    # +1 in the opening month, -1 in the closing month (closings after the axis never).
    opened_month, closed_month = base.complaint_months
    with_customer = c_customer >= 0
    c_slot = slot[c_customer[with_customer]]
    closing = closed_month[with_customer]
    closes = (closing >= 0) & (closing < months)
    change = np.bincount(
        np.concatenate([opened_month[with_customer] * width + c_slot,
                        closing[closes] * width + c_slot[closes]]),
        weights=np.concatenate([np.ones(len(c_slot)), -np.ones(int(closes.sum()))]),
        minlength=months * width,
    ).reshape(months, width)  # fmt: skip

    runs = base.runs
    r_slot = slot[runs.customer]
    mine = r_slot >= 0
    revenue = np.bincount(
        runs.month[mine] * width + r_slot[mine], weights=runs.cents[mine], minlength=months * width
    ).reshape(months, width)

    state = RiskState(
        candidates=candidates,
        latest_nps=np.full(width, np.nan),
        open_complaints=np.zeros(width),
        revenue12_cents=np.zeros(width),
    )
    for month in range(months):
        here = slice(s_bounds[month], s_bounds[month + 1])
        state.latest_nps[s_slot[here]] = s_score[here]
        state.open_complaints += change[month]
        state.revenue12_cents += revenue[month]
        if month >= WINDOW_MONTHS:
            state.revenue12_cents -= revenue[month - WINDOW_MONTHS]
        yield month, state


def revenue_at_risk_by_month(base: KpiBase) -> np.ndarray:
    """Revenue at risk (euros) at the end of every axis month, computed once per base."""

    def build() -> np.ndarray:
        out = np.zeros(base.axis.months)
        for month, state in _walk(base):
            out[month] = state.revenue12_cents[state.at_risk].sum()
        return np.rint(out) / 100

    return base.remember(("risk", ""), build)


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
    target = base.axis.month_of_key(period)
    columns = ("customer_id", "customer_name", "latest_nps", "detractor", "open_complaints",
               "reason", "revenue")  # fmt: skip
    if not 0 <= target < base.axis.months:
        return pd.DataFrame({c: [] for c in columns})
    state = next(state for month, state in _walk(base) if month == target)
    mask = state.at_risk
    latest = state.latest_nps[mask]
    detractor = latest <= 6
    open_count = np.rint(state.open_complaints[mask]).astype(np.int64)
    reason = np.where(
        detractor & (open_count > 0),
        "detractor_and_complaint",
        np.where(detractor, "detractor", "open_complaint"),
    )
    ids = base.customer_id(state.candidates[mask])
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "customer_name": _names(base.sales_frame, ids),
            "latest_nps": latest,
            "detractor": detractor,
            "open_complaints": open_count,
            "reason": reason,
            "revenue": np.rint(state.revenue12_cents[mask]) / 100,
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
    return kpi_frame(Axis(2000, 12), "month", None, {}, UI_COLUMNS, COUNTS)
