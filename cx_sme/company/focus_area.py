"""Focus areas: what the company chose to improve first, and what follows from it.

A focus area (settings key ``focus_area``) decides which KPIs head the overview and the
default targets. A default target is "better than the same period last year" by a step:
a relative % for money, counts and days, points for rates and NPS. The user's own
targets (:mod:`cx_sme.kpi.targets`) always win over these defaults.

>>> FOCUS_AREAS
('loyalty', 'detractors', 'growth', 'ticket')
>>> headline_kpis("detractors")
('nps', 'detractors', 'retention_detractors', 'revenue_at_risk')
>>> default_steps("ticket")["average_ticket"]
5.0
"""

from __future__ import annotations

import sqlite3

from cx_sme.core.db import get_setting, set_setting
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t

FOCUS_AREAS = ("loyalty", "detractors", "growth", "ticket")
SETTING_KEY = "focus_area"
DEFAULT_FOCUS = "loyalty"

# The four business indicators of a CX programme: acquisition, retention, sales to
# existing customers, cost to serve. Always on the overview, whatever the focus.
BUSINESS_INDICATORS = ("new_customers", "retention_rate", "revenue_returning", "cost_to_serve")

# Headline KPIs per focus, shown above the four business indicators (never one of them).
_HEADLINES: dict[str, tuple[str, ...]] = {
    "loyalty": ("churn_rate", "repeat_purchase_rate", "revenue_per_customer", "revenue_at_risk"),
    "detractors": ("nps", "detractors", "retention_detractors", "revenue_at_risk"),
    "growth": ("active_customers", "revenue", "returning_customers", "churn_rate"),
    "ticket": ("average_ticket", "revenue_per_customer", "orders", "revenue"),
}

# Improvement over the same period last year every focus asks for (negative = lower is
# the goal). Relative % for money, counts and days; points for rates and NPS.
_BASE_STEPS: dict[str, float] = {
    "new_customers": 5.0,
    "retention_rate": 1.0,
    "revenue_returning": 5.0,
    "cost_to_serve": -5.0,
    "nps": 3.0,
    "csat": 2.0,
    "complaints": -10.0,
    "within_sla": 2.0,
    "median_resolution_days": -10.0,
}

_FOCUS_STEPS: dict[str, dict[str, float]] = {
    "loyalty": {
        "retention_rate": 3.0,
        "churn_rate": -3.0,
        "revenue_returning": 8.0,
        "repeat_purchase_rate": 2.0,
        "revenue_per_customer": 5.0,
        "revenue_at_risk": -10.0,
    },
    "detractors": {
        "nps": 8.0,
        "detractors": -20.0,
        "retention_detractors": 5.0,
        "revenue_at_risk": -15.0,
        "within_sla": 5.0,
        "median_resolution_days": -20.0,
    },
    "growth": {
        "new_customers": 15.0,
        "active_customers": 8.0,
        "revenue": 8.0,
        "returning_customers": 5.0,
        "retention_rate": 2.0,
        "churn_rate": -2.0,
    },
    "ticket": {
        "average_ticket": 5.0,
        "revenue_per_customer": 6.0,
        "orders": 3.0,
        "revenue": 5.0,
    },
}


def headline_kpis(code: str) -> tuple[str, ...]:
    """The four KPIs the overview shows first for this focus area."""
    return _HEADLINES[code]


def default_steps(code: str) -> dict[str, float]:
    """KPI → improvement over the same period last year asked by default."""
    return {**_BASE_STEPS, **_FOCUS_STEPS[code]}


def focus_label(code: str) -> str:
    return t(f"dash.focus.{code}")


def focus_description(code: str) -> str:
    return t(f"dash.focus.{code}.description")


def current_focus(conn: sqlite3.Connection) -> str:
    """The chosen focus area (``loyalty`` until the company picks one)."""
    code = get_setting(conn, SETTING_KEY, DEFAULT_FOCUS)
    return code if code in FOCUS_AREAS else DEFAULT_FOCUS


def focus_is_chosen(conn: sqlite3.Connection) -> bool:
    """True once someone picked a focus area (the overview suggests it otherwise)."""
    return get_setting(conn, SETTING_KEY, None) in FOCUS_AREAS


def set_focus(conn: sqlite3.Connection, code: str) -> None:
    """Store the focus area; an unknown code is refused with a message."""
    if code not in FOCUS_AREAS:
        raise InputRefused("dash.error.unknown_focus", code=code, known=", ".join(FOCUS_AREAS))
    set_setting(conn, SETTING_KEY, code)
