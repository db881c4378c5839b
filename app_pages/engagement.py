"""People engagement: the internal plan and the monthly CX newsletter draft."""

import datetime as dt

import streamlit as st

from cx_sme.core.i18n import t
from ui.frame.session import connection
from ui.programme import engagement_plan, newsletter_draft

conn = connection()
today = dt.date.today()
st.title(t("common.page.engagement"))
st.caption(t("programme.eng.intro"))

plan_tab, letter_tab = st.tabs([t("programme.eng.tab_plan"), t("programme.eng.tab_newsletter")])

# =========================================================================================
# The plan
# =========================================================================================
with plan_tab:
    engagement_plan.render(conn, today)


# =========================================================================================
# The newsletter
# =========================================================================================
with letter_tab:
    newsletter_draft.render(conn, today)
