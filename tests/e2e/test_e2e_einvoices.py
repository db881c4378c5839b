"""E-invoices in a real headless Chromium: a .zip of invoices (signed and not, a receipt
and a supplier invoice among them) dropped on the Import page shows its preview and the
question of whose invoices they are; confirming it and importing stores the sales.
Screenshots per language go to ``CX_SME_SHOTS`` (default /tmp/cx_sme_shots)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import serve, wait_for_app
from tests.e2e.layout_checks import wait_settled
from tests.einvoice.test_import_einvoices import november

SHOTS = Path(os.environ.get("CX_SME_SHOTS", "/tmp/cx_sme_shots"))


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    workdir = tmp_path_factory.mktemp("einvoice")
    store = workdir / "cx.sqlite"
    with serve(workdir, CX_SME_DB=str(store)) as url:
        yield url, store


@pytest.mark.e2e
@pytest.mark.parametrize(("lang", "title", "question", "yes", "button"), [
    ("en", "E-invoices", "Is this your company?", "Yes, it is my company", "Import"),
    ("it", "Fatture elettroniche", "È la tua azienda?", "Sì, è la mia azienda", "Importa"),
])  # fmt: skip
def test_a_zip_of_invoices_dropped_in_chromium(  # type: ignore[no-untyped-def]
    empty_server, browser, tmp_path: Path, lang: str, title: str, question: str, yes: str,
    button: str,
) -> None:  # fmt: skip
    url, store = empty_server
    upload = tmp_path / "fatture_novembre.zip"
    upload.write_bytes(november())
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{url}/import_data?lang={lang}")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            str(upload)
        )
        page.locator("h3", has_text=title).wait_for(timeout=120_000)
        page.locator("[data-testid='stMetricValue']").nth(4).wait_for(timeout=60_000)
        wait_settled(page)
        metrics = page.locator("[data-testid='stMetricValue']").all_inner_texts()
        assert metrics[:5] == ["2", "1", "4", "2", "1"]  # invoices, notes, lines, customers, months
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"einvoice_preview_{lang}.png"), full_page=True)
        if lang == "it":  # the Italian run confirms and imports; the English one only looks
            assert page.get_by_text(question).count() == 1
            page.get_by_role("button", name=yes).click()
            go = page.locator(".st-key-import_go button")
            go.wait_for(timeout=60_000)
            wait_for_app(page)
            page.screenshot(path=str(SHOTS / "einvoice_plan_it.png"), full_page=True)
            assert f"{button} 4 " in go.inner_text()  # 4 rows: the company's lines
            go.click()
            page.locator("h1", has_text="Panoramica").wait_for(timeout=120_000)
            conn = sqlite3.connect(store)
            try:
                stored = conn.execute("SELECT count(*), sum(amount_cents) FROM sales").fetchone()
            finally:
                conn.close()
            assert stored == (4, 145_000)
    finally:
        context.close()
