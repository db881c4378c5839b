"""Settings: targets and SLA, data (backup and restore), privacy, access."""

from __future__ import annotations

import streamlit as st

from cx_sme.core.i18n import t
from ui.frame import access_gate as auth_ui
from ui.frame import session
from ui.settings import access_tab, data_tab, kpi_settings, privacy_tab

conn = session.connection()
st.title(t("common.page.settings"))

tab_targets, tab_data, tab_privacy, tab_access = st.tabs(
    [
        t("settings.tab.targets"),
        t("settings.tab.data"),
        t("settings.tab.privacy"),
        t("settings.tab.access"),
    ]
)
with tab_targets:
    if auth_ui.require("admin"):
        kpi_settings.render(conn)
with tab_data:
    if auth_ui.require("admin"):
        data_tab.render(conn)
with tab_privacy:
    if auth_ui.require("admin"):
        privacy_tab.render(conn)
with tab_access:
    access_tab.render()
