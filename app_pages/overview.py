"""Overview: the four business indicators, findings in plain words, the focus area's KPIs,
voice of the customer and complaints, two charts of the story, and the alerts to act on."""

import streamlit as st

from cx_sme.company import focus_area
from cx_sme.core.formatting import period_label
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from ui.dashboards import alerts as dashboard_alerts
from ui.dashboards import blocks, cards
from ui.dashboards import view as dashboard

st.title(t("common.page.overview"))
added = st.session_state.pop("import_batch_done", None)
if added:  # the month's files were just imported: say what came in
    st.success(escape_markdown(added), icon=":material/check_circle:")
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

dashboard.period_header(v)
if v.current in dashboard.kpis_for(v).warm_up:
    st.warning(t("dash.warm_up", period=period_label(v.current)), icon=":material/hourglass_top:")
# The four indicators that tie CX to money come first: on a laptop's first screen.
cards.business_indicators(v)
st.caption(t("dash.overview.business_caption"))
blocks.findings(blocks.memo(v, "overview_findings"))

code = focus_area.current_focus(v.conn)
dashboard.section(t("dash.overview.focus", focus=focus_area.focus_label(code)),
                  focus_area.focus_description(code))  # fmt: skip
if not focus_area.focus_is_chosen(v.conn):
    st.caption(t("dash.overview.focus_hint"))
headlines = focus_area.headline_kpis(code)
cards.metric_row(v, headlines)

st.subheader(t("dash.overview.voice_and_complaints"))
row = [k for k in ("nps", "csat", "complaints", "open_backlog") if k not in headlines]
row += [k for k in ("within_sla", "median_resolution_days", "ces") if k not in headlines]
cards.metric_row(v, row[:4])

left, right = st.columns(2, gap="large")
with left:
    blocks.chart(v, "revenue_split", title=t("dash.chart.revenue_split_title"))
    st.caption(t("dash.chart.revenue_split_caption"))
with right:
    blocks.chart(v, "complaints_stack", "touchpoint",
                 title=t("dash.chart.complaints_by_touchpoint_title"))  # fmt: skip
    st.caption(t("dash.chart.complaints_by_touchpoint_caption"))

dashboard_alerts.render(v)
