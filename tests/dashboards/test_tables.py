"""The dashboards' tables as display data: names as given, numbers in the language."""

from __future__ import annotations

import math

import pandas as pd

from cx_sme.core.i18n import set_language
from cx_sme.dashboards.tables import at_risk_table, complaint_table, survey_table


def test_complaint_table_in_italian_and_english() -> None:
    frame = pd.DataFrame(
        {
            "name": ["Fattura", "Consegna"],
            "complaints": [12.0, 3.0],
            "share": [80.0, 20.0],
            "complaints_before": [4.0, 5.0],
            "still_open": [2.0, 0.0],
            "median_days": [3.5, math.nan],
            "median_days_before": [2.0, 1.0],
            "within_sla": [75.0, 100.0],
            "cost": [1234.6, 0.0],
        }
    )
    table = complaint_table(frame, 7)
    first = table.iloc[0].tolist()
    assert first[:5] == ["Fattura", 12, "80\xa0%", 4, 2]
    assert first[5] == "3,5" and first[8] == "1.235\xa0€"
    assert table.iloc[1, 5] == "—"  # no closed complaint: no median
    set_language("en")
    assert complaint_table(frame, 7).iloc[0, 8] == "€1,235"


def test_survey_table_marks_few_answers() -> None:
    frame = pd.DataFrame(
        {
            "name": ["Banco"], "responses": [12.0], "nps": [25.0], "nps_margin": [math.nan],
            "detractors": [3.0], "csat": [75.0], "ces": [5.25], "small_sample": [True],
        }
    )  # fmt: skip
    row = survey_table(frame).iloc[0].tolist()
    assert row[0] == "Banco" and row[1] == 12 and row[3] == "—" and row[6] == "5,2"
    assert row[7] == "poche risposte"


def test_at_risk_table_totals_by_reason() -> None:
    frame = pd.DataFrame(
        {
            "customer_name": ["Rossi", "Bianchi", "Verdi"],
            "customer_id": ["C1", "C2", "C3"],
            "latest_nps": [3.0, math.nan, 5.0],
            "open_complaints": [0, 2, 1],
            "reason": ["detractor", "open_complaint", "detractor_and_complaint"],
            "revenue": [1000.0, 250.0, 4000.0],
        }
    )
    totals, table = at_risk_table(frame)
    assert [row[1] for row in totals] == ["1.000\xa0€", "250\xa0€", "4.000\xa0€"]
    assert table.iloc[1, 2] == "—"  # no NPS answer
