"""Charts, tables and findings of the dashboard pages, each built once per view.

Every block is a plain builder ``fn(view, *args)`` returning data (a Vega-Lite spec as a
dict, a table of texts, findings); :func:`memo` caches its result under the view's key, so
a rerun neither rebuilds nor re-validates an Altair chart. The render functions below only
place the cached results on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from cx_sme.core.formatting import number, percent
from cx_sme.core.i18n import t
from cx_sme.core.periods import same_period_last_year
from cx_sme.dashboards import alerts, charts, followups, themes
from cx_sme.dashboards import findings as finding_rules
from cx_sme.dashboards.tables import at_risk_table, complaint_table, survey_table
from cx_sme.kpi.catalog import format_value
from ui.dashboards import view as dashboard_view
from ui.dashboards.view import CACHE_TTL, View
from ui.frame.widgets import table_height

Builder = Callable[..., Any]
_BUILDERS: dict[str, Builder] = {}


def builder(fn: Builder) -> Builder:
    _BUILDERS[fn.__name__] = fn
    return fn


@st.cache_data(max_entries=256, ttl=CACHE_TTL, show_spinner=False)
def _memo(key: str, name: str, args: tuple[object, ...], _v: View) -> Any:
    return _prepared(_BUILDERS[name](_v, *args))


def _prepared(value: Any) -> Any:
    """Chart specs with their data sets already as Arrow bytes, as Streamlit sends them:
    a rerun then copies bytes instead of converting tables again."""
    if isinstance(value, tuple):
        return tuple(_prepared(item) for item in value)
    if isinstance(value, dict) and isinstance(value.get("datasets"), dict):
        from streamlit import dataframe_util

        value["datasets"] = {
            name: rows
            if isinstance(rows, bytes)
            else dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(rows))
            for name, rows in value["datasets"].items()
        }
    return value


def memo(v: View, name: str, *args: object) -> Any:
    """``name``'s result for this view (built on the first call, then cached)."""
    return _memo(v.key, name, args, v)


def show(spec: dict[str, Any]) -> None:
    st.vega_lite_chart(spec=spec, width="stretch")


# -- builders -------------------------------------------------------------------------------


@builder
def revenue_split(v: View) -> dict[str, Any]:
    return charts.revenue_new_vs_returning(dashboard_view.kpis_for(v).sales, v.periods).to_dict()


@builder
def customers_split(v: View) -> dict[str, Any]:
    return charts.customers_new_vs_returning(dashboard_view.kpis_for(v).sales, v.periods).to_dict()


@builder
def kpi_lines(v: View, table: str, keys: tuple[str, ...]) -> dict[str, Any]:
    frame = dashboard_view.tables_of(dashboard_view.kpis_for(v))[table]
    return charts.kpi_lines(frame, keys, v.periods, sla_days=v.sla_days).to_dict()


@builder
def nps_margin(v: View) -> dict[str, Any]:
    return charts.nps_with_margin(dashboard_view.kpis_for(v).surveys, v.periods).to_dict()


@builder
def nps_groups(v: View) -> dict[str, Any]:
    return charts.nps_groups(dashboard_view.kpis_for(v).surveys, v.periods).to_dict()


@builder
def cohort_map(v: View) -> dict[str, Any] | None:
    matrix, sizes = dashboard_view.cohorts(v.db, v.version)
    return None if matrix.empty else charts.cohort_heatmap(matrix, sizes).to_dict()


@builder
def complaints_stack(v: View, column: str) -> dict[str, Any] | None:
    catalogue = dashboard_view.catalogue(v, column)
    counts = dashboard_view.complaints_over_time(v.db, v.version, column, v.periods, catalogue)
    if counts.empty:
        return None
    named = dashboard_view.group_names(counts, catalogue)
    data = named.rename(columns={"name": "group"})[["period", "group", "value"]]
    data["text"] = [number(x) for x in data["value"]]
    totals = named.groupby("name", sort=False)["value"].sum().sort_values(ascending=False)
    order = list(totals.index)
    others = t("dash.breakdown.others")
    colors = charts.PALETTE[: len(order)]
    if others in order:
        order = [g for g in order if g != others] + [others]
        colors = [*charts.PALETTE[: len(order) - 1], charts.NEUTRAL]
    chart = charts.stacked_bars(
        data, v.periods, value_title=t("dash.chart.unit.complaints"), order=order, colors=colors
    )
    return chart.to_dict()


@builder
def complaint_breakdown(
    v: View, column: str
) -> tuple[dict[str, Any], pd.DataFrame, list[str]] | None:
    catalogue = dashboard_view.catalogue(v, column)
    win = dashboard_view.window(v)
    frame = dashboard_view.group_names(
        dashboard_view.complaints_by(v.db, v.version, column, win, v.sla_days, catalogue), catalogue
    )
    if frame.empty:
        return None
    now, before = dashboard_view.window_text(win), dashboard_view.window_text(win.before)
    top = frame.head(12)
    data = pd.DataFrame(
        [
            {"group": row["name"], "series": name, "value": int(row[col]), "text": number(row[col])}
            for _, row in top.iterrows()
            for name, col in ((now, "complaints"), (before, "complaints_before"))
        ]
    )
    spec = charts.compare_bars(
        data, value_title=t("dash.chart.unit.complaints"), series=[now, before]
    ).to_dict()
    table = complaint_table(frame, v.sla_days)
    unmatched = [str(k)[5:] for k in frame["key"] if str(k).startswith("text:")]
    return spec, table, unmatched


@builder
def survey_breakdown(v: View) -> tuple[dict[str, Any] | None, pd.DataFrame] | None:
    catalogue = dashboard_view.catalogue(v, "touchpoint")
    frame = dashboard_view.group_names(
        dashboard_view.surveys_by(v.db, v.version, dashboard_view.window(v), catalogue), catalogue
    )
    if frame.empty:
        return None
    scored = frame.dropna(subset=["nps"]).sort_values("nps")
    spec = None
    if not scored.empty:
        data = pd.DataFrame(
            {
                "group": scored["name"],
                "value": scored["nps"],
                "text": [
                    f"{format_value('nps', x)} (± {number(m, 0)}, {number(n)})"
                    for x, m, n in zip(
                        scored["nps"], scored["nps_margin"], scored["nps_answers"], strict=True
                    )
                ],
                "reliable": ~scored["small_sample"].astype(bool),
            }
        )
        spec = charts.nps_ranking(data).to_dict()
    table = survey_table(frame)
    return spec, table


@builder
def theme_charts(
    v: View,
) -> tuple[themes.ThemeReport, dict[str, Any] | None, dict[str, Any] | None]:
    report = dashboard_view.comment_themes(v.db, v.version, dashboard_view.window(v))
    if not report.comments:
        return report, None, None
    data = pd.DataFrame(
        {
            "group": [themes.theme_label(th.code) for th in report.themes],
            "value": [th.count for th in report.themes],
            "text": [f"{number(th.count)} ({percent(th.share, 0)})" for th in report.themes],
        }
    )
    ranking = charts.ranking(data, value_title=t("dash.chart.unit.comments")).to_dict()
    counts = dashboard_view.theme_trend(v.db, v.version, v.granularity)
    counts = counts[counts["period"].isin(v.periods)]
    trend = None
    if not counts.empty:
        order = [themes.theme_label(th.code) for th in report.themes]
        stacked = pd.DataFrame(
            {
                "period": counts["period"],
                "group": [themes.theme_label(c) for c in counts["theme"]],
                "value": counts["comments"],
                "text": [number(x) for x in counts["comments"]],
            }
        )
        trend = charts.stacked_bars(
            stacked, v.periods, value_title=t("dash.chart.unit.comments"), order=order
        ).to_dict()
    return report, ranking, trend


@builder
def retention_groups(v: View, period: str) -> dict[str, Any]:
    """Retention by group: the chosen period beside the average of the range."""
    links = dashboard_view.kpis_for(v).links
    groups = [
        ("retention_promoters", t("dash.links.group.promoters")),
        ("retention_passives", t("dash.links.group.passives")),
        ("retention_detractors", t("dash.links.group.detractors")),
        ("retention_complainers", t("dash.links.group.complainers")),
        ("retention_all_active", t("dash.links.group.everyone")),
    ]
    average = t(
        "dash.links.average",
        first=dashboard_view.short_period(v.periods[0]),
        last=dashboard_view.short_period(period),
    )
    single = dashboard_view.short_period(period)
    rows = []
    for column, group in groups:
        values = links[column].reindex([p for p in v.periods if p <= period]).dropna()
        mean = float(values.mean()) if len(values) else None
        one = links[column].get(period)
        one = None if one is None or pd.isna(one) else float(one)
        for series, value in ((average, mean), (single, one)):
            if value is not None:
                rows.append({"group": group, "series": series, "value": value,
                             "text": percent(value, 0)})  # fmt: skip
    data = pd.DataFrame(rows, columns=["group", "series", "value", "text"])
    order = [g for _, g in groups]
    return charts.grouped_retention(data, order=order, series=[average, single]).to_dict()


@builder
def at_risk_block(v: View, period: str) -> tuple[list[tuple[str, str, str]], pd.DataFrame] | None:
    frame = dashboard_view.at_risk(v.db, v.version, period)
    if frame.empty:
        return None
    return at_risk_table(frame)


@builder
def overview_findings(v: View) -> list[finding_rules.Finding]:
    win = dashboard_view.window(v)
    tp, dep = dashboard_view.catalogue(v, "touchpoint"), dashboard_view.catalogue(v, "department")
    by_tp = dashboard_view.group_names(
        dashboard_view.complaints_by(v.db, v.version, "touchpoint", win, v.sla_days, tp), tp
    )
    by_dep = dashboard_view.group_names(
        dashboard_view.complaints_by(v.db, v.version, "department", win, v.sla_days, dep), dep
    )
    answers = dashboard_view.group_names(dashboard_view.surveys_by(v.db, v.version, win, tp), tp)
    lists = dashboard_view.alert_lists(v.db, v.version, dashboard_view.catalogue(v, "touchpoint"))
    stored = followups.followups(v.conn, "complaint")
    unowned = len(alerts.without_followup(alerts.with_followups(lists.complaints, stored)))
    kset = dashboard_view.kpis_for(v)
    return finding_rules.overview(
        by_touchpoint=by_tp,
        by_department=by_dep,
        surveys_by_touchpoint=answers,
        links=kset.links,
        complaints=kset.complaints,
        periods=list(v.periods),
        last_year=same_period_last_year(v.current),
        unowned=unowned,
    )


@builder
def link_findings(v: View) -> list[finding_rules.Finding]:
    links = dashboard_view.kpis_for(v).links
    found = [
        finding_rules.detractor_churn(links, list(v.periods)),
        finding_rules.complainer_churn(links, list(v.periods)),
    ]
    return [f for f in found if f is not None]


# -- render ---------------------------------------------------------------------------------


_TONE_ICON = {"warning": ":material/warning:", "info": ":material/info:",
              "good": ":material/thumb_up:"}  # fmt: skip


def findings(found: list[finding_rules.Finding]) -> None:
    """The findings in a bordered box, one line each (the text is escaped Markdown)."""
    if not found:
        return
    with st.container(border=True):
        dashboard_view.title(t("dash.insight.title"))
        for item in found:
            st.markdown(f"{_TONE_ICON[item.tone]} {item.text}")


def chart(v: View, name: str, *args: object, title: str | None = None) -> None:
    spec = memo(v, name, *args)
    if title:
        dashboard_view.title(title)
    if spec is None:
        st.info(t("dash.no_data_range"), icon=":material/info:")
    else:
        show(spec)


def lines(v: View, table: str, keys: tuple[str, ...], title: str) -> None:
    chart(v, "kpi_lines", table, keys, title=title)


def complaint_breakdown_block(v: View, column: str) -> None:
    found = memo(v, "complaint_breakdown", column)
    if found is None:
        st.info(t("dash.no_complaints"), icon=":material/info:")
        return
    spec, table, unmatched = found
    show(spec)
    st.dataframe(table, hide_index=True, width="stretch", height=table_height(len(table)))
    if unmatched and column != "category":
        st.caption(t("dash.complaints.unmatched", names=", ".join(f"«{n}»" for n in unmatched)))


def survey_breakdown_block(v: View) -> None:
    found = memo(v, "survey_breakdown")
    if found is None:
        st.info(t("dash.voice.no_answers"), icon=":material/info:")
        return
    spec, table = found
    if spec is not None:
        dashboard_view.title(t("dash.voice.nps_by_touchpoint"))
        show(spec)
    st.dataframe(table, hide_index=True, width="stretch", height=table_height(len(table)))


def theme_block(v: View) -> None:
    """Comment themes with counts, share from detractors and a few verbatim examples
    (``st.text``: a comment is never read as Markdown or HTML)."""
    report, ranking, trend = memo(v, "theme_charts")
    win = dashboard_view.window(v)
    st.caption(
        t(
            "dash.voice.themes_caption",
            comments=number(report.comments),
            first=dashboard_view.short_period(win.first),
            last=dashboard_view.short_period(win.last),
        )
    )
    if not report.comments:
        st.info(t("dash.voice.no_comments"), icon=":material/info:")
        return
    left, right = st.columns(2, gap="large")
    with left:
        dashboard_view.title(t("dash.voice.theme_chart"))
        show(ranking)
    with right:
        if trend is not None:
            dashboard_view.title(t("dash.voice.theme_trend"))
            show(trend)
    cards = st.columns(2, gap="medium")
    for i, th in enumerate(report.themes):
        with cards[i % 2].container(border=True):
            dashboard_view.title(themes.theme_label(th.code))
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
        st.caption(t("dash.voice.unmatched", count=number(report.unmatched)))
        st.text(", ".join(w for w, _ in report.frequent_words[:10]))


def at_risk_block_render(v: View, period: str) -> None:
    found = memo(v, "at_risk_block", period)
    if found is None:
        st.success(t("dash.links.no_risk"), icon=":material/check_circle:")
        return
    totals, table = found
    with st.container(horizontal=True, gap="small"):
        for text, value, count in totals:
            st.metric(text, value, delta=count, delta_color="off", delta_arrow="off", border=True)
    st.dataframe(table, hide_index=True, width="stretch", height=table_height(len(table)))


def last_complete(v: View, column: str) -> str | None:
    """The latest period of the range where ``column`` is defined (links need P+1)."""
    table = dashboard_view.kpis_for(v).links
    for period in reversed(v.periods):
        value = table[column].get(period) if column in table else None
        if value is not None and not pd.isna(value):
            return period
    return None
