"""Sales and customers: revenue, new versus returning, retention and churn, average order
value and the cohort heatmap."""

import streamlit as st

from cx_sme.core.formatting import period_label
from cx_sme.core.i18n import t
from ui.dashboards import blocks, cards
from ui.dashboards import view as dashboard

st.title(t("common.page.sales"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

dashboard.period_header(v)
warm = [p for p in v.periods if p in dashboard.kpis_for(v).warm_up]
if warm:
    st.warning(
        t("dash.sales.warm_up_range", period=period_label(warm[-1])),
        icon=":material/hourglass_top:",
    )

dashboard.section(t("dash.sales.sales"), t("dash.sales.sales_caption"))
cards.metric_row(v, ("revenue", "orders", "average_ticket", "revenue_per_customer"))
left, right = st.columns(2, gap="large")
with left:
    blocks.chart(v, "revenue_split", title=t("dash.sales.revenue_chart"))
with right:
    blocks.lines(v, "sales", ("average_ticket",), t("dash.sales.ticket_chart"))

dashboard.section(t("dash.sales.customers"), t("dash.sales.customers_caption"))
cards.metric_row(v, ("active_customers", "new_customers", "retention_rate", "churn_rate"))
left, right = st.columns(2, gap="large")
with left:
    blocks.chart(v, "customers_split", title=t("dash.sales.customers_chart"))
with right:
    blocks.lines(v, "sales", ("retention_rate", "churn_rate"), t("dash.sales.retention_chart"))

dashboard.section(t("dash.sales.cohorts"), t("dash.sales.cohorts_caption"))
blocks.chart(v, "cohort_map")
