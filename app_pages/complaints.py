"""Complaints: volume and rate, backlog, resolution time and SLA, and where they come
from (touchpoint, department, category)."""

import streamlit as st

from cx_sme.core.i18n import t
from ui.dashboards import blocks, cards
from ui.dashboards import view as dashboard

st.title(t("common.page.complaints"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

dashboard.period_header(v)
dashboard.section(t("dash.complaints.volume"), t("dash.complaints.volume_caption"))
cards.metric_row(v, ("complaints", "complaint_rate", "open_backlog", "cost_to_serve"))
left, right = st.columns(2, gap="large")
with left:
    blocks.chart(v, "complaints_stack", "touchpoint",
                 title=t("dash.chart.complaints_by_touchpoint_title"))  # fmt: skip
with right:
    blocks.lines(v, "complaints", ("open_backlog",), t("dash.complaints.backlog_chart"))

dashboard.section(
    t("dash.complaints.resolution"), t("dash.complaints.resolution_caption", sla_days=v.sla_days)
)
cards.metric_row(v, ("median_resolution_days", "within_sla"))
left, right = st.columns(2, gap="large")
with left:
    blocks.lines(v, "complaints", ("median_resolution_days",), t("dash.complaints.days_chart"))
with right:
    blocks.lines(v, "complaints", ("within_sla",),
                 t("dash.complaints.sla_chart", sla_days=v.sla_days))  # fmt: skip

win = dashboard.window(v)
dashboard.section(
    t("dash.complaints.where"),
    t(
        "dash.complaints.where_caption",
        first=dashboard.short_period(win.first),
        last=dashboard.short_period(win.last),
        before_first=dashboard.short_period(win.before.first),
        before_last=dashboard.short_period(win.before.last),
    ),
)
by_tp, by_dep, by_cat = st.tabs(
    [
        t("dash.complaints.by_touchpoint"),
        t("dash.complaints.by_department"),
        t("dash.complaints.by_category"),
    ]
)
with by_tp:
    blocks.complaint_breakdown_block(v, "touchpoint")
with by_dep:
    blocks.complaint_breakdown_block(v, "department")
with by_cat:
    blocks.complaint_breakdown_block(v, "category")
