"""Alerts: open complaints without an owner, customers whose latest answer is a detractor."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cx_sme.core.frames import COMPLAINT_COLUMNS, SALES_COLUMNS, SURVEY_COLUMNS, Frames
from cx_sme.dashboards import alerts, followups


def _frame(columns: tuple[str, ...], rows: list[dict], dates: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    for column in ("amount", "cost", "nps", "csat", "ces"):
        if column in frame:
            frame[column] = frame[column].astype("float64")
    return frame


def _frames() -> Frames:
    sales = _frame(
        SALES_COLUMNS,
        [
            {"date": "2025-01-10", "customer_id": "A", "amount": 500.0, "customer_name": "Alfa"},
            {
                "date": "2025-11-10",
                "customer_id": "A",
                "amount": 1000.0,
                "customer_name": "Alfa Srl",
            },
            {"date": "2025-12-01", "customer_id": "B", "amount": 200.0, "customer_name": "Beta"},
            {"date": "2025-12-20", "customer_id": "D", "amount": -50.0},
        ],
        ("date",),
    )
    complaints = _frame(
        COMPLAINT_COLUMNS,
        [
            # open, no owner: an alert
            {"opened": "2025-12-01", "closed": None, "customer_id": "A", "touchpoint": "Fattura",
             "category": "Errore", "owner": None, "description": "IVA sbagliata"},
            # open, owner only blanks: still an alert
            {"opened": "2025-11-15", "closed": None, "customer_id": "B", "touchpoint": "Consegna",
             "category": "Ritardo", "owner": "  ", "description": "In ritardo"},
            # open with an owner: not an alert
            {"opened": "2025-12-05", "closed": None, "customer_id": "C", "owner": "Anna"},
            # closed without owner: not an alert
            {"opened": "2025-10-01", "closed": "2025-10-03", "customer_id": "D", "owner": None},
        ],
        ("opened", "closed"),
    )  # fmt: skip
    surveys = _frame(
        SURVEY_COLUMNS,
        [
            # A: detractor, then promoter later -> not to call
            {"date": "2025-10-01", "customer_id": "A", "nps": 3, "comment": "male"},
            {"date": "2025-12-10", "customer_id": "A", "nps": 10},
            # B: promoter, then detractor later -> to call
            {"date": "2025-09-01", "customer_id": "B", "nps": 9},
            {"date": "2025-12-15", "customer_id": "B", "nps": 6, "touchpoint": "Consegna",
             "comment": "Corriere nuovo pessimo"},
            # D: detractor, but the later answer has no NPS (only CSAT) -> still to call
            {"date": "2025-11-01", "customer_id": "D", "nps": 0},
            {"date": "2025-12-30", "customer_id": "D", "nps": None, "csat": 2},
            # no customer code: cannot be called back
            {"date": "2025-12-31", "customer_id": None, "nps": 1},
        ],
        ("date",),
    )  # fmt: skip
    return Frames(sales, complaints, surveys, version=1)


def test_as_of_is_the_latest_date_in_any_data_set() -> None:
    assert alerts.as_of(_frames()) == dt.date(2025, 12, 31)


def test_unowned_open_complaints_oldest_first_with_age_and_names() -> None:
    found = alerts.unowned_complaints(_frames())
    assert list(found["customer_id"]) == ["B", "A"]
    assert list(found["days_open"]) == [46, 30]
    assert list(found["customer_name"]) == ["Beta", "Alfa Srl"]  # the latest name
    assert found["key"].str.startswith("c:").all()


def test_detractors_are_customers_whose_latest_nps_answer_is_0_to_6() -> None:
    found = alerts.detractors_to_call(_frames())
    assert list(found["customer_id"]) == ["B", "D"]  # most recent answer first
    b = found.iloc[0]
    assert b["nps"] == 6 and b["comment"] == "Corriere nuovo pessimo"
    assert b["answered"] == dt.date(2025, 12, 15)
    assert b["key"] == followups.detractor_key("B", "2025-12-15")
    assert b["revenue_12m"] == 200.0 and b["open_complaints"] == 1
    d = found.iloc[1]
    assert d["revenue_12m"] == -50.0 and d["open_complaints"] == 0


def test_revenue_of_the_last_12_months_leaves_older_sales_out() -> None:
    frames = _frames()
    sales = frames.sales.copy()
    sales.loc[sales["customer_id"] == "B", "date"] = pd.Timestamp("2024-12-31")
    found = alerts.detractors_to_call(Frames(sales, frames.complaints, frames.surveys, 1))
    assert found.set_index("customer_id").at["B", "revenue_12m"] == 0.0


def test_empty_data_gives_empty_lists() -> None:
    empty = Frames(
        _frame(SALES_COLUMNS, [], ("date",)),
        _frame(COMPLAINT_COLUMNS, [], ("opened", "closed")),
        _frame(SURVEY_COLUMNS, [], ("date",)),
        version=0,
    )
    found = alerts.collect(empty)
    assert found.as_of is None
    assert found.complaints.empty and found.detractors.empty


def test_followup_columns_and_filters() -> None:
    found = alerts.detractors_to_call(_frames())
    stored = {
        found["key"][0]: followups.FollowUp(
            "detractor", found["key"][0], "B", None, "Anna", "solved", "ok", "2026-01-02T10:00:00"
        )
    }
    merged = alerts.with_followups(found, stored)
    assert list(merged["status"]) == ["solved", "to_call"]
    assert list(alerts.pending(merged)["customer_id"]) == ["D"]
    assert list(alerts.without_followup(merged)["customer_id"]) == ["D"]


def test_on_the_sample_company_the_alerts_are_there(sample_db) -> None:
    from cx_sme.core.frames import load_frames

    found = alerts.collect(load_frames(sample_db))
    assert len(found.complaints) > 0 and len(found.detractors) > 0
    assert found.complaints["days_open"].is_monotonic_decreasing
