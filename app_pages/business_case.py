"""Business case: what better customer experience is worth, from the company's own data."""

import streamlit as st

from cx_sme.core import db
from cx_sme.core.formatting import money, month_label, number, percent
from cx_sme.core.i18n import t
from cx_sme.kpi import targets
from cx_sme.programme import business_case
from cx_sme.programme.charts import gain_bars
from ui.frame.session import connection, db_path
from ui.programme.widgets import lang_key, monthly_kpis, roi_base

st.title(t("common.page.business_case"))
st.caption(t("programme.roi.intro"))

conn = connection()
base = roi_base(db_path(), db.data_version(conn))
if base is None:
    st.info(t("programme.roi.no_sales"), icon=":material/info:")
    if st.button(t("common.page.import"), key="roi_go_import"):
        st.switch_page("app_pages/import_data.py")
    st.stop()

# --- the three improvements --------------------------------------------------------------
st.subheader(t("programme.roi.gains_title"))
st.caption(t("programme.roi.gains_caption"))
left, middle, right = st.columns(3)
retention_options = [step / 2 for step in range(0, 21)]  # 0 to 10 points by 0.5
ticket_options = [step / 2 for step in range(0, 41)]  # 0 to 20 % by 0.5
reduction_options = list(range(0, 101, 5))  # 0 to 100 % by 5
retention_labels = {v: t("programme.roi.points", value=number(v, 1)) for v in retention_options}
ticket_labels = {v: percent(v, 1) for v in ticket_options}
reduction_labels = {v: percent(v, 0) for v in reduction_options}
retention_gain = left.select_slider(
    t("programme.roi.input.retention_gain"),
    retention_options,
    value=st.session_state.get("roi_retention", 2.0),
    format_func=retention_labels.__getitem__,
    key=lang_key("roi_retention"),
    help=t("programme.roi.help.retention_gain"),
)
ticket_gain = middle.select_slider(
    t("programme.roi.input.ticket_gain"),
    ticket_options,
    value=st.session_state.get("roi_ticket", 3.0),
    format_func=ticket_labels.__getitem__,
    key=lang_key("roi_ticket"),
    help=t("programme.roi.help.ticket_gain"),
)
complaint_reduction = right.select_slider(
    t("programme.roi.input.complaint_reduction"),
    reduction_options,
    value=st.session_state.get("roi_complaints", 20),
    format_func=reduction_labels.__getitem__,
    key=lang_key("roi_complaints"),
    help=t("programme.roi.help.complaint_reduction"),
)
# the chosen gains outlive a language switch (the sliders are new widgets then)
st.session_state["roi_retention"] = retention_gain
st.session_state["roi_ticket"] = ticket_gain
st.session_state["roi_complaints"] = complaint_reduction
result = business_case.what_if(base, retention_gain, ticket_gain, complaint_reduction)

# --- the headline -------------------------------------------------------------------------
with st.container(border=True):
    st.metric(t("programme.roi.total_label"), money(float(result.total)))
    share = business_case.share_of_revenue(result)
    if share is not None:
        st.caption(t("programme.roi.share", share=percent(share)))

# --- the starting point -------------------------------------------------------------------
st.subheader(
    t(
        "programme.roi.base_title",
        first=month_label(base.first_month),
        last=month_label(base.last_month),
    )
)
st.caption(t("programme.roi.base_caption"))
with st.container(horizontal=True):
    st.metric(
        t("programme.roi.base.customers"),
        number(base.active_customers),
        help=t("programme.roi.base.customers_help"),
        border=True,
    )
    st.metric(
        t("programme.roi.base.revenue"),
        money(float(base.revenue)),
        help=t("programme.roi.base.revenue_help"),
        border=True,
    )
    st.metric(
        t("programme.roi.base.per_customer"),
        money(float(base.revenue_per_customer)),
        help=t("programme.roi.base.per_customer_help"),
        border=True,
    )
    st.metric(
        t("programme.roi.base.complaint_cost"),
        money(float(base.complaint_cost)),
        help=t("programme.roi.base.complaint_cost_help"),
        border=True,
    )
st.caption(
    t(
        "programme.roi.complaints_count",
        count=number(base.complaints),
        with_cost=number(base.complaints_with_cost),
    )
)
if base.complaints and not base.complaints_with_cost:
    st.warning(t("programme.roi.no_cost"), icon=":material/warning:")

# --- how each figure is computed ----------------------------------------------------------
st.subheader(t("programme.roi.steps_title"))
parts = business_case.steps(result)
columns = st.columns(3, border=True)
for column, step in zip(columns, parts[:3], strict=True):
    with column:
        st.markdown(f"**{step.title}**")
        st.metric(step.title, money(float(step.value)), label_visibility="collapsed")
        st.caption(step.formula)
total = parts[3]
with st.container(border=True):
    st.markdown(f"**{total.title}**")
    st.write(total.formula)

st.altair_chart(
    gain_bars([p.title for p in parts[:3]], [float(p.value) for p in parts[:3]]),
    width="stretch",
)

# --- revenue at risk ----------------------------------------------------------------------
st.subheader(t("programme.roi.risk.title"))
tables = monthly_kpis(db_path(), db.data_version(conn), targets.sla_days(conn))
risk = business_case.revenue_at_risk(tables.links, base.last_month)
st.metric(
    t("programme.roi.risk.label", month=month_label(base.last_month)),
    money(risk),
    border=True,
)
risk_share = business_case.share_of(risk, base.revenue)
if risk_share is not None:
    st.caption(t("programme.roi.risk.share", share=percent(risk_share)))
st.caption(t("programme.roi.risk.caption"))

st.download_button(
    t("programme.roi.download"),
    lambda: business_case.summary_text(result, risk).encode("utf-8"),
    file_name=f"business_case_{base.last_month}.txt",
    mime="text/plain",
    icon=":material/download:",
    on_click="ignore",
    key="roi_download",
)
