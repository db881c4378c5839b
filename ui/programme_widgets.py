"""Streamlit helpers shared by the CX-programme pages (governance, plan, engagement,
business case): safe text, messages and the cached business-case inputs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cx_sme import kpis, roi
from cx_sme.errors import CxError
from cx_sme.i18n import get_language
from ui import dashboard

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


def lang_key(name: str) -> str:
    """A widget key that includes the language. A widget whose labels are translated must
    be a new widget after a language switch, or the browser keeps showing the old labels."""
    return f"{name}_{get_language()}"


def refusal(err: CxError) -> None:
    """Show a refusal; its message may quote what the user typed, so it is escaped."""
    st.error(plain(err.message()), icon=":material/block:")


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False)
def roi_base(path: str, version: int) -> roi.BaseFigures | None:
    """The 12-month inputs of the business case, once per data version (None: no sales).

    Built on the dashboards' cached data sets, so the data is read once for both."""
    data = dashboard.frames(path, version)
    try:
        return roi.base_figures(data.sales, data.complaints)
    except CxError:
        return None


def monthly_kpis(path: str, version: int, sla_days: int) -> kpis.KpiSet:
    """The KPI engine's monthly tables, from the dashboards' cache."""
    return dashboard.kpi_set(path, version, "month", sla_days)


def month_surveys(path: str, version: int) -> pd.DataFrame:
    """The stored survey answers (for the newsletter's customer comment)."""
    return dashboard.frames(path, version).surveys
