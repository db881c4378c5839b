"""Page being written (placeholder until its issue lands)."""

import streamlit as st

from cx_sme.i18n import t

st.title(t("common.page.history"))
