"""The action plan: every improvement action with its owner, due date and the indicator
that will show it worked (assess → act → measure). Overdue actions are flagged."""

import streamlit as st

from cx_sme.admin import access as auth
from cx_sme.core.i18n import t
from ui.frame import access_gate as auth_ui
from ui.frame.session import connection
from ui.team import action_page
from ui.team import widgets as team_widgets

# The access gate and the session's language, also when the page runs alone (opened by
# its URL before app.py ever ran, or in AppTest).
can_edit = auth.can(auth_ui.current_role(), "edit")
conn = connection()
st.title(t("common.page.actions"))
st.caption(t("team.act.intro"))
team_widgets.show_flash()

page = action_page.load(conn)
action_page.plan_overview(page)
if not can_edit:
    auth_ui.require("edit")
    st.stop()
action_page.action_forms(page)
