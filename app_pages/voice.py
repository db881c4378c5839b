"""Voice of the customer: NPS with its margin of error, CSAT, CES, scores by touchpoint
and the themes of the comments."""

import streamlit as st

from cx_sme.core.formatting import number, period_label
from cx_sme.core.i18n import t
from cx_sme.kpi.surveys import SMALL_SAMPLE
from cx_sme.kpi.trends import value_at
from ui.dashboards import blocks, cards
from ui.dashboards import view as dashboard
from ui.voice import blocks as voice_blocks

st.title(t("common.page.voice"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

surveys = dashboard.kpis_for(v).surveys
dashboard.period_header(v)
dashboard.section(t("dash.voice.scores"), t("dash.voice.scores_caption"))
answers = sum(value_at(surveys, k, v.current) or 0 for k in ("promoters", "passives", "detractors"))
if 0 < answers < SMALL_SAMPLE:
    st.warning(
        t(
            "dash.voice.small_sample",
            count=number(answers),
            period=period_label(v.current),
            margin=number(value_at(surveys, "nps_margin", v.current), 0),
        ),
        icon=":material/warning:",
    )
cards.metric_row(v, ("nps", "csat", "ces", "responses"))
left, right = st.columns(2, gap="large")
with left:
    blocks.chart(v, "nps_margin", title=t("dash.voice.nps_chart"))
    st.caption(t("dash.voice.nps_chart_caption"))
with right:
    blocks.chart(v, "nps_groups", title=t("dash.voice.groups_chart"))

win = dashboard.window(v)
dashboard.section(
    t("dash.voice.by_touchpoint"),
    t(
        "dash.voice.by_touchpoint_caption",
        first=dashboard.short_period(win.first),
        last=dashboard.short_period(win.last),
    ),
)
blocks.survey_breakdown_block(v)

voice_blocks.drivers_block(v)

st.subheader(t("dash.voice.themes"))
blocks.theme_block(v)
voice_blocks.suggestions_block(v)
voice_blocks.tone_block(v)
