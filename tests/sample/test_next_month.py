"""The sample company month after month (issue 11 §8): the generator run with a later end
keeps every earlier month's rows and adds only the new month, as a real company's next
exports would (complaints still open at the end of a month may be closed in the next
file: that is the only difference, and a realistic one)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from cx_sme.sample.generator import SampleData, simulate


def rows_between(data: SampleData, first: dt.date, last: dt.date) -> tuple[list, list, list]:
    return (
        [s for s in data.sales if first <= s.date <= last],
        [c for c in data.complaints if first <= c.opened <= last],
        [a for a in data.surveys if first <= a.timestamp.date() <= last],
    )


@pytest.mark.parametrize("later", ["2026-11", "2026-12"])
def test_a_later_end_keeps_every_earlier_month(later: str) -> None:
    before, after = simulate("2026-10"), simulate(later)
    assert after.first_day > before.first_day  # the 24-month window slides
    sales, complaints, surveys = rows_between(before, after.first_day, before.as_of)
    sales2, complaints2, surveys2 = rows_between(after, after.first_day, before.as_of)
    assert sales2 == sales and surveys2 == surveys
    assert len(complaints2) == len(complaints)
    for old, new in zip(complaints, complaints2, strict=True):
        if old != new:  # closed after the earlier end: only the closing date is new
            assert old.closed is None and new.closed is not None
            assert new.closed > before.as_of
            assert dataclasses.replace(new, closed=None) == old
    new_month = rows_between(after, before.as_of + dt.timedelta(days=1), after.as_of)
    assert all(len(part) > 0 for part in new_month)


def test_an_end_before_the_history_keeps_its_own_24_months() -> None:
    data = simulate("2025-06")
    assert (data.first_day, data.as_of) == (dt.date(2023, 7, 1), dt.date(2025, 6, 30))
