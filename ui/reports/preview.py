"""The month's report for the Reports page, gathered once per state of the store.

Gathering reads the whole data set and computes the month's KPIs (about half a second
on the sample company); the page reruns on every click, so the report is cached by
everything it reads: the data version, and a stamp of the settings, follow-ups, names,
actions and scores (:func:`cx_sme.reports.data.inputs_stamp`), plus month and language.
"""

from __future__ import annotations

import sqlite3

import pandas as pd
import streamlit as st

from cx_sme.core import db
from cx_sme.core.i18n import set_language, t
from cx_sme.kpi.catalog import format_value, label
from cx_sme.reports import data as report_data
from ui.dashboards.view import CACHE_TTL

# Background and text of the outcome cell: a colour any screen shows (coloured emoji
# need an emoji font, missing on many office machines), and the word says it too.
_LIGHTS = {
    "green": "background-color: #d8f0dc; color: #14532d",
    "amber": "background-color: #fff1c2; color: #713f12",
    "red": "background-color: #fde2df; color: #7f1d1d",
}


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def month_report(
    path: str, version: int, stamp: str, month: str, language: str
) -> report_data.MonthlyReport:
    set_language(language)
    conn = db.open_connection(path)
    try:
        return report_data.gather(conn, month)
    finally:
        conn.close()


def gather(
    conn: sqlite3.Connection, path: str, month: str, language: str
) -> report_data.MonthlyReport:
    return month_report(
        path, db.data_version(conn), report_data.inputs_stamp(conn), month, language
    )


def headline_table(report: report_data.MonthlyReport) -> None:
    """The month's headline KPIs with previous month, target and a coloured outcome."""
    words = {k: t(f"reports.light.{k}") for k in _LIGHTS}
    rows = [
        {
            t("reports.col.kpi"): label(key, sla_days=report.sla_days),
            t("reports.page.col_value"): format_value(key, line.value),
            t("reports.page.col_previous"): format_value(key, line.previous),
            t("reports.page.col_target"): format_value(key, line.target),
            t("reports.col.outcome"): words.get(line.light or "", ""),
        }
        for key, line in ((k, report.lines[k]) for k in report_data.HEADLINE if k in report.lines)
    ]
    frame = pd.DataFrame(rows)
    lights = [report.lines[k].light for k in report_data.HEADLINE if k in report.lines]
    outcome = t("reports.col.outcome")
    styled = frame.style.apply(
        lambda column: (
            [_LIGHTS.get(light or "", "") for light in lights]
            if column.name == outcome
            else [""] * len(column)
        ),
        axis=0,
    )
    st.dataframe(styled, hide_index=True, width="stretch")
