"""Streamlit side of the dashboards: cached KPI access and the metric cards.

The KPI tables are computed once per change of the stored data: the cache key is (database
file, data version, granularity, SLA days), so a page rerun only reads the data version
(one small query) and gets the tables back from the cache.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from cx_sme import alerts, breakdowns, db, followups, insights, kpi_catalog, kpis, targets
from cx_sme.datasets import Frames, load_frames
from cx_sme.formatting import month_label, period_label
from cx_sme.i18n import t
from cx_sme.kpi_catalog import format_change, format_value
from cx_sme.periods import granularity_of, period_keys_between
from cx_sme.trends import Trend, series, trend
from ui.session import connection, db_path

CACHE_TTL = "1h"


@dataclass(frozen=True)
class View:
    """What every dashboard page needs: where it looks and what it compares."""

    conn: sqlite3.Connection
    db: str
    version: int
    granularity: str
    periods: list[str]  # the selected range, oldest first
    current: str  # the last period of the range
    sla_days: int


def view() -> View | None:
    """The current selection, or ``None`` when no sales are loaded yet."""
    conn = connection()
    chosen = st.session_state.get("period_range")
    granularity = st.session_state.get("granularity", "month")
    if not chosen:
        return None
    first, last = chosen
    if granularity_of(first) != granularity:
        return None
    periods = period_keys_between(_start(first), _start(last), granularity)
    return View(
        conn=conn,
        db=db_path(),
        version=db.data_version(conn),
        granularity=granularity,
        periods=periods,
        current=periods[-1],
        sla_days=targets.sla_days(conn),
    )


def _start(period: str) -> str:
    from cx_sme.periods import period_start

    return period_start(period).isoformat()


@st.cache_data(max_entries=2, ttl=CACHE_TTL, show_spinner=False)
def frames(path: str, version: int) -> Frames:
    """The stored data sets at one data version (the base of every cached view)."""
    conn = db.open_connection(path)
    try:
        return load_frames(conn)
    finally:
        conn.close()


@st.cache_data(max_entries=12, ttl=CACHE_TTL, show_spinner=False)
def kpi_set(path: str, version: int, granularity: str, sla_days: int) -> kpis.KpiSet:
    """All KPI tables for one granularity, computed once per data version."""
    return kpis.compute(frames(path, version), granularity, sla_days=sla_days)


def kpis_for(v: View) -> kpis.KpiSet:
    return kpi_set(v.db, v.version, v.granularity, v.sla_days)


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def alert_lists(path: str, version: int) -> alerts.Alerts:
    """Unowned complaints and detractors, without their follow-ups (read fresh)."""
    return alerts.collect(frames(path, version))


def touchpoints(v: View) -> breakdowns.Catalogue:
    """The touchpoint catalogue as it is now (cheap; part of the breakdown cache keys)."""
    return breakdowns.touchpoint_catalogue(v.conn)


def departments(v: View) -> breakdowns.Catalogue:
    return breakdowns.department_catalogue(v.conn)


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def complaints_over_time(
    path: str, version: int, column: str, periods: tuple[str, ...], catalogue: breakdowns.Catalogue
) -> pd.DataFrame:
    data = frames(path, version)
    return breakdowns.complaints_over_time(data.complaints, column, catalogue, list(periods))


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def complaints_by(
    path: str,
    version: int,
    column: str,
    window: breakdowns.Window,
    sla_days: int,
    catalogue: breakdowns.Catalogue,
) -> pd.DataFrame:
    data = frames(path, version)
    return breakdowns.complaints_by(data.complaints, column, catalogue, window, sla_days=sla_days)


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def surveys_by(
    path: str, version: int, window: breakdowns.Window, catalogue: breakdowns.Catalogue
) -> pd.DataFrame:
    data = frames(path, version)
    return breakdowns.surveys_by(data.surveys, "touchpoint", catalogue, window)


def window(v: View) -> breakdowns.Window:
    return breakdowns.Window(v.periods[0], v.periods[-1])


def group_names(frame: pd.DataFrame, catalogue: breakdowns.Catalogue) -> pd.DataFrame:
    """The breakdown with the names shown in the current language."""
    return breakdowns.named(
        frame, catalogue, t("dash.breakdown.unstated"), t("dash.breakdown.others")
    )


def short_period(period: str) -> str:
    """``feb 2026``, ``T4 2025``, ``2025``: short enough for a delta line."""
    if granularity_of(period) == "month":
        return month_label(period, "abbreviated")
    return period_label(period)


def empty_state() -> None:
    """The friendly message of a dashboard with nothing to show yet."""
    st.info(t("dash.empty"), icon=":material/info:")
    st.page_link("pages/welcome.py", label=t("dash.empty_link"), icon=":material/waving_hand:")


_LIGHT_BADGE = {"green": "green", "amber": "orange", "red": "red"}
_LIGHT_ICON = {"green": "check_circle", "amber": "error", "red": "cancel"}


def target_line(key: str, tr: Trend, table: pd.DataFrame, v: View) -> str | None:
    """A coloured badge ``✓ obiettivo ≥ 80 %`` and, for a focus default, how it was set
    (``ott 2025 +3 punti``); None without a target."""
    goal = targets.effective_targets(v.conn).get(key)
    if goal is None:
        return None
    wanted = goal.resolve(table, tr.period)
    if wanted is None:
        return None
    info = kpi_catalog.info(key)
    light = targets.light(key, tr.value, wanted, targets.tolerance(v.conn))
    text = t(
        "dash.card.target",
        direction="≥" if info.higher_is_better else "≤",
        value=format_value(key, wanted),
    )
    badge = (
        f":gray-badge[{text}]"
        if light is None
        else f":{_LIGHT_BADGE[light]}-badge[:material/{_LIGHT_ICON[light]}: {text}]"
    )
    if goal.source(v.granularity) == "focus" and goal.step is not None:
        points = info.unit == "percent" or info.change == "points"
        step = format_change(key, goal.step, relative=not points)
        badge += " " + t(
            "dash.card.target_focus", period=short_period(tr.last_year_period), step=step
        )
    return badge


def metric_card(
    key: str,
    table: pd.DataFrame,
    v: View,
    *,
    prefix: str | None = None,
    sparkline: bool = True,
    extra: str | None = None,
) -> None:
    """One KPI: value, change vs the previous period (the arrow), the same period last
    year, the target light and the plain caption saying what it counts."""
    info = kpi_catalog.info(key)
    tr = trend(table, key, v.current)
    relative = info.change == "relative"
    change = tr.relative_vs_previous if relative else tr.change_vs_previous
    if change is None and relative:
        relative, change = False, tr.change_vs_previous
    delta = None if change is None else format_change(key, change, relative=relative)
    if info.higher_is_better is None or change is None:
        colour = "off"
    else:
        colour = "normal" if info.higher_is_better else "inverse"
    name = kpi_catalog.label(key, sla_days=v.sla_days)
    label = (
        f"{prefix} · {name}"
        if prefix and not name.casefold().startswith(prefix.casefold())
        else name
    )
    chart = None
    if sparkline and len(v.periods) > 2:
        points = series(table, key, v.periods)
        if sum(p is not None for p in points) > 2:
            chart = [p if p is not None else float("nan") for p in points]
    with st.container(gap="xsmall"):
        st.metric(
            label,
            format_value(key, tr.value) + (f"  {extra}" if extra else ""),
            delta=delta,
            delta_color=colour,
            delta_description=t("dash.card.vs", period=short_period(tr.previous_period))
            if delta
            else None,
            border=True,
            chart_data=chart,
        )
        lines = [year_line(key, tr)]
        goal = target_line(key, tr, table, v)
        if goal:
            lines.append(goal)
        st.caption("  \n".join(lines))
        st.caption(kpi_catalog.caption(key, sla_days=v.sla_days))


def year_line(key: str, tr: Trend) -> str:
    """``Stesso mese 2025: 1.234 € (+8,2 %)`` or a plain "no data a year ago"."""
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


def metric_row(
    keys: Sequence[str],
    table_of: dict[str, pd.DataFrame],
    v: View,
    *,
    prefixes: Sequence[str | None] | None = None,
) -> None:
    """KPI cards side by side in a horizontal container (they wrap on narrow screens)."""
    with st.container(horizontal=True, gap="small"):
        for i, key in enumerate(keys):
            dataset = kpi_catalog.info(key).dataset
            with st.container(width="stretch"):
                metric_card(
                    key,
                    table_of[dataset],
                    v,
                    prefix=prefixes[i] if prefixes else None,
                )


def period_header(v: View) -> None:
    """One line saying which period the cards show and what they are compared with."""
    from cx_sme.periods import previous_period, same_period_last_year

    st.caption(
        t(
            "dash.period_header",
            current=period_label(v.current),
            previous=period_label(previous_period(v.current)),
            last_year=period_label(same_period_last_year(v.current)),
            first=period_label(v.periods[0]),
        )
    )


def complaints_chart(v: View, column: str, catalogue: breakdowns.Catalogue) -> None:
    """Complaints opened per period, stacked by the largest groups of the range."""
    from cx_sme import charts
    from cx_sme.formatting import number

    counts = complaints_over_time(v.db, v.version, column, tuple(v.periods), catalogue)
    if counts.empty:
        st.info(t("dash.no_complaints"), icon=":material/info:")
        return
    named = group_names(counts, catalogue)
    data = named.rename(columns={"name": "group"})[["period", "group", "value"]]
    data["text"] = [number(x) for x in data["value"]]
    totals = named.groupby("name", sort=False)["value"].sum().sort_values(ascending=False)
    order = list(totals.index)
    others = t("dash.breakdown.others")
    if others in order:
        order = [g for g in order if g != others] + [others]
    colors = charts.PALETTE[: len(order)]
    if others in order:
        colors = [*charts.PALETTE[: len(order) - 1], charts.NEUTRAL]
    st.altair_chart(
        charts.stacked_bars(
            data,
            v.periods,
            value_title=t("dash.chart.unit.complaints"),
            order=order,
            colors=colors,
        ),
        width="stretch",
    )


def findings(v: View, kset: kpis.KpiSet) -> list[insights.Finding]:
    """The overview's plain-words findings for the selected range."""
    from cx_sme.periods import same_period_last_year

    win = window(v)
    tp, dep = touchpoints(v), departments(v)
    by_tp = group_names(complaints_by(v.db, v.version, "touchpoint", win, v.sla_days, tp), tp)
    by_dep = group_names(complaints_by(v.db, v.version, "department", win, v.sla_days, dep), dep)
    answers = group_names(surveys_by(v.db, v.version, win, tp), tp)
    lists = alert_lists(v.db, v.version)
    stored = followups.followups(v.conn, "complaint")
    unowned = len(alerts.without_followup(alerts.with_followups(lists.complaints, stored)))
    return insights.overview(
        by_touchpoint=by_tp,
        by_department=by_dep,
        surveys_by_touchpoint=answers,
        links=kset.links,
        complaints=kset.complaints,
        periods=v.periods,
        last_year=same_period_last_year(v.current),
        unowned=unowned,
    )


_TONE_ICON = {
    "warning": ":material/warning:",
    "info": ":material/info:",
    "good": ":material/thumb_up:",
}


def findings_box(found: list[insights.Finding]) -> None:
    """The findings in a bordered box, one line each (the text is escaped Markdown)."""
    if not found:
        return
    with st.container(border=True):
        st.markdown("**" + t("dash.insight.title") + "**")
        for item in found:
            st.markdown(f"{_TONE_ICON[item.tone]} {item.text}")
