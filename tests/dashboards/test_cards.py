"""Card texts: value, change vs previous period, last year, target light, NPS margin."""

from __future__ import annotations

import math

import pandas as pd

from cx_sme.core.i18n import set_language
from cx_sme.dashboards.cards import card, short_period
from cx_sme.kpi.targets import Target


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "retention_rate": [60.0, 70.0, 66.5],
            "churn_rate": [40.0, 30.0, 33.5],
            "revenue": [1000.0, 0.0, 500.0],
            "nps": [20.0, 25.0, 31.0],
            "nps_margin": [20.0, 18.0, 24.6],
            "promoters": [10, 12, 12],
            "passives": [5, 6, 6],
            "detractors": [5, 4, 6],
        },
        index=["2025-03", "2026-02", "2026-03"],
    )


def test_rate_card_in_points_with_last_year_and_a_focus_target() -> None:
    c = card(
        "retention_rate",
        _table(),
        "2026-03",
        ["2026-02", "2026-03"],
        goal=Target("retention_rate", step=3.0),
    )
    assert c.value == "66,5\xa0%"
    assert c.delta == "-3,5 punti" and c.direction == "bad"
    assert c.delta_note == "rispetto a feb 2026"
    assert c.year_text == "mar 2025: 60,0\xa0% (+6,5 punti)"
    assert c.target_text == "obiettivo ≥ 63,0\xa0%" and c.light == "green"
    assert c.target_note == "(mar 2025 +3,0 punti)"
    assert c.caption.startswith("Su 100 clienti")


def test_lower_is_better_and_user_target() -> None:
    c = card(
        "churn_rate",
        _table(),
        "2026-03",
        ["2026-02", "2026-03"],
        goal=Target("churn_rate", fixed={"month": 30.0}),
    )
    assert c.direction == "bad"  # churn went up
    assert c.target_text == "obiettivo ≤ 30,0\xa0%" and c.light == "red"
    assert c.target_note is None


def test_relative_change_from_zero_falls_back_to_the_difference() -> None:
    c = card("revenue", _table(), "2026-03", ["2026-03"])
    assert c.delta == "+500\xa0€" and c.direction == "good"
    assert c.sparkline is None  # two points are not a trend


def test_nps_card_shows_its_margin_and_flags_small_samples() -> None:
    c = card("nps", _table(), "2026-03", ["2025-03", "2026-02", "2026-03"])
    assert c.value == "+31"
    assert c.margin_text == "margine d'errore ± 25 punti su 24 risposte"
    assert c.small_sample
    assert c.delta == "+6 punti"


def test_missing_period_shows_dashes_and_no_arrow() -> None:
    c = card("nps", _table(), "2026-05", ["2026-03", "2026-04", "2026-05"])
    assert c.value == "—" and c.delta is None and c.direction == "neutral"
    assert c.year_text == "mag 2025: nessun dato"


def test_sparkline_over_the_range_with_gaps() -> None:
    table = pd.DataFrame({"orders": [1, 2, 4]}, index=["2026-01", "2026-02", "2026-04"])
    c = card("orders", table, "2026-04", ["2026-01", "2026-02", "2026-03", "2026-04"])
    assert c.sparkline is not None
    assert [None if math.isnan(x) else x for x in c.sparkline] == [1.0, 2.0, None, 4.0]


def test_english_and_prefix() -> None:
    set_language("en")
    c = card("new_customers", pd.DataFrame({"new_customers": [3]}, index=["2026Q1"]), "2026Q1",
             ["2026Q1"], prefix="Acquisition")  # fmt: skip
    assert c.label == "Acquisition · New customers"
    assert short_period("2026Q1") == "Q1 2026"
    assert c.year_text == "Q1 2025: no data"


def test_a_medium_company_s_revenue_fits_its_card() -> None:
    """From a million on, a card's figure is in millions to three significant digits (it
    fits a card four to a row on a 1280-pixel projector); the caption keeps every euro."""
    table = pd.DataFrame({"revenue": [103_675_526.0, 98_000_000.0, 100_979_612.0]},
                         index=["2025-03", "2026-02", "2026-03"])  # fmt: skip
    c = card("revenue", table, "2026-03", ["2026-02", "2026-03"])
    assert c.value == "101\xa0Mln\xa0€"
    assert c.year_text.startswith("mar 2025: 103.675.526\xa0€")
    small = card("revenue", _table(), "2026-03", ["2026-03"])
    assert small.value == "500\xa0€"  # below a million: every euro
    set_language("en")
    try:
        assert card("revenue", table, "2026-03", ["2026-03"]).value == "€101m"
    finally:
        set_language("it")
