"""Meeting mode: the monthly CX meeting on a shared screen, one step per screen in large
type — KPI headline, alerts, one to three touchpoints in focus, open actions, new
decisions — and the minutes at the end."""

import streamlit as st

from cx_sme.admin import access as auth
from cx_sme.core import formatting
from cx_sme.core.i18n import t
from ui.frame import access_gate as auth_ui
from ui.frame.session import connection
from ui.team import meeting_page
from ui.team import style as team_style

# The access gate and the session's language, also when the page runs alone (opened by
# its URL before app.py ever ran, or in AppTest).
can_edit = auth.can(auth_ui.current_role(), "edit")
conn = connection()
team_style.inject()
page = meeting_page.load(conn)
if page.meeting is None:
    meeting_page.setup(page)
    st.stop()
if not can_edit:
    st.title(t("common.page.meeting"))
    st.info(
        t("team.meet.in_progress", date=formatting.date(page.meeting.held_on)),
        icon=":material/groups:",
    )
    auth_ui.require("edit")
    st.stop()
meeting_page.stage(page)
