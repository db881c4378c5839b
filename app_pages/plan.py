"""The CX plan: the six areas with their maturity over time, and the five-traps check."""

import datetime as dt

import streamlit as st

from cx_sme.core.i18n import t
from ui.frame.session import connection
from ui.programme import plan_areas, plan_traps

conn = connection()
today = dt.date.today()
st.title(t("common.page.plan"))
st.caption(t("programme.plan.intro"))

areas_tab, traps_tab = st.tabs([t("programme.plan.tab_areas"), t("programme.plan.tab_traps")])
with areas_tab:
    plan_areas.render(conn, today)
with traps_tab:
    plan_traps.render(conn, today)
