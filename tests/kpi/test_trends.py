"""Trends: a KPI in one period beside the previous period and the same period last year."""

from __future__ import annotations

import math

import pandas as pd

from cx_sme.kpi.trends import series, trend, value_at


def _table() -> pd.DataFrame:
    index = ["2024-12", "2025-01", "2025-11", "2025-12"]
    return pd.DataFrame(
        {
            "revenue": [1000.0, 900.0, 1500.0, 1200.0],
            "retention_rate": [70.0, float("nan"), 60.0, 55.5],
        },
        index=index,
    )


def test_value_previous_and_last_year() -> None:
    tr = trend(_table(), "revenue", "2025-12")
    assert (tr.value, tr.previous, tr.last_year) == (1200.0, 1500.0, 1000.0)
    assert tr.previous_period == "2025-11"
    assert tr.last_year_period == "2024-12"
    assert tr.change_vs_previous == -300.0
    assert tr.relative_vs_previous == -20.0
    assert tr.change_vs_last_year == 200.0
    assert math.isclose(tr.relative_vs_last_year or 0, 20.0)


def test_missing_previous_period_gives_none_not_zero() -> None:
    assert trend(_table(), "revenue", "2025-01").previous == 1000.0
    assert trend(_table(), "revenue", "2025-01").last_year is None
    tr = trend(_table(), "revenue", "2025-11")
    assert tr.previous is None and tr.change_vs_previous is None
    assert tr.relative_vs_previous is None


def test_undefined_value_is_none() -> None:
    tr = trend(_table(), "retention_rate", "2025-01")
    assert tr.value is None
    assert trend(_table(), "retention_rate", "2026-01").change_vs_last_year is None
    assert trend(_table(), "retention_rate", "2025-12").change_vs_last_year == -14.5


def test_relative_change_from_zero_is_undefined() -> None:
    table = pd.DataFrame({"complaints": [0, 4]}, index=["2025Q1", "2025Q2"])
    tr = trend(table, "complaints", "2025Q2")
    assert tr.change_vs_previous == 4
    assert tr.relative_vs_previous is None


def test_unknown_column_and_quarters_and_years() -> None:
    table = pd.DataFrame({"nps": [10.0, 20.0]}, index=["2024", "2025"])
    assert value_at(table, "csat", "2025") is None
    tr = trend(table, "nps", "2025")
    assert tr.previous == 10.0 and tr.last_year == 10.0


def test_series_marks_gaps() -> None:
    assert series(_table(), "retention_rate", ["2024-12", "2025-01", "2025-02"]) == [
        70.0,
        None,
        None,
    ]
