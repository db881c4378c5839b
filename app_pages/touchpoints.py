"""Touchpoints: the journey map, the checklist with the evidence beside each touchpoint,
and the catalogue editor (touchpoints, their names in the data files, departments)."""

import streamlit as st

from cx_sme.admin import access as auth
from cx_sme.core.i18n import t
from ui.frame import access_gate as auth_ui
from ui.frame.session import connection
from ui.team import style as team_style
from ui.team import touchpoint_page
from ui.team import widgets as team_widgets

# The access gate and the session's language, also when the page runs alone (opened by
# its URL before app.py ever ran, or in AppTest).
can_edit = auth.can(auth_ui.current_role(), "edit")
conn = connection()
team_style.inject()
st.title(t("common.page.touchpoints"))
st.caption(t("team.tp_page.intro"))
team_widgets.show_flash()
page = touchpoint_page.load(conn, can_edit)
st.caption(team_widgets.window_caption(page.window))

tab_map, tab_check, tab_manage = st.tabs(
    [t("team.tp_page.tab_map"), t("team.tp_page.tab_check"), t("team.tp_page.tab_manage")]
)
with tab_map:
    touchpoint_page.journey_map(page)
with tab_check:
    touchpoint_page.checklist(page)
with tab_manage:
    touchpoint_page.catalogue_editor(page)
