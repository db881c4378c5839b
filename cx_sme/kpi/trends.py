"""A KPI's value in one period beside the previous period and the same period last year.

The KPI tables come from :mod:`cx_sme.kpi.engine`: one row per period key, one column per KPI.
A period that is not in the table, or a value that is undefined there, gives ``None``
(shown as "—"), never a zero.

>>> import pandas as pd
>>> table = pd.DataFrame(
...     {"revenue": [100.0, 80.0, 120.0]}, index=["2024-03", "2025-02", "2025-03"]
... )
>>> tr = trend(table, "revenue", "2025-03")
>>> tr.value, tr.previous, tr.last_year
(120.0, 80.0, 100.0)
>>> tr.change_vs_previous, tr.relative_vs_previous
(40.0, 50.0)
>>> tr.relative_vs_last_year
20.0
>>> trend(table, "revenue", "2024-03").previous is None
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from cx_sme.core.periods import previous_period, same_period_last_year


def value_at(table: pd.DataFrame, column: str, period: str) -> float | None:
    if column not in table.columns or period not in table.index:
        return None
    raw = table.at[period, column]
    if raw is None or pd.isna(raw):
        return None
    value = float(raw)
    return None if math.isnan(value) else value


def _difference(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else new - old


def _relative(new: float | None, old: float | None) -> float | None:
    """Relative change in % (undefined from zero, where any growth is infinite)."""
    if new is None or old is None or old == 0:
        return None
    return (new - old) / abs(old) * 100


@dataclass(frozen=True)
class Trend:
    """One KPI in ``period``, with the two comparisons every dashboard card shows."""

    key: str
    period: str
    value: float | None
    previous_period: str
    previous: float | None
    last_year_period: str
    last_year: float | None

    @property
    def change_vs_previous(self) -> float | None:
        return _difference(self.value, self.previous)

    @property
    def relative_vs_previous(self) -> float | None:
        return _relative(self.value, self.previous)

    @property
    def change_vs_last_year(self) -> float | None:
        return _difference(self.value, self.last_year)

    @property
    def relative_vs_last_year(self) -> float | None:
        return _relative(self.value, self.last_year)


def trend(table: pd.DataFrame, key: str, period: str) -> Trend:
    """The value of ``key`` in ``period`` with its previous and last-year values."""
    before = previous_period(period)
    year_ago = same_period_last_year(period)
    return Trend(
        key=key,
        period=period,
        value=value_at(table, key, period),
        previous_period=before,
        previous=value_at(table, key, before),
        last_year_period=year_ago,
        last_year=value_at(table, key, year_ago),
    )


def series(table: pd.DataFrame, key: str, periods: list[str]) -> list[float | None]:
    """The values of ``key`` over ``periods`` (``None`` where undefined), for sparklines.

    >>> t = pd.DataFrame({"orders": [3, 5]}, index=["2025-01", "2025-03"])
    >>> series(t, "orders", ["2025-01", "2025-02", "2025-03"])
    [3.0, None, 5.0]
    """
    return [value_at(table, key, p) for p in periods]
