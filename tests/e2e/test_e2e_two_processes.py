"""Two app processes on two ports sharing one store (several replicas behind a proxy with
sticky sessions, on one server): an import started in each at once is stored whole in
both, and each session sees the other's import at its next run.

Real parts: two ``streamlit run`` servers, one store (a SQLite file in WAL mode, then a
company schema of a real PostgreSQL server), Debian's headless Chromium uploading a CSV in
each. The files' rows and money are worked out here."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_sme.core import db
from cx_sme.ingest.importer import import_file
from tests.conftest import serve, wait_for_app

pytestmark = pytest.mark.e2e

LINES = 20_000  # about a second to store each: both imports are under way at once
LABEL = "20.000"  # LINES as the Italian page writes it


def sales_csv(month: int, customer_prefix: str) -> bytes:
    """``LINES`` lines of 2026-``month``: line i of customer ``prefix + i % 50`` for
    (i % 7 + 1) euro and 25 cents."""
    rows = ["Data;Cliente;Importo"]
    for i in range(LINES):
        rows.append(
            f"{1 + i % 28:02d}/{month:02d}/2026;{customer_prefix}{i % 50:03d};{i % 7 + 1},25"
        )
    return ("\n".join(rows) + "\n").encode()


def expected_cents() -> int:
    return sum((i % 7 + 1) * 100 + 25 for i in range(LINES))


def upload(page, url: str, name: str, data: bytes):  # type: ignore[no-untyped-def]
    page.goto(f"{url}/import_data")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    confirm = page.get_by_role("button", name=f"Importa {LABEL} righe")
    confirm.wait_for(timeout=120_000)
    wait_for_app(page)
    return confirm


def test_two_app_processes_import_at_once(browser, tmp_path: Path, store_address: str) -> None:  # type: ignore[no-untyped-def]
    store = store_address
    conn = db.connect(store)
    import_file(conn, "sales", "gennaio.csv", sales_csv(1, "G"))
    conn.close()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        serve(tmp_path / "a", CX_SME_DB=str(store)) as url_a,
        serve(tmp_path / "b", CX_SME_DB=str(store)) as url_b,
    ):
        pages = []
        for _ in range(2):
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="it-IT")
            pages.append(context.new_page())
        page_a, page_b = pages
        go_a = upload(page_a, url_a, "febbraio.csv", sales_csv(2, "F"))
        go_b = upload(page_b, url_b, "marzo.csv", sales_csv(3, "M"))
        # both imports at once: the second click does not wait for the first import
        go_a.click()
        go_b.click()
        page_a.get_by_text(f"«febbraio.csv»: {LABEL} righe").wait_for(timeout=120_000)
        page_b.get_by_text(f"«marzo.csv»: {LABEL} righe").wait_for(timeout=120_000)

        check = db.connect(store)
        try:
            imports = check.execute(
                "SELECT file_name, rows, status FROM imports ORDER BY file_name"
            ).fetchall()
            assert imports == [
                ("febbraio.csv", LINES, "active"),
                ("gennaio.csv", LINES, "active"),
                ("marzo.csv", LINES, "active"),
            ]
            for name, month in (("febbraio.csv", 2), ("marzo.csv", 3)):
                stored = check.execute(
                    "SELECT count(*), sum(amount_cents), min(date), max(date) FROM sales "
                    "JOIN imports ON imports.id = sales.import_id WHERE file_name = ?",
                    (name,),
                ).fetchone()
                assert stored == (
                    LINES, expected_cents(), f"2026-{month:02d}-01", f"2026-{month:02d}-28"
                )  # fmt: skip
            # the order totals account for every line of both
            lines = check.execute("SELECT count(*) FROM sales").fetchone()[0]
            summed = check.execute("SELECT sum(lines) FROM sales_orders").fetchone()[0]
            assert lines == summed == 3 * LINES
        finally:
            check.close()

        # Each session, at its next run, sees the import made in the other process.
        for page, other in ((page_a, "marzo.csv"), (page_b, "febbraio.csv")):
            page.get_by_role("link", name="Storico importazioni").first.click()
            page.get_by_role("heading", name="Storico importazioni").wait_for()
            wait_for_app(page)
            # the grid is drawn on a canvas; its cells are also in an accessible table
            cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
            cells.filter(has_text=other).first.wait_for(state="attached", timeout=60_000)
            texts = cells.all_inner_texts()
            for name in ("gennaio.csv", "febbraio.csv", "marzo.csv"):
                assert texts.count(name) == 1, name
        # The dashboards too: process A's caches, keyed by the store's data version, give
        # way to the month that process B stored (March, the last month: the sidebar's
        # period follows it).
        page_a.get_by_role("link", name="Vendite e clienti").first.click()
        page_a.get_by_role("heading", name="Vendite e clienti").wait_for()
        wait_for_app(page_a)
        card = page_a.locator("[data-testid='stMetric']").filter(has_text="Fatturato").first
        card.wait_for(timeout=60_000)
        shown = card.locator("[data-testid='stMetricValue']").inner_text()
        assert int("".join(c for c in shown if c.isdigit())) == round(expected_cents() / 100)
        for page in pages:
            page.context.close()
