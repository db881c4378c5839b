"""Settings › Data: download a backup, the automatic backups, restore a backup (checked first)."""

from __future__ import annotations

import sqlite3

import streamlit as st

from cx_sme.admin import backup
from cx_sme.core.errors import CxError
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.einvoice.selection import company_vat, confirm_company
from ui.frame import session
from ui.frame.widgets import date_format, refusal


def company_vat_form(conn: sqlite3.Connection) -> None:
    """The company's VAT number: the seller whose e-invoices are its sales."""
    st.subheader(t("settings.data.vat_title"))
    st.caption(t("settings.data.vat_text"))
    with st.form("settings_company_vat", border=False):
        typed = st.text_input(
            t("settings.data.vat_label"), value=company_vat(conn) or "", max_chars=30
        )
        if st.form_submit_button(t("settings.data.vat_save")):
            try:
                saved = confirm_company(conn, typed)
            except CxError as err:
                refusal(err)
            else:
                st.success(t("settings.data.vat_saved", vat=saved), icon=":material/check:")


def render(conn: sqlite3.Connection) -> None:
    company_vat_form(conn)
    st.subheader(t("settings.data.backup_title"))
    st.write(t("settings.data.backup_text"))
    path = session.db_path()
    st.download_button(
        t("settings.data.backup_button"),
        data=lambda: backup.backup_bytes_of(path),
        file_name=backup.backup_file_name(),
        mime="application/vnd.sqlite3",
        icon=":material/download:",
        on_click="ignore",
        key="settings_backup_download",
    )

    autos = backup.list_auto_backups(conn)
    folder = backup.backup_dir(conn)
    if folder is not None:
        st.caption(t("settings.data.auto_text", keep=backup.KEEP_AUTOMATIC))
        st.code(str(folder), language=None)
    if autos:
        reason_labels = {a.path.name: backup.reason_label(a.reason) for a in autos}
        st.dataframe(
            [
                {
                    t("settings.data.col_when"): a.created_at,
                    t("settings.data.col_reason"): reason_labels[a.path.name],
                    t("settings.data.col_size"): t(
                        "settings.data.megabytes", size=number(a.size / 1_048_576, 1)
                    ),
                    t("settings.data.col_file"): a.path.name,
                }
                for a in autos
            ],
            hide_index=True,
            column_config={
                t("settings.data.col_when"): st.column_config.DatetimeColumn(
                    format=date_format(with_time=True)
                )
            },
        )

    st.divider()
    st.subheader(t("settings.data.restore_title"))
    st.write(t("settings.data.restore_text"))
    upload = st.file_uploader(
        t("settings.data.restore_upload"),
        type=["sqlite", "sqlite3", "db"],
        key="settings_restore_upload",
    )
    if upload is not None:
        data = upload.getvalue()
        try:
            info = backup.check_backup_bytes(data)
        except CxError as err:
            refusal(err)
        else:
            st.success(
                t(
                    "settings.data.restore_checked",
                    when=backup.when_label(info.created_at),
                    sales=number(info.counts["sales"]),
                    complaints=number(info.counts["complaints"]),
                    surveys=number(info.counts["surveys"]),
                ),
                icon=":material/verified:",
            )
            sure = st.checkbox(t("settings.data.restore_confirm"), key="settings_restore_sure")
            if st.button(
                t("settings.data.restore_button"),
                type="primary",
                disabled=not sure,
                key="settings_restore_go",
            ):
                try:
                    result = backup.restore(conn, data)
                except CxError as err:
                    refusal(err)
                else:
                    st.cache_data.clear()
                    st.session_state["settings_flash"] = t(
                        "settings.data.restore_done",
                        file=result.saved_before.name if result.saved_before else "—",
                    )
                    st.session_state.pop("settings_restore_upload", None)
                    st.rerun()
    flash = st.session_state.pop("settings_flash", None)
    if flash:
        st.success(escape_markdown(flash), icon=":material/check_circle:")
