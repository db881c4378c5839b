"""Small Streamlit-side helpers every page family uses."""

from __future__ import annotations

import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.i18n import get_language
from cx_sme.core.markup import escape_markdown as plain


def lang_key(name: str) -> str:
    """A widget key that changes with the language, for widgets whose labels are
    translated: a keyed widget keeps showing its old labels after a language switch."""
    return f"{name}_{get_language()}"


def refusal(err: CxError) -> None:
    """A refusal in a red box; it may quote what the user typed, so it is escaped."""
    st.error(plain(err.message()), icon=":material/block:")
