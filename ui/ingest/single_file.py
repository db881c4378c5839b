"""The Import page for one file: what it is, how its columns are read, its rows and
errors, before the plan. Widgets and layout only; the work is in ``cx_sme.ingest``."""

from __future__ import annotations

from typing import Any

import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.ingest import importer, month_plan
from cx_sme.ingest.month_plan import FilePlan
from cx_sme.ingest.recognition import recognise
from ui.frame.widgets import refusal
from ui.ingest import batch, einvoice_block
from ui.ingest import widgets as import_widgets


def prepare_one(conn: Any, name: str, data: bytes, sha: str) -> FilePlan | None:
    """The file's data set, sheet, mapping, readings, preview and errors; its plan, or
    None while something must be answered first (the page stops there)."""
    try:
        table = import_widgets.read_table(
            data, name, sha, st.session_state.get(f"import_sheet_{sha}")
        )
        sheet = import_widgets.sheet_choice(table, sha)
        if sheet != table.detected.sheet:
            table = import_widgets.read_table(data, name, sha, sheet)
    except CxError as err:
        refusal(err)
        return None
    recognition = recognise(conn, table.frame)
    dataset = batch.dataset_choice(sha, recognition)
    if dataset is None:
        import_widgets.expected_columns()
        return None
    try:
        first = import_widgets.prepare(conn, dataset, name, data, table, sha)
    except CxError as err:
        refusal(err)
        return None
    if first.einvoice is not None:  # e-invoices: their columns are known, nothing to map
        if not einvoice_block.show(conn, first):
            return None
        if first.valid_rows:
            _rows_and_errors(first, name)
        return month_plan.plan_file(conn, first, recognition)
    chosen, options = import_widgets.mapping_editor(dataset, table, first)
    try:
        prepared = (
            first
            if chosen == first.mapping and options == first.options
            else import_widgets.prepare(conn, dataset, name, data, table, sha, chosen, options)
        )
        answered = import_widgets.reading_question(prepared, sha)
        if answered is None:
            return None
        if answered != prepared.options:
            prepared = import_widgets.prepare(
                conn, dataset, name, data, table, sha, prepared.mapping, answered
            )
    except CxError as err:
        refusal(err)
        return None
    import_widgets.detected_facts(prepared)
    if prepared.missing:
        names = ", ".join(t(f"import.column.{m}") for m in prepared.missing)
        st.warning(escape_markdown(t("import.page.map_missing", columns=names)),
                   icon=":material/edit:")  # fmt: skip
        return None
    _rows_and_errors(prepared, name)
    if not prepared.valid_rows:
        return None
    return month_plan.plan_file(conn, prepared, recognition)


def _rows_and_errors(prepared: importer.Prepared, name: str) -> None:
    summary = st.container(horizontal=True)
    summary.metric(t("import.page.rows_read"), number(prepared.table.frame.shape[0]), border=True)
    summary.metric(t("import.page.rows_valid"), number(prepared.valid_rows), border=True)
    summary.metric(t("import.page.rows_bad"), number(prepared.invalid_rows), border=True)
    summary.metric(
        t("import.page.period_label"),
        import_widgets.period_text(prepared.period_from, prepared.period_to),
        border=True,
    )
    import_widgets.preview(prepared)
    if not prepared.invalid_rows:
        return
    st.subheader(t("import.page.errors_title"))
    total = prepared.validation.rows if prepared.validation else 0
    st.error(
        t("import.page.errors_intro", bad=number(prepared.invalid_rows), total=number(total)),
        icon=":material/error:",
    )
    import_widgets.errors_table(prepared)
    st.download_button(
        t("import.page.download_rejected"),
        data=prepared.rejected_csv,
        file_name=t("import.page.rejected_file", name=name.rsplit(".", 1)[0]),
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="import_download_rejected",
    )
    if prepared.valid_rows:
        st.caption(t("import.batch.valid_only_note", rows=number(prepared.valid_rows)))
