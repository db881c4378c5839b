"""Import the month's files: drop them (or a .zip of them), check what each one is and
what it would change, decide on the changed months, import them all at once."""

import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.ingest import importer
from ui.frame import access_gate as auth_ui
from ui.frame.session import connection
from ui.frame.widgets import refusal
from ui.ingest import batch, sample_switch
from ui.ingest import single_file as single
from ui.ingest import widgets as import_widgets

st.title(t("common.page.import"))
st.caption(t("import.page.intro"))
if not auth_ui.require("edit"):
    st.stop()

removed = st.session_state.pop(sample_switch.REMOVED, None)
if removed:
    st.success(removed, icon=":material/check_circle:")
sample_switch.banner("import")

done = st.session_state.pop("import_done", None)
if done:
    st.success(escape_markdown(done), icon=":material/check_circle:")
    st.page_link("app_pages/import_history.py", label=t("import.page.go_history"))

files = import_widgets.uploader()
if not files:
    import_widgets.expected_columns()
    st.stop()

conn = connection()
try:
    uploads = batch.unpack_all(files)
except CxError as err:
    refusal(err)
    st.stop()

valid_only: set[int] = set()
if len(uploads) == 1:
    name, data = uploads[0]
    plan = single.prepare_one(conn, name, data, importer.sha256_of(data))
    if plan is None:
        st.stop()
    plans = [plan]
    broken = plan.prepared.einvoice.facts.broken if plan.prepared.einvoice else ()
    if plan.prepared.invalid_rows or broken:
        valid_only = {0}
    waiting = False
else:
    st.subheader(t("import.batch.files_title"))
    plans, waiting = batch.prepare_many(conn, uploads)
    if not plans:
        st.stop()

st.subheader(t("import.batch.plan_title"))
batch.summary(plans)
replace, confirmed, unconfirmed = batch.decisions(plans)
if waiting:
    st.warning(t("import.batch.waiting"), icon=":material/pending:")
batch.import_button(conn, plans, replace, confirmed, valid_only, waiting or unconfirmed)
