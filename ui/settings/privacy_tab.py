"""Settings › Privacy: pseudonyms in exports, erase a customer, the erasure log."""

from __future__ import annotations

import sqlite3

import streamlit as st

from cx_sme.admin import privacy
from cx_sme.admin.erasure import erase_everywhere
from cx_sme.core.errors import CxError
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from ui.frame import access_gate as auth_ui
from ui.frame.widgets import refusal


def render(conn: sqlite3.Connection) -> None:
    st.subheader(t("settings.privacy.pseudo_title"))
    current = privacy.pseudonymise_exports(conn)
    wanted = st.toggle(
        t("settings.privacy.pseudo_toggle"),
        value=current,
        help=t("settings.privacy.pseudo_help"),
        key="settings_pseudo",
    )
    if wanted != current:
        privacy.set_pseudonymise_exports(conn, wanted)
        st.toast(t("settings.privacy.saved"))

    st.divider()
    st.subheader(t("settings.privacy.erase_title"))
    st.write(t("settings.privacy.erase_text"))
    customer = st.text_input(t("settings.privacy.customer_label"), key="settings_erase_id")
    if customer.strip():
        counts = privacy.footprint(conn, customer)
        if not counts:
            st.warning(t("settings.privacy.not_found", customer=escape_markdown(customer)))
            similar = privacy.similar_ids(conn, customer)
            if similar:
                st.caption(t("settings.privacy.did_you_mean"))
                st.code("\n".join(similar), language=None)
        else:
            names = {table: privacy.table_label(table) for table in counts}
            st.dataframe(
                [
                    {
                        t("settings.privacy.col_table"): names[table],
                        t("settings.privacy.col_rows"): n,
                    }
                    for table, n in counts.items()
                ],
                hide_index=True,
            )
            st.warning(t("settings.privacy.erase_warning"), icon=":material/warning:")
            sure = st.checkbox(t("settings.privacy.erase_confirm"), key="settings_erase_sure")
            if st.button(
                t("settings.privacy.erase_button"),
                type="primary",
                disabled=not sure,
                key="settings_erase_go",
            ):
                try:
                    report = erase_everywhere(conn, customer, by=auth_ui.current_user())
                except CxError as err:
                    refusal(err)
                else:
                    st.cache_data.clear()
                    st.session_state["settings_erase_flash"] = t(
                        "settings.privacy.erased", rows=number(report.erasure.rows_erased)
                    )
                    for key in ("settings_erase_id", "settings_erase_sure"):
                        st.session_state.pop(key, None)
                    st.rerun()
    flash = st.session_state.pop("settings_erase_flash", None)
    if flash:
        st.success(escape_markdown(flash), icon=":material/check_circle:")

    log = privacy.erasure_log(conn)
    st.subheader(t("settings.privacy.log_title"))
    if not log:
        st.caption(t("settings.privacy.log_empty"))
    else:
        st.dataframe(
            [
                {
                    t("settings.privacy.col_when"): e.erased_at.replace("T", " "),
                    t("settings.privacy.col_by"): e.erased_by,
                    t("settings.privacy.col_hash"): e.customer_hash[:16],
                    t("settings.privacy.col_rows"): e.rows_erased,
                }
                for e in log
            ],
            hide_index=True,
        )
        st.caption(t("settings.privacy.log_caption"))
