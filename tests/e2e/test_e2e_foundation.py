"""End to end in a real headless Chromium: on an empty store load the sample company in one
click, then import a small CSV through the import page and find it in the history."""

from __future__ import annotations

import sqlite3

import pytest

from cx_sme.sample.files import COMPLAINTS_FILE, SALES_FILE, SURVEYS_FILE
from tests.conftest import wait_for_app

pytestmark = pytest.mark.e2e

# A December 2026 sales file (after the sample's last month: nothing to replace), Italian
# style: semicolons, day-first dates, decimal commas, a code with leading zeros.
DECEMBER = (
    b"Data;Cliente;Importo\n"
    b"01/12/2026;00480;1.234,56\n"
    b"02/12/2026;00042;99,00\n"
    b"03/12/2026;00480;-12,00\n"
)
FILE_NAME = "vendite_dicembre_2026.csv"


def _imports(path) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT dataset, file_name, rows FROM imports ORDER BY id").fetchall()
    finally:
        conn.close()


def test_load_the_sample_then_import_a_file(streamlit_server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(streamlit_server["url"])
    wait_for_app(page)
    page.get_by_role("heading", name="Benvenuto in CX per PMI").wait_for()

    page.get_by_role("button", name="Carica l'azienda di esempio").click()
    page.get_by_role("heading", name="Panoramica", exact=True).wait_for(timeout=120_000)
    wait_for_app(page, timeout=120_000)
    assert [d for d, _f, _r in _imports(streamlit_server["db"])] == [
        "sales",
        "complaints",
        "surveys",
    ]
    assert page.get_by_text("Benvenuto in CX per PMI").count() == 0

    page.get_by_role("link", name="Importa file").click()
    page.get_by_role("heading", name="Importa file").wait_for()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": FILE_NAME, "mimeType": "text/csv", "buffer": DECEMBER}]
    )
    confirm = page.get_by_role("button", name="Importa 3 righe")
    confirm.wait_for(timeout=120_000)
    wait_for_app(page)
    confirm.click()
    page.get_by_text(f"«{FILE_NAME}»: 3 righe").wait_for(timeout=120_000)  # on the Overview
    assert _imports(streamlit_server["db"])[-1] == ("sales", FILE_NAME, 3)

    page.get_by_role("link", name="Storico importazioni").first.click()
    page.get_by_role("heading", name="Storico importazioni").wait_for()
    wait_for_app(page)
    # the grid is drawn on a canvas; its cells are also in an accessible (hidden) table
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    cells.filter(has_text=FILE_NAME).first.wait_for(state="attached", timeout=30_000)
    texts = cells.all_inner_texts()
    for name in (FILE_NAME, SALES_FILE, COMPLAINTS_FILE, SURVEYS_FILE):
        assert texts.count(name) == 1, name
    assert texts.index(FILE_NAME) < texts.index(SALES_FILE)  # the newest first
