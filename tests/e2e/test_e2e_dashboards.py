"""End to end in a real headless Chromium: the overview of the sample company draws its
charts (a canvas or an svg inside the Vega-Lite element)."""

from __future__ import annotations

import pytest

from tests.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_overview_renders_cards_and_charts(streamlit_server, page) -> None:  # type: ignore[no-untyped-def]
    from cx_sme.core import db
    from cx_sme.sample.loader import load_sample

    conn = db.connect(streamlit_server["db"])
    try:
        load_sample(conn)
    finally:
        conn.close()

    page.goto(str(streamlit_server["url"]))
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.vega-embed canvas, .vega-embed svg')]"
        ".filter(e => e.getBoundingClientRect().height > 150).length >= 2",
        timeout=60_000,
    )
    assert page.locator("h1").first.inner_text() == "Panoramica"
    assert page.locator('[data-testid="stMetric"]').count() >= 12
    assert page.get_by_text("Cosa dicono i dati").count() == 1
    # The sparklines of the cards are small; the two charts below them are real charts.
    tallest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.vega-embed canvas, .vega-embed svg')]"
        ".map(e => e.getBoundingClientRect().height))"
    )
    assert tallest > 150
