"""Reports: choose a month, download the Excel workbook and the one-page PDF."""

from __future__ import annotations

import shlex

import streamlit as st

from cx_sme.admin import privacy
from cx_sme.core.errors import CxError
from cx_sme.core.formatting import month_label
from cx_sme.core.i18n import get_language, t
from cx_sme.reports import data as report_data
from cx_sme.reports import monthly
from ui.frame import session
from ui.frame.widgets import refusal
from ui.reports import preview as report_preview

conn = session.connection()
st.title(t("common.page.reports"))
st.write(t("reports.page.intro"))

months = report_data.available_months(conn)
if not months:
    st.info(t("common.no_data"), icon=":material/info:")
    st.page_link(
        "app_pages/import_data.py", label=t("common.page.import"), icon=":material/upload_file:"
    )
    st.stop()

labels = {m: month_label(m) for m in months}
month = st.selectbox(
    t("reports.page.month"), months, format_func=labels.__getitem__, key="reports_month"
)

path, language = session.db_path(), get_language()
try:
    report = report_preview.gather(conn, path, month, language)
except CxError as err:
    refusal(err)
    st.stop()

left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader(t("reports.page.xlsx_title"), anchor=False)
    st.caption(t("reports.page.xlsx_text"))
    st.download_button(
        t("reports.page.xlsx_button"),
        data=lambda: monthly.build_file(path, month, language, "xlsx"),
        file_name=report_data.file_name(month, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        on_click="ignore",
        type="primary",
        key="reports_xlsx",
    )
with right, st.container(border=True):
    st.subheader(t("reports.page.pdf_title"), anchor=False)
    st.caption(t("reports.page.pdf_text"))
    st.download_button(
        t("reports.page.pdf_button"),
        data=lambda: monthly.build_file(path, month, language, "pdf"),
        file_name=report_data.file_name(month, "pdf"),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        type="primary",
        key="reports_pdf",
    )

if report.warm_up:
    st.warning(t("reports.warm_up"), icon=":material/hourglass_top:")
if privacy.pseudonymise_exports(conn):
    st.caption(t("reports.page.pseudonymised"))
else:
    st.caption(t("reports.page.names_shown"))

st.subheader(t("reports.page.preview", month=labels[month]), anchor=False)
report_preview.headline_table(report)
st.caption(
    t(
        "reports.page.contents",
        complaints=len(report.complaints),
        answers=len(report.surveys),
        actions=len(report.open_actions()),
    )
)

with st.expander(t("reports.page.cli_title")):
    st.caption(t("reports.page.cli_text"))
    xlsx_name, pdf_name = report_data.file_name(month, "xlsx"), report_data.file_name(month, "pdf")
    st.code(
        f"python -m cx_sme --db {shlex.quote(path)} report --month {month} "
        f"--xlsx {xlsx_name} --pdf {pdf_name}",
        language="bash",
    )
