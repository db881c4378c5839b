"""Start with my own data: the confirmed step that takes the sample company out."""

from __future__ import annotations

import streamlit as st

from cx_sme.admin import access
from cx_sme.core.errors import CxError
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.sample.removal import SampleFootprint, footprint, remove_sample
from ui.frame import access_gate as auth_ui
from ui.frame.session import connection
from ui.frame.widgets import refusal

_PENDING = "_own_data_pending"
# The message the Import page shows once, after the sample went.
REMOVED = "own_data_removed"


def sample_footprint() -> SampleFootprint:
    return footprint(connection())


def _confirm(found: SampleFootprint, where: str) -> None:
    st.warning(
        t(
            "sample.switch.confirm",
            imports=number(len(found.imports)),
            rows=number(found.rows),
            followups=number(found.followups),
            scores=number(found.scores),
        ),
        icon=":material/warning:",
    )
    st.caption(t("sample.switch.keeps"))
    yes, no = st.columns(2)
    if yes.button(t("sample.switch.confirm_button"), type="primary", key=f"own_data_yes_{where}"):
        try:
            removed = remove_sample(connection())
        except CxError as err:
            refusal(err)
            return
        st.session_state.pop(_PENDING, None)
        st.session_state[REMOVED] = t(
            "sample.switch.done", imports=number(len(removed.imports)), rows=number(removed.rows)
        )
        st.switch_page("app_pages/import_data.py")
    if no.button(t("sample.switch.cancel"), key=f"own_data_no_{where}"):
        st.session_state.pop(_PENDING, None)
        st.rerun()


def offer(found: SampleFootprint, where: str) -> None:
    """The button, then its confirmation naming what goes and what stays."""
    if not found.present or not access.can(auth_ui.current_role(), "edit"):
        return
    if st.session_state.get(_PENDING) == where:
        _confirm(found, where)
        return
    if st.button(t("sample.switch.button"), key=f"own_data_{where}", icon=":material/restart_alt:"):
        st.session_state[_PENDING] = where
        st.rerun()


def banner(where: str) -> None:
    """A line saying the figures are the sample's, with the way out (Import page)."""
    found = sample_footprint()
    if not found.present:
        return
    with st.container(border=True):
        st.markdown(t("sample.switch.banner"))
        offer(found, where)
