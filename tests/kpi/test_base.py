"""The shared encoding under the KPI modules: text codes, invoice runs, orders."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cx_sme.kpi import sales as kpi_sales
from cx_sme.kpi.base import KpiBase, encode_increasing_text, encode_text


def test_encode_text_shares_one_dictionary_across_parts() -> None:
    (a, b), words = encode_text(pd.array(["x", "y", "x"], dtype="str"), ["z", None, "", "y"])
    assert a.tolist() == [0, 1, 0]
    assert b.tolist() == [2, -1, -1, 1]
    assert words.to_pylist()[:3] == ["x", "y", "z"]
    (numbers,), _ = encode_text([10, 2, 10])  # non-text ids are read as text
    assert numbers.tolist() == [0, 1, 0]


def test_increasing_ids_and_hashed_ids_give_the_same_codes() -> None:
    rng = np.random.default_rng(1)
    ids = [None if x < 50 else f"F{x:05d}" for x in rng.integers(0, 400, 2000)]
    codes, count = encode_increasing_text(ids)
    (hashed,), dictionary = encode_text(ids)
    assert count == len({i for i in ids if i})
    assert ((codes < 0) == (hashed < 0)).all()
    # Same partition: equal ids get equal codes in both.
    pairs = {(c, h) for c, h in zip(codes, hashed, strict=True) if c >= 0}
    assert len(pairs) == count == len(dictionary)
    increasing = sorted({i for i in ids if i})
    codes, count = encode_increasing_text([None, *increasing, ""])
    assert codes.tolist() == [-1, *range(len(increasing)), -1]


def test_an_order_id_seen_again_later_is_one_order() -> None:
    # F1's lines are not adjacent (another invoice in between): still one order.
    sales = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-02", "2025-01-02", "2025-01-02"]),
            "customer_id": ["A", "B", "A"],
            "amount": [1.0, 2.0, 3.0],
            "order_id": ["F1", "F2", "F1"],
        }
    )
    base = KpiBase(sales)
    assert len(base.runs.order) == 3  # three runs ...
    assert kpi_sales.sales_kpis(sales, "month")["orders"].tolist() == [2]  # ... two orders


def test_an_order_id_shared_by_two_customers() -> None:
    # Orders count order ids; each customer still has that order for repeat purchase.
    sales = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-02", "2025-01-02", "2025-02-02"]),
            "customer_id": ["A", "B", "A"],
            "amount": [1.0, 2.0, 3.0],
            "order_id": ["F1", "F1", "F2"],
        }
    )
    table = kpi_sales.sales_kpis(sales, "month")
    assert table["orders"].tolist() == [1, 1]
    assert table["repeat_purchase_rate"].tolist() == [0.0, 50.0]  # A: F1, F2; B: F1


def test_axis_spans_whole_years_of_every_data_set() -> None:
    sales = pd.DataFrame(
        {"date": pd.to_datetime(["2025-03-05"]), "customer_id": ["A"], "amount": [1.0]}
    )
    surveys = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-11-30"]),
            "customer_id": [None],
            "nps": [5.0],
            "csat": [np.nan],
            "ces": [np.nan],
        }
    )
    base = KpiBase(sales, None, surveys)
    assert (base.axis.year0, base.axis.months) == (2023, 36)
    assert base.sales_month_range == (26, 26)
    assert base.survey_month_range == (10, 10)
