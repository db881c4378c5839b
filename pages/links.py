"""The links between data sets: who buys again by NPS group and after a complaint, and the
revenue at risk with the customers behind it."""

import streamlit as st

from cx_sme.formatting import period_label
from cx_sme.i18n import t
from ui import auth as auth_ui
from ui import dashboard

auth_ui.page_guard()
st.title(t("common.page.links"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

kset = dashboard.kpis_for(v)
tables = {"sales": kset.sales, "complaints": kset.complaints, "surveys": kset.surveys,
          "links": kset.links}  # fmt: skip
dashboard.period_header(v)
dashboard.findings_box(dashboard.link_findings(v, kset))

dashboard.section(t("dash.links.retention"), t("dash.links.retention_caption"))
complete = dashboard.last_complete(kset.links, "retention_all_active", v)
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
    dashboard.metric_row(
        ("retention_promoters", "retention_detractors", "retention_complainers",
         "retention_all_active"),
        tables,
        v,
        period=complete,
    )  # fmt: skip
    left, right = st.columns(2, gap="large")
    with left:
        dashboard.retention_groups_chart(kset.links, v, complete)
    with right:
        dashboard.lines(
            kset.links,
            ["retention_promoters", "retention_detractors", "retention_all_active"],
            v,
            t("dash.links.retention_lines"),
        )

dashboard.section(
    t("dash.links.risk"), t("dash.links.risk_caption", period=period_label(v.current))
)
card, chart = st.columns([1, 2], gap="large")
with card:
    dashboard.metric_row(("revenue_at_risk",), tables, v)
with chart:
    dashboard.lines(kset.links, ["revenue_at_risk"], v, t("dash.links.risk_chart"))
st.markdown("**" + t("dash.links.risk_who") + "**")
dashboard.at_risk_table(v, v.current)
