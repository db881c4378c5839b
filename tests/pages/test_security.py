"""Security: Streamlit's configuration, the access gate, and user text that looks like
HTML or Markdown shown as plain text on every page."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit import config as st_config

from cx_sme.admin import access as auth
from cx_sme.core import db
from tests.report_store import fill_notes

PROJECT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
ALL_PAGES = sorted(p.name for p in (PROJECT / "app_pages").glob("*.py"))
assert len(ALL_PAGES) >= 17, ALL_PAGES

# Element types whose value Streamlit shows as plain text (never Markdown or HTML).
PLAIN_TYPES = {
    "text", "code", "dataframe", "table", "arrow_data_frame", "text_input", "text_area",
    "selectbox", "multiselect", "select_slider", "json", "radio_options",
}  # fmt: skip


# --- configuration ------------------------------------------------------------------------


def test_error_details_are_hidden() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_upload_limit_matches_the_safety_cap() -> None:
    # Streamlit refuses larger uploads before our own checks; both limits must agree so a
    # file the reader accepts (a 1M-line CSV is ~60 MB) can also be uploaded.
    from cx_sme.files.safety import MAX_UPLOAD_BYTES

    assert CONFIG["server"]["maxUploadSize"] == MAX_UPLOAD_BYTES // (1024 * 1024)


def test_usage_statistics_are_off() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_listens_on_this_computer_only_when_no_access_control_is_configured() -> None:
    assert CONFIG["server"]["address"] == "127.0.0.1"
    # the project ships no credentials, so the default mode is "open" ...
    assert not (PROJECT / ".streamlit" / "secrets.toml").exists()
    assert auth.load_config({}, {}).mode == "open"
    # ... and a secrets file someone adds is never committed
    ignored = (PROJECT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored


# --- the gate -----------------------------------------------------------------------------


@pytest.fixture
def network_address():
    """Run the app as if started with --server.address 0.0.0.0."""
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", before)


def test_open_app_reachable_from_the_network_shows_nothing(make_app, network_address) -> None:
    at = make_app()
    at.run()
    assert not at.exception
    assert any("raggiungibile da altri computer" in e.value for e in at.error)
    assert not at.title  # no page was drawn


def test_password_gate(make_app, app_env) -> None:
    at = make_app()
    at.secrets["access"] = {"password_hash": auth.hash_password("Una-password-lunga")}
    at.run()
    assert [t.value for t in at.title] == ["CX per PMI"]
    assert len(at.text_input) == 1 and at.text_input[0].proto.type == 1  # password field

    at.text_input[0].input("sbagliata")
    at.button[0].click().run()
    assert "Password sbagliata" in at.error[0].value

    at.text_input[0].input("Una-password-lunga")
    at.button[0].click().run()
    assert not at.error
    assert at.title[0].value != "CX per PMI"
    assert any("Connesso come" in t.value for t in at.sidebar.text)


def test_password_lockout_survives_a_new_session(make_app, app_env) -> None:
    hashed = auth.hash_password("Una-password-lunga")
    conn = db.connect(app_env)
    config = auth.load_config({}, {auth.PASSWORD_ENV: hashed})
    for _ in range(auth.MAX_FAILURES):
        auth.check_password(conn, config, "no")
    at = make_app()
    at.secrets["access"] = {"password_hash": hashed}
    at.run()
    assert "Troppe password sbagliate" in at.warning[0].value
    at.text_input[0].input("Una-password-lunga")
    at.button[0].click().run()
    assert "Troppe password sbagliate" in at.error[0].value
    assert at.title[0].value == "CX per PMI"


OIDC = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-secret-test-secret-test-secret",
        "google": {
            "client_id": "id",
            "client_secret": "secret",
            "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
        },
    },
    "access": {"admins": ["titolare@rossi.it"], "viewers": ["@rossi.it"]},
}


def signed_in(make_app, email: str, secrets: dict, **options):  # type: ignore[no-untyped-def]
    """An AppTest with ``secrets`` (a company sign-in and its lists) and ``email`` signed in."""
    at = make_app(**options)
    at.secrets.update(secrets)
    at.user = {"is_logged_in": True, "email": email}
    return at


def test_oidc_signed_out_sees_only_the_sign_in_button(make_app) -> None:
    at = make_app()
    at.secrets.update(OIDC)
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Entra con Google"]


def test_oidc_address_not_allowed(make_app) -> None:
    at = make_app()
    at.secrets.update(OIDC)
    at.user = {"is_logged_in": True, "email": "intruso@altra.it"}
    at.run()
    assert (
        "intruso@altra" in at.error[0].value and "non è tra quelli autorizzati" in at.error[0].value
    )


def test_oidc_viewer_cannot_use_the_admin_tabs(make_app) -> None:
    at = make_app()
    at.secrets.update(OIDC)
    at.user = {"is_logged_in": True, "email": "agente@rossi.it"}
    at.run()
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception
    assert sum("riservata agli amministratori" in i.value for i in at.info) == 3
    assert not at.get("download_button") and not at.file_uploader
    assert any("ruolo: Lettura" in t.value for t in at.text)


# --- user text is shown as text everywhere ------------------------------------------------


def _offending(at) -> list[str]:
    """Elements that would render the attack text as Markdown or HTML."""
    bad = []
    for node in at:
        proto = getattr(node, "proto", None)
        if proto is None or "onerror=alert(1)" not in str(proto):
            continue
        kind = getattr(node, "type", type(node).__name__)
        if kind in PLAIN_TYPES:
            continue
        if getattr(proto, "allow_html", False) or getattr(proto, "unsafe_allow_html", False):
            bad.append(f"{kind}: HTML allowed")
        elif "<img src=x onerror=alert(1)>" in str(getattr(proto, "body", "")):
            bad.append(f"{kind}: {str(proto)[:120]}")
        elif kind not in {"markdown", "caption", "alert", "error", "warning", "info", "success"}:
            bad.append(f"{kind}: {str(proto)[:120]}")
    return bad


def _shows_text(at) -> bool:
    return any(
        "onerror=alert(1)" in str(getattr(node, "proto", ""))
        and getattr(node, "type", "") in PLAIN_TYPES
        for node in at
    )


PAGES_WITH_NOTES = [
    "touchpoints.py", "actions.py", "meeting.py", "governance.py", "plan.py",
    "engagement.py", "voice.py",
]  # fmt: skip


@pytest.fixture
def noted_app(make_app, app_env):
    fill_notes(db.connect(app_env))
    return make_app


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_page_renders_user_text_as_markup(noted_app, page: str) -> None:
    at = noted_app()
    at.run()
    if page == "meeting.py":
        at.session_state["meeting_step"] = 2  # the touchpoint in focus, with its note
    at.switch_page(f"app_pages/{page}").run()
    assert not at.exception, at.exception
    assert _offending(at) == []
    if page in PAGES_WITH_NOTES:
        assert _shows_text(at), f"the note should appear as text on app_pages/{page}"


def test_clearing_the_shared_caches_changes_nothing_a_user_sees(sample_app) -> None:  # type: ignore[no-untyped-def]
    """Streamlit lets any websocket, signed in or not, ask to clear the caches (it cannot
    be refused from the app): every cache holds figures recomputed from the store, so
    the next run shows the same numbers, only computed again."""
    import streamlit as st

    at = sample_app()
    at.run()
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    before = [(m.label, m.value) for m in at.metric]
    assert len(before) >= 4
    # what Streamlit's clear_cache request does
    st.cache_data.clear()
    st.cache_resource.clear()
    at.run()
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == before
