"""The shared sidebar: language and the period selector used by every dashboard."""

from __future__ import annotations

import streamlit as st

from cx_sme.i18n import LANGUAGE_NAMES, LANGUAGES, set_language, t
from cx_sme.periods import GRANULARITIES, period_keys_between
from ui.session import connection


def _apply_language() -> None:
    st.session_state["lang"] = st.session_state["_lang_widget"]
    set_language(st.session_state["lang"])


def language_selector() -> None:
    """The language choice. It lives in ``lang``, a plain session key; the widget has its
    own key and copies into it, because Streamlit may drop a widget's state when the
    user moves to another page."""
    st.session_state["_lang_widget"] = st.session_state["lang"]
    st.sidebar.selectbox(
        t("common.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key="_lang_widget",
        on_change=_apply_language,
    )


def period_selector() -> None:
    """Granularity and range, stored in session state as ``granularity`` and
    ``period_range`` (a pair of period keys, or None when there are no sales)."""
    from cx_sme.formatting import period_label

    # Labels are bound now, not looked up later: AppTest calls format_func from its own
    # thread, whose language may differ from this session's.
    labels = {g: t(f"common.period.{g}") for g in GRANULARITIES}
    st.sidebar.radio(
        t("common.period.granularity"),
        GRANULARITIES,
        format_func=labels.__getitem__,
        key="granularity",
        horizontal=True,
    )
    row = connection().execute("SELECT min(date), max(date) FROM sales").fetchone()
    if not row or row[0] is None:
        st.session_state["period_range"] = None
        st.sidebar.caption(t("common.period.none"))
        return
    keys = period_keys_between(row[0], row[1], st.session_state["granularity"])
    state_key = f"period_range_{st.session_state['granularity']}"
    current = st.session_state.get(state_key)
    if not current or current[0] not in keys or current[1] not in keys:
        st.session_state[state_key] = (keys[max(0, len(keys) - 12)], keys[-1])
    if len(keys) > 1:
        st.sidebar.select_slider(
            t("common.period.range"), options=keys, key=state_key, format_func=period_label
        )
    st.session_state["period_range"] = tuple(st.session_state[state_key])
