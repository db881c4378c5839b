"""The monthly routine in a real headless Chromium, on a server whose store already holds
the sample company (the case where a file-reading worker used to die running app.py):
next month's three files dropped together, the plan on screen (a screenshot per language,
kept in ``CX_SME_SHOTS`` or /tmp/cx_sme_shots), and one click that lands on the Overview."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cx_sme.sample.files import write_all
from cx_sme.sample.generator import simulate
from tests.conftest import copy_store, serve, wait_for_app
from tests.e2e.layout_checks import wait_settled

SHOTS = Path(os.environ.get("CX_SME_SHOTS", "/tmp/cx_sme_shots"))


@pytest.fixture(scope="module")
def sample_server(
    tmp_path_factory: pytest.TempPathFactory, sample_db_template: Path
) -> Iterator[tuple[str, Path]]:
    workdir = tmp_path_factory.mktemp("month")
    store = copy_store(sample_db_template, workdir / "cx.sqlite")
    with serve(workdir, CX_SME_DB=str(store)) as url:
        yield url, store


@pytest.mark.e2e
@pytest.mark.parametrize(("lang", "plan_title", "new_month", "button"), [
    ("en", "What changes", "November 2026: 600 rows of sales", "Import 680 rows (3 files)"),
    ("it", "Che cosa cambia", "novembre 2026: 600 righe di vendite", "Importa 680 righe (3 file)"),
])  # fmt: skip
def test_the_months_files_dropped_together_in_chromium(  # type: ignore[no-untyped-def]
    sample_server, browser, tmp_path: Path, lang: str, plan_title: str, new_month: str,
    button: str,
) -> None:  # fmt: skip
    url, store = sample_server
    data = simulate("2026-11")
    nov_sales = sum(1 for s in data.sales if s.date.month == 11 and s.date.year == 2026)
    assert nov_sales == 600  # the figure in the headline below, from the generator's rows
    files = [str(p) for p in write_all(data, tmp_path / "november")]
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="it-IT")
    page = context.new_page()
    try:
        page.goto(f"{url}/import_data?lang={lang}")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
        heading = page.locator("h3", has_text=plan_title)
        heading.wait_for(timeout=120_000)
        # the plan is drawn piece by piece: wait for its line, then for the run to end
        page.get_by_text(new_month).wait_for(timeout=60_000)
        wait_settled(page)
        assert page.get_by_text(new_month).count() == 1
        go = page.get_by_role("button", name=button)
        go.wait_for(timeout=60_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"import_month_plan_{lang}.png"), full_page=True)
        if lang == "it":  # the Italian run imports; the English one only looks
            go.click()
            page.locator("h1", has_text="Panoramica").wait_for(timeout=120_000)
            wait_for_app(page)
            conn = sqlite3.connect(store)
            try:
                newest = conn.execute("SELECT MAX(date) FROM sales").fetchone()[0]
            finally:
                conn.close()
            assert newest.startswith("2026-11")
    finally:
        context.close()
