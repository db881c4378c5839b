"""Settings › Access › People and roles: who may sign in, with which role on which company,
for whoever administers the whole installation. Entries of the configuration file are
listed beside those added here, and only the latter can be removed here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cx_sme.admin import access
from cx_sme.admin.access import ROLES
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.tenancy import people
from cx_sme.tenancy.companies import list_companies
from ui.frame import access_gate as auth_ui
from ui.frame.session import installation
from ui.frame.widgets import lang_key, refusal, table_height

ALL = ""  # the company picker's "all companies"
_FLASH = "person_changed"


def render() -> None:
    """Nothing for a company user: the companies section above already says who may."""
    if not auth_ui.installation_admin():
        return
    st.subheader(t("tenancy.people.title"))
    st.caption(t("tenancy.people.text"))
    try:
        config = auth_ui.access_config()
        from_file = people.file_people(auth_ui.configured_secrets())
    except auth_ui.SecretsUnreadable:
        config, from_file = None, []
    if config is None or config.mode != "oidc":
        st.info(t("tenancy.people.not_in_force"), icon=":material/info:")
    conn = installation()
    names = {c.code: c.name for c in list_companies(conn)}
    added = people.list_people(conn)
    _table(from_file + added, names)
    done = st.session_state.pop(_FLASH, None)
    if done:
        st.success(escape_markdown(done), icon=":material/check_circle:")
    _add_form(names)
    if added:
        _remove(added, names)


def _company_name(code: str | None, names: dict[str, str]) -> str:
    if code is None:
        return t("tenancy.people.all_companies")
    return names.get(code, code)


def _table(found: list[people.Person], names: dict[str, str]) -> None:
    if not found:
        st.caption(t("tenancy.people.none"))
        return
    sources = {
        people.SOURCE_APP: t("tenancy.people.source_app"),
        people.SOURCE_FILE: t("tenancy.people.source_file"),
    }
    table = pd.DataFrame(
        {
            t("tenancy.people.col_who"): [p.who for p in found],
            t("tenancy.people.col_company"): [_company_name(p.company, names) for p in found],
            t("tenancy.people.col_role"): [people.role_name(p.role) for p in found],
            t("tenancy.people.col_source"): [sources[p.source] for p in found],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=table_height(len(table)))


def _say(key: str, person: people.Person) -> None:
    st.session_state[_FLASH] = t(
        key, who=person.who, role=people.role_name(person.role), where=people.where(person.company)
    )


def _add_form(names: dict[str, str]) -> None:
    with st.form("settings_add_person", border=False):
        left, middle, right = st.columns([2, 2, 1])
        who = left.text_input(t("tenancy.people.who"), max_chars=people.MAX_LENGTH,
                              help=t("tenancy.people.who_help"))  # fmt: skip
        company = middle.selectbox(
            t("tenancy.people.company"),
            [ALL, *names],
            format_func=lambda code: _company_name(code or None, names),
        )
        role = right.selectbox(t("tenancy.people.role"), ROLES, format_func=people.role_name)
        if st.form_submit_button(t("tenancy.people.add"), icon=":material/person_add:"):
            try:
                person = people.add_person(
                    installation(), who, role, company or None, by=auth_ui.current_user()
                )
            except CxError as err:
                refusal(err)
            else:
                _say("tenancy.people.added", person)
                st.rerun()


def _signed_in() -> tuple[access.AccessConfig, str] | None:
    """With a company sign-in: the configuration without the app's people, and who is
    signed in (so that an administrator cannot take away their own administration)."""
    user = st.session_state.get("auth_user")
    try:
        config = auth_ui.file_config()
    except auth_ui.SecretsUnreadable:
        return None
    return (config, str(user)) if config.mode == "oidc" and user else None


def _remove(added: list[people.Person], names: dict[str, str]) -> None:
    st.caption(t("tenancy.people.remove_text"))
    # each entry by its address and company (unique), so a choice survives a change
    entries = {f"{p.who} {p.company or ALL}": p for p in added}
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    chosen = left.selectbox(
        t("tenancy.people.remove_pick"),
        list(entries),
        format_func=lambda key: t(
            "tenancy.people.entry",
            who=entries[key].who,
            company=_company_name(entries[key].company, names),
            role=people.role_name(entries[key].role),
        ),
        key=lang_key("settings_remove_person"),
    )
    sure = right.checkbox(t("tenancy.people.remove_confirm"), key=lang_key("settings_remove_sure"))
    if (
        st.button(
            t("tenancy.people.remove"),
            disabled=not sure,
            icon=":material/person_remove:",
            key="settings_remove_person_go",
        )
        and chosen in entries
    ):
        person = entries[chosen]
        try:
            gone = people.remove_person(
                installation(), person.who, person.company, signed_in=_signed_in()
            )
        except CxError as err:
            refusal(err)
        else:
            _say("tenancy.people.removed", gone)
            for key in ("settings_remove_person", "settings_remove_sure"):
                st.session_state.pop(lang_key(key), None)
            st.rerun()
