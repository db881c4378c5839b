"""The shared screen on the team's real screens (issue 12): meeting mode at 1280×720 (a
projector) and 1366×768 (a small laptop), sidebar open and collapsed, every step walked
in a real Chromium: no figure, label or heading cut or broken mid-word, and Back / Next /
the step indicator on screen without scrolling. The same check on the Overview.

Screenshots of every step go to ``$CX_SME_SCREENSHOTS`` when it is set (to look at them),
else to the test's own folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cx_sme.company import touchpoints
from cx_sme.core import db
from cx_sme.programme import governance
from cx_sme.team import meetings
from tests.conftest import copy_store, serve, wait_for_app
from tests.e2e.layout_checks import cut_or_broken, outside_viewport, wait_settled

STAGE = ".st-key-meeting_stage"
READ_FROM_AFAR = ", ".join(
    f"{STAGE} {part}"
    for part in (
        "[data-testid='stMetricValue']",
        "[data-testid='stMetricLabel']",
        "[data-testid='stMetricDelta']",
        "[data-testid='stWidgetLabel']",
        "h2",
        "th",
        ".st-key-meeting_tpname",
        ".st-key-meeting_nav",
    )
)
NAVIGATION = ".st-key-m_prev button, .st-key-m_next button, .st-key-m_close button, " + (
    ".st-key-meeting_step"
)
STEP = {"it": "Passo {n} di", "en": "Step {n} of"}


@pytest.fixture(scope="module")
def meeting_server(
    sample_db_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The sample company with a meeting open on two touchpoints (the sample's worst)."""
    workdir = tmp_path_factory.mktemp("projector")
    store = copy_store(sample_db_template, workdir / "store.sqlite")
    conn = db.connect(store)
    governance.add_member(conn, "Giulia Bianchi", "Titolare", None, is_sponsor=True)
    governance.add_member(conn, "Anna Verdi", "Commerciale", "sales", is_lead=True)
    meetings.start_meeting(
        conn,
        attendees=[("sales", "Anna Verdi")],
        focus=[touchpoints.by_code(conn, c).id for c in ("delivery", "invoice")],
    )
    conn.close()
    with serve(workdir, CX_SME_DB=str(store)) as url:
        yield url


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CX_SME_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def collapse_sidebar(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("[data-testid='stSidebar']").hover()
    page.locator("[data-testid='stSidebarCollapseButton'] button").click()
    # collapsed, and done sliding away (the page is laid out for its full width)
    page.wait_for_function(
        "() => { const bar = document.querySelector('[data-testid=stSidebar]');"
        " return bar.dataset.collapsed === 'true' && bar.getBoundingClientRect().right <= 0; }"
    )


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("lang", "size", "sidebar"),
    [
        ("it", (1280, 720), "open"),
        ("it", (1280, 720), "collapsed"),
        ("it", (1366, 768), "open"),
        ("it", (1366, 768), "collapsed"),
        ("en", (1280, 720), "open"),
        ("en", (1366, 768), "collapsed"),
    ],
)
def test_every_meeting_step_reads_whole_on_a_projector(
    meeting_server: str, browser, tmp_path: Path, lang: str, size: tuple[int, int], sidebar: str
) -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    folder = shots_dir(tmp_path)
    try:
        page.goto(f"{meeting_server}/meeting?lang={lang}")
        page.locator(".st-key-meeting_nav").wait_for(timeout=60_000)
        wait_for_app(page)
        if sidebar == "collapsed":
            collapse_sidebar(page)
        step = 1
        while True:
            indicator = page.locator(".st-key-meeting_step")
            indicator.filter(has_text=STEP[lang].format(n=step)).wait_for(timeout=60_000)
            wait_settled(page)
            name = f"meeting_{lang}_{width}x{height}_{sidebar}_step{step}.png"
            page.screenshot(path=str(folder / name))
            assert cut_or_broken(page, READ_FROM_AFAR) == [], name
            assert outside_viewport(page, NAVIGATION) == [], name
            following = page.locator(".st-key-m_next button")
            if following.count() == 0:
                break
            following.click()
            step += 1
        # headline, alerts, two touchpoints, open actions, decisions
        assert step == 6
        assert page.locator(".st-key-m_close button").is_visible()
    finally:
        context.close()


@pytest.mark.e2e
@pytest.mark.parametrize("lang", ["it", "en"])
def test_overview_headline_fits_above_the_fold_at_1366(
    meeting_server: str, browser, tmp_path: Path, lang: str
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{meeting_server}/overview?lang={lang}")
        page.locator("[data-testid='stMetricValue']").first.wait_for(timeout=60_000)
        wait_settled(page)
        page.screenshot(path=str(shots_dir(tmp_path) / f"overview_{lang}_1366x768.png"))
        cards = ", ".join(
            f"[data-testid='stMetric'] {part}"
            for part in ("[data-testid='stMetricValue']", "[data-testid='stMetricLabel']",
                         "[data-testid='stMetricDelta']", "[data-testid='stCaptionContainer']")
        )  # fmt: skip
        assert cut_or_broken(page, cards) == []
        # the first row of headline KPIs is on the first screen
        first_row = page.locator("[data-testid='stMetric']").first.bounding_box()
        assert first_row is not None and first_row["y"] + first_row["height"] <= 768
    finally:
        context.close()


CUT_TABLES = """
() => [...document.querySelectorAll('[data-testid=stDataFrame]')].flatMap((frame) => {
  const grid = frame.querySelector('table[aria-rowcount]');
  if (!grid) return [];
  const rows = Number(grid.getAttribute('aria-rowcount'));  // the header counts as one
  const height = frame.getBoundingClientRect().height;
  // a short table shows every row; a long one shows whole rows only
  if (rows <= 26 && height + 1 < rows * 35) return [`${rows - 1} rows in ${height}px`];
  if (rows > 26 && Math.abs(((height - 3) / 35) - Math.round((height - 3) / 35)) > 0.1)
    return [`a row cut in half: ${height}px`];
  return [];
})
"""


@pytest.mark.e2e
@pytest.mark.parametrize("path", ["complaints", "voice", "links"])
def test_tables_show_their_last_row(meeting_server: str, browser, path: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{meeting_server}/{path}?lang=it")
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
        wait_settled(page)
        frames = page.locator("[data-testid='stDataFrame']")
        shown = 0
        for n in range(frames.count()):
            frame = frames.nth(n)
            if not frame.is_visible():  # in a closed expander
                continue
            frame.scroll_into_view_if_needed()
            frame.locator("table[aria-rowcount]").wait_for(state="attached", timeout=60_000)
            shown += 1
        assert shown > 0
        assert page.evaluate(CUT_TABLES) == []
    finally:
        context.close()
