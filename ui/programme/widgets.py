"""Streamlit helpers shared by the CX-programme pages (governance, plan, engagement,
business case): safe text, messages and the cached business-case inputs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.kpi import engine as kpis
from cx_sme.programme import business_case
from ui.dashboards import view as dashboard
from ui.frame.widgets import escape_markdown as escape_markdown
from ui.frame.widgets import lang_key as lang_key
from ui.frame.widgets import refusal as refusal

SEVERITY_BOX = {"error": st.error, "warning": st.warning, "info": st.info}
SEVERITY_ICON = {
    "error": ":material/error:",
    "warning": ":material/warning:",
    "info": ":material/info:",
}


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False)
def roi_base(path: str, version: int) -> business_case.BaseFigures | None:
    """The 12-month inputs of the business case, once per data version (None: no sales).

    Built on the dashboards' cached data sets, so the data is read once for both."""
    data = dashboard.frames(path, version)
    try:
        return business_case.base_figures(data.sales, data.complaints)
    except CxError:
        return None


def monthly_kpis(path: str, version: int, sla_days: int) -> kpis.KpiSet:
    """The KPI engine's monthly tables, from the dashboards' cache."""
    return dashboard.kpi_set(path, version, "month", sla_days)


def month_surveys(path: str, version: int) -> pd.DataFrame:
    """The stored survey answers (for the newsletter's customer comment)."""
    return dashboard.frames(path, version).surveys
