"""Key drivers of detractors: the risk ratio and its exact interval against hand
computation, a driver that clearly matters comes first, and none is found in noise."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cx_sme.dashboards.breakdowns import text_catalogue
from cx_sme.voice.drivers import FEW_ANSWERS, find_drivers, risk_ratio


def test_risk_ratio_by_hand() -> None:
    # 12 of 20 detractors with the driver (60 %), 10 of 80 without (12.5 %): 4.8 times
    effect = risk_ratio(12, 20, 10, 80)
    assert effect.impact == pytest.approx(0.6 / 0.125)
    assert 1 < effect.low < effect.impact < effect.high


def test_exact_interval_bounds_by_hand() -> None:
    # 0 of 10 with the driver: Clopper-Pearson upper bound at 97.5 % is 1 - 0.0125 ** (1/10);
    # 10 of 10 without: lower bound 0.0125 ** (1/10)
    effect = risk_ratio(0, 10, 10, 10)
    upper_share = 1 - 0.0125 ** (1 / 10)
    lower_share = 0.0125 ** (1 / 10)
    assert effect.high == pytest.approx(upper_share / lower_share, rel=1e-9)
    assert effect.low == 0.0


def test_three_answers_out_of_three_are_not_certain() -> None:
    effect = risk_ratio(3, 3, 60, 300)
    assert effect.impact == pytest.approx(5.0)
    assert effect.low < 1 < effect.high


def test_no_answers_is_undefined() -> None:
    assert math.isnan(risk_ratio(0, 0, 5, 10).impact)


def _answers(rng: np.random.Generator, n: int, shares: dict[str, float]) -> pd.DataFrame:
    touchpoints = rng.choice(list(shares), size=n)
    detractor = rng.random(n) < np.array([shares[tp] for tp in touchpoints])
    nps = np.where(detractor, rng.integers(0, 7, n), rng.integers(7, 11, n))
    return pd.DataFrame(
        {"nps": nps.astype(float), "touchpoint": touchpoints, "comment": [None] * n}
    )


def test_the_touchpoint_that_drives_detractors_comes_first() -> None:
    rng = np.random.default_rng(7)
    shares = {"Fattura": 0.6, "Consegna": 0.15, "Banco": 0.15, "Sito": 0.15, "Agente": 0.15}
    drivers = find_drivers(_answers(rng, 600, shares), text_catalogue())
    first = drivers[0]
    assert (first.name, first.kind) == ("Fattura", "touchpoint")
    assert first.impact_low > 1 and first.clear
    assert all(not d.clear for d in drivers[1:])


def test_no_driver_beyond_chance_when_none_drives() -> None:
    """Five touchpoints with the same detractor share, 40 random companies: the share of
    intervals wholly above 1 stays within what chance allows (the method promises at most
    2.5 % per driver; allow 5 %)."""
    flagged = total = 0
    for seed in range(40):
        rng = np.random.default_rng(seed)
        shares = dict.fromkeys(("A", "B", "C", "D", "E"), 0.25)
        drivers = find_drivers(_answers(rng, 300, shares), text_catalogue())
        flagged += sum(d.clear for d in drivers)
        total += len(drivers)
    assert total == 200
    assert flagged / total <= 0.05


def test_themes_from_comments_are_drivers_too_and_few_answers_are_marked() -> None:
    surveys = pd.DataFrame(
        {
            "nps": [0.0, 1.0, 2.0, 10.0, 9.0, 10.0, 9.0, 8.0],
            "touchpoint": [None] * 8,
            "comment": [
                "Fattura sbagliata",
                "fattura con errori",
                "La fattura è arrivata doppia",
                "Gentilissimi",
                "Personale gentile",
                None,
                "Tutto bene",
                "Fattura corretta",
            ],
        }
    )
    drivers = {d.key: d for d in find_drivers(surveys, text_catalogue())}
    invoice = drivers["invoice"]
    assert (invoice.kind, invoice.answers, invoice.detractors) == ("theme", 4, 3)
    assert invoice.detractor_share == pytest.approx(75.0)
    # no detractor among the other 4 answers: Haldane's 0.5 keeps the ratio finite,
    # (3.5 / 5) / (0.5 / 5) = 7
    assert invoice.impact == pytest.approx(7.0)
    assert invoice.impact_low < 1  # four answers cannot make it certain
    assert invoice.few and invoice.answers < FEW_ANSWERS
    assert drivers["staff"].detractors == 0


def test_themes_given_for_every_row_are_matched_to_the_scored_answers() -> None:
    """Unscored answers are left out of the comparison, and the themes found beforehand
    for every row stay with their own answers."""
    surveys = pd.DataFrame(
        {
            "nps": [None, 0.0, 10.0, 10.0],
            "touchpoint": [None] * 4,
            "comment": ["Fattura sbagliata", "Corriere in ritardo", "Bravi", "Ottimi"],
        }
    )
    sets = [{"invoice"}, {"delivery"}, set(), set()]
    drivers = {d.key: d for d in find_drivers(surveys, text_catalogue(), theme_sets=sets)}
    assert set(drivers) == {"delivery"}
    assert (drivers["delivery"].answers, drivers["delivery"].detractors) == (1, 1)
