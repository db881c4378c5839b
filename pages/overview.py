"""Overview: the focus area's KPIs, the four business indicators, the voice of the customer
and complaints, two charts of the story, and the alerts to act on."""

import streamlit as st

from cx_sme import charts, focus
from cx_sme.formatting import period_label
from cx_sme.i18n import t
from ui import auth as auth_ui
from ui import dashboard, dashboard_alerts

auth_ui.page_guard()
st.title(t("common.page.overview"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

kset = dashboard.kpis_for(v)
tables = {"sales": kset.sales, "complaints": kset.complaints, "surveys": kset.surveys,
          "links": kset.links}  # fmt: skip
dashboard.period_header(v)
if v.current in kset.warm_up:
    st.warning(t("dash.warm_up", period=period_label(v.current)), icon=":material/hourglass_top:")
dashboard.findings_box(dashboard.findings(v, kset))

code = focus.current_focus(v.conn)
st.subheader(t("dash.overview.focus", focus=focus.focus_label(code)))
st.caption(focus.focus_description(code))
if not focus.focus_is_chosen(v.conn):
    st.caption(t("dash.overview.focus_hint"))
headlines = focus.headline_kpis(code)
dashboard.metric_row(headlines, tables, v)

st.subheader(t("dash.overview.business"))
st.caption(t("dash.overview.business_caption"))
dashboard.metric_row(
    focus.BUSINESS_INDICATORS,
    tables,
    v,
    prefixes=[t(f"dash.indicator.{k}") for k in focus.BUSINESS_INDICATORS],
)

st.subheader(t("dash.overview.voice_and_complaints"))
shown = set(headlines)
row = [k for k in ("nps", "csat", "complaints", "open_backlog") if k not in shown]
row += [k for k in ("within_sla", "median_resolution_days", "ces") if k not in shown]
dashboard.metric_row(row[:4], tables, v)

left, right = st.columns(2, gap="large")
with left:
    st.markdown("**" + t("dash.chart.revenue_split_title") + "**")
    st.altair_chart(charts.revenue_new_vs_returning(kset.sales, v.periods), width="stretch")
    st.caption(t("dash.chart.revenue_split_caption"))
with right:
    catalogue = dashboard.touchpoints(v)
    st.markdown("**" + t("dash.chart.complaints_by_touchpoint_title") + "**")
    dashboard.complaints_chart(v, "touchpoint", catalogue)
    st.caption(t("dash.chart.complaints_by_touchpoint_caption"))

dashboard_alerts.render(v)
