"""The shared sidebar: language and the period selector used by every dashboard.

Each choice lives in a plain session key (``lang``, ``granularity``, ``period_range``).
The widgets showing them have their own keys, suffixed with the language when their
labels are translated, and copy into the plain keys on change: Streamlit may drop a
widget's state when the user moves to another page, and a keyed widget whose option labels
change keeps showing the old ones.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from cx_sme.core.formatting import period_label
from cx_sme.core.i18n import LANGUAGE_NAMES, LANGUAGES, set_language, t
from cx_sme.core.markup import escape_markdown
from cx_sme.core.periods import GRANULARITIES, default_range, period_keys_between
from ui.frame.session import company, connection, sales_span, visible_companies
from ui.frame.widgets import lang_key


def _copy(widget_key: str, state_key: str) -> None:
    value = st.session_state[widget_key]
    st.session_state[state_key] = tuple(value) if isinstance(value, list) else value


def _bind(widget_key: str, state_key: str) -> dict[str, Any]:
    """Keyword arguments for a widget ``widget_key`` that copies its changes into
    ``state_key`` (the widget starts from that key's value, passed by the caller)."""
    return {"key": widget_key, "on_change": _copy, "args": (widget_key, state_key)}


def _apply_language() -> None:
    _copy("_lang_widget", "lang")
    set_language(st.session_state["lang"])
    st.query_params["lang"] = st.session_state["lang"]


def language_selector() -> None:
    """The language choice; it is also kept in the address (``?lang=en``) so a reload or a
    bookmark keeps it."""
    st.sidebar.selectbox(
        t("common.language"),
        LANGUAGES,
        index=LANGUAGES.index(st.session_state["lang"]),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="_lang_widget",
        on_change=_apply_language,
    )


def _switch_company() -> None:
    st.session_state["company"] = st.session_state["_company_widget"]
    # the period range and the import screens belong to the company left
    for key in ("period_range", "period_range_last", "import_prepared", "import_recognised"):
        st.session_state.pop(key, None)


def company_selector() -> None:
    """The company to work on, for installations with more than one; nothing otherwise."""
    found = visible_companies()
    if len(found) < 2:
        return
    names = {c.code: c.name for c in found}
    codes = list(names)
    current = company()
    st.sidebar.selectbox(
        t("tenancy.sidebar.company"),
        codes,
        index=codes.index(current) if current in codes else 0,
        format_func=names.__getitem__,
        key="_company_widget",
        on_change=_switch_company,
    )


def company_badge() -> None:
    """Above every page, with more than one company: whose data this is (a consultant
    switching between clients must never wonder)."""
    found = visible_companies()
    if len(found) < 2:
        return
    current = company()
    name = next((c.name for c in found if c.code == current), current)
    st.caption(t("tenancy.badge", name=escape_markdown(name)))


def _follow_new_data(
    current: tuple[str, str] | None, keys: list[str], state_key: str
) -> tuple[str, str] | None:
    """A range that ended at the last period with data moves with it when newer data
    arrive (this session's import or another's, seen at the next rerun), keeping its
    length; a range the user ended earlier stays where it is."""
    last_key = f"{state_key}_last"
    seen = st.session_state.get(last_key)
    st.session_state[last_key] = keys[-1]
    if not current or seen is None or seen == keys[-1] or current[1] != seen:
        return current
    if seen not in keys or current[0] not in keys:
        return current
    shift = keys.index(keys[-1]) - keys.index(seen)
    start = keys[min(len(keys) - 1, keys.index(current[0]) + shift)]
    moved = (start, keys[-1])
    st.session_state[state_key] = moved
    st.session_state.pop(lang_key(f"_{state_key}_widget"), None)
    return moved


def period_selector() -> None:
    """Granularity and range, stored in session state as ``granularity`` and
    ``period_range`` (a pair of period keys, or None when there are no sales)."""
    # Labels are bound now, not looked up later: AppTest calls format_func from its own
    # thread, whose language may differ from this session's.
    labels = {g: t(f"common.period.{g}") for g in GRANULARITIES}
    st.sidebar.radio(
        t("common.period.granularity"),
        GRANULARITIES,
        index=GRANULARITIES.index(st.session_state["granularity"]),
        format_func=labels.__getitem__,
        horizontal=True,
        **_bind(lang_key("_granularity_widget"), "granularity"),
    )
    granularity = st.session_state["granularity"]
    span = sales_span(connection())
    if span is None:
        st.session_state["period_range"] = None
        st.sidebar.caption(t("common.period.none"))
        return
    keys = period_keys_between(span[0], span[1], granularity)
    state_key = f"period_range_{granularity}"
    current = _follow_new_data(st.session_state.get(state_key), keys, state_key)
    if not current or current[0] not in keys or current[1] not in keys:
        st.session_state[state_key] = default_range(keys)
        # New data changed the periods: the widget starts again from the default range.
        st.session_state.pop(lang_key(f"_{state_key}_widget"), None)
    if len(keys) > 1:
        names = {k: period_label(k) for k in keys}
        st.sidebar.select_slider(
            t("common.period.range"),
            options=keys,
            value=st.session_state[state_key],
            format_func=names.__getitem__,
            **_bind(lang_key(f"_{state_key}_widget"), state_key),
        )
    st.session_state["period_range"] = tuple(st.session_state[state_key])
