"""A KPI card as the dashboards show it, computed without Streamlit: the value, the change
against the previous period, the same period last year, the target with its light, the
NPS margin of error and the plain caption. Every text is already in the current language.

>>> import pandas as pd
>>> from cx_sme.core.i18n import set_language
>>> set_language("it")
>>> table = pd.DataFrame({"revenue": [100.0, 90.0, 120.0]},
...                      index=["2024-03", "2025-02", "2025-03"])
>>> c = card("revenue", table, "2025-03", ["2025-02", "2025-03"])
>>> c.value, c.delta, c.direction, c.year_text
('120\xa0€', '+33,3\xa0%', 'good', 'mar 2024: 100\xa0€ (+20,0\xa0%)')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from cx_sme.core.formatting import month_label, number, period_label
from cx_sme.core.i18n import t
from cx_sme.core.periods import granularity_of
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.kpi.catalog import format_change, format_value
from cx_sme.kpi.surveys import SMALL_SAMPLE
from cx_sme.kpi.targets import Light, Target, light
from cx_sme.kpi.trends import Trend, series, trend, value_at

Direction = Literal["good", "bad", "neutral"]


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str
    delta: str | None  # change vs the previous period, ASCII sign first
    direction: Direction  # is that change good news?
    delta_note: str | None  # "vs feb 2026"
    year_text: str  # the same period last year
    target_text: str | None  # "obiettivo ≥ 80 %"
    light: Light | None
    target_note: str | None  # how a focus default was set: "(mar 2025 +3 punti)"
    margin_text: str | None  # NPS only
    small_sample: bool  # NPS only: fewer than 30 answers
    caption: str
    sparkline: tuple[float, ...] | None  # the values over the range, NaN where undefined


def short_period(period: str) -> str:
    """``feb 2026``, ``T4 2025``, ``2025``: short enough for a card."""
    if granularity_of(period) == "month":
        return month_label(period, "abbreviated")
    return period_label(period)


def _year_text(key: str, tr: Trend) -> str:
    when = short_period(tr.last_year_period)
    if tr.last_year is None:
        return t("dash.card.no_last_year", period=when)
    info = kpi_catalog.info(key)
    if info.change == "relative" and tr.relative_vs_last_year is not None:
        change = format_change(key, tr.relative_vs_last_year, relative=True)
    else:
        change = format_change(key, tr.change_vs_last_year)
    return t(
        "dash.card.last_year", period=when, value=format_value(key, tr.last_year), change=change
    )


def _margin(table: pd.DataFrame, period: str) -> tuple[str | None, bool]:
    margin = value_at(table, "nps_margin", period)
    answers = sum(value_at(table, k, period) or 0 for k in ("promoters", "passives", "detractors"))
    if margin is None or not answers:
        return t("dash.card.nps_no_answers"), False
    text = t("dash.card.nps_margin", margin=number(margin, 0), answers=number(answers))
    return text, answers < SMALL_SAMPLE


def card(
    key: str,
    table: pd.DataFrame,
    period: str,
    periods: Sequence[str],
    *,
    sla_days: int = 7,
    goal: Target | None = None,
    tolerance: float = 5.0,
    prefix: str | None = None,
) -> Card:
    """The card of ``key`` for ``period``; ``periods`` (the range) feed the sparkline."""
    info = kpi_catalog.info(key)
    tr = trend(table, key, period)
    relative = info.change == "relative"
    change = tr.relative_vs_previous if relative else tr.change_vs_previous
    if change is None and relative:
        relative, change = False, tr.change_vs_previous
    direction: Direction = "neutral"
    if change and info.higher_is_better is not None:
        direction = "good" if (change > 0) == info.higher_is_better else "bad"
    name = kpi_catalog.label(key, sla_days=sla_days)
    label = name
    if prefix and not name.casefold().startswith(prefix.casefold()):
        label = f"{prefix} · {name}"
    shown = [p for p in periods if p <= period]
    points = series(table, key, shown)
    sparkline = None
    if len(shown) > 2 and sum(p is not None for p in points) > 2:
        sparkline = tuple(float("nan") if p is None else p for p in points)

    target_text = target_note = None
    shade: Light | None = None
    wanted = goal.resolve(table, period) if goal is not None else None
    if goal is not None and wanted is not None:
        shade = light(key, tr.value, wanted, tolerance)
        target_text = t(
            "dash.card.target",
            direction="≥" if info.higher_is_better else "≤",
            value=format_value(key, wanted),
        )
        if goal.source(granularity_of(period)) == "focus" and goal.step is not None:
            points_step = info.unit == "percent" or info.change == "points"
            step = format_change(key, goal.step, relative=not points_step)
            target_note = t(
                "dash.card.target_focus", period=short_period(tr.last_year_period), step=step
            )
    margin_text, small = _margin(table, period) if key == "nps" else (None, False)
    return Card(
        key=key,
        label=label,
        value=format_value(key, tr.value, short=True),
        delta=None if change is None else format_change(key, change, relative=relative),
        direction=direction,
        delta_note=None
        if change is None
        else t("dash.card.vs", period=short_period(tr.previous_period)),
        year_text=_year_text(key, tr),
        target_text=target_text,
        light=shade,
        target_note=target_note,
        margin_text=margin_text,
        small_sample=small,
        caption=kpi_catalog.caption(key, sla_days=sla_days),
        sparkline=sparkline,
    )
