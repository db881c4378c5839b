"""The voice analysis of a span: the comments table, accepted themes, sentences."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.dashboards.breakdowns import text_catalogue
from cx_sme.voice.analysis import (
    accept_theme,
    accepted_themes,
    analyse,
    driver_sentence,
    months_span,
    what_to_work_on,
)
from cx_sme.voice.drivers import Driver


def _surveys() -> pd.DataFrame:
    rows = [
        ("2026-01-10", "C1", 2.0, "Il parcheggio esterno è sempre pieno"),
        ("2026-01-11", "C2", 3.0, "parcheggio esterno chiuso, che fatica"),
        ("2026-02-12", "C3", 1.0, "Niente parcheggio esterno per i clienti"),
        ("2026-02-13", "C4", 10.0, "Personale gentilissimo"),
        ("2026-03-14", "C5", 9.0, None),
    ]
    frame = pd.DataFrame(rows, columns=["date", "customer_id", "nps", "comment"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["csat"] = [1.0, 2.0, 1.0, 5.0, 4.0]
    frame["touchpoint"] = None
    return frame


def test_months_span_and_its_refusals() -> None:
    assert months_span(None, "2026-02") == (None, dt.date(2026, 2, 28))
    for bad in (("2026-2", None), ("2026-00", None), (None, "febbraio")):
        with pytest.raises(InputRefused):
            months_span(*bad)
    with pytest.raises(InputRefused):
        months_span("2026-03", "2026-01")


def test_comments_table_of_a_span() -> None:
    report = analyse(_surveys(), text_catalogue(), dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert report.answers == 2
    assert list(report.comments["customer_id"]) == ["C1", "C2"]
    assert report.model is None  # far fewer than 40 scored comments of each side
    assert list(report.comments["themes"]) == ["", ""]  # no theme covers the car park


def test_an_accepted_theme_counts_everywhere(fresh_db) -> None:
    accept_theme(fresh_db, "  Parcheggio  ", ["parcheggio esterno"])
    custom = accepted_themes(fresh_db)
    assert custom == {"custom:Parcheggio": ("parcheggi estern",)}
    report = analyse(_surveys(), text_catalogue(), custom=custom)
    assert list(report.comments["themes"][:3]) == ["Parcheggio"] * 3
    car_park = next(d for d in report.drivers if d.kind == "theme")
    assert (car_park.name, car_park.answers, car_park.detractors) == ("Parcheggio", 3, 3)
    with pytest.raises(InputRefused):
        accept_theme(fresh_db, "", ["x"])
    with pytest.raises(InputRefused):
        accept_theme(fresh_db, "Nome", [" "])


def _driver(impact: float, low: float, high: float, answers: int = 60) -> Driver:
    return Driver("invoice", "Fatture", "theme", answers, 30, 50.0, impact, low, high)


def test_sentences_in_plain_words() -> None:
    assert driver_sentence(_driver(3.4, 2.1, 5.0)) == (
        "Le risposte che parlano di «Fatture» sono detrattori 3,4 volte più spesso delle altre."
    )
    assert "può essere dovuta al caso" in driver_sentence(_driver(1.3, 0.8, 2.0))
    assert "2,0 volte meno spesso" in driver_sentence(_driver(0.5, 0.3, 0.8))
    assert "solo 12 risposte" in driver_sentence(_driver(3.0, 1.5, 6.0, answers=12))
    set_language("en")
    assert driver_sentence(_driver(3.4, 2.1, 5.0)).startswith("Answers that talk about")


def test_what_to_work_on_lists_only_clear_drivers(sample_db) -> None:
    from cx_sme.core.frames import load_surveys
    from cx_sme.dashboards.breakdowns import touchpoint_catalogue

    report = analyse(load_surveys(sample_db), touchpoint_catalogue(sample_db), learn=False)
    sentences = what_to_work_on(report)
    assert 1 <= len(sentences) <= 3
    # the sample company's story: invoices drive detractors
    assert "Fattur" in sentences[0]
