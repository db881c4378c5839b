"""The access gate: called by app.py right after ``session.init()``.

The mode and the roles are decided in :mod:`cx_sme.admin.access`; this module only reads the
configuration (``st.secrets``, the environment, the server address), shows the password
form or the sign-in buttons (``st.login``, OpenID Connect), and keeps the signed-in role in
session state. Pages ask :func:`require` before showing what a role may not do.
"""

from __future__ import annotations

import os

import streamlit as st

from cx_sme.admin import access as auth
from cx_sme.admin.access import AccessConfig
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.tenancy.companies import list_companies
from cx_sme.tenancy.people import with_people
from ui.frame.session import company, connection, installation

PROVIDER_NAMES = {"google": "Google", "microsoft": "Microsoft", "": ""}


class SecretsUnreadable(Exception):
    """``secrets.toml`` exists but cannot be parsed: the gate stays closed."""


def configured_secrets() -> dict[str, object]:
    """``st.secrets`` as a mapping (empty without a secrets file); SecretsUnreadable when
    the file cannot be parsed."""
    from streamlit.errors import StreamlitSecretNotFoundError

    try:
        return dict(st.secrets.to_dict())
    except StreamlitSecretNotFoundError as exc:
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return {}
        raise SecretsUnreadable(str(exc)) from exc


def file_config() -> AccessConfig:
    """The configuration of the secrets file and the environment alone (without the
    people added in the app)."""
    return auth.load_config(configured_secrets(), os.environ)


def access_config() -> AccessConfig:
    """The configuration, and with a company sign-in the people added in the app (stored
    in the installation's store). Read afresh at every call, never cached: a person added
    or removed counts from the next page run."""
    config = file_config()
    if config.mode == "oidc":
        config = with_people(config, installation())
    return config


def server_is_local() -> bool:
    """Whether only this computer can reach the app (address and this client, which did
    not come through a reverse proxy: behind one on this computer, every client would
    otherwise look local)."""
    if not auth.is_local_address(st.get_option("server.address")):
        return False
    if auth.came_through_proxy(dict(st.context.headers)):
        return False
    client = st.context.ip_address
    # Streamlit gives None for a client on this computer.
    return not isinstance(client, str) or auth.is_local_address(client)


def gate() -> bool:
    """True when this session may see the app; otherwise the gate has drawn its form."""
    try:
        config = access_config()
    except SecretsUnreadable:
        config = None
    if config is not None and config.mode == "open" and server_is_local():
        st.session_state["auth_mode"] = "open"
        _grant("admin", t("settings.access.local_user"))
        return True
    if config is not None and config.mode == "password":
        st.session_state["auth_mode"] = "password"
        allowed = _password_gate(config)
    elif config is not None and config.mode == "oidc":
        st.session_state["auth_mode"] = "oidc"
        allowed = _oidc_gate(config)
    else:
        st.session_state["auth_role"] = None
        st.error(
            t("settings.access.secrets_unreadable")
            if config is None
            else t("settings.access.open_on_network")
        )
        allowed = False
    if not allowed:
        # The sidebar is not drawn behind the gate: offer the language choice here.
        from ui.frame.sidebar import language_selector

        language_selector()
    return allowed


def _grant(role: str, user: str) -> None:
    if st.session_state.get("auth_mode") != "oidc":
        st.session_state.pop("auth_roles", None)  # the same role on every company
    st.session_state["auth_role"] = role
    st.session_state["auth_user"] = user


def current_role() -> str | None:
    """The role on the session's company (with a company sign-in, each its own)."""
    roles = st.session_state.get("auth_roles")
    if roles is not None:
        return roles.get(company())
    return st.session_state.get("auth_role")


def current_user() -> str:
    """Who is using the app, for audit records."""
    return str(st.session_state.get("auth_user") or t("settings.access.local_user"))


def installation_admin() -> bool:
    """Whether this session administers the whole installation: on this computer alone
    or with the password, whoever got in; with a company sign-in, an ``[access]`` admin."""
    if st.session_state.get("auth_mode") != "oidc":
        return bool(auth.can(st.session_state.get("auth_role"), "admin"))
    try:
        config = access_config()
    except SecretsUnreadable:
        return False
    return auth.installation_role(config, st.session_state.get("auth_user")) == "admin"


def require(permission: str) -> bool:
    """True when the current role has ``permission``; otherwise says so on the page."""
    if auth.can(current_role(), permission):
        return True
    st.info(t(f"settings.access.needs_{permission}"), icon=":material/lock:")
    return False


def _password_gate(config: AccessConfig) -> bool:
    if st.session_state.get("auth_password_ok"):
        _grant("admin", t("settings.access.password_user"))
        _sidebar_sign_out()
        return True
    st.title(t("common.app_title"))
    conn = connection()
    with st.form("cx_password_form"):
        attempt = st.text_input(t("settings.access.password_label"), type="password")
        submitted = st.form_submit_button(t("settings.access.sign_in"), type="primary")
    if config.problems:
        for key in config.problems:
            st.error(t(key))
    if submitted:
        result = auth.check_password(conn, config, attempt)
        if result.ok:
            st.session_state["auth_password_ok"] = True
            st.rerun()
        if result.locked_until is not None:
            minutes = _minutes_until(result.locked_until)
            st.error(t("settings.access.locked", minutes=number(minutes)))
        else:
            st.error(t("settings.access.wrong_password", left=number(result.attempts_left or 0)))
    else:
        until = auth.locked_until(conn)
        if until is not None:
            st.warning(t("settings.access.locked", minutes=number(_minutes_until(until))))
    return False


def _minutes_until(moment: object) -> int:
    import datetime as dt
    import math

    assert isinstance(moment, dt.datetime)
    seconds = (moment - dt.datetime.now(dt.UTC)).total_seconds()
    return max(1, math.ceil(seconds / 60))


def _oidc_gate(config: AccessConfig) -> bool:
    user = st.user
    if not user.get("is_logged_in"):
        st.title(t("common.app_title"))
        st.write(t("settings.access.sign_in_intro"))
        for key in config.problems:
            st.error(t(key))
        for provider in config.providers:
            label = PROVIDER_NAMES.get(provider, provider.title())
            text = t("settings.access.sign_in_with", provider=label) if label else None
            if st.button(
                text or t("settings.access.sign_in"), key=f"cx_login_{provider or 'default'}"
            ):
                st.login(provider or None)
        return False
    email = str(user.get("email") or "")
    # the role on each company of the installation; a company without one is not shown
    roles = {
        c.code: role
        for c in list_companies(installation())
        if (role := auth.role_for(config, email, c.code)) is not None
    }
    if not roles:
        st.error(t("settings.access.not_allowed", email=escape_markdown(email)))
        if st.button(t("settings.access.sign_out"), key="cx_logout_refused"):
            st.logout()
        return False
    st.session_state["auth_roles"] = roles
    _grant(roles.get(company(), next(iter(roles.values()))), email)
    _sidebar_sign_out()
    return True


def _sidebar_sign_out() -> None:
    role_names = {r: t(f"settings.access.role_{r}") for r in auth.ROLES}
    role = current_role() or "viewer"
    st.sidebar.text(t("settings.access.signed_in_as", user=current_user(), role=role_names[role]))
    if st.sidebar.button(t("settings.access.sign_out"), key="cx_logout"):
        if st.session_state.get("auth_mode") == "password":
            st.session_state["auth_password_ok"] = False
            st.session_state["auth_role"] = None
            st.rerun()
        else:
            st.logout()
