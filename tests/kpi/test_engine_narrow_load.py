"""The KPI commands read only the sales columns the engine uses (date, customer, amount,
order), summed per order (table sales_orders): every KPI table comes out the same as
from the whole lines, on the sample company (a real SQLite file)."""

from __future__ import annotations

import pandas as pd
import pytest

from cx_sme.core.frames import KPI_SALES_COLUMNS, load_frames
from cx_sme.kpi import cohorts
from cx_sme.kpi import engine as kpis


@pytest.mark.parametrize("granularity", ["month", "quarter", "year"])
def test_kpis_from_the_narrow_load_equal_those_from_whole_lines(sample_db, granularity) -> None:
    whole, narrow = load_frames(sample_db), load_frames(sample_db, KPI_SALES_COLUMNS)
    assert list(narrow.sales.columns) == list(KPI_SALES_COLUMNS)
    # one row per order instead of one per article line, the same money to the cent
    assert 1_000 < len(narrow.sales) < len(whole.sales) / 2
    assert round(narrow.sales["amount"].sum(), 2) == round(whole.sales["amount"].sum(), 2)
    for name in kpis.TABLES:
        pd.testing.assert_frame_equal(
            kpis.table(kpis.encode(narrow), name, granularity),
            kpis.table(kpis.encode(whole), name, granularity),
        )
    pd.testing.assert_frame_equal(
        cohorts.matrix(kpis.encode(narrow))[0], cohorts.matrix(kpis.encode(whole))[0]
    )
