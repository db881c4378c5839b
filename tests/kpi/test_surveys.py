"""Survey KPIs against figures worked out by hand (data in tests/kpi_data.py).

January: NPS 9 (A), 6 (B), 4 (A), 10 (anonymous) → 2 promoters, 2 detractors, n = 4;
CSAT 5, 3, 4; CES 2, 5; C's row has no score. February: CSAT 2, CES 7, no NPS.
March: NPS 10, 8, 3 → one of each group, n = 3.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from cx_sme.kpi import surveys as kpi_surveys
from tests import kpi_data
from tests.kpi_data import NAN, assert_table

# Margin of error: 1.96 × √((p + d − (p − d)²) / n) × 100
JANUARY_MARGIN = 1.96 * math.sqrt((0.5 + 0.5 - 0.0) / 4) * 100  # = 98.0
MARCH_MARGIN = 1.96 * math.sqrt((1 / 3 + 1 / 3 - 0.0) / 3) * 100  # ≈ 92.395
Q1_MARGIN = 1.96 * math.sqrt((3 / 7 + 3 / 7) / 7) * 100  # ≈ 68.59

MONTHLY = {
    "2025-01": {
        "responses": 4,
        "nps": 0.0,
        "nps_margin": JANUARY_MARGIN,
        "promoters": 2,
        "passives": 0,
        "detractors": 2,
        "csat": 2 / 3 * 100,
        "ces": 3.5,
    },
    "2025-02": {
        "responses": 1,
        "nps": NAN,
        "nps_margin": NAN,
        "promoters": 0,
        "passives": 0,
        "detractors": 0,
        "csat": 0.0,
        "ces": 7.0,
    },
    "2025-03": {
        "responses": 3,
        "nps": 0.0,
        "nps_margin": MARCH_MARGIN,
        "promoters": 1,
        "passives": 1,
        "detractors": 1,
        "csat": NAN,
        "ces": NAN,
    },
}


def test_hand_computed_months() -> None:
    table = kpi_surveys.survey_kpis(kpi_data.surveys(), "month")
    assert list(table.columns) == list(kpi_surveys.COLUMNS)
    assert_table(table, MONTHLY)
    assert JANUARY_MARGIN == 98.0


def test_a_month_with_three_answers_is_a_small_sample() -> None:
    table = kpi_surveys.survey_kpis(kpi_data.surveys(), "month")
    assert round(table.loc["2025-03", "nps_margin"], 3) == 92.395
    assert kpi_surveys.small_sample(table).tolist() == [True, False, True]
    assert kpi_surveys.nps_answers(table).tolist() == [4, 0, 3]


def test_hand_computed_quarter() -> None:
    table = kpi_surveys.survey_kpis(kpi_data.surveys(), "quarter")
    assert_table(
        table,
        {
            "2025Q1": {
                "responses": 8,
                "nps": 0.0,  # 3 promoters, 3 detractors of 7
                "nps_margin": Q1_MARGIN,
                "promoters": 3,
                "passives": 1,
                "detractors": 3,
                "csat": 50.0,  # 5, 4 of 5, 3, 4, 2
                "ces": 14 / 3,  # 2, 5, 7
            }
        },
    )


def test_nps_of_a_lopsided_month() -> None:
    # 3 promoters, 1 passive, 1 detractor: NPS = (3 − 1) / 5 × 100 = 40;
    # margin = 1.96 × √((0.6 + 0.2 − 0.16) / 5) × 100 = 1.96 × √0.128 × 100
    surveys = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-05-02"] * 5),
            "customer_id": list("ABCDE"),
            "nps": [10.0, 9.0, 9.0, 7.0, 0.0],
            "csat": [NAN] * 5,
            "ces": [NAN] * 5,
        }
    )
    row = kpi_surveys.survey_kpis(surveys, "month").loc["2025-05"]
    assert row["nps"] == 40.0
    assert row["nps_margin"] == 1.96 * math.sqrt(0.128) * 100


def test_scores_off_their_scale_are_not_counted() -> None:
    surveys = kpi_data.surveys()
    surveys.loc[len(surveys)] = [pd.Timestamp("2025-03-31"), "Z", 11.0, 6.0, 0.0, None, None]
    table = kpi_surveys.survey_kpis(surveys, "month")
    assert table.loc["2025-03", "responses"] == 3  # the extra row has no valid score
    assert table.loc["2025-03", "promoters"] == 1


def test_no_answers_gives_an_empty_table() -> None:
    table = kpi_surveys.survey_kpis(kpi_data.surveys().iloc[0:0], "year")
    assert table.empty and list(table.columns) == list(kpi_surveys.COLUMNS)
    assert table["responses"].dtype == np.int64
