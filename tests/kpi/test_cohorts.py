"""The cohort matrix against shares worked out by hand (data in tests/kpi_data.py).

First months: A, B, C January; D February; E April (nobody new in March).
Active: Jan {A,B,C}, Feb {B,C,D}, Mar {}, Apr {A,E}; April is the last month loaded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cx_sme.kpi import cohorts
from tests import kpi_data
from tests.kpi_data import NAN

EXPECTED = {
    # January cohort {A,B,C}: Feb B, C; Mar nobody; Apr A.
    "2025-01": [100.0, 2 / 3 * 100, 0.0, 1 / 3 * 100],
    # February cohort {D}: not seen again; k3 would be May, after the last month.
    "2025-02": [100.0, 0.0, 0.0, NAN],
    "2025-04": [100.0, NAN, NAN, NAN],
}


def test_hand_computed_matrix() -> None:
    matrix = cohorts.cohort_matrix(kpi_data.sales())
    assert matrix.index.name == "cohort"
    assert list(matrix.columns) == ["k0", "k1", "k2", "k3"]
    assert list(matrix.index) == list(EXPECTED)
    for cohort, shares in EXPECTED.items():
        np.testing.assert_allclose(matrix.loc[cohort].to_numpy(), shares, rtol=1e-12)
    assert cohorts.cohort_sizes(kpi_data.sales()).tolist() == [3, 1, 1]


def test_no_sales_gives_an_empty_matrix() -> None:
    assert cohorts.cohort_matrix(kpi_data.sales().iloc[0:0]).empty


def test_matrix_matches_the_monthly_new_customers() -> None:
    rng = np.random.default_rng(5)
    n = 400
    sales = pd.DataFrame(
        {
            "date": pd.Timestamp("2024-06-01") + pd.to_timedelta(rng.integers(0, 300, n), "D"),
            "customer_id": [f"C{x}" for x in rng.integers(0, 80, n)],
            "amount": rng.uniform(1, 100, n).round(2),
        }
    )
    matrix = cohorts.cohort_matrix(sales)
    sizes = cohorts.cohort_sizes(sales)
    months = sales["date"].dt.to_period("M").astype(str)
    first = months.groupby(sales["customer_id"]).min()
    assert sizes.to_dict() == first.value_counts().sort_index().to_dict()
    # Each cell: the cohort's customers active in cohort month + k, by a plain set count.
    last = pd.Period(months.max(), "M")
    for cohort, row in matrix.iterrows():
        members = set(first[first == cohort].index)
        for k, share in enumerate(row):
            month = pd.Period(str(cohort), "M") + k
            if month > last:
                assert np.isnan(share)
                continue
            active = set(sales.loc[months == str(month), "customer_id"])
            assert share == len(members & active) / len(members) * 100
