"""Calendar periods: months ``2025-03``, quarters ``2025Q1``, years ``2025``.

>>> [period_key("2025-03-31", g) for g in GRANULARITIES]
['2025-03', '2025Q1', '2025']
>>> previous_period("2025Q1")
'2024Q4'
>>> same_period_last_year("2025-03")
'2024-03'
>>> period_keys_between("2024-11-05", "2025-02-01", "month")
['2024-11', '2024-12', '2025-01', '2025-02']
>>> period_end("2024-02")
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

import calendar
import datetime as dt

GRANULARITIES = ("month", "quarter", "year")


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def granularity_of(period: str) -> str:
    if "Q" in period:
        return "quarter"
    return "month" if "-" in period else "year"


def period_key(value: dt.date | str, granularity: str) -> str:
    """The period containing a date."""
    day = _as_date(value)
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}Q{(day.month - 1) // 3 + 1}"
    if granularity == "year":
        return f"{day.year:04d}"
    raise ValueError(f"unknown granularity {granularity!r}")


def period_start(period: str) -> dt.date:
    g = granularity_of(period)
    year = int(period[:4])
    if g == "month":
        return dt.date(year, int(period[5:7]), 1)
    if g == "quarter":
        return dt.date(year, (int(period[5]) - 1) * 3 + 1, 1)
    return dt.date(year, 1, 1)


def period_end(period: str) -> dt.date:
    """The last day of the period."""
    g = granularity_of(period)
    year = int(period[:4])
    if g == "month":
        month = int(period[5:7])
    elif g == "quarter":
        month = int(period[5]) * 3
    else:
        month = 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_period(period: str, steps: int) -> str:
    """The period ``steps`` periods later (earlier when negative), same granularity."""
    g = granularity_of(period)
    year = int(period[:4])
    if g == "year":
        return f"{year + steps:04d}"
    if g == "quarter":
        index = year * 4 + int(period[5]) - 1 + steps
        return f"{index // 4:04d}Q{index % 4 + 1}"
    index = year * 12 + int(period[5:7]) - 1 + steps
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous_period(period: str) -> str:
    return shift_period(period, -1)


def same_period_last_year(period: str) -> str:
    steps = {"month": 12, "quarter": 4, "year": 1}[granularity_of(period)]
    return shift_period(period, -steps)


def period_keys_between(first: dt.date | str, last: dt.date | str, granularity: str) -> list[str]:
    """Every period from the one containing ``first`` to the one containing ``last``."""
    start, end = period_key(first, granularity), period_key(last, granularity)
    keys = [start]
    while keys[-1] < end:
        keys.append(shift_period(keys[-1], 1))
    return keys


DEFAULT_RANGE_LENGTH = 12


def default_range(keys: list[str], length: int = DEFAULT_RANGE_LENGTH) -> tuple[str, str]:
    """The dashboards' default range: the last ``length`` of ``keys`` (all when fewer).

    >>> default_range(["2025-01", "2025-02", "2025-03"], 2)
    ('2025-02', '2025-03')
    """
    return keys[max(0, len(keys) - length)], keys[-1]
