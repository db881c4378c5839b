"""CX per PMI: page config, shared sidebar and navigation. No logic lives here."""

import streamlit as st

from cx_sme.core.i18n import t
from ui.frame import access_gate as auth_ui
from ui.frame import media_sweep, page_style, session, sidebar

st.set_page_config(page_title="CX per PMI", page_icon=":material/handshake:", layout="wide")
session.init()
page_style.inject()
media_sweep.start()
if not session.reachable():  # a database that does not answer: said, and nothing else
    st.stop()
# The gate draws the sign-in form when this session may not see the app yet.
allowed = auth_ui.gate()
empty = not session.has_data()


def page(path: str, key: str, icon: str, *, default: bool = False) -> st.Page:
    return st.Page(path, title=t(f"common.page.{key}"), icon=icon, default=default)


pages = {
    t("common.nav.start"): [
        welcome := page("app_pages/welcome.py", "welcome", ":material/waving_hand:", default=True),
    ],
    t("common.nav.data"): [
        page("app_pages/import_data.py", "import", ":material/upload_file:"),
        page("app_pages/import_history.py", "history", ":material/history:"),
    ],
    t("common.nav.dashboards"): [
        overview := page("app_pages/overview.py", "overview", ":material/dashboard:"),
        page("app_pages/sales.py", "sales", ":material/shopping_cart:"),
        page("app_pages/complaints.py", "complaints", ":material/report:"),
        page("app_pages/voice.py", "voice", ":material/forum:"),
        page("app_pages/links.py", "links", ":material/link:"),
    ],
    t("common.nav.team"): [
        page("app_pages/touchpoints.py", "touchpoints", ":material/route:"),
        page("app_pages/actions.py", "actions", ":material/task_alt:"),
        page("app_pages/meeting.py", "meeting", ":material/co_present:"),
    ],
    t("common.nav.programme"): [
        page("app_pages/governance.py", "governance", ":material/groups:"),
        page("app_pages/plan.py", "plan", ":material/checklist:"),
        page("app_pages/engagement.py", "engagement", ":material/campaign:"),
        page("app_pages/business_case.py", "business_case", ":material/trending_up:"),
    ],
    t("common.nav.admin"): [
        page("app_pages/reports.py", "reports", ":material/summarize:"),
        page("app_pages/settings.py", "settings", ":material/settings:"),
    ],
}

if allowed:
    sidebar.language_selector()
    sidebar.company_selector()
# Navigation is declared even behind the gate, so the page asked for by its address is
# the one shown after signing in.
current = st.navigation(pages, expanded=True, position="sidebar" if allowed else "hidden")
if not allowed:
    st.stop()
# A session opened at the root lands on the overview once there is data (the overview keeps
# its own address, /overview, so a bookmark of it always works).
if current.url_path == welcome.url_path and not empty and "_landed" not in st.session_state:
    st.session_state["_landed"] = True
    st.switch_page(overview)
st.session_state["_landed"] = True
sidebar.period_selector()
sidebar.company_badge()
current.run()
