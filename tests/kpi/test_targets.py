"""Targets: user numbers per granularity over the focus area's steps, and the light."""

from __future__ import annotations

import pandas as pd
import pytest

from cx_sme.company import focus_area as focus
from cx_sme.core import db
from cx_sme.core.errors import InputRefused
from cx_sme.kpi import targets
from cx_sme.kpi.targets import Target, light, step_target


@pytest.mark.parametrize(
    ("key", "value", "target", "expected"),
    [
        ("retention_rate", 70.0, 70.0, "green"),  # exactly met
        ("retention_rate", 67.0, 70.0, "amber"),  # 5 % of 70 = 3.5 points of band
        ("retention_rate", 66.0, 70.0, "red"),
        ("complaints", 10, 12, "green"),  # lower is better
        ("complaints", 12.5, 12, "amber"),  # band at least 1 for counts
        ("complaints", 14, 12, "red"),
        ("nps", -1.0, 0.0, "amber"),  # band at least 2 NPS points around 0
        ("nps", -3.0, 0.0, "red"),
        ("median_resolution_days", 7.4, 7.0, "amber"),
        ("revenue", 95_001.0, 100_000.0, "amber"),
        ("revenue", 94_000.0, 100_000.0, "red"),
    ],
)
def test_light(key: str, value: float, target: float, expected: str) -> None:
    assert light(key, value, target, 5.0) == expected


def test_light_without_value_target_or_direction() -> None:
    assert light("nps", None, 30) is None
    assert light("nps", 30, None) is None
    assert light("responses", 40, 30) is None  # a volume has no better direction
    assert light("nps", float("nan"), 30) is None


def test_tolerance_zero_makes_any_miss_red_except_the_minimum_band() -> None:
    assert light("csat", 79.5, 80.0, 0.0) == "amber"  # 1-point minimum band
    assert light("csat", 78.0, 80.0, 0.0) == "red"


def test_step_targets_stay_on_their_scale() -> None:
    assert step_target("within_sla", 99.0, 5.0) == 99.5  # half the room left
    assert step_target("nps", 98.0, 8.0) == 99.0
    assert step_target("nps", -100.0, 8.0) == -92.0
    assert step_target("complaints", 20.0, -10.0) == 18.0
    assert step_target("retention_rate", 60.0, 3.0) == 63.0


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {"retention_rate": [60.0, 61.0], "revenue": [1000.0, 1100.0]},
        index=["2024-05", "2025-05"],
    )


def test_target_resolves_user_number_else_step_over_last_year() -> None:
    goal = Target("retention_rate", fixed={"quarter": 75.0}, step=3.0)
    assert goal.resolve(_table(), "2025-05") == 63.0  # month: no number, step over 60
    assert goal.source("month") == "focus"
    assert goal.resolve(_table(), "2025Q2") == 75.0
    assert goal.source("quarter") == "user"
    assert goal.resolve(_table(), "2024-05") is None  # no last year to improve on


def test_effective_targets_follow_the_focus_area(fresh_db) -> None:
    found = targets.effective_targets(fresh_db)
    assert focus.current_focus(fresh_db) == "loyalty"
    assert found["retention_rate"].step == 3.0
    assert "average_ticket" not in found
    focus.set_focus(fresh_db, "ticket")
    found = targets.effective_targets(fresh_db)
    assert found["average_ticket"].step == 5.0
    assert found["retention_rate"].step == 1.0  # the base step every focus keeps


def test_user_targets_win_and_are_stored(fresh_db, store_address) -> None:
    targets.set_target(fresh_db, "revenue", "month", 120_000)
    targets.set_target(fresh_db, "nps", "year", 35)
    other = db.connect(store_address)  # a new connection sees the stored settings
    assert targets.user_targets(other) == {
        "revenue": {"month": 120_000.0},
        "nps": {"year": 35.0},
    }
    found = targets.effective_targets(other)
    assert found["revenue"].fixed == {"month": 120_000.0}
    assert found["nps"].fixed == {"year": 35.0} and found["nps"].step == 3.0
    targets.set_target(other, "revenue", "month", None)
    assert "revenue" not in targets.user_targets(other)
    other.close()


@pytest.mark.parametrize(
    ("key", "granularity", "value"),
    [
        ("nps", "month", 120),
        ("retention_rate", "month", -1),
        ("revenue", "month", -5),
        ("responses", "month", 30),
        ("nps", "week", 30),
        ("nps", "month", float("inf")),
    ],
)
def test_bad_targets_are_refused_and_nothing_stored(fresh_db, key, granularity, value) -> None:
    targets.set_target(fresh_db, "csat", "month", 80)
    with pytest.raises(InputRefused):
        targets.save_targets(fresh_db, {"csat": {"month": 85}, key: {granularity: value}})
    assert targets.user_targets(fresh_db) == {"csat": {"month": 80.0}}


def test_sla_days_and_tolerance_settings(fresh_db) -> None:
    assert targets.sla_days(fresh_db) == 7
    targets.set_sla_days(fresh_db, 10)
    assert targets.sla_days(fresh_db) == 10
    with pytest.raises(InputRefused):
        targets.set_sla_days(fresh_db, 0)
    assert targets.tolerance(fresh_db) == 5.0
    targets.set_tolerance(fresh_db, 10)
    assert targets.tolerance(fresh_db) == 10.0
    with pytest.raises(InputRefused):
        targets.set_tolerance(fresh_db, 80)


def test_refusal_message_names_the_kpi_in_italian(fresh_db) -> None:
    with pytest.raises(InputRefused) as err:
        targets.set_target(fresh_db, "retention_rate", "month", 140)
    assert "Fidelizzazione" in str(err.value)
    assert "140" in str(err.value)
