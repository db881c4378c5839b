"""The cohort matrix: what share of each month's new customers buys again k months later.

Rows are cohorts (``YYYY-MM``, the month of a customer's first sales line); column
``k<n>`` is the share (0–100) of the cohort's customers with a sales line in cohort month
+ n. ``k0`` is always 100. A cell whose month falls after the last month loaded is empty
(NaN). Months without new customers have no row.

>>> sales = pd.DataFrame({
...     "date": pd.to_datetime(["2025-01-05", "2025-01-09", "2025-02-01", "2025-03-03"]),
...     "customer_id": ["A", "B", "A", "C"], "amount": [10.0, 20.0, 30.0, 40.0],
... })
>>> cohort_matrix(sales).to_dict("index")
{'2025-01': {'k0': 100.0, 'k1': 50.0, 'k2': 0.0}, '2025-03': {'k0': 100.0, 'k1': nan, 'k2': nan}}
>>> cohort_sizes(sales).tolist()
[2, 1]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cx_sme.kpi.base import KpiBase


def matrix(base: KpiBase) -> tuple[pd.DataFrame, pd.Series]:
    """Cohort shares and cohort sizes on an encoded base."""
    span = base.sales_month_range
    if span is None:
        empty = pd.Index([], name="cohort", dtype=str)
        return pd.DataFrame(index=empty), pd.Series([], index=empty, dtype=np.int64)
    first, last = span
    width = last - first + 1
    months, customers = np.nonzero(base.activity)
    cohort = base.first_month[customers] - first
    counts = np.bincount(
        cohort * width + (months - first - cohort), minlength=width * width
    ).reshape(width, width)
    sizes = counts[:, 0]
    shares = np.full((width, width), np.nan)
    np.divide(counts, sizes[:, None], out=shares, where=sizes[:, None] > 0)
    shares *= 100  # share × 100, in the spec's order (as Excel's =B2/C2*100)
    # Cell (cohort c, k) is month first + c + k: empty once that is after the last month.
    after = np.add.outer(np.arange(width), np.arange(width)) >= width
    shares[after] = np.nan
    keep = sizes > 0
    index = pd.Index(
        [base.axis.key("month", first + int(c)) for c in np.flatnonzero(keep)], name="cohort"
    )
    frame = pd.DataFrame(shares[keep], index=index, columns=[f"k{k}" for k in range(width)])
    return frame, pd.Series(sizes[keep], index=index, name="customers")


def cohort_matrix(sales: pd.DataFrame) -> pd.DataFrame:
    """Shares (0–100) of each cohort active k months after its first month."""
    return matrix(KpiBase(sales))[0]


def cohort_sizes(sales: pd.DataFrame) -> pd.Series:
    """Number of customers in each cohort (same index as :func:`cohort_matrix`)."""
    return matrix(KpiBase(sales))[1]
