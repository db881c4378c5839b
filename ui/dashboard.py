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

from cx_sme import (
    alerts,
    breakdowns,
    db,
    followups,
    insights,
    kpi_catalog,
    kpis,
    targets,
    themes,
)
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
    granularity = st.session_state.get("granularity", "month")
    if "period_range" in st.session_state:
        chosen = st.session_state["period_range"]
    else:  # the page runs without the sidebar (opened alone): its default range
        chosen = _default_range(conn, granularity)
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


def _default_range(conn: sqlite3.Connection, granularity: str) -> tuple[str, str] | None:
    """The sidebar's default: the last 12 periods with sales."""
    row = conn.execute("SELECT min(date), max(date) FROM sales").fetchone()
    if not row or row[0] is None:
        return None
    keys = period_keys_between(row[0], row[1], granularity)
    return keys[max(0, len(keys) - 12)], keys[-1]


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
    period: str | None = None,
) -> None:
    """One KPI: value, change vs the previous period (the arrow), the same period last
    year, the target light and the plain caption saying what it counts. ``period``
    defaults to the current one (the last of the range)."""
    info = kpi_catalog.info(key)
    when = period or v.current
    tr = trend(table, key, when)
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
    shown = [p for p in v.periods if p <= when]
    if sparkline and len(shown) > 2:
        points = series(table, key, shown)
        if sum(p is not None for p in points) > 2:
            chart = [p if p is not None else float("nan") for p in points]
    with st.container(gap="xsmall"):
        st.metric(
            label,
            format_value(key, tr.value),
            delta=delta,
            delta_color=colour,
            delta_description=t("dash.card.vs", period=short_period(tr.previous_period))
            if delta
            else None,
            border=True,
            chart_data=chart,
        )
        lines = [year_line(key, tr)]
        if key == "nps":
            lines.insert(0, nps_margin_line(table, when))
        goal = target_line(key, tr, table, v)
        if goal:
            lines.append(goal)
        st.caption("  \n".join(lines))
        st.caption(kpi_catalog.caption(key, sla_days=v.sla_days))


def nps_margin_line(table: pd.DataFrame, period: str) -> str:
    """``± 23 punti su 47 risposte`` and a badge when fewer than 30 answered."""
    from cx_sme.formatting import number
    from cx_sme.kpi_surveys import SMALL_SAMPLE
    from cx_sme.trends import value_at

    margin = value_at(table, "nps_margin", period)
    answers = sum(value_at(table, k, period) or 0 for k in ("promoters", "passives", "detractors"))
    if margin is None or not answers:
        return t("dash.card.nps_no_answers")
    text = t("dash.card.nps_margin", margin=number(margin, 0), answers=number(answers))
    if answers < SMALL_SAMPLE:
        text += " :orange-badge[:material/warning: " + t("dash.voice.few") + "]"
    return text


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
    period: str | None = None,
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
                    period=period,
                )


def period_header(v: View) -> None:
    """One line saying which period the cards show and what they are compared with, and a
    note when that period is not over in the data yet (a year with ten months)."""
    from cx_sme.formatting import date
    from cx_sme.periods import period_end, previous_period, same_period_last_year

    previous, last_year = previous_period(v.current), same_period_last_year(v.current)
    key = "dash.period_header_year" if previous == last_year else "dash.period_header"
    st.caption(
        t(
            key,
            current=period_label(v.current),
            previous=period_label(previous),
            last_year=period_label(last_year),
            first=period_label(v.periods[0]),
        )
    )
    row = v.conn.execute("SELECT max(date) FROM sales").fetchone()
    if row and row[0] and row[0] < period_end(v.current).isoformat():
        st.info(
            t("dash.partial_period", period=period_label(v.current), date=date(row[0])),
            icon=":material/date_range:",
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


@st.cache_data(max_entries=2, ttl=CACHE_TTL, show_spinner=False)
def cohorts(path: str, version: int) -> tuple[pd.DataFrame, pd.Series]:
    """The cohort matrix and the size of each cohort."""
    from cx_sme import cohorts as cohort_module
    from cx_sme.kpi_base import KpiBase

    return cohort_module.matrix(KpiBase(frames(path, version).sales))


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def at_risk(path: str, version: int, period: str) -> pd.DataFrame:
    """The customers behind revenue at risk at the end of ``period``."""
    from cx_sme import kpi_links

    data = frames(path, version)
    return kpi_links.revenue_at_risk_customers(data.sales, data.complaints, data.surveys, period)


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def comment_themes(path: str, version: int, win: breakdowns.Window) -> themes.ThemeReport:
    """Comment themes of the answers in the window."""
    surveys = frames(path, version).surveys
    inside = surveys[
        (surveys["date"] >= pd.Timestamp(win.start)) & (surveys["date"] <= pd.Timestamp(win.end))
    ]
    return themes.find_themes(inside)


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def theme_trend(path: str, version: int, granularity: str) -> pd.DataFrame:
    return themes.theme_counts_by_period(frames(path, version).surveys, granularity)


def lines(table: pd.DataFrame, keys: Sequence[str], v: View, title: str) -> None:
    """A titled line chart of KPIs of one unit over the selected range."""
    from cx_sme import charts

    st.markdown(f"**{title}**")
    st.altair_chart(charts.kpi_lines(table, keys, v.periods, sla_days=v.sla_days), width="stretch")


def section(title: str, caption: str | None = None) -> None:
    st.subheader(title)
    if caption:
        st.caption(caption)


def window_text(win: breakdowns.Window) -> str:
    """``nov 2025 – ott 2026``"""
    if win.first == win.last:
        return short_period(win.first)
    return f"{short_period(win.first)} – {short_period(win.last)}"


def complaint_breakdown(v: View, column: str, catalogue: breakdowns.Catalogue) -> None:
    """Bars (this range against the one before) and the table of one breakdown."""
    from cx_sme import charts
    from cx_sme.formatting import money, number, percent

    win = window(v)
    frame = group_names(
        complaints_by(v.db, v.version, column, win, v.sla_days, catalogue), catalogue
    )
    if frame.empty:
        st.info(t("dash.no_complaints"), icon=":material/info:")
        return
    now, before = window_text(win), window_text(win.before)
    top = frame.head(12)
    data = pd.DataFrame(
        [
            {
                "group": row["name"],
                "series": label,
                "value": int(row[col]),
                "text": number(row[col]),
            }
            for _, row in top.iterrows()
            for label, col in ((now, "complaints"), (before, "complaints_before"))
        ]
    )
    st.altair_chart(
        charts.compare_bars(
            data, value_title=t("dash.chart.unit.complaints"), series=[now, before]
        ),
        width="stretch",
    )
    col = {
        "name": t("dash.complaints.col.name"),
        "complaints": t("dash.complaints.col.complaints"),
        "share": t("dash.complaints.col.share"),
        "before": t("dash.complaints.col.before"),
        "still_open": t("dash.complaints.col.still_open"),
        "median_days": t("dash.complaints.col.median_days"),
        "median_days_before": t("dash.complaints.col.median_days_before"),
        "within_sla": t("dash.complaints.col.within_sla", sla_days=v.sla_days),
        "cost": t("dash.complaints.col.cost"),
    }
    table = pd.DataFrame(
        {
            col["name"]: frame["name"],
            col["complaints"]: frame["complaints"].astype(int),
            col["share"]: [percent(x, 0) for x in frame["share"]],
            col["before"]: frame["complaints_before"].astype(int),
            col["still_open"]: frame["still_open"].astype(int),
            col["median_days"]: [number(x, 1) for x in frame["median_days"]],
            col["median_days_before"]: [number(x, 1) for x in frame["median_days_before"]],
            col["within_sla"]: [percent(x, 0) for x in frame["within_sla"]],
            col["cost"]: [money(x, 0) for x in frame["cost"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    unmatched = [k[5:] for k in frame["key"] if str(k).startswith("text:")]
    if unmatched and column != "category":
        st.caption(t("dash.complaints.unmatched", names=", ".join(f"«{n}»" for n in unmatched)))


def categories() -> breakdowns.Catalogue:
    return breakdowns.text_catalogue()


def survey_breakdown(v: View, catalogue: breakdowns.Catalogue) -> None:
    """NPS per touchpoint (bars, unreliable ones greyed) and the table of scores."""
    from cx_sme import charts
    from cx_sme.formatting import number, percent

    frame = group_names(surveys_by(v.db, v.version, window(v), catalogue), catalogue)
    if frame.empty:
        st.info(t("dash.voice.no_answers"), icon=":material/info:")
        return
    scored = frame.dropna(subset=["nps"]).sort_values("nps")
    if not scored.empty:
        data = pd.DataFrame(
            {
                "group": scored["name"],
                "value": scored["nps"],
                "text": [
                    f"{kpi_catalog.format_value('nps', x)} (± {number(m, 0)}, {number(n)})"
                    for x, m, n in zip(
                        scored["nps"], scored["nps_margin"], scored["nps_answers"], strict=True
                    )
                ],
                "reliable": ~scored["small_sample"].astype(bool),
            }
        )
        st.markdown("**" + t("dash.voice.nps_by_touchpoint") + "**")
        st.altair_chart(charts.nps_ranking(data), width="stretch")
    names = ("name", "responses", "nps", "margin", "detractors", "csat", "ces", "reliable")
    col = {k: t(f"dash.voice.col.{k}") for k in names}
    table = pd.DataFrame(
        {
            col["name"]: frame["name"],
            col["responses"]: frame["responses"].astype(int),
            col["nps"]: [kpi_catalog.format_value("nps", x) for x in frame["nps"]],
            col["margin"]: [
                ("± " + number(x, 0)) if pd.notna(x) else "—" for x in frame["nps_margin"]
            ],
            col["detractors"]: frame["detractors"].astype(int),
            col["csat"]: [percent(x, 0) for x in frame["csat"]],
            col["ces"]: [number(x, 1) for x in frame["ces"]],
            col["reliable"]: [
                t("dash.voice.few") if few else t("dash.voice.ok") for few in frame["small_sample"]
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")


def theme_section(v: View) -> None:
    """Comment themes with counts, share from detractors and a few verbatim examples."""
    from cx_sme import charts
    from cx_sme.formatting import number, percent

    win = window(v)
    report = comment_themes(v.db, v.version, win)
    st.caption(
        t(
            "dash.voice.themes_caption",
            comments=number(report.comments),
            first=short_period(win.first),
            last=short_period(win.last),
        )
    )
    if not report.comments:
        st.info(t("dash.voice.no_comments"), icon=":material/info:")
        return
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**" + t("dash.voice.theme_chart") + "**")
        data = pd.DataFrame(
            {
                "group": [themes.theme_label(th.code) for th in report.themes],
                "value": [th.count for th in report.themes],
                "text": [f"{number(th.count)} ({percent(th.share, 0)})" for th in report.themes],
            }
        )
        st.altair_chart(
            charts.ranking(data, value_title=t("dash.chart.unit.comments")), width="stretch"
        )
    with right:
        counts = theme_trend(v.db, v.version, v.granularity)
        counts = counts[counts["period"].isin(v.periods)]
        if not counts.empty:
            st.markdown("**" + t("dash.voice.theme_trend") + "**")
            order = [themes.theme_label(th.code) for th in report.themes]
            data = pd.DataFrame(
                {
                    "period": counts["period"],
                    "group": [themes.theme_label(c) for c in counts["theme"]],
                    "value": counts["comments"],
                    "text": [number(x) for x in counts["comments"]],
                }
            )
            st.altair_chart(
                charts.stacked_bars(
                    data, v.periods, value_title=t("dash.chart.unit.comments"), order=order
                ),
                width="stretch",
            )
    cards = st.columns(2, gap="medium")
    for i, th in enumerate(report.themes):
        with cards[i % 2].container(border=True):
            st.markdown("**" + themes.theme_label(th.code) + "**")
            st.caption(
                t(
                    "dash.voice.theme_line",
                    count=number(th.count),
                    share=percent(th.share, 0),
                    detractors=number(th.detractors),
                )
            )
            for example in th.examples:
                st.text(f"“{example}”")
    if report.unmatched:
        words = ", ".join(w for w, _ in report.frequent_words[:10])
        st.caption(t("dash.voice.unmatched", count=number(report.unmatched)))
        st.text(words)


def last_complete(table: pd.DataFrame, column: str, v: View) -> str | None:
    """The latest period of the range where ``column`` is defined (links need P+1)."""
    from cx_sme.trends import value_at

    for period in reversed(v.periods):
        if value_at(table, column, period) is not None:
            return period
    return None


def retention_groups_chart(links: pd.DataFrame, v: View, period: str) -> None:
    """Retention by group: the chosen period beside the average of the range."""
    from cx_sme import charts
    from cx_sme.formatting import percent
    from cx_sme.trends import value_at

    groups = [
        ("retention_promoters", t("dash.links.group.promoters")),
        ("retention_passives", t("dash.links.group.passives")),
        ("retention_detractors", t("dash.links.group.detractors")),
        ("retention_complainers", t("dash.links.group.complainers")),
        ("retention_all_active", t("dash.links.group.everyone")),
    ]
    average = t("dash.links.average", first=short_period(v.periods[0]), last=short_period(period))
    single = short_period(period)
    rows = []
    for column, group in groups:
        values = links[column].reindex([p for p in v.periods if p <= period]).dropna()
        mean = float(values.mean()) if len(values) else None
        one = value_at(links, column, period)
        for series_name, value in ((average, mean), (single, one)):
            if value is not None:
                rows.append(
                    {
                        "group": group,
                        "series": series_name,
                        "value": value,
                        "text": percent(value, 0),
                    }
                )
    data = pd.DataFrame(rows, columns=["group", "series", "value", "text"])
    st.altair_chart(
        charts.grouped_retention(data, order=[g for _, g in groups], series=[average, single]),
        width="stretch",
    )


def at_risk_table(v: View, period: str) -> None:
    """The customers behind revenue at risk, biggest first."""
    from cx_sme.formatting import money, number

    frame = at_risk(v.db, v.version, period)
    if frame.empty:
        st.success(t("dash.links.no_risk"), icon=":material/check_circle:")
        return
    reasons = {r: t(f"dash.links.reason.{r}") for r in
               ("detractor", "open_complaint", "detractor_and_complaint")}  # fmt: skip
    by_reason = frame.groupby("reason")["revenue"].agg(["sum", "size"])
    with st.container(horizontal=True, gap="small"):
        for code, text in reasons.items():
            if code in by_reason.index:
                st.metric(
                    text,
                    money(float(by_reason.at[code, "sum"]), 0),
                    delta=t("dash.links.customers", count=number(int(by_reason.at[code, "size"]))),
                    delta_color="off",
                    delta_arrow="off",
                    border=True,
                )
    col = {k: t(f"dash.links.col.{k}") for k in
           ("customer", "code", "nps", "complaints", "reason", "revenue")}  # fmt: skip
    table = pd.DataFrame(
        {
            col["customer"]: frame["customer_name"],
            col["code"]: frame["customer_id"],
            col["nps"]: [number(x) if pd.notna(x) else "—" for x in frame["latest_nps"]],
            col["complaints"]: frame["open_complaints"].astype(int),
            col["reason"]: [reasons.get(r, r) for r in frame["reason"]],
            col["revenue"]: [money(x, 0) for x in frame["revenue"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=380)


def link_findings(v: View, kset: kpis.KpiSet) -> list[insights.Finding]:
    """The two sentences of the links page: detractors' and complainers' churn."""
    found = [
        insights.detractor_churn(kset.links, v.periods),
        insights.complainer_churn(kset.links, v.periods),
    ]
    return [f for f in found if f is not None]
