"""Small Streamlit-side helpers every page family uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.i18n import get_language
from cx_sme.core.markup import escape_markdown

T = TypeVar("T")


def lang_key(name: str) -> str:
    """A widget key that changes with the language, for widgets whose labels are
    translated: a keyed widget keeps showing its old labels after a language switch."""
    return f"{name}_{get_language()}"


ROW_PX = 35  # a dataframe row (and its header) in Streamlit's grid
MOST_ROWS = 25


def table_height(rows: int, most: int = MOST_ROWS) -> int | str:
    """A dataframe height that never shows a row cut in half: the whole table up to
    ``most`` rows ("content"), else exactly ``most`` whole rows under the header, the
    rest a scroll away.

    >>> table_height(12), table_height(40, most=10)
    ('content', 388)
    """
    if rows <= most:
        return "content"
    return ROW_PX * (most + 1) + 3


def date_format(*, with_time: bool = False) -> str:
    """The date format of date widgets and date columns in the current language:
    31/12/2025 in Italian, 2025-12-31 in English."""
    base = "DD/MM/YYYY" if get_language() == "it" else "YYYY-MM-DD"
    return f"{base} HH:mm" if with_time else base


def date_field(label: str, value: Any = "today", **kwargs: Any) -> Any:
    """``st.date_input`` in the current language's date format."""
    return st.date_input(label, value, format=date_format(), **kwargs)


def refusal(err: CxError) -> None:
    """A refusal in a red box; it may quote what the user typed, so it is escaped."""
    st.error(escape_markdown(err.message()), icon=":material/block:")


def apply_or_refuse(
    action: Callable[..., T],
    *args: Any,
    on_done: Callable[[T], None] | None = None,
    rerun: bool = True,
    **kwargs: Any,
) -> bool:
    """Run a change to the store; on refusal show it (escaped) and return False.

    On success ``on_done(result)`` runs (e.g. to clear a form's widgets or say "saved"),
    then the page reruns so that it shows the stored state (``rerun=False`` to stay).
    The one "catch the refusal, show it, rerun" block every form uses.
    """
    try:
        result = action(*args, **kwargs)
    except CxError as err:
        refusal(err)
        return False
    if on_done is not None:
        on_done(result)
    if rerun:
        st.rerun()
    return True
