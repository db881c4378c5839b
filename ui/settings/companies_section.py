"""Settings › Access › Companies: the installation's companies, and a new one, for whoever
administers the whole installation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cx_sme.core import config
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.tenancy.companies import add_company, list_companies
from ui.frame import access_gate as auth_ui
from ui.frame.session import installation
from ui.frame.widgets import refusal, table_height


def render() -> None:
    st.subheader(t("tenancy.settings.title"))
    if not auth_ui.installation_admin():
        st.info(t("tenancy.settings.needs_admin"), icon=":material/lock:")
        return
    st.caption(t("tenancy.settings.text"))
    found = list_companies(installation())
    table = pd.DataFrame(
        {
            t("tenancy.settings.col_code"): [c.code for c in found],
            t("tenancy.settings.col_name"): [c.name for c in found],
            t("tenancy.settings.col_created"): [c.created.replace("T", " ") for c in found],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=table_height(len(table)))
    done = st.session_state.pop("company_added", None)
    if done:
        st.success(escape_markdown(done), icon=":material/check_circle:")
    with st.form("settings_add_company", border=False):
        left, right = st.columns([1, 2])
        code = left.text_input(t("tenancy.settings.code"), max_chars=32,
                               help=t("tenancy.settings.code_help"))  # fmt: skip
        name = right.text_input(t("tenancy.settings.name"), max_chars=120)
        if st.form_submit_button(t("tenancy.settings.add"), icon=":material/add_business:"):
            try:
                added = add_company(installation(), config.db_path(), code, name)
            except CxError as err:
                refusal(err)
            else:
                st.session_state["company_added"] = t(
                    "tenancy.cli.added", code=added.code, name=added.name
                )
                st.rerun()
