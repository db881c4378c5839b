"""Import a file: choose the data set, upload, check what was found, confirm, import."""

import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.ingest import importer
from ui.frame import access_gate as auth_ui
from ui.frame.session import connection
from ui.frame.widgets import refusal
from ui.ingest import widgets as import_widgets

st.title(t("common.page.import"))
st.caption(t("import.page.intro"))
if not auth_ui.require("edit"):
    st.stop()

done = st.session_state.pop("import_done", None)
if done:
    st.success(escape_markdown(done), icon=":material/check_circle:")
    st.page_link("app_pages/import_history.py", label=t("import.page.go_history"))

dataset = import_widgets.dataset_choice()
upload = import_widgets.uploader()
if upload is None:
    import_widgets.expected_columns(dataset)
    st.stop()

conn = connection()
data = upload.getvalue()
sha = importer.sha256_of(data)
try:
    table = import_widgets.read_table(
        data, upload.name, sha, st.session_state.get(f"import_sheet_{sha}")
    )
    sheet = import_widgets.sheet_choice(table, sha)
    if sheet != table.detected.sheet:
        table = import_widgets.read_table(data, upload.name, sha, sheet)
    first = import_widgets.prepare(conn, dataset, upload.name, data, table, sha)
except CxError as err:
    refusal(err)
    st.stop()

chosen, options = import_widgets.mapping_editor(dataset, table, first)
try:
    prepared = (
        first
        if chosen == first.mapping and options == first.options
        else import_widgets.prepare(conn, dataset, upload.name, data, table, sha, chosen, options)
    )
    answered = import_widgets.reading_question(prepared, sha)
    if answered is None:
        st.stop()
    if answered != prepared.options:
        prepared = import_widgets.prepare(
            conn, dataset, upload.name, data, table, sha, prepared.mapping, answered
        )
except CxError as err:
    refusal(err)
    st.stop()

import_widgets.detected_facts(prepared)

if prepared.missing:
    names = ", ".join(t(f"import.column.{m}") for m in prepared.missing)
    st.warning(escape_markdown(t("import.page.map_missing", columns=names)), icon=":material/edit:")
    st.stop()

if prepared.duplicate is not None:
    dup = prepared.duplicate
    st.error(
        escape_markdown(
            t(
                "import.error.already_imported",
                file=upload.name,
                id=dup.id,
                when=dup.imported_at_label,
            )
        ),
        icon=":material/content_copy:",
    )
    st.page_link("app_pages/import_history.py", label=t("import.page.go_history"))
    st.stop()

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

if prepared.invalid_rows:
    st.subheader(t("import.page.errors_title"))
    st.error(
        t(
            "import.page.errors_intro",
            bad=number(prepared.invalid_rows),
            total=number(prepared.validation.rows if prepared.validation else 0),
        ),
        icon=":material/error:",
    )
    import_widgets.errors_table(prepared)
    st.download_button(
        t("import.page.download_rejected"),
        data=prepared.rejected_csv,
        file_name=t("import.page.rejected_file", name=upload.name.rsplit(".", 1)[0]),
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="import_download_rejected",
    )

replace = False
if prepared.overlap:
    holders = import_widgets.holders_text(prepared.overlap_imports)
    st.warning(
        escape_markdown(
            t(
                "import.page.overlap",
                months=import_widgets.months_text(prepared.overlap),
                imports=holders,
            )
        ),
        icon=":material/warning:",
    )
    replace = st.checkbox(
        t("import.page.replace_confirm", months=import_widgets.months_text(prepared.overlap)),
        key=f"import_replace_{sha}",
    )

valid_only = prepared.invalid_rows > 0
if not prepared.valid_rows:
    st.stop()
label = (
    t("import.page.import_valid_only", rows=number(prepared.valid_rows))
    if valid_only
    else t("import.page.import_all", rows=number(prepared.valid_rows))
)
blocked = bool(prepared.overlap) and not replace
if blocked:
    st.caption(t("import.page.confirm_first"))
if st.button(
    label,
    type="secondary" if valid_only else "primary",
    disabled=blocked,
    key="import_go",
    icon=":material/upload:",
):
    bar = st.progress(0.0, text=t("import.progress.converting"))
    try:
        result = importer.commit(
            conn,
            prepared,
            replace=replace,
            valid_only=valid_only,
            progress=lambda fraction, text: bar.progress(min(1.0, fraction), text=text),
        )
    except CxError as err:
        bar.empty()
        refusal(err)
    else:
        message = t(
            "import.page.done",
            rows=number(result.rows),
            file=upload.name,
            id=result.import_id,
            rejected=number(result.rejected),
        )
        if result.replaced_months:
            message += " " + t(
                "import.page.done_replaced",
                months=import_widgets.months_text(result.replaced_months),
            )
        st.session_state["import_done"] = message
        import_widgets.reset_upload()
        st.rerun()
