"""Settings › Access: which access mode is active, who may do what."""

from __future__ import annotations

import streamlit as st

from cx_sme.admin import access
from cx_sme.core.i18n import t
from ui.frame import access_gate as auth_ui
from ui.settings import companies_section, people_section


def render() -> None:
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
                failures=access.MAX_FAILURES,
                minutes=int(access.LOCKOUT.total_seconds() // 60),
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
        # an administrator of the whole installation sees every entry under People
        if config is not None and access.can(role, "admin") and not auth_ui.installation_admin():
            role_names = {r: t(f"settings.access.role_{r}") for r in access.ROLES}
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
    st.divider()
    companies_section.render()
    people_section.render()
