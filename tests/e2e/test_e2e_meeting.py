"""Meeting mode in a real headless Chromium at projector resolution (1920×1080)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cx_sme.company import touchpoints
from cx_sme.core import db
from cx_sme.team import meetings
from tests.conftest import copy_store, wait_for_app

NOTE = "Corriere nuovo <img src=x onerror=alert(1)> **bold**"


def _pixels(locator) -> float:  # type: ignore[no-untyped-def]
    """The computed font size of the element's text (its innermost block)."""
    size = locator.evaluate(
        "e => getComputedStyle(e.querySelector('p') || e.querySelector('div') || e).fontSize"
    )
    return float(str(size).removesuffix("px"))


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return int(width), int(height)


@pytest.mark.e2e
def test_meeting_mode_reads_from_three_metres(
    streamlit_server, browser, sample_db_template: Path, tmp_path: Path
) -> None:
    store = copy_store(sample_db_template, Path(str(streamlit_server["db"])))
    conn = db.connect(store)
    delivery = touchpoints.by_code(conn, "delivery")
    touchpoints.set_notes(conn, delivery.id, NOTE)
    meetings.start_meeting(
        conn,
        attendees=[("sales", "Anna Verdi"), ("service", "Sara Neri")],
        focus=[delivery.id, touchpoints.by_code(conn, "invoice").id],
    )
    conn.close()

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="it-IT")
    page = context.new_page()
    try:
        page.goto(str(streamlit_server["url"]) + "/")
        wait_for_app(page)
        page.goto(str(streamlit_server["url"]) + "/meeting")
        wait_for_app(page)
        value = page.locator(".st-key-meeting_headline [data-testid='stMetricValue']").first
        value.wait_for(timeout=60_000)
        title = page.locator(".st-key-meeting_title h2")
        assert title.inner_text() == "Come stiamo"
        assert _pixels(title) >= 24
        assert _pixels(value) >= 24
        assert (
            _pixels(page.locator(".st-key-meeting_headline [data-testid='stMetricLabel']").first)
            >= 24
        )
        # drawn after the headline: waited for (visible), not read at once
        page.get_by_text("Nessuno presente per: Marketing e digitale").wait_for(timeout=30_000)
        shot = tmp_path / "meeting_1920x1080.png"
        page.screenshot(path=str(shot))
        assert _png_size(shot) == (1920, 1080)

        # two steps on: the first touchpoint in focus, its note shown as typed
        for heading in ("Allarmi", "Punto di contatto 1 di 2"):
            page.locator(".st-key-m_next button").click()
            page.locator(".st-key-meeting_title h2", has_text=heading).wait_for(timeout=60_000)
            wait_for_app(page)
        name = page.locator(".st-key-meeting_tpname [data-testid='stText']")
        name.wait_for(timeout=60_000)
        assert name.inner_text() == "Consegna e magazzino"
        assert _pixels(name) >= 24
        # the note is shown as typed (waited for: the browser fills the box after the step)
        expect(page.locator("textarea").first).to_have_value(NOTE, timeout=60_000)
        assert page.locator("img[src='x']").count() == 0
        page.screenshot(path=str(tmp_path / "meeting_focus_1920x1080.png"))
    finally:
        context.close()
