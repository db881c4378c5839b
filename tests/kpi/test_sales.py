"""Sales KPIs against figures worked out by hand (data in tests/kpi_data.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cx_sme.kpi import sales as kpi_sales
from tests import kpi_data
from tests.kpi_data import NAN, assert_table

# Orders: Jan F1, F2, (C, 01-20), (C, 01-25) = 4; Feb F3, NC1, F4, F5 = 4; Apr F6, (E, 04-15) = 2.
# Repeat purchase to date: Jan C has 2 orders of A,B,C -> 1/3; Feb B, C, D of A..D -> 3/4;
# Apr A (F1, F6), B, C, D of A..E -> 4/5.
MONTHLY = {
    "2025-01": {
        "revenue": 410.00,  # 100 + 50 + 200 + 30 + 20 + 10
        "orders": 4,
        "active_customers": 3,
        "new_customers": 3,
        "returning_customers": 0,
        "revenue_returning": 0.0,
        "average_ticket": 102.5,  # 410 / 4
        "retention_rate": NAN,  # no previous period
        "churn_rate": NAN,
        "repeat_purchase_rate": 100 / 3,
        "revenue_per_customer": 410 / 3,
    },
    "2025-02": {
        "revenue": 210.00,  # 120 - 30 (credit note) + 80 + 40
        "orders": 4,
        "active_customers": 3,  # B, C, D
        "new_customers": 1,  # D
        "returning_customers": 2,
        "revenue_returning": 90.00,  # B 120 + C -30
        "average_ticket": 52.5,
        "retention_rate": 2 / 3 * 100,  # {A,B,C} ∩ {B,C,D} = {B,C}
        "churn_rate": 100 - 2 / 3 * 100,
        "repeat_purchase_rate": 75.0,
        "revenue_per_customer": 70.0,
    },
    "2025-03": {  # a month without sales inside the range: no gap in the table
        "revenue": 0.0,
        "orders": 0,
        "active_customers": 0,
        "new_customers": 0,
        "returning_customers": 0,
        "revenue_returning": 0.0,
        "average_ticket": NAN,
        "retention_rate": 0.0,  # none of B, C, D came back
        "churn_rate": 100.0,
        "repeat_purchase_rate": 75.0,
        "revenue_per_customer": NAN,
    },
    "2025-04": {
        "revenue": 150.00,
        "orders": 2,
        "active_customers": 2,
        "new_customers": 1,  # E
        "returning_customers": 1,  # A
        "revenue_returning": 60.00,
        "average_ticket": 75.0,
        "retention_rate": NAN,  # March had no customers: undefined, shown "—"
        "churn_rate": NAN,
        "repeat_purchase_rate": 80.0,
        "revenue_per_customer": 75.0,
    },
}

QUARTERLY = {
    "2025Q1": {
        "revenue": 620.00,
        "orders": 8,
        "active_customers": 4,
        "new_customers": 4,
        "returning_customers": 0,
        "revenue_returning": 0.0,
        "average_ticket": 77.5,
        "retention_rate": NAN,
        "repeat_purchase_rate": 75.0,
        "revenue_per_customer": 155.0,
    },
    "2025Q2": {
        "revenue": 150.00,
        "orders": 2,
        "active_customers": 2,
        "new_customers": 1,
        "returning_customers": 1,
        "revenue_returning": 60.00,
        "average_ticket": 75.0,
        "retention_rate": 25.0,  # {A,B,C,D} ∩ {A,E} = {A}
        "churn_rate": 75.0,
        "repeat_purchase_rate": 80.0,
        "revenue_per_customer": 75.0,
    },
}

YEARLY = {
    "2025": {
        "revenue": 770.00,
        "orders": 10,
        "active_customers": 5,
        "new_customers": 5,
        "revenue_returning": 0.0,
        "average_ticket": 77.0,
        "retention_rate": NAN,
        "repeat_purchase_rate": 80.0,
        "revenue_per_customer": 154.0,
    }
}


@pytest.mark.parametrize(
    ("granularity", "expected"),
    [("month", MONTHLY), ("quarter", QUARTERLY), ("year", YEARLY)],
)
def test_hand_computed_figures(granularity: str, expected: dict) -> None:
    table = kpi_sales.sales_kpis(kpi_data.sales(), granularity)
    assert list(table.columns) == list(kpi_sales.COLUMNS)
    assert table.index.name == "period"
    assert_table(table, expected)


def test_counts_are_integers_and_money_is_exact() -> None:
    table = kpi_sales.sales_kpis(kpi_data.sales(), "month")
    for column in kpi_sales.COUNTS:
        assert table[column].dtype == np.int64
    # 0.10 + 0.20 in floats is 0.30000000000000004; summed in cents it is 0.3.
    sales = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "customer_id": ["A", "A"],
            "amount": [0.10, 0.20],
        }
    )
    assert kpi_sales.sales_kpis(sales, "month").loc["2025-01", "revenue"] == 0.3


def test_without_order_ids_orders_are_customer_date_pairs() -> None:
    sales = kpi_data.sales().drop(columns="order_id")
    table = kpi_sales.sales_kpis(sales, "month")
    # Jan: (A,01-05) (B,01-12) (C,01-20) (C,01-25) = 4; Feb: (B,02-03) (C,02-10) (D,02-14) = 3
    # -- D's two invoices on the same day become one order.
    assert table["orders"].tolist() == [4, 3, 0, 2]
    assert table.loc["2025-02", "average_ticket"] == 70.0


def test_an_order_spanning_two_months_counts_in_each_but_once_in_the_quarter() -> None:
    sales = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-30", "2025-02-02", "2025-02-03"]),
            "customer_id": ["A", "A", "A"],
            "amount": [10.0, 5.0, 7.0],
            "order_id": ["F9", "F9", "F10"],
        }
    )
    assert kpi_sales.sales_kpis(sales, "month")["orders"].tolist() == [1, 2]
    quarter = kpi_sales.sales_kpis(sales, "quarter")
    assert quarter["orders"].tolist() == [2]
    # A's second order (F10) arrives in February: 0 % in January, 100 % from February.
    assert kpi_sales.sales_kpis(sales, "month")["repeat_purchase_rate"].tolist() == [0.0, 100.0]


def test_row_order_and_text_storage_do_not_change_the_figures() -> None:
    reference = kpi_sales.sales_kpis(kpi_data.sales(), "month")
    shuffled = kpi_data.sales().sample(frac=1, random_state=7)
    pd.testing.assert_frame_equal(kpi_sales.sales_kpis(shuffled, "month"), reference)
    as_objects = kpi_data.sales().astype({"customer_id": object, "order_id": object})
    pd.testing.assert_frame_equal(kpi_sales.sales_kpis(as_objects, "month"), reference)
    empty_ids = kpi_data.sales()
    empty_ids["order_id"] = empty_ids["order_id"].fillna("")
    pd.testing.assert_frame_equal(kpi_sales.sales_kpis(empty_ids, "month"), reference)


def test_no_sales_gives_an_empty_table_with_the_columns() -> None:
    empty = kpi_data.sales().iloc[0:0]
    table = kpi_sales.sales_kpis(empty, "quarter")
    assert table.empty and list(table.columns) == list(kpi_sales.COLUMNS)
    assert kpi_sales.warm_up_periods(empty, "month") == []


def test_warm_up_needs_twelve_months_of_history_before_the_period() -> None:
    sales = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-15", "2025-02-10"]),
            "customer_id": ["A", "A"],
            "amount": [1.0, 1.0],
        }
    )
    months = kpi_sales.warm_up_periods(sales, "month")
    assert months == [f"2024-{m:02d}" for m in range(1, 13)]  # 2025-01 has 12 months before
    assert kpi_sales.warm_up_periods(sales, "quarter") == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert kpi_sales.warm_up_periods(sales, "year") == ["2024"]
    # Starting in March: 2025Q1 starts after only 10 months of data, 2025Q2 after 13.
    later = sales.assign(date=pd.to_datetime(["2024-03-01", "2025-06-30"]))
    assert kpi_sales.warm_up_periods(later, "quarter")[-1] == "2025Q1"
    assert kpi_sales.warm_up_periods(later, "year") == ["2024", "2025"]
    # In warm-up everyone looks new: the first month's customers are all "new".
    table = kpi_sales.sales_kpis(sales, "month")
    assert table.loc["2024-01", "new_customers"] == 1


def test_unknown_granularity_is_refused() -> None:
    with pytest.raises(ValueError):
        kpi_sales.sales_kpis(kpi_data.sales(), "week")


def _reference(sales: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """The spec's definitions, written naively with Python sets (no shared code)."""
    freq = {"month": "M", "quarter": "Q", "year": "Y"}[granularity]
    frame = sales.copy()
    frame["p"] = frame["date"].dt.to_period(freq)
    frame["order"] = [
        ("id", o) if isinstance(o, str) and o else ("pair", c, d)
        for o, c, d in zip(frame["order_id"], frame["customer_id"], frame["date"], strict=True)
    ]
    first = frame.groupby("customer_id")["p"].min()
    periods = pd.period_range(frame["p"].min(), frame["p"].max(), freq=freq)
    rows = {}
    for p in periods:
        here = frame[frame["p"] == p]
        active = set(here["customer_id"])
        before = set(frame.loc[frame["p"] == p - 1, "customer_id"])
        new = {c for c in active if first[c] == p}
        upto = frame[frame["p"] <= p]
        per_customer = upto.groupby("customer_id")["order"].agg(lambda s: len(set(s)))
        revenue = round(here["amount"].sum(), 2)
        orders = len(set(here["order"]))
        retention = len(before & active) / len(before) * 100 if before else NAN
        rows[str(p)] = {
            "revenue": revenue,
            "orders": orders,
            "active_customers": len(active),
            "new_customers": len(new),
            "returning_customers": len(active) - len(new),
            "revenue_returning": round(
                here.loc[here["customer_id"].map(first) < p, "amount"].sum(), 2
            ),
            "average_ticket": revenue / orders if orders else NAN,
            "retention_rate": retention,
            "churn_rate": 100 - retention,
            "repeat_purchase_rate": (per_customer >= 2).sum() / len(per_customer) * 100,
            "revenue_per_customer": revenue / len(active) if active else NAN,
        }
    return rows  # type: ignore[return-value]


@pytest.mark.parametrize("granularity", ["month", "quarter", "year"])
def test_random_data_matches_a_naive_reading_of_the_spec(granularity: str) -> None:
    rng = np.random.default_rng(3)
    n = 600
    sales = pd.DataFrame(
        {
            "date": pd.Timestamp("2023-11-01") + pd.to_timedelta(rng.integers(0, 500, n), unit="D"),
            "customer_id": [f"C{x}" for x in rng.integers(0, 60, n)],
            "amount": np.round(rng.normal(80, 60, n), 2),
            "order_id": [None if x < 40 else f"F{x}" for x in rng.integers(0, 260, n)],
        }
    )
    expected = _reference(sales, granularity)
    assert_table(kpi_sales.sales_kpis(sales, granularity), expected)
