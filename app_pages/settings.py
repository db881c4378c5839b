"""Settings: targets and SLA, data (backup and restore), privacy, access."""

from __future__ import annotations

import streamlit as st

from cx_sme.admin import access as auth
from cx_sme.admin import backup, privacy
from cx_sme.core.errors import CxError
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from ui.frame import access_gate as auth_ui
from ui.frame import session
from ui.settings import kpi_settings

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

# --- data: backup and restore ------------------------------------------------------------
with tab_data:
    if auth_ui.require("admin"):
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
                        format="DD/MM/YYYY HH:mm"
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
                st.error(err.message(), icon=":material/block:")
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
                        st.error(err.message(), icon=":material/block:")
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
            st.success(flash, icon=":material/check_circle:")

# --- privacy ------------------------------------------------------------------------------
with tab_privacy:
    if auth_ui.require("admin"):
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
                st.warning(
                    t("settings.privacy.not_found", customer=auth_ui.escape_markdown(customer))
                )
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
                        erasure = privacy.erase_customer(conn, customer, by=auth_ui.current_user())
                    except CxError as err:
                        st.error(err.message())
                    else:
                        st.cache_data.clear()
                        st.session_state["settings_erase_flash"] = t(
                            "settings.privacy.erased", rows=number(erasure.rows_erased)
                        )
                        for key in ("settings_erase_id", "settings_erase_sure"):
                            st.session_state.pop(key, None)
                        st.rerun()
        flash = st.session_state.pop("settings_erase_flash", None)
        if flash:
            st.success(flash, icon=":material/check_circle:")

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

# --- access -------------------------------------------------------------------------------
with tab_access:
    try:
        config = auth_ui.access_config()
    except auth_ui.SecretsUnreadable:
        config = None
    mode = config.mode if config else "open"
    st.subheader(t(f"settings.access.mode_{mode}_title"))
    if mode == "open":
        st.warning(t("settings.access.mode_open_text"), icon=":material/lock_open:")
    elif mode == "password":
        st.success(
            t(
                "settings.access.mode_password_text",
                failures=auth.MAX_FAILURES,
                minutes=int(auth.LOCKOUT.total_seconds() // 60),
            ),
            icon=":material/lock:",
        )
    else:
        st.success(t("settings.access.mode_oidc_text"), icon=":material/verified_user:")
        role = auth_ui.current_role() or "viewer"
        st.text(
            t(
                "settings.access.you_are",
                user=auth_ui.current_user(),
                role=t(f"settings.access.role_{role}"),
            )
        )
        if config is not None and auth.can(role, "admin"):
            role_names = {r: t(f"settings.access.role_{r}") for r in auth.ROLES}
            st.dataframe(
                [
                    {
                        t("settings.access.col_who"): who,
                        t("settings.access.col_role"): role_names[r],
                    }
                    for who, r in sorted(config.allow.items())
                ],
                hide_index=True,
            )
    if config is not None:
        for key in config.problems:
            st.error(t(key))
    st.caption(t("settings.access.roles_text"))
    st.caption(t("settings.access.how_to_change"))
