"""Breakdowns: free text matched to the catalogue, complaints and survey scores per group."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cx_sme.core.i18n import set_language
from cx_sme.dashboards import breakdowns as b
from cx_sme.dashboards.breakdowns import OTHERS, UNSTATED, Window
from cx_sme.kpi import surveys as kpi_surveys


def _complaints(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["opened", "closed", "touchpoint", "department", "category", "cost"]
    )
    frame["opened"] = pd.to_datetime(frame["opened"])
    frame["closed"] = pd.to_datetime(frame["closed"])
    frame["cost"] = frame["cost"].astype("float64")
    return frame


def test_touchpoints_match_by_name_code_case_and_accents(fresh_db) -> None:
    catalogue = b.touchpoint_catalogue(fresh_db)
    texts = pd.Series(
        ["Consegna e magazzino", "consegna e  MAGAZZINO", "delivery", "Delivery and warehouse",
         "Visita dell’agente", "VISITA DELL'AGENTE", "Fattura", None, "  ", "Furgone"]
    )  # fmt: skip
    keys = catalogue.resolve(texts).tolist()
    assert keys[:4] == ["delivery"] * 4
    assert keys[4:6] == ["sales_visit"] * 2
    assert keys[6] == "invoice"
    assert keys[7] == keys[8] == UNSTATED
    assert keys[9] == "text:Furgone"


def test_departments_match_italian_english_and_code(fresh_db) -> None:
    catalogue = b.department_catalogue(fresh_db)
    keys = catalogue.resolve(pd.Series(["Amministrazione", "administration", "ADMIN", "Logistica"]))
    assert keys.tolist()[:3] == ["admin"] * 3
    assert keys.tolist()[3] == "text:Logistica"


def test_names_follow_the_language(fresh_db) -> None:
    for lang, expected in (("it", "Consegna e magazzino"), ("en", "Delivery and warehouse")):
        set_language(lang)
        catalogue = b.touchpoint_catalogue(fresh_db)
        assert catalogue.name("delivery", "-", "+") == expected
    assert catalogue.name(UNSTATED, "(none)", "+") == "(none)"
    assert catalogue.name(OTHERS, "-", "Others") == "Others"


def test_unmatched_texts_group_by_their_normalised_form() -> None:
    keys = b.text_catalogue().resolve(pd.Series(["Nota di credito", "nota di  CREDITO", "Errore"]))
    assert keys.tolist() == ["text:Nota di credito", "text:Nota di credito", "text:Errore"]


def test_window_and_the_span_before() -> None:
    win = Window("2025Q3", "2025Q4")
    assert win.length == 2 and win.before == Window("2025Q1", "2025Q2")
    assert (win.start.isoformat(), win.end.isoformat()) == ("2025-07-01", "2025-12-31")


def test_complaints_by_touchpoint_counts_medians_sla_and_trend(fresh_db) -> None:
    frame = _complaints(
        [
            # the window: December 2025
            ("2025-12-01", "2025-12-04", "Consegna e magazzino", "Produzione", "Ritardo", 10.0),
            ("2025-12-02", "2025-12-12", "delivery", "Produzione", "Ritardo", None),
            ("2025-12-03", "2025-12-23", "consegna e magazzino", "Produzione", "Rotto", 5.5),
            ("2025-12-20", None, "Consegna e magazzino", "Produzione", "Ritardo", None),
            ("2025-12-05", "2026-01-10", "Fattura", "Amministrazione", "Errore", 100.0),
            ("2025-12-06", "2025-12-07", None, None, None, None),
            # the month before
            ("2025-11-03", "2025-11-05", "Consegna e magazzino", "Produzione", "Ritardo", None),
            ("2025-11-04", "2025-11-06", "Sito web", "IT", "Ordine", None),
        ]
    )
    found = b.complaints_by(frame, "touchpoint", b.touchpoint_catalogue(fresh_db),
                            Window("2025-12", "2025-12"), sla_days=7)  # fmt: skip
    rows = found.set_index("key")
    delivery = rows.loc["delivery"]
    assert delivery["complaints"] == 4 and delivery["complaints_before"] == 1
    assert delivery["share"] == pytest.approx(4 / 6 * 100)
    assert delivery["closed"] == 3 and delivery["still_open"] == 1
    assert delivery["median_days"] == 10.0  # 3, 10, 20
    assert delivery["within_sla"] == pytest.approx(100 / 3)
    assert delivery["cost"] == 15.5
    assert delivery["median_days_before"] == 2.0
    invoice = rows.loc["invoice"]
    # closed after the window's end: still open at its end, no duration yet
    assert invoice["still_open"] == 1 and invoice["closed"] == 0
    assert math.isnan(invoice["median_days"])
    assert rows.loc[UNSTATED, "complaints"] == 1
    assert rows.loc["website", "complaints"] == 0  # only in the span before
    assert found["key"].iloc[0] == "delivery"


def test_complaints_over_time_keeps_the_largest_and_sums_the_rest(fresh_db) -> None:
    frame = _complaints(
        [("2025-11-01", None, "Fattura", None, None, None)] * 3
        + [("2025-12-01", None, "Consegna e magazzino", None, None, None)] * 2
        + [("2025-12-02", None, "Sito web", None, None, None)]
        + [("2025-12-03", None, "Preventivo", None, None, None)]
        + [("2026-02-01", None, "Fattura", None, None, None)]  # after the periods asked
    )
    counts = b.complaints_over_time(
        frame, "touchpoint", b.touchpoint_catalogue(fresh_db), ["2025-11", "2025-12"], top=2
    )
    assert counts.to_dict("records") == [
        {"period": "2025-11", "key": "invoice", "value": 3},
        {"period": "2025-12", "key": "delivery", "value": 2},
        {"period": "2025-12", "key": OTHERS, "value": 2},
    ]


def test_survey_scores_by_touchpoint_agree_with_the_kpi_engine(fresh_db, sample_db) -> None:
    """Summed over touchpoints, one month's breakdown gives the engine's figures."""
    from cx_sme.core.frames import load_frames

    frames = load_frames(sample_db)
    month = "2026-01"
    found = b.surveys_by(frames.surveys, "touchpoint", b.touchpoint_catalogue(sample_db),
                         Window(month, month))  # fmt: skip
    engine = kpi_surveys.survey_kpis(frames.surveys, "month").loc[month]
    assert found["responses"].sum() == engine["responses"]
    assert found["detractors"].sum() == engine["detractors"]
    # a touchpoint alone: recompute its NPS by hand from the raw answers
    row = found.iloc[0]
    tp = b.touchpoint_catalogue(sample_db).resolve(frames.surveys["touchpoint"])
    mine = frames.surveys[
        (tp == row["key"]) & (frames.surveys["date"].dt.strftime("%Y-%m") == month)
    ]
    scores = mine["nps"].dropna()
    expected = ((scores >= 9).sum() - (scores <= 6).sum()) / len(scores) * 100
    assert row["nps"] == pytest.approx(expected)
    alone = kpi_surveys.survey_kpis(mine, "month").loc[month]
    assert row["nps_margin"] == pytest.approx(alone["nps_margin"])
    assert row["csat"] == pytest.approx(alone["csat"])
    assert row["ces"] == pytest.approx(alone["ces"], nan_ok=True)


def test_small_samples_are_flagged(fresh_db) -> None:
    surveys = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-12-01"] * 3),
            "nps": [10.0, 2.0, 8.0],
            "csat": [5.0, 1.0, None],
            "ces": [None, None, None],
            "touchpoint": ["Fattura"] * 3,
        }
    )
    found = b.surveys_by(surveys, "touchpoint", b.touchpoint_catalogue(fresh_db),
                         Window("2025-12", "2025-12"))  # fmt: skip
    row = found.iloc[0]
    assert bool(row["small_sample"]) and row["nps"] == 0.0 and row["csat"] == 50.0
    assert math.isnan(row["ces"])


def test_named_fills_names(fresh_db) -> None:
    frame = pd.DataFrame({"key": ["invoice", "text:Furgone", UNSTATED], "name": None})
    named = b.named(frame, b.touchpoint_catalogue(fresh_db), "(n/d)", "Altri")
    assert named["name"].tolist() == ["Fattura", "Furgone", "(n/d)"]
