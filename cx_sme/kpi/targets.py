"""Targets per KPI and the traffic light that compares a value with its target.

The user's targets are numbers per KPI and granularity (a monthly revenue target is not
a yearly one), stored in the setting ``kpi_targets`` as ``{kpi: {granularity: value}}``.
Where the user set nothing, the focus area's default applies: "better than the same
period last year" by a step (see :mod:`cx_sme.company.focus_area`).

The light is green when the target is met, amber when the value misses it by no more
than the tolerance (``target_tolerance``, % of the target, default 5), red otherwise.

>>> light("nps", 32, 30)
'green'
>>> light("nps", 29, 30)   # within the 2-point minimum band
'amber'
>>> light("median_resolution_days", 9.0, 7.0)
'red'
>>> light("revenue", None, 1000.0) is None
True
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from cx_sme.company import focus_area
from cx_sme.core.db import get_setting, set_setting, write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.formatting import number
from cx_sme.core.periods import GRANULARITIES, granularity_of, same_period_last_year
from cx_sme.kpi.catalog import CATALOG, TARGETABLE, info, label
from cx_sme.kpi.trends import value_at

TARGETS_KEY = "kpi_targets"
TOLERANCE_KEY = "target_tolerance"
SLA_KEY = "sla_days"
DEFAULT_TOLERANCE = 5.0
DEFAULT_SLA_DAYS = 7

Light = Literal["green", "amber", "red"]

# The smallest miss still called "amber", per unit: a 5 % band around an NPS target of 0
# would be empty.
_MIN_BAND = {"percent": 1.0, "money": 1.0, "number": 1.0, "days": 0.5}
_SCORE_BAND = 2.0  # NPS points
_BOUNDS = {"percent": (0.0, 100.0)}


@dataclass(frozen=True)
class Target:
    """The target of one KPI: the user's numbers, else the focus area's step."""

    key: str
    fixed: dict[str, float] = field(default_factory=dict)  # granularity -> value
    step: float | None = None  # improvement over the same period last year

    def source(self, granularity: str) -> Literal["user", "focus"] | None:
        if granularity in self.fixed:
            return "user"
        return "focus" if self.step is not None else None

    def resolve(self, table: pd.DataFrame, period: str) -> float | None:
        """The target number for ``period`` (``None``: no target, or no last year)."""
        granularity = granularity_of(period)
        if granularity in self.fixed:
            return self.fixed[granularity]
        if self.step is None:
            return None

        base = value_at(table, self.key, same_period_last_year(period))
        return None if base is None else step_target(self.key, base, self.step)


def step_target(key: str, base: float, step: float) -> float:
    """``base`` improved by ``step``: points for rates and NPS, a relative % otherwise.

    >>> step_target("retention_rate", 99.0, 3.0)
    99.5
    >>> step_target("churn_rate", 2.0, -3.0)
    1.0
    >>> step_target("revenue", 1000.0, 5.0)
    1050.0
    """
    kpi = info(key)
    low, high = _BOUNDS.get(kpi.unit, (-math.inf, math.inf))
    if kpi.signed_value:
        low, high = -100.0, 100.0
    if kpi.unit == "percent" or kpi.change == "points":
        # Never ask for more than half the way left to the end of the scale: 2 % churn
        # minus 3 points would be an impossible 0 %.
        room = (high - base) if step > 0 else (base - low)
        step = math.copysign(min(abs(step), max(room, 0.0) / 2), step)
        value = base + step
    else:
        value = base * (1 + step / 100) if base >= 0 else base * (1 - step / 100)
    return min(max(value, low), high)


def light(
    key: str, value: float | None, target: float | None, tolerance: float = 5.0
) -> Light | None:
    """Green (met), amber (missed within the tolerance) or red; ``None`` without both."""
    if value is None or target is None or math.isnan(value) or math.isnan(target):
        return None
    kpi = info(key)
    if kpi.higher_is_better is None:
        return None
    shortfall = (target - value) if kpi.higher_is_better else (value - target)
    if shortfall <= 1e-9:
        return "green"
    minimum = _SCORE_BAND if kpi.signed_value else _MIN_BAND[kpi.unit]
    band = max(abs(target) * tolerance / 100, minimum)
    return "amber" if shortfall <= band + 1e-9 else "red"


def user_targets(conn: sqlite3.Connection) -> dict[str, dict[str, float]]:
    """The targets the user typed: ``{kpi: {granularity: value}}``."""
    stored = get_setting(conn, TARGETS_KEY, {}) or {}
    clean: dict[str, dict[str, float]] = {}
    for key, per_granularity in stored.items():
        if key in CATALOG and isinstance(per_granularity, dict):
            values = {
                g: float(v)
                for g, v in per_granularity.items()
                if g in GRANULARITIES and isinstance(v, int | float)
            }
            if values:
                clean[key] = values
    return clean


def _check(key: str, granularity: str, value: float) -> None:
    if key not in TARGETABLE:
        raise InputRefused("dash.error.not_targetable", kpi=label(key) if key in CATALOG else key)
    if granularity not in GRANULARITIES:
        raise InputRefused("dash.error.bad_granularity", granularity=granularity)
    if math.isnan(value) or math.isinf(value):
        raise InputRefused("dash.error.bad_target", kpi=label(key), value=value)
    kpi = info(key)
    if kpi.unit == "percent" or kpi.signed_value:
        low, high = (-100.0, 100.0) if kpi.signed_value else _BOUNDS["percent"]
        if not low <= value <= high:
            raise InputRefused(
                "dash.error.target_range",
                kpi=label(key),
                value=number(value, 1),
                low=number(low),
                high=number(high),
            )
    elif value < 0:
        raise InputRefused("dash.error.target_negative", kpi=label(key), value=number(value, 2))


def save_targets(conn: sqlite3.Connection, targets: dict[str, dict[str, float | None]]) -> None:
    """Replace the user's targets (``None`` removes one), all or nothing."""
    clean: dict[str, dict[str, float]] = {}
    for key, per_granularity in targets.items():
        for granularity, value in per_granularity.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            _check(key, granularity, float(value))
            clean.setdefault(key, {})[granularity] = float(value)
    with write_transaction(conn):
        set_setting(conn, TARGETS_KEY, clean)


def set_target(conn: sqlite3.Connection, key: str, granularity: str, value: float | None) -> None:
    """Set (or with ``None`` remove) one target."""
    with write_transaction(conn):
        current: dict[str, dict[str, float | None]] = {
            k: dict(v) for k, v in user_targets(conn).items()
        }
        current.setdefault(key, {})[granularity] = value
        if value is None:
            current[key].pop(granularity)
        save_targets(conn, current)


def effective_targets(conn: sqlite3.Connection) -> dict[str, Target]:
    """Every targetable KPI's target: the user's numbers over the focus area's steps."""
    steps = focus_area.default_steps(focus_area.current_focus(conn))
    mine = user_targets(conn)
    found = {}
    for key in TARGETABLE:
        fixed, step = mine.get(key, {}), steps.get(key)
        if fixed or step is not None:
            found[key] = Target(key, fixed, step)
    return found


def tolerance(conn: sqlite3.Connection) -> float:
    value = get_setting(conn, TOLERANCE_KEY, DEFAULT_TOLERANCE)
    return float(value) if isinstance(value, int | float) and 0 <= value <= 100 else 5.0


def set_tolerance(conn: sqlite3.Connection, value: float) -> None:
    if not 0 <= value <= 50:
        raise InputRefused("dash.error.tolerance_range", value=value)
    set_setting(conn, TOLERANCE_KEY, float(value))


def sla_days(conn: sqlite3.Connection) -> int:
    """Days within which a complaint should be closed (the "within SLA" KPI); default 7."""
    value = get_setting(conn, SLA_KEY, DEFAULT_SLA_DAYS)
    return int(value) if isinstance(value, int) and 1 <= value <= 365 else DEFAULT_SLA_DAYS


def set_sla_days(conn: sqlite3.Connection, days: int) -> None:
    if not 1 <= int(days) <= 365:
        raise InputRefused("dash.error.sla_range", value=days)
    set_setting(conn, SLA_KEY, int(days))
