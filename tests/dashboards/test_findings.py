"""Findings in plain words: said only when the data supports them."""

from __future__ import annotations

import pandas as pd

from cx_sme.core.i18n import set_language
from cx_sme.dashboards import findings as insights


def _by_touchpoint() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": ["invoice", "delivery", "website"],
            "name": ["Fattura", "Consegna e magazzino", "Sito *web*"],
            "complaints": [40, 30, 2],
            "share": [55.6, 41.7, 2.8],
            "complaints_before": [38, 10, 0],
            "median_days": [5.0, 11.0, 2.0],
            "median_days_before": [5.0, 3.0, float("nan")],
        }
    )


YEAR = [f"2025-{m:02d}" for m in range(11, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]


def test_source_names_touchpoint_and_department_and_its_span() -> None:
    deps = pd.DataFrame({"name": ["Amministrazione"], "share": [60.0]})
    found = insights.complaint_source(_by_touchpoint(), deps, YEAR)
    assert found is not None
    # the span it counts is said: the cards above show one month, this counts twelve
    assert found.text.startswith(
        "Da novembre 2025 a ottobre 2026, il 56\xa0% dei reclami (40) nasce da «Fattura»"
    )
    assert "«Amministrazione» con il 60\xa0%" in found.text


def test_rise_needs_enough_complaints_and_a_span_before() -> None:
    found = insights.complaint_rise(_by_touchpoint(), ["2025-12", "2026-01"])
    assert found is not None
    assert found.text.startswith("Da dicembre 2025 a gennaio 2026, i reclami su")
    assert "«Consegna e magazzino» sono 30, contro 10 nei 2 mesi prima" in found.text
    assert "da 3,0 giorni a 11,0 giorni" in found.text
    nothing_before = _by_touchpoint().assign(complaints_before=0)
    assert insights.complaint_rise(nothing_before, ["2026"]) is None


def test_detractor_churn_compares_with_promoters() -> None:
    links = pd.DataFrame(
        {"retention_detractors": [40.0, 50.0, float("nan")],
         "retention_promoters": [80.0, 70.0, float("nan")]},
        index=["2026-01", "2026-02", "2026-03"],
    )  # fmt: skip
    found = insights.detractor_churn(links, ["2026-01", "2026-02", "2026-03"])
    assert found is not None
    assert found.text.startswith("Da gennaio 2026 a marzo 2026, in media,")
    assert "il 55\xa0% dei detrattori e il 25\xa0% dei promotori" in found.text
    assert "2,2 volte" in found.text
    loyal = links.assign(retention_detractors=[90.0, 90.0, float("nan")])
    assert insights.detractor_churn(loyal, ["2026-01", "2026-02"]) is None


def test_weakest_touchpoint_needs_enough_answers() -> None:
    frame = pd.DataFrame(
        {"name": ["Fattura", "Sito web", "Fiere"], "nps": [-19.0, 44.0, -50.0],
         "nps_answers": [69, 25, 4], "detractors": [32, 2, 3]}
    )  # fmt: skip
    found = insights.weakest_touchpoint(frame, ["2026-10"])
    assert found is not None and found.tone == "warning"
    assert found.text == (
        "In ottobre 2026, l'NPS più basso è su «Fattura»: -19 su 69 risposte, con 32 detrattori."
    )


def test_backlog_against_a_year_before() -> None:
    table = pd.DataFrame({"open_backlog": [11, 31]}, index=["2025-10", "2026-10"])
    found = insights.backlog(table, "2026-10", "2025-10", unowned=20)
    assert found is not None
    assert found.text == (
        "A fine ottobre 2026 i reclami ancora aperti sono 31, erano 11 a fine ottobre 2025;"
        " 20 non hanno un responsabile."
    )


def test_names_from_the_data_are_escaped() -> None:
    frame = _by_touchpoint().iloc[[2, 0, 1]].reset_index(drop=True)
    found = insights.complaint_source(frame, pd.DataFrame(), YEAR)
    assert found is not None and "«Sito \\*web\\*»" in found.text


def test_english_quotes() -> None:
    set_language("en")
    found = insights.complaint_source(_by_touchpoint(), pd.DataFrame(), YEAR)
    assert found is not None and '"Fattura"' in found.text
    assert found.text.startswith("From November 2025 to October 2026, ")
