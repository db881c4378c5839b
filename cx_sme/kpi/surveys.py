"""Survey KPIs by period (NPS, CSAT, CES), exactly as spec/KPIS.md defines them.

The table covers every period from the first to the last period with survey answers
(or sales, when computed with them by :mod:`cx_sme.kpi.engine`). Undefined values are NaN.

- responses: answers with at least one valid score; promoters (NPS 9–10), passives (7–8),
  detractors (0–6) count valid NPS answers.
- nps = (promoters − detractors) / valid NPS answers × 100, from −100 to +100.
- nps_margin: the 95 % margin of error, 1.96 × √((p + d − (p − d)²) / n) × 100; with fewer
  than 30 NPS answers the sample is small (:func:`small_sample`).
- csat: share of valid CSAT answers scoring 4 or 5; ces: mean of valid CES answers.

>>> surveys = pd.DataFrame({
...     "date": pd.to_datetime(["2025-03-01", "2025-03-09", "2025-03-30"]),
...     "customer_id": ["A", "B", None], "nps": [10.0, 8.0, 3.0],
...     "csat": [5.0, None, 2.0], "ces": [None, None, None],
... })
>>> kpis = survey_kpis(surveys, "month")
>>> kpis.loc["2025-03", ["responses", "nps", "csat"]].tolist(), small_sample(kpis).tolist()
([3.0, 0.0, 50.0], [True])
>>> round(float(kpis.loc["2025-03", "nps_margin"]), 1)
92.4
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cx_sme.kpi.base import SCALES as SCALES  # re-exported with valid_scores
from cx_sme.kpi.base import Axis, KpiBase, check_granularity, kpi_frame, safe_divide
from cx_sme.kpi.base import valid_scores as valid_scores

COLUMNS = (
    "responses",
    "nps",
    "nps_margin",
    "promoters",
    "passives",
    "detractors",
    "csat",
    "ces",
)
MONEY: frozenset[str] = frozenset()
COUNTS = frozenset({"responses", "promoters", "passives", "detractors"})
SMALL_SAMPLE = 30


def period_range(base: KpiBase, granularity: str) -> tuple[int, int] | None:
    return base.period_span(granularity, base.survey_month_range)


def table(base: KpiBase, granularity: str, *, span: tuple[int, int] | None = None) -> pd.DataFrame:
    """The survey KPI table on an encoded base, over ``span`` (axis periods)."""
    check_granularity(granularity)
    span = span or period_range(base, granularity)
    if span is None:
        return _empty()
    first, last = span
    n = base.axis.n_periods(granularity)
    period = base.axis.period_of_month(granularity)[base.survey_months]
    nps, csat, ces = (base.scores[c] for c in ("nps", "csat", "ces"))

    answered = ~(np.isnan(nps) & np.isnan(csat) & np.isnan(ces))
    responses = np.bincount(period[answered], minlength=n)
    promoters = np.bincount(period[nps >= 9], minlength=n)
    passives = np.bincount(period[(nps >= 7) & (nps < 9)], minlength=n)
    detractors = np.bincount(period[nps < 7], minlength=n)
    answers = promoters + passives + detractors
    p = safe_divide(promoters, answers)
    d = safe_divide(detractors, answers)
    with np.errstate(invalid="ignore"):
        margin = 1.96 * np.sqrt(safe_divide(p + d - (p - d) ** 2, answers)) * 100

    has_csat = ~np.isnan(csat)
    csat_answers = np.bincount(period[has_csat], minlength=n)
    satisfied = np.bincount(period[has_csat & (csat >= 4)], minlength=n)
    has_ces = ~np.isnan(ces)
    ces_answers = np.bincount(period[has_ces], minlength=n)
    ces_total = np.bincount(period[has_ces], weights=ces[has_ces], minlength=n)

    columns = {
        "responses": responses,
        "nps": safe_divide(promoters - detractors, answers) * 100,
        "nps_margin": margin,
        "promoters": promoters,
        "passives": passives,
        "detractors": detractors,
        "csat": safe_divide(satisfied, csat_answers) * 100,
        "ces": safe_divide(ces_total, ces_answers),
    }
    return kpi_frame(base.axis, granularity, (first, last), columns, COLUMNS, COUNTS)


def survey_kpis(surveys: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """The survey KPIs of every period from the first to the last survey answer."""
    return table(KpiBase(None, None, surveys), granularity)


def nps_answers(kpis: pd.DataFrame) -> pd.Series:
    """Valid NPS answers per period (the ``n`` of the NPS and its margin)."""
    return kpis["promoters"] + kpis["passives"] + kpis["detractors"]


def small_sample(kpis: pd.DataFrame) -> pd.Series:
    """True for periods with NPS answers but fewer than 30: the UI warns beside the NPS."""
    n = nps_answers(kpis)
    return (n > 0) & (n < SMALL_SAMPLE)


def _empty() -> pd.DataFrame:
    return kpi_frame(Axis(2000, 12), "month", None, {}, COLUMNS, COUNTS)
