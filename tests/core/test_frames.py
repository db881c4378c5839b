"""Loading the stored data sets: values, row order and dtypes (also for empty stores)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cx_sme.core import frames as datasets
from tests import kpi_data


def test_values_come_back_in_date_then_storage_order(fresh_db) -> None:
    sales = kpi_data.sales().sample(frac=1, random_state=3)  # stored out of date order
    kpi_data.store(fresh_db, sales, kpi_data.complaints(), kpi_data.surveys())
    frames = datasets.load_frames(fresh_db)
    expected = sales.sort_values("date", kind="stable").reset_index(drop=True)
    loaded = frames.sales
    assert list(loaded.columns) == list(datasets.SALES_COLUMNS)
    assert loaded["date"].tolist() == expected["date"].tolist()
    assert loaded["customer_id"].tolist() == expected["customer_id"].tolist()
    assert loaded["amount"].tolist() == expected["amount"].tolist()
    assert loaded["order_id"].isna().tolist() == expected["order_id"].isna().tolist()
    complaints = frames.complaints
    assert complaints["opened"].is_monotonic_increasing
    assert complaints["closed"].isna().sum() == 2
    assert complaints.loc[complaints["customer_id"] == "B", "closed"].iloc[0] == pd.Timestamp(
        "2025-02-14"
    )
    assert complaints["cost"].tolist()[0] == 20.0
    surveys = frames.surveys
    assert surveys["nps"].tolist()[:3] == [9.0, 6.0, 4.0]
    assert np.isnan(surveys["csat"].tolist()[2])


def test_dtypes_are_the_same_whatever_the_content(fresh_db) -> None:
    empty = datasets.load_frames(fresh_db)
    kpi_data.store(fresh_db, kpi_data.sales(), kpi_data.complaints(), kpi_data.surveys())
    full = datasets.load_frames(fresh_db)
    for name in ("sales", "complaints", "surveys"):
        assert getattr(empty, name).dtypes.to_dict() == getattr(full, name).dtypes.to_dict()
    dtypes = full.complaints.dtypes
    assert dtypes["opened"] == "datetime64[us]" and dtypes["closed"] == "datetime64[us]"
    assert dtypes["cost"] == np.float64 and dtypes["owner"] == "str"
    # Columns never filled (product, quantity) are still text and numbers.
    assert full.sales["product"].dtype == "str" and full.sales["product"].isna().all()
    assert full.sales["quantity"].dtype == np.float64
    assert full.version == 1
