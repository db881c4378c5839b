"""The entry point: which periods each table covers, and compute_all == compute."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cx_sme.core.frames import Frames
from cx_sme.kpi import complaints as kpi_complaints
from cx_sme.kpi import engine as kpis
from cx_sme.kpi import links as kpi_links
from cx_sme.kpi import sales as kpi_sales
from cx_sme.kpi import surveys as kpi_surveys
from tests import kpi_data


def _frames(sales=None, complaints=None, surveys=None) -> Frames:
    return Frames(
        kpi_data.sales() if sales is None else sales,
        kpi_data.complaints() if complaints is None else complaints,
        kpi_data.surveys() if surveys is None else surveys,
        version=1,
    )


def test_tables_equal_the_module_functions() -> None:
    frames = _frames()
    result = kpis.compute(frames, "month", sla_days=6)
    pd.testing.assert_frame_equal(result.sales, kpi_sales.sales_kpis(frames.sales, "month"))
    pd.testing.assert_frame_equal(
        result.complaints,
        kpi_complaints.complaint_kpis(frames.complaints, frames.sales, "month", sla_days=6),
    )
    pd.testing.assert_frame_equal(
        result.links,
        kpi_links.link_kpis(frames.sales, frames.complaints, frames.surveys, "month"),
    )
    # The survey table also covers the sales periods: April has no answers.
    surveys = kpi_surveys.survey_kpis(frames.surveys, "month")
    assert list(surveys.index) == ["2025-01", "2025-02", "2025-03"]
    assert list(result.surveys.index) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    pd.testing.assert_frame_equal(result.surveys.iloc[:3], surveys)
    april = result.surveys.loc["2025-04"]
    assert april["responses"] == 0 and np.isnan(april["nps"])
    # the cohort matrix is computed only where it is shown (the cohort chart), not per page
    assert not hasattr(result, "cohorts") and not hasattr(result, "cohort_sizes")
    assert result.granularity == "month"
    assert result.warm_up == ("2025-01", "2025-02", "2025-03", "2025-04")


def test_periods_each_table_covers() -> None:
    complaints = kpi_data.complaints()
    complaints.loc[0, ["opened", "closed"]] = pd.to_datetime(["2024-12-20", "2025-01-05"])
    surveys = kpi_data.surveys()
    surveys.loc[0, "date"] = pd.Timestamp("2025-06-10")
    result = kpis.compute(_frames(complaints=complaints, surveys=surveys), "month")
    assert list(result.sales.index) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert result.complaints.index[0] == "2024-12"
    assert result.complaints.index[-1] == "2025-04"
    assert list(result.surveys.index) == [f"2025-0{m}" for m in range(1, 7)]
    links = result.links
    assert links.index[0] == "2024-12" and links.index[-1] == "2025-06"
    # After the last period loaded retention is undefined; revenue at risk is not.
    assert links.loc["2025-05":, "retention_promoters"].isna().all()
    assert links.loc["2025-06", "revenue_at_risk"] == 30.0


def test_compute_all_equals_compute_for_each_granularity() -> None:
    frames = _frames()
    every = kpis.compute_all(frames, sla_days=5)
    assert list(every) == ["month", "quarter", "year"]
    for granularity, result in every.items():
        alone = kpis.compute(frames, granularity, sla_days=5)
        for name in kpis.TABLES:
            pd.testing.assert_frame_equal(getattr(result, name), getattr(alone, name))
        assert result.warm_up == alone.warm_up


def test_export_columns_and_kinds() -> None:
    assert kpis.COLUMNS["links"] == (
        "retention_promoters",
        "retention_passives",
        "retention_detractors",
        "retention_complainers",
        "revenue_at_risk",
    )
    assert kpis.MONEY == {
        "revenue",
        "revenue_returning",
        "average_ticket",
        "revenue_per_customer",
        "cost_to_serve",
        "revenue_at_risk",
    }
    every_column = {c for columns in kpis.COLUMNS.values() for c in columns}
    assert kpis.COUNTS <= every_column


def test_empty_store() -> None:
    empty = _frames(
        kpi_data.sales().iloc[0:0], kpi_data.complaints().iloc[0:0], kpi_data.surveys().iloc[0:0]
    )
    result = kpis.compute(empty, "year")
    for name in kpis.TABLES:
        assert getattr(result, name).empty
    assert result.warm_up == ()


def test_unknown_granularity_or_table() -> None:
    with pytest.raises(ValueError):
        kpis.compute(_frames(), "week")
    with pytest.raises(ValueError):
        kpis.table(kpis.encode(_frames()), "orders", "month")
