"""The frame's shared widgets, run in a real Streamlit script (AppTest.from_function)."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

PROJECT = Path(__file__).resolve().parents[2]


def _refusal_script() -> None:
    from cx_sme.core.errors import InputRefused
    from ui.frame.widgets import refusal

    refusal(InputRefused("settings.privacy.not_found", customer="**C04** <b>x</b> [a](b)"))


def test_a_refusal_shows_what_the_user_typed_literally() -> None:
    at = AppTest.from_function(_refusal_script).run()
    (error,) = at.error
    # every markup character is escaped: Markdown shows the code exactly as typed
    assert r"\*\*C04\*\*" in error.value
    assert r"\<b\>x\</b\>" in error.value.replace(r"\/", "/")
    assert r"\[a\]\(b\)" in error.value


def _apply_script() -> None:
    import streamlit as st

    from cx_sme.core.errors import InputRefused
    from ui.frame.widgets import apply_or_refuse

    def store(value: str) -> str:
        if value == "bad":
            raise InputRefused("settings.privacy.not_found", customer=value)
        st.session_state.setdefault("stored", []).append(value)
        return value.upper()

    value = st.text_input("valore", key="value")
    if st.button("salva"):
        apply_or_refuse(store, value, on_done=lambda result: st.session_state.update(done=result))
    st.write(f"stored={st.session_state.get('stored', [])} done={st.session_state.get('done')}")


def test_apply_or_refuse_stores_then_reruns_or_shows_the_refusal() -> None:
    at = AppTest.from_function(_apply_script).run()
    at.text_input(key="value").input("ok")
    at.button[0].click().run()
    assert not at.error
    assert at.session_state["stored"] == ["ok"] and at.session_state["done"] == "OK"
    # the page reran after the change: the text written last shows the stored state
    assert "stored=['ok'] done=OK" in at.markdown[-1].value
    at.text_input(key="value").input("bad")
    at.button[0].click().run()
    assert len(at.error) == 1 and "bad" in at.error[0].value
    assert at.session_state["stored"] == ["ok"]  # nothing stored on refusal


def _date_script() -> None:
    import streamlit as st

    from cx_sme.core.i18n import set_language
    from ui.frame.widgets import date_field, date_format

    set_language(st.session_state.get("lang", "it"))
    date_field("giorno", key="day")
    st.write(date_format(), date_format(with_time=True))


def test_date_widgets_follow_the_language() -> None:
    at = AppTest.from_function(_date_script)
    at.session_state["lang"] = "it"
    at.run()
    assert at.date_input(key="day").proto.format == "DD/MM/YYYY"
    assert "DD/MM/YYYY HH:mm" in at.markdown[0].value
    at.session_state["lang"] = "en"
    at.run()
    assert at.date_input(key="day").proto.format == "YYYY-MM-DD"


def test_no_page_shows_a_raw_refusal() -> None:
    """Refusals may quote what the user typed: shown through ui.frame.widgets.refusal
    (escaped), never passed raw to st.error / st.warning / st.info / st.success."""
    raw = re.compile(r"st\.(error|warning|info|success|toast)\(\s*err\.message\(\)")
    offenders = [
        str(path.relative_to(PROJECT))
        for folder in ("app_pages", "ui")
        for path in (PROJECT / folder).rglob("*.py")
        if raw.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
