"""Chart builders: aggregated data only, Italian month names and number formats."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cx_sme.core.i18n import set_language
from cx_sme.dashboards import charts

PERIODS = ["2025-11", "2025-12", "2026-01"]


def _sales() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "revenue": [1500.5, 2000.0, 1234567.0],
            "revenue_returning": [1000.0, float("nan"), 1200000.0],
            "new_customers": [3, 4, 5],
            "returning_customers": [10, 11, 12],
            "average_ticket": [100.0, 120.5, 99.0],
            "retention_rate": [float("nan"), 61.0, 63.5],
            "churn_rate": [float("nan"), 39.0, 36.5],
        },
        index=PERIODS,
    )


def _data(chart) -> list[dict]:  # type: ignore[no-untyped-def]
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    datasets = spec["datasets"]
    return [row for rows in datasets.values() for row in rows]


def test_locale_follows_the_language() -> None:
    spec = charts.revenue_new_vs_returning(_sales(), PERIODS).to_dict()
    number = spec["config"]["locale"]["number"]
    assert (number["decimal"], number["thousands"]) == (",", ".")
    assert spec["config"]["locale"]["time"]["months"][0] == "gennaio"
    set_language("en")
    spec = charts.revenue_new_vs_returning(_sales(), PERIODS).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == "."
    assert spec["config"]["locale"]["time"]["shortMonths"][0] == "Jan"


def test_revenue_split_is_aggregated_with_italian_labels_and_money() -> None:
    rows = _data(charts.revenue_new_vs_returning(_sales(), PERIODS))
    assert len(rows) == 6  # 3 periods × 2 groups, whatever the number of sales lines
    january = {r["group"]: r for r in rows if r["when"] == "gen 2026"}
    assert january["Clienti acquisiti"]["text"] == "1.200.000\xa0€"
    assert january["Nuovi clienti"]["value"] == pytest.approx(34567.0)
    december = {r["group"]: r["value"] for r in rows if r["when"] == "dic 2025"}
    assert december == {"Clienti acquisiti": 0.0, "Nuovi clienti": 2000.0}
    spec = charts.revenue_new_vs_returning(_sales(), PERIODS).to_dict()
    assert spec["encoding"]["x"]["sort"] == ["nov 2025", "dic 2025", "gen 2026"]
    assert "€" in spec["encoding"]["y"]["axis"]["labelExpr"]


def test_english_labels() -> None:
    set_language("en")
    rows = _data(charts.customers_new_vs_returning(_sales(), PERIODS))
    assert {r["when"] for r in rows} == {"Nov 2025", "Dec 2025", "Jan 2026"}
    assert {r["group"] for r in rows} == {"Returning customers", "New customers"}


def test_kpi_lines_skip_undefined_values_and_format_tooltips() -> None:
    rows = _data(charts.kpi_lines(_sales(), ["retention_rate", "churn_rate"], PERIODS))
    assert len(rows) == 4
    assert {r["text"] for r in rows if r["kpi"] == "Fidelizzazione"} == {"61,0\xa0%", "63,5\xa0%"}
    lines = charts.kpi_lines(_sales(), ["average_ticket"], PERIODS).to_dict()
    assert lines["encoding"]["color"]["legend"] is None  # one line: no legend


def test_quarters_read_as_italian_quarters() -> None:
    table = pd.DataFrame({"orders": [10, 12]}, index=["2025Q4", "2026Q1"])
    rows = _data(charts.kpi_lines(table, ["orders"], ["2025Q4", "2026Q1"]))
    assert [r["when"] for r in rows] == ["T4 2025", "T1 2026"]


def test_nps_band_stays_within_the_scale() -> None:
    table = pd.DataFrame(
        {"nps": [90.0, -20.0], "nps_margin": [25.0, float("nan")], "responses": [12, 40]},
        index=["2025-12", "2026-01"],
    )
    rows = _data(charts.nps_with_margin(table, ["2025-12", "2026-01"]))
    points = [r for r in rows if "nps" in r]
    assert (points[0]["low"], points[0]["high"]) == (65.0, 100.0)
    assert points[0]["text"] == "+90" and points[0]["margin"] == "±25"
    assert (points[1]["low"], points[1]["high"]) == (-20.0, -20.0)


def test_cohort_heatmap_leaves_future_cells_out_and_shows_sizes() -> None:
    matrix = pd.DataFrame(
        {"k0": [100.0, 100.0], "k1": [40.0, math.nan]}, index=["2025-11", "2025-12"]
    )
    sizes = pd.Series([153, 7], index=matrix.index)
    rows = _data(charts.cohort_heatmap(matrix, sizes))
    assert len(rows) == 3
    assert {r["cohort"] for r in rows} == {"nov 2025 (153)", "dic 2025 (7)"}


def test_other_builders_produce_valid_specs() -> None:
    ranking = pd.DataFrame({"group": ["Fattura", "Consegna"], "value": [5, 3], "text": ["5", "3"]})
    _data(charts.ranking(ranking, value_title="Reclami", highlight="Fattura"))
    compare = pd.DataFrame(
        {"group": ["A", "A"], "series": ["ora", "prima"], "value": [4, 1], "text": ["4", "1"]}
    )
    _data(charts.compare_bars(compare, value_title="Reclami", series=["ora", "prima"]))
    nps = pd.DataFrame(
        {
            "group": ["A", "B"],
            "value": [-10.0, 30.0],
            "text": ["-10", "+30"],
            "reliable": [True, False],
        }
    )
    _data(charts.nps_ranking(nps))
    groups = pd.DataFrame(
        {"group": ["Promotori", "Detrattori"], "series": ["media"] * 2, "value": [80.0, 40.0],
         "text": ["80 %", "40 %"]}
    )  # fmt: skip
    _data(charts.grouped_retention(groups, order=["Promotori", "Detrattori"], series=["media"]))
    table = pd.DataFrame(
        {"promoters": [5, 6], "passives": [3, 2], "detractors": [2, 4]}, index=PERIODS[:2]
    )
    assert len(_data(charts.nps_groups(table, PERIODS[:2]))) == 6
