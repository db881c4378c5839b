"""The links between data sets: who buys again by NPS group and after a complaint, and the
revenue at risk with the customers behind it."""

import streamlit as st

from cx_sme.core.formatting import period_label
from cx_sme.core.i18n import t
from ui.dashboards import blocks, cards
from ui.dashboards import view as dashboard

st.title(t("common.page.links"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

dashboard.period_header(v)
blocks.findings(blocks.memo(v, "link_findings"))

dashboard.section(t("dash.links.retention"), t("dash.links.retention_caption"))
complete = blocks.last_complete(v, "retention_all_active")
if complete is None:
    st.info(t("dash.links.no_complete"), icon=":material/info:")
else:
    if complete != v.current:
        st.caption(
            t(
                "dash.links.not_complete",
                current=period_label(v.current),
                complete=period_label(complete),
            )
        )
    cards.metric_row(
        v,
        ("retention_promoters", "retention_detractors", "retention_complainers",
         "retention_all_active"),
        period=complete,
    )  # fmt: skip
    left, right = st.columns(2, gap="large")
    with left:
        blocks.chart(v, "retention_groups", complete)
    with right:
        blocks.lines(v, "links",
                     ("retention_promoters", "retention_detractors", "retention_all_active"),
                     t("dash.links.retention_lines"))  # fmt: skip

dashboard.section(
    t("dash.links.risk"), t("dash.links.risk_caption", period=period_label(v.current))
)
card, trend = st.columns([1, 2], gap="large")
with card:
    cards.metric_row(v, ("revenue_at_risk",))
with trend:
    blocks.lines(v, "links", ("revenue_at_risk",), t("dash.links.risk_chart"))
dashboard.title(t("dash.links.risk_who"))
blocks.at_risk_block_render(v, v.current)
