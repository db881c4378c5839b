"""In a real headless Chromium: the password gate holds even for a page opened by its URL
as the server's very first request, and user text with HTML stays text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cx_sme.admin import access as auth
from cx_sme.core import db
from tests.conftest import serve, wait_for_app
from tests.report_store import XSS, fill_notes

PASSWORD = "Una-password-lunga"


@pytest.fixture(scope="module")
def protected_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run`` with a password configured and the test store filled."""
    workdir = tmp_path_factory.mktemp("protected")
    path = workdir / "cx.sqlite"
    conn = db.connect(path)
    fill_notes(conn)
    conn.close()
    hashed = auth.hash_password(PASSWORD)
    with serve(workdir, CX_SME_DB=str(path), CX_SME_PASSWORD_HASH=hashed) as url:
        yield url


def _sign_in(page, password: str) -> None:  # type: ignore[no-untyped-def]
    field = page.get_by_label("Password", exact=True)
    field.wait_for(timeout=60_000)
    field.fill(password)
    page.get_by_role("button", name="Entra").click()
    wait_for_app(page)


@pytest.mark.e2e
def test_a_page_opened_first_by_its_url_asks_for_the_password(protected_server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(protected_server + "/reports")
    wait_for_app(page)
    page.get_by_label("Password", exact=True).wait_for(timeout=60_000)
    assert page.get_by_text("Scarica il report Excel").count() == 0

    _sign_in(page, "sbagliata")
    page.get_by_text("Password sbagliata").wait_for(timeout=30_000)
    assert page.get_by_text("Scarica il report Excel").count() == 0

    _sign_in(page, PASSWORD)
    page.get_by_text("Scarica il report Excel").wait_for(timeout=60_000)


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("link", "shown_in_text"), [("Punti di contatto", True), ("Piano d'azione", False)]
)
def test_html_in_user_text_is_shown_as_text(protected_server, page, link, shown_in_text) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(protected_server)
    wait_for_app(page)
    _sign_in(page, PASSWORD)
    page.get_by_role("button", name="Esci").wait_for(timeout=60_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_text(link, exact=True).click()
    page.locator("h1", has_text=link).wait_for(timeout=60_000)
    wait_for_app(page)
    if shown_in_text:  # (the actions table draws its cells on a canvas)
        page.get_by_text(XSS).first.wait_for(state="attached", timeout=30_000)
    assert page.locator('img[src="x"]').count() == 0
    assert dialogs == []


@pytest.mark.e2e
def test_an_open_app_behind_a_proxy_shows_nothing(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """No password and no sign-in: a browser on this computer gets in, but the same app
    reached through a reverse proxy on this computer is a browser elsewhere, and sees
    nothing. The proxy here says so with the standard Forwarded header (RFC 7239), which
    the web server does not turn into the client's address as it does X-Forwarded-For."""
    refusal = "Per sicurezza non mostra nulla"
    with serve(tmp_path, CX_SME_DB=str(tmp_path / "open.sqlite")) as url:
        here = browser.new_context(locale="it-IT")
        direct = here.new_page()
        direct.goto(url)
        wait_for_app(direct)
        direct.get_by_role("heading", name="Benvenuto in CX per PMI").wait_for(timeout=60_000)
        assert direct.get_by_text(refusal).count() == 0
        here.close()
        proxied_context = browser.new_context(
            locale="it-IT", extra_http_headers={"Forwarded": "for=203.0.113.5;proto=https"}
        )
        proxied = proxied_context.new_page()
        proxied.goto(url)
        wait_for_app(proxied)
        proxied.get_by_text(refusal).wait_for(timeout=60_000)
        assert proxied.get_by_text("Benvenuto in CX per PMI").count() == 0
        proxied_context.close()
