"""Streamlit helpers shared by the CX-programme pages (governance, plan, engagement,
business case): safe text, messages and the cached business-case inputs."""

from __future__ import annotations

import streamlit as st

from cx_sme import db, roi
from cx_sme.errors import CxError

_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:&=\"'")


def plain(text: str) -> str:
    """``text`` with every Markdown character backslash-escaped, so that user text inside
    a message Streamlit formats (``st.error``, ``st.info``, ...) shows exactly as typed."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(text))


SEVERITY_BOX = {"error": st.error, "warning": st.warning, "info": st.info}
SEVERITY_ICON = {
    "error": ":material/error:",
    "warning": ":material/warning:",
    "info": ":material/info:",
}


def refusal(err: CxError) -> None:
    """Show a refusal; its message may quote what the user typed, so it is escaped."""
    st.error(plain(err.message()), icon=":material/block:")


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False)
def roi_base(path: str, version: int) -> roi.BaseFigures | None:
    """The 12-month inputs of the business case, once per data version (None: no sales)."""
    conn = db.open_connection(path)
    try:
        return roi.load_base(conn)
    except CxError:
        return None
    finally:
        conn.close()


@st.cache_data(max_entries=4, ttl="1h", show_spinner=False)
def monthly_kpis(path: str, version: int, sla_days: int):  # type: ignore[no-untyped-def]
    """The KPI engine's monthly tables (sales, complaints, surveys, links), once per data
    version."""
    from cx_sme import kpis
    from cx_sme.datasets import load_frames

    conn = db.open_connection(path)
    try:
        frames = load_frames(conn)
    finally:
        conn.close()
    return kpis.compute(frames, "month", sla_days=sla_days)


@st.cache_data(max_entries=4, ttl="1h", show_spinner=False)
def month_surveys(path: str, version: int):  # type: ignore[no-untyped-def]
    """The stored survey answers (for the newsletter's customer comment)."""
    from cx_sme.datasets import load_surveys

    conn = db.open_connection(path)
    try:
        return load_surveys(conn)
    finally:
        conn.close()
