"""Welcome: what the app does, load the sample company, or go to the import page."""

import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.sample import loader as sample
from ui.frame.session import connection, db_path
from ui.frame.widgets import refusal

st.title(t("common.welcome.title"))
st.markdown(t("common.welcome.intro"))
st.markdown(t("common.welcome.team"))

left, right = st.columns(2, border=True)
with left:
    st.subheader(t("common.welcome.sample_title"))
    st.write(t("common.welcome.sample_text"))
    if st.button(t("common.welcome.sample_button"), type="primary", key="load_sample"):
        try:
            with st.spinner(t("common.welcome.sample_button")):
                summary = sample.load_sample(connection())
        except CxError as err:
            refusal(err)
        else:
            st.success(t("common.welcome.sample_done", rows=summary.rows, imports=summary.imports))
            st.switch_page("app_pages/overview.py")
with right:
    st.subheader(t("common.welcome.upload_title"))
    st.write(t("common.welcome.upload_text"))
    if st.button(t("common.welcome.upload_button"), key="go_import"):
        st.switch_page("app_pages/import_data.py")

st.caption(t("common.welcome.privacy", path=db_path()))
