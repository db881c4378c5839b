"""Welcome: what the app does; then the way in that fits the store (the sample company or
the user's files), or, once there is data, where it stands."""

import streamlit as st

from cx_sme.core import config
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.sample import loader as sample
from ui.frame.session import connection, db_path, has_data
from ui.frame.widgets import refusal
from ui.ingest import sample_switch

st.title(t("common.welcome.title"))
st.markdown(t("common.welcome.intro"))
st.markdown(t("common.welcome.team"))

found = sample_switch.sample_footprint()
left, right = st.columns(2, border=True)
with left:
    if found.present:
        st.subheader(t("common.welcome.trying_title"))
        st.write(t("common.welcome.trying_text"))
        st.page_link("app_pages/overview.py", label=t("common.welcome.go_overview"))
        sample_switch.offer(found, "welcome")
    elif has_data():
        # Real data is stored: the sample is no longer offered.
        st.subheader(t("common.welcome.own_title"))
        st.write(t("common.welcome.own_text"))
        st.page_link("app_pages/overview.py", label=t("common.welcome.go_overview"))
    else:
        st.subheader(t("common.welcome.sample_title"))
        st.write(t("common.welcome.sample_text"))
        if st.button(t("common.welcome.sample_button"), type="primary", key="load_sample"):
            try:
                with st.spinner(t("common.welcome.sample_button")):
                    summary = sample.load_sample(connection())
            except CxError as err:
                refusal(err)
            else:
                st.success(
                    t("common.welcome.sample_done", rows=summary.rows, imports=summary.imports)
                )
                st.switch_page("app_pages/overview.py")
with right:
    st.subheader(t("common.welcome.upload_title"))
    st.write(t("common.welcome.upload_text"))
    if st.button(t("common.welcome.upload_button"), key="go_import"):
        st.switch_page("app_pages/import_data.py")

store = db_path()
if config.is_postgres_address(store):
    st.caption(t("common.welcome.privacy_server", where=config.store_label(store)))
else:
    st.caption(t("common.welcome.privacy", path=store))
