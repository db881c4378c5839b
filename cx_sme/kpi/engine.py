"""The KPI engine's entry point: every table of spec/KPIS.md for one granularity or all.

Which periods each table covers (every period between the first and the last, no gaps):

- ``sales``: the periods with sales (first to last sales line).
- ``complaints``: the sales periods and the periods in which complaints were opened.
  A closing after the last such period shows in no row (the complaint is simply still
  open at the end of every period shown). Without sales in a period, complaint_rate and
  cost_to_serve are undefined.
- ``surveys``: the sales periods and the periods with survey answers.
- ``links``: the periods of any data set. Retention shares need sales in P+1, so they are
  undefined for the last period loaded (and any later one).

Undefined values are NaN (shown "—", exported empty). Counts are integers; money is in
euros (summed in whole cents); rates and shares are 0–100. The data sets are encoded once
(:class:`cx_sme.kpi.base.KpiBase`) and shared by every table and granularity, so
:func:`compute_all` costs little more than :func:`compute`.

>>> from cx_sme.core.frames import Frames
>>> sales = pd.DataFrame({"date": pd.to_datetime(["2025-01-10", "2025-02-10"]),
...                       "customer_id": ["A", "A"], "amount": [10.0, 15.5]})
>>> frames = Frames(sales, pd.DataFrame(columns=COMPLAINT_INPUT),
...                 pd.DataFrame(columns=SURVEY_INPUT), version=1)
>>> compute(frames, "quarter").sales["revenue"].to_dict()
{'2025Q1': 25.5}
>>> sorted(compute_all(frames))
['month', 'quarter', 'year']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cx_sme.core.datasets import KPI_TABLES
from cx_sme.core.frames import COMPLAINT_COLUMNS, SURVEY_COLUMNS, Frames
from cx_sme.core.periods import GRANULARITIES
from cx_sme.kpi import complaints as kpi_complaints
from cx_sme.kpi import links as kpi_links
from cx_sme.kpi import sales as kpi_sales
from cx_sme.kpi import surveys as kpi_surveys
from cx_sme.kpi.base import KpiBase, check_granularity

TABLES = KPI_TABLES
# The columns of each table as the command line and the exports give them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "sales": kpi_sales.COLUMNS,
    "complaints": kpi_complaints.COLUMNS,
    "surveys": kpi_surveys.COLUMNS,
    "links": kpi_links.COLUMNS,
}
# Money columns (exported to the cent) and counts (integers); every other figure is a
# float exported unrounded.
MONEY = kpi_sales.MONEY | kpi_complaints.MONEY | kpi_surveys.MONEY | kpi_links.MONEY
COUNTS = kpi_sales.COUNTS | kpi_complaints.COUNTS | kpi_surveys.COUNTS | kpi_links.COUNTS
COMPLAINT_INPUT = COMPLAINT_COLUMNS
SURVEY_INPUT = SURVEY_COLUMNS


@dataclass(frozen=True)
class KpiSet:
    """The four KPI tables of one granularity, indexed by period key.

    ``links`` also has ``retention_all_active`` (for the UI); ``warm_up`` lists the sales
    periods with fewer than 12 months of history before them. The cohort matrix is not
    here: only the cohort chart reads it, from :func:`cx_sme.kpi.cohorts.matrix`.
    """

    sales: pd.DataFrame
    complaints: pd.DataFrame
    surveys: pd.DataFrame
    links: pd.DataFrame
    granularity: str = "month"
    warm_up: tuple[str, ...] = ()


def encode(frames: Frames) -> KpiBase:
    """The data sets encoded once, to compute any table and granularity on."""
    return KpiBase(frames.sales, frames.complaints, frames.surveys)


def table(base: KpiBase, name: str, granularity: str, *, sla_days: int = 7) -> pd.DataFrame:
    """One KPI table (``sales``, ``complaints``, ``surveys`` or ``links``)."""
    check_granularity(granularity)
    if name == "sales":
        return kpi_sales.table(base, granularity)
    if name == "complaints":
        return kpi_complaints.table(base, granularity, sla_days=sla_days)
    if name == "surveys":
        span = base.period_span(granularity, base.sales_month_range, base.survey_month_range)
        return kpi_surveys.table(base, granularity, span=span)
    if name == "links":
        return kpi_links.table(base, granularity)
    raise ValueError(f"unknown KPI table {name!r}")


def _compute(base: KpiBase, granularity: str, sla_days: int) -> KpiSet:
    tables = {name: table(base, name, granularity, sla_days=sla_days) for name in TABLES}
    return KpiSet(
        **tables, granularity=granularity, warm_up=tuple(kpi_sales.warm_up(base, granularity))
    )


def compute(frames: Frames, granularity: str, *, sla_days: int = 7) -> KpiSet:
    """Every KPI table of one granularity (``month``, ``quarter`` or ``year``)."""
    check_granularity(granularity)
    return _compute(encode(frames), granularity, sla_days)


def compute_all(frames: Frames, *, sla_days: int = 7) -> dict[str, KpiSet]:
    """Every KPI table of every granularity, from one encoding of the data."""
    base = encode(frames)
    return {g: _compute(base, g, sla_days) for g in GRANULARITIES}
