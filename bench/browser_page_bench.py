"""Page visits as a user feels them: a real Streamlit server on the sample company and a
headless Chromium clicking through the sidebar.

For each page: the first visit (cold caches for that page) and the median of repeat
visits (away to the Overview and back), each timed from the click to the last change
on the page once it has finished running (no stale element, no placeholder, then 1.5 s
without any change: the time of the last change counts, not the wait). The bare anchor is the same
click on a page that draws one line of text (the welcome page's title only is not
possible, so the Import page with nothing dropped serves), measured in the same run.

    .venv/bin/python bench/browser_page_bench.py [--repeats 5] [--pages touchpoints,reports]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PAGES = (
    "overview", "sales", "complaints", "voice", "links", "touchpoints", "actions", "meeting",
    "governance", "plan", "engagement", "business_case", "reports", "settings",
    "import_data", "import_history",
)  # fmt: skip
SETTLED = (
    "() => !document.querySelector("
    "'[data-testid=stStatusWidget], [data-stale=true], [data-testid=stSkeleton]')"
)


KEYS = {"import_data": "import", "import_history": "history"}
QUIET_MS = 1500
METRIC = "[data-testid=stMetricValue]"
# Every change to the page, with its time: the end of a visit is the last one.
WATCH = """
window.__lastChange = performance.now();
new MutationObserver(() => { window.__lastChange = performance.now(); }).observe(
  document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def visit(page, path: str, ready: str | None = None) -> float:  # type: ignore[no-untyped-def]
    """Click the sidebar link of ``path``; seconds until its page shows its own title
    and has finished running (nothing stale, no placeholder)."""
    from cx_sme.core.i18n import catalog

    title = catalog("it")[f"common.page.{KEYS.get(path, path)}"]
    link = page.locator(f"[data-testid=stSidebarNav] a[href$='/{path}']")
    start = page.evaluate("() => performance.now()")
    link.click()
    page.wait_for_function(
        "(title) => { const h = document.querySelector('[data-testid=stMain] h1');"
        " return h !== null && h.innerText.trim() === title; }",
        arg=title,
        timeout=60_000,
    )
    if ready:  # an element the page draws only once its data is there
        page.wait_for_selector(ready, timeout=120_000)
    # Visually complete: finished running and nothing on the page changed for QUIET ms
    # (the last change, not the wait, is the time measured).
    page.wait_for_function(
        f"() => ({SETTLED})() && performance.now() - window.__lastChange > {QUIET_MS}",
        timeout=60_000,
        polling=50,
    )
    return (page.evaluate("() => window.__lastChange") - start) / 1000


def opened(page, url: str, path: str = "overview", ready: str | None = METRIC) -> float:  # type: ignore[no-untyped-def]
    """Seconds from typing the address of ``path`` (a new session) to the last change on
    its screen."""
    page.goto(f"{url}/{path}")
    page.wait_for_selector(ready or "[data-testid=stSidebarNav]", timeout=120_000)
    page.wait_for_function(
        f"() => ({SETTLED})() && performance.now() - window.__lastChange > {QUIET_MS}",
        timeout=120_000,
        polling=50,
    )
    return float(page.evaluate("() => window.__lastChange")) / 1000


def server_rss_mb(url: str) -> float:
    """Resident memory of the Streamlit server listening at ``url`` and its children
    (the reading workers), from /proc."""
    port = url.rsplit(":", 1)[1]
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "streamlit" not in command or port not in command:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--store", type=Path, help="a store to open instead of the sample")
    parser.add_argument("--sessions", type=int, default=1, help="sessions open at the end")
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p]

    from playwright.sync_api import sync_playwright

    from cx_sme.core import db
    from cx_sme.sample.loader import load_sample
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    folder = Path(tempfile.mkdtemp(prefix="browser_bench_"))
    store = args.store or folder / "bench.sqlite"
    if args.store is None:
        conn = db.connect(store)
        load_sample(conn)
        conn.close()
    rows = []
    with serve(folder, CX_SME_DB=str(store)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.add_init_script(WATCH)
        # The browser's own start (Streamlit's scripts fetched and compiled) is not the
        # server's: a page that loads no data comes first, then the Overview from the
        # sidebar with the server's data caches cold, then the Overview typed again in a
        # new session with them warm.
        page.goto(f"{url}/import_data")
        page.wait_for_selector("[data-testid=stSidebarNav]", timeout=120_000)
        page.wait_for_function(SETTLED, timeout=120_000)
        cold = visit(page, "overview", METRIC)
        print(f"overview from the sidebar, data caches cold: {cold:.2f} s")
        # A new session costs the browser and Streamlit something whatever the page: the
        # anchor is the Import page (no data read) typed the same way, in the same run.
        anchor_typed = statistics.median(opened(page, url, "import_data", None) for _ in range(3))
        warm = statistics.median(opened(page, url) for _ in range(3))
        print(
            f"overview typed in a new session, caches warm: {warm:.2f} s (median of 3; "
            f"anchor, the Import page typed the same way: {anchor_typed:.2f} s, "
            f"ratio {warm / anchor_typed:.1f})"
        )
        for path in pages:
            if path == "overview":  # on it already: visits start from another page
                visit(page, "sales")
            first = visit(page, path, METRIC if path == "overview" else None)
            again = []
            for _ in range(args.repeats):
                visit(page, "overview" if path != "overview" else "sales")
                again.append(visit(page, path))
            rows.append((path, first, statistics.median(again)))
        print(f"server memory with 1 session: {server_rss_mb(url):.0f} MB")
        others = []
        for _ in range(max(0, args.sessions - 1)):
            other = browser.new_page(viewport={"width": 1366, "height": 768})
            other.goto(f"{url}/overview")
            other.wait_for_selector("[data-testid=stMetricValue]", timeout=120_000)
            other.wait_for_function(SETTLED, timeout=120_000)
            others.append(other)
        if others:
            print(f"server memory with {len(others) + 1} sessions: {server_rss_mb(url):.0f} MB")
        browser.close()
    anchor = next((r for r in rows if r[0] == "import_data"), None)
    print(f"{'page':<16}{'first visit':>13}{'repeat (median)':>17}{'vs anchor':>11}")
    for path, first, again in rows:
        ratio = f"{again / anchor[2]:.1f}×" if anchor else "—"
        print(f"{path:<16}{first:>12.2f}s{again:>16.2f}s{ratio:>11}")
    if anchor:
        print(f"anchor: the Import page with nothing dropped, repeat {anchor[2]:.2f}s")
    print(f"target: every repeat visit under 1 s ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
