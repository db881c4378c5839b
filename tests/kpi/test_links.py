"""KPIs across data sets against figures worked out by hand (data in tests/kpi_data.py).

Active customers: Jan {A,B,C}, Feb {B,C,D}, Mar {}, Apr {A,E}; April is the last period
loaded. Latest valid NPS in each month: Jan A 4 (after a 9), B 6; Mar A 10, B 8, C 3.
Complaints with a customer: Jan A, B, C; Feb D; Mar X (never bought); Apr E.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cx_sme.kpi import links as kpi_links
from tests import kpi_data
from tests.kpi_data import NAN, assert_table

MONTHLY = {
    "2025-01": {
        "retention_promoters": NAN,  # nobody's latest January answer is 9-10
        "retention_passives": NAN,
        "retention_detractors": 50.0,  # A, B → B active in February
        "retention_complainers": 2 / 3 * 100,  # A, B, C → B, C
        "retention_all_active": 2 / 3 * 100,
        # At the end of January: A and B detractors, B and C with an open complaint;
        # revenue of the 12 months to January: A 150 + B 200 + C 60.
        "revenue_at_risk": 410.00,
    },
    "2025-02": {
        "retention_promoters": NAN,  # no NPS answer in February
        "retention_passives": NAN,
        "retention_detractors": NAN,
        "retention_complainers": 0.0,  # D, not active in March
        "retention_all_active": 0.0,
        # A, B still detractors (150 + 320), C (K3) and D (K5) open: 30 + 120.
        "revenue_at_risk": 620.00,
    },
    "2025-03": {
        "retention_promoters": 100.0,  # A buys in April
        "retention_passives": 0.0,  # B does not
        "retention_detractors": 0.0,  # C does not
        "retention_complainers": 0.0,  # X
        "retention_all_active": NAN,  # nobody active in March
        # A now a promoter, B a passive, K5 closed on 31 March: C (detractor, K3 open) 30
        # and X (K6 open, no revenue) 0.
        "revenue_at_risk": 30.00,
    },
    "2025-04": {  # the last period loaded: retention is undefined
        "retention_promoters": NAN,
        "retention_passives": NAN,
        "retention_detractors": NAN,
        "retention_complainers": NAN,
        "retention_all_active": NAN,
        "revenue_at_risk": 30.00,
    },
}


def _links(granularity: str) -> pd.DataFrame:
    return kpi_links.link_kpis(
        kpi_data.sales(), kpi_data.complaints(), kpi_data.surveys(), granularity
    )


def test_hand_computed_months() -> None:
    table = _links("month")
    assert list(table.columns)[:5] == list(kpi_links.COLUMNS)
    assert_table(table, MONTHLY)


def test_quarters_and_years() -> None:
    quarter = _links("quarter")
    # Q1: latest answers A 10, B 8, C 3 → A buys in Q2 (100), B and C do not (0, 0);
    # complainers A, B, C, D, X → A (20 %); all active A, B, C, D → A (25 %).
    # Risk at the end of Q1 = at the end of March; at the end of Q2 the same 30.
    assert_table(
        quarter,
        {
            "2025Q1": {
                "retention_promoters": 100.0,
                "retention_passives": 0.0,
                "retention_detractors": 0.0,
                "retention_complainers": 20.0,
                "retention_all_active": 25.0,
                "revenue_at_risk": 30.0,
            },
            "2025Q2": {"retention_promoters": NAN, "revenue_at_risk": 30.0},
        },
    )
    year = _links("year")
    assert_table(year, {"2025": {"retention_detractors": NAN, "revenue_at_risk": 30.0}})


def test_revenue_at_risk_window_is_twelve_months() -> None:
    sales = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-31", "2024-02-01", "2025-01-15"]),
            "customer_id": ["A", "A", "A"],
            "amount": [1000.0, 200.0, 30.0],
        }
    )
    surveys = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-31"]),
            "customer_id": ["A"],
            "nps": [5.0],
            "csat": [NAN],
            "ces": [NAN],
        }
    )
    table = kpi_links.link_kpis(sales, None, surveys, "month")
    # The 12 months ending 31 January 2025 run from February 2024: 200 + 30.
    assert table.loc["2025-01", "revenue_at_risk"] == 230.0
    assert table.loc["2024-12", "revenue_at_risk"] == 1200.0
    assert table.loc["2024-01", "revenue_at_risk"] == 1000.0


def test_who_is_at_risk_adds_up_to_the_kpi() -> None:
    args = (kpi_data.sales(), kpi_data.complaints(), kpi_data.surveys())
    who = kpi_links.revenue_at_risk_customers(*args, "2025-02")
    assert who[["customer_id", "reason", "revenue"]].values.tolist() == [
        ["B", "detractor", 320.0],
        ["A", "detractor", 150.0],
        ["D", "open_complaint", 120.0],
        ["C", "open_complaint", 30.0],
    ]
    assert who["customer_name"].tolist() == ["Cliente B", "Cliente A", "Cliente D", "Cliente C"]
    assert who["revenue"].sum() == _links("month").loc["2025-02", "revenue_at_risk"]
    march = kpi_links.revenue_at_risk_customers(*args, "2025-03")
    assert march[["customer_id", "reason", "open_complaints"]].values.tolist() == [
        ["C", "detractor_and_complaint", 1],
        ["X", "open_complaint", 1],
    ]
    assert march["latest_nps"].tolist()[0] == 3.0 and np.isnan(march["latest_nps"].tolist()[1])
    assert pd.isna(march["customer_name"].tolist()[1])
    outside = kpi_links.revenue_at_risk_customers(*args, "2031-01")
    assert outside.empty


def test_without_surveys_or_complaints_only_the_retention_of_everyone_is_defined() -> None:
    table = kpi_links.link_kpis(kpi_data.sales(), None, None, "month")
    assert table["retention_promoters"].isna().all()
    assert table["retention_complainers"].isna().all()
    assert table["revenue_at_risk"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert table.loc["2025-01", "retention_all_active"] == 2 / 3 * 100


def _random_data(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2024-02-01")
    n = 500
    sales = pd.DataFrame(
        {
            "date": start + pd.to_timedelta(rng.integers(0, 420, n), unit="D"),
            "customer_id": [f"C{x}" for x in rng.integers(0, 40, n)],
            "amount": np.round(rng.normal(100, 80, n), 2),
        }
    )
    m = 120
    opened = start + pd.to_timedelta(rng.integers(-20, 440, m), unit="D")
    closed = opened + pd.to_timedelta(rng.integers(0, 90, m), unit="D")
    complaints = pd.DataFrame(
        {
            "opened": opened,
            "closed": closed.where(rng.random(m) > 0.2),
            "customer_id": [None if x >= 45 else f"C{x}" for x in rng.integers(0, 50, m)],
            "owner": ["Anna"] * m,
            "cost": rng.uniform(0, 50, m).round(2),
        }
    )
    k = 200
    surveys = pd.DataFrame(
        {
            "date": start + pd.to_timedelta(rng.integers(0, 430, k), unit="D"),
            "customer_id": [None if x >= 44 else f"C{x}" for x in rng.integers(0, 48, k)],
            "nps": np.where(rng.random(k) < 0.15, np.nan, rng.integers(0, 11, k)),
            "csat": np.nan,
            "ces": np.nan,
        }
    )
    return sales, complaints, surveys


def _naive_links(sales, complaints, surveys, freq: str) -> dict[str, dict[str, float]]:
    """The spec's cross-data-set definitions, one period and one customer at a time."""
    sp = sales["date"].dt.to_period(freq)
    cp = complaints["opened"].dt.to_period(freq)
    vp = surveys["date"].dt.to_period(freq)
    periods = pd.period_range(min(sp.min(), cp.min(), vp.min()), max(sp.max(), cp.max(), vp.max()))
    first_sales, last_sales = sp.min(), sp.max()
    active = {p: set(sales.loc[sp == p, "customer_id"]) for p in periods}
    out = {}
    for p in periods:
        row: dict[str, float] = {}
        nxt = p + 1
        defined = first_sales <= nxt <= last_sales
        answers = surveys[(vp == p) & surveys["nps"].notna() & surveys["customer_id"].notna()]
        latest = answers.sort_values("date", kind="stable").groupby("customer_id")["nps"].last()
        groups = {
            "promoters": set(latest[latest >= 9].index),
            "passives": set(latest[(latest >= 7) & (latest <= 8)].index),
            "detractors": set(latest[latest <= 6].index),
            "complainers": set(complaints.loc[(cp == p), "customer_id"].dropna()),
        }
        for name, members in groups.items():
            share = len(members & active.get(nxt, set())) / len(members) * 100 if members else NAN
            row[f"retention_{name}"] = share if defined else NAN
        end = p.end_time.normalize()
        window_start = (p.asfreq("M", "end") - 11).start_time
        dated = surveys[(surveys["date"] <= end) & surveys["nps"].notna()].dropna(
            subset=["customer_id"]
        )
        last_score = dated.sort_values("date", kind="stable").groupby("customer_id")["nps"].last()
        still_open = complaints[
            (complaints["opened"] <= end)
            & (complaints["closed"].isna() | (complaints["closed"] > end))
        ]["customer_id"].dropna()
        risky = set(last_score[last_score <= 6].index) | set(still_open)
        window = sales[(sales["date"] >= window_start) & (sales["date"] <= end)]
        row["revenue_at_risk"] = round(
            window.loc[window["customer_id"].isin(risky), "amount"].sum(), 2
        )
        out[str(p)] = row
    return out


@pytest.mark.parametrize(("seed", "freq", "granularity"), [(1, "M", "month"), (2, "Q", "quarter")])
def test_random_data_matches_a_naive_reading_of_the_spec(
    seed: int, freq: str, granularity: str
) -> None:
    sales, complaints, surveys = _random_data(seed)
    expected = _naive_links(sales, complaints, surveys, freq)
    assert_table(kpi_links.link_kpis(sales, complaints, surveys, granularity), expected)
