"""Complaint KPIs against figures worked out by hand (data in tests/kpi_data.py).

Orders per month from the sales: Jan 4, Feb 4, Mar 0, Apr 2; active customers 3, 3, 0, 2.
Complaints: K1 A 01-03→01-05 (2 d, 20 €), K2 B 01-10→02-14 (35 d), K3 C 01-31 open
(15.50 €), K4 no customer 02-28→02-28 (0 d, 4.50 €), K5 D 02-20→03-31 (39 d),
K6 X 03-15 open, K7 E 04-01→04-08 (7 d, 0 €).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cx_sme.kpi import complaints as kpi_complaints
from tests import kpi_data
from tests.kpi_data import NAN, assert_table

MONTHLY = {
    "2025-01": {
        "complaints": 3,  # K1, K2, K3
        "complaint_rate": 75.0,  # 3 / 4 orders
        "open_backlog": 2,  # K2 (closed in February) and K3
        "median_resolution_days": 2.0,  # closed in January: K1
        "within_sla": 100.0,
        "cost_to_serve": 35.5 / 3,  # (20 + 15.50, K2's empty cost counts 0) / 3 customers
    },
    "2025-02": {
        "complaints": 2,  # K4, K5
        "complaint_rate": 50.0,
        "open_backlog": 2,  # K3, K5 (K4 closed on the last day itself)
        "median_resolution_days": 17.5,  # closed in February: K4 0, K2 35
        "within_sla": 50.0,  # K4 only
        "cost_to_serve": 1.5,  # 4.50 / 3
    },
    "2025-03": {
        "complaints": 1,  # K6
        "complaint_rate": NAN,  # no sales, no orders: undefined
        "open_backlog": 2,  # K3, K6; K5 closed on 31 March
        "median_resolution_days": 39.0,
        "within_sla": 0.0,
        "cost_to_serve": NAN,  # no active customers
    },
    "2025-04": {
        "complaints": 1,
        "complaint_rate": 50.0,
        "open_backlog": 2,
        "median_resolution_days": 7.0,
        "within_sla": 100.0,  # 7 days is within a 7-day SLA
        "cost_to_serve": 0.0,
    },
}

QUARTERLY = {
    "2025Q1": {
        "complaints": 6,
        "complaint_rate": 75.0,  # 6 / 8
        "open_backlog": 2,
        "median_resolution_days": 18.5,  # 0, 2, 35, 39
        "within_sla": 50.0,  # K1, K4 of four
        "cost_to_serve": 10.0,  # 40 / 4
    },
    "2025Q2": {
        "complaints": 1,
        "complaint_rate": 50.0,
        "open_backlog": 2,
        "median_resolution_days": 7.0,
        "within_sla": 100.0,
        "cost_to_serve": 0.0,
    },
}


def test_hand_computed_months() -> None:
    table = kpi_complaints.complaint_kpis(kpi_data.complaints(), kpi_data.sales(), "month")
    assert list(table.columns) == list(kpi_complaints.COLUMNS)
    assert_table(table, MONTHLY)
    assert table["complaints"].dtype == np.int64


def test_hand_computed_quarters_and_year() -> None:
    table = kpi_complaints.complaint_kpis(kpi_data.complaints(), kpi_data.sales(), "quarter")
    assert_table(table, QUARTERLY)
    year = kpi_complaints.complaint_kpis(kpi_data.complaints(), kpi_data.sales(), "year")
    # 7 complaints / 10 orders; resolutions 0, 2, 7, 35, 39; cost 40 / 5 customers.
    assert_table(
        year,
        {
            "2025": {
                "complaints": 7,
                "complaint_rate": 70.0,
                "open_backlog": 2,
                "median_resolution_days": 7.0,
                "within_sla": 60.0,
                "cost_to_serve": 8.0,
            }
        },
    )


def test_sla_days_is_a_setting() -> None:
    table = kpi_complaints.complaint_kpis(
        kpi_data.complaints(), kpi_data.sales(), "month", sla_days=6
    )
    assert table.loc["2025-04", "within_sla"] == 0.0  # K7 took 7 days
    assert table.loc["2025-01", "within_sla"] == 100.0


def test_periods_cover_complaints_before_the_first_sale() -> None:
    complaints = kpi_data.complaints()
    complaints.loc[0, ["opened", "closed"]] = pd.to_datetime(["2024-12-20", "2025-01-05"])
    table = kpi_complaints.complaint_kpis(complaints, kpi_data.sales(), "month")
    assert list(table.index) == ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04"]
    assert table.loc["2024-12", "complaints"] == 1
    assert np.isnan(table.loc["2024-12", "complaint_rate"])  # no sales in December
    assert table.loc["2024-12", "open_backlog"] == 1
    assert table.loc["2025-01", "median_resolution_days"] == 16.0  # 12-20 → 01-05


def test_no_cost_column_values_means_cost_to_serve_is_unknown() -> None:
    complaints = kpi_data.complaints().assign(cost=NAN)
    table = kpi_complaints.complaint_kpis(complaints, kpi_data.sales(), "month")
    assert table["cost_to_serve"].isna().all()


def test_no_complaints_keeps_the_sales_periods() -> None:
    empty = kpi_data.complaints().iloc[0:0]
    table = kpi_complaints.complaint_kpis(empty, kpi_data.sales(), "month")
    assert list(table.index) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert table["complaints"].tolist() == [0, 0, 0, 0]
    assert table["median_resolution_days"].isna().all()


def test_unowned_open_complaints() -> None:
    unowned = kpi_complaints.unowned_open(kpi_data.complaints())
    # K3 (owner "") and K6 (owner "  "); K4 has no owner but is closed.
    assert unowned["customer_id"].tolist() == ["C", "X"]
    assert list(unowned.columns) == list(kpi_data.complaints().columns)


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values() -> None:
    complaints = pd.DataFrame(
        {
            "opened": pd.to_datetime(["2025-01-01"] * 4),
            "closed": pd.to_datetime(["2025-01-02", "2025-01-05", "2025-01-11", "2025-01-31"]),
            "customer_id": [None] * 4,
            "owner": ["A"] * 4,
            "cost": [NAN] * 4,
        }
    )
    table = kpi_complaints.complaint_kpis(complaints, kpi_data.sales().iloc[0:0], "month")
    # 1, 4, 10, 30 days → (4 + 10) / 2, as Excel's MEDIAN
    assert table.loc["2025-01", "median_resolution_days"] == 7.0
    assert table.loc["2025-01", "within_sla"] == 50.0


def test_random_data_matches_a_naive_reading_of_the_spec() -> None:
    from tests.kpi.test_links import _random_data

    sales, complaints, _surveys = _random_data(4)
    sales["order_id"] = [f"F{i // 2}" for i in range(len(sales))]  # some two-line orders
    freq = "M"
    sp = sales["date"].dt.to_period(freq)
    op = complaints["opened"].dt.to_period(freq)
    cl = complaints["closed"].dt.to_period(freq)
    periods = pd.period_range(min(sp.min(), op.min()), max(sp.max(), op.max()))
    expected = {}
    for p in periods:
        end = p.end_time.normalize()
        opened = complaints[op == p]
        closed = complaints[cl == p]
        days = (closed["closed"] - closed["opened"]).dt.days
        orders = sales.loc[sp == p, "order_id"].nunique()
        active = sales.loc[sp == p, "customer_id"].nunique()
        backlog = (
            (complaints["opened"] <= end)
            & (complaints["closed"].isna() | (complaints["closed"] > end))
        ).sum()
        expected[str(p)] = {
            "complaints": len(opened),
            "complaint_rate": len(opened) / orders * 100 if orders else NAN,
            "open_backlog": backlog,
            "median_resolution_days": float(np.median(days)) if len(days) else NAN,
            "within_sla": (days <= 7).sum() / len(days) * 100 if len(days) else NAN,
            "cost_to_serve": round(opened["cost"].sum(), 2) / active if active else NAN,
        }
    table = kpi_complaints.complaint_kpis(complaints, sales, "month")
    assert_table(table, expected)
