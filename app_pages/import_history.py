"""Import history: every file imported, and undo behind a confirmation."""

import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.formatting import number
from cx_sme.core.frames import sales_date_span
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.ingest import importer
from ui.frame import access_gate as auth_ui
from ui.frame.session import connection
from ui.frame.widgets import refusal
from ui.ingest import widgets as import_widgets

st.title(t("common.page.history"))
st.caption(t("import.history.intro"))

conn = connection()
message = st.session_state.pop("import_undo_done", None)
if message:
    st.success(escape_markdown(message), icon=":material/undo:")

infos = importer.list_imports(conn)
if not infos:
    st.info(t("import.history.empty"))
    st.page_link("app_pages/import_data.py", label=t("import.history.go_import"))
    st.stop()

st.dataframe(
    import_widgets.history_frame(infos),
    hide_index=True,
    width="stretch",
    column_config=import_widgets.history_config(),
)
st.caption(t("import.history.status_note"))
import_widgets.fingerprints(infos)

undoable = [i for i in infos if i.status != "undone"]
if not undoable or not auth_ui.require("edit"):
    st.stop()

st.subheader(t("import.history.undo_title"))
labels = {
    i.id: t(
        "import.history.choice",
        id=i.id,
        dataset=t(f"import.dataset.{i.dataset}"),
        file=i.file_name,
        when=i.imported_at_label,
    )
    for i in undoable
}
chosen = st.selectbox(
    t("import.history.undo_pick"),
    list(labels),
    format_func=labels.__getitem__,
    key="import_undo_pick",
)
info = next(i for i in undoable if i.id == chosen)
if st.button(t("import.history.undo_button"), key="import_undo_ask", icon=":material/undo:"):
    st.session_state["import_undo_confirm"] = info.id

if st.session_state.get("import_undo_confirm") == info.id:
    with st.container(border=True):
        st.warning(
            escape_markdown(
                t(
                    "import.history.undo_warning",
                    id=info.id,
                    file=info.file_name,
                    rows=number(info.stored),
                )
            ),
            icon=":material/warning:",
        )
        yes, no = st.columns(2)
        if yes.button(t("import.history.undo_confirm"), type="primary", key="import_undo_yes"):
            st.session_state.pop("import_undo_confirm", None)
            span_before = sales_date_span(conn)
            try:
                done = importer.undo_import(conn, info.id)
            except CxError as err:
                refusal(err)
            else:
                st.session_state["import_undo_done"] = " ".join(
                    [
                        t("import.history.undone", id=done.id, file=done.file_name),
                        *import_widgets.span_change(span_before, sales_date_span(conn)),
                    ]
                )
                st.rerun()
        if no.button(t("import.history.undo_cancel"), key="import_undo_no"):
            st.session_state.pop("import_undo_confirm", None)
            st.rerun()
