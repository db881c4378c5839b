"""Complaints: volume and rate, backlog, resolution time and SLA, and where they come
from (touchpoint, department, category)."""

import streamlit as st

from cx_sme.i18n import t
from ui import auth as auth_ui
from ui import dashboard

auth_ui.page_guard()
st.title(t("common.page.complaints"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

kset = dashboard.kpis_for(v)
tables = {"sales": kset.sales, "complaints": kset.complaints, "surveys": kset.surveys,
          "links": kset.links}  # fmt: skip
dashboard.period_header(v)

dashboard.section(t("dash.complaints.volume"), t("dash.complaints.volume_caption"))
dashboard.metric_row(("complaints", "complaint_rate", "open_backlog", "cost_to_serve"), tables, v)
tp = dashboard.touchpoints(v)
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**" + t("dash.chart.complaints_by_touchpoint_title") + "**")
    dashboard.complaints_chart(v, "touchpoint", tp)
with right:
    dashboard.lines(kset.complaints, ["open_backlog"], v, t("dash.complaints.backlog_chart"))

dashboard.section(
    t("dash.complaints.resolution"), t("dash.complaints.resolution_caption", sla_days=v.sla_days)
)
dashboard.metric_row(("median_resolution_days", "within_sla"), tables, v)
left, right = st.columns(2, gap="large")
with left:
    dashboard.lines(kset.complaints, ["median_resolution_days"], v, t("dash.complaints.days_chart"))
with right:
    title = t("dash.complaints.sla_chart", sla_days=v.sla_days)
    dashboard.lines(kset.complaints, ["within_sla"], v, title)

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
    dashboard.complaint_breakdown(v, "touchpoint", tp)
with by_dep:
    dashboard.complaint_breakdown(v, "department", dashboard.departments(v))
with by_cat:
    dashboard.complaint_breakdown(v, "category", dashboard.categories())
