"""Voice of the customer: NPS with its margin of error, CSAT, CES, scores by touchpoint
and the themes of the comments."""

import streamlit as st

from cx_sme import charts
from cx_sme.formatting import number, period_label
from cx_sme.i18n import t
from cx_sme.kpi_surveys import SMALL_SAMPLE
from cx_sme.trends import value_at
from ui import auth as auth_ui
from ui import dashboard

auth_ui.page_guard()
st.title(t("common.page.voice"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

kset = dashboard.kpis_for(v)
tables = {"sales": kset.sales, "complaints": kset.complaints, "surveys": kset.surveys,
          "links": kset.links}  # fmt: skip
dashboard.period_header(v)

dashboard.section(t("dash.voice.scores"), t("dash.voice.scores_caption"))
answers = sum(
    value_at(kset.surveys, k, v.current) or 0 for k in ("promoters", "passives", "detractors")
)
if 0 < answers < SMALL_SAMPLE:
    st.warning(
        t(
            "dash.voice.small_sample",
            count=number(answers),
            period=period_label(v.current),
            margin=number(value_at(kset.surveys, "nps_margin", v.current), 0),
        ),
        icon=":material/warning:",
    )
dashboard.metric_row(("nps", "csat", "ces", "responses"), tables, v)
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**" + t("dash.voice.nps_chart") + "**")
    st.altair_chart(charts.nps_with_margin(kset.surveys, v.periods), width="stretch")
    st.caption(t("dash.voice.nps_chart_caption"))
with right:
    st.markdown("**" + t("dash.voice.groups_chart") + "**")
    st.altair_chart(charts.nps_groups(kset.surveys, v.periods), width="stretch")

win = dashboard.window(v)
dashboard.section(
    t("dash.voice.by_touchpoint"),
    t(
        "dash.voice.by_touchpoint_caption",
        first=dashboard.short_period(win.first),
        last=dashboard.short_period(win.last),
    ),
)
dashboard.survey_breakdown(v, dashboard.touchpoints(v))

st.subheader(t("dash.voice.themes"))
dashboard.theme_section(v)
