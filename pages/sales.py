"""Sales and customers: revenue, new versus returning, retention and churn, average order
value and the cohort heatmap."""

import streamlit as st

from cx_sme import charts
from cx_sme.formatting import period_label
from cx_sme.i18n import t
from ui import auth as auth_ui
from ui import dashboard

auth_ui.page_guard()
st.title(t("common.page.sales"))
v = dashboard.view()
if v is None:
    dashboard.empty_state()
    st.stop()

kset = dashboard.kpis_for(v)
tables = {"sales": kset.sales, "complaints": kset.complaints, "surveys": kset.surveys,
          "links": kset.links}  # fmt: skip
dashboard.period_header(v)
warm = [p for p in v.periods if p in kset.warm_up]
if warm:
    st.warning(
        t("dash.sales.warm_up_range", period=period_label(warm[-1])),
        icon=":material/hourglass_top:",
    )

dashboard.section(t("dash.sales.sales"), t("dash.sales.sales_caption"))
dashboard.metric_row(("revenue", "orders", "average_ticket", "revenue_per_customer"), tables, v)
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**" + t("dash.sales.revenue_chart") + "**")
    st.altair_chart(charts.revenue_new_vs_returning(kset.sales, v.periods), width="stretch")
with right:
    dashboard.lines(kset.sales, ["average_ticket"], v, t("dash.sales.ticket_chart"))

dashboard.section(t("dash.sales.customers"), t("dash.sales.customers_caption"))
dashboard.metric_row(
    ("active_customers", "new_customers", "retention_rate", "churn_rate"), tables, v
)
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**" + t("dash.sales.customers_chart") + "**")
    st.altair_chart(charts.customers_new_vs_returning(kset.sales, v.periods), width="stretch")
with right:
    dashboard.lines(
        kset.sales, ["retention_rate", "churn_rate"], v, t("dash.sales.retention_chart")
    )

dashboard.section(t("dash.sales.cohorts"), t("dash.sales.cohorts_caption"))
matrix, sizes = dashboard.cohorts(v.db, v.version)
if matrix.empty:
    st.info(t("dash.empty"), icon=":material/info:")
else:
    st.altair_chart(charts.cohort_heatmap(matrix, sizes), width="stretch")
