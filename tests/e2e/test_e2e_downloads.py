"""Downloads with customer data in a real headless Chromium: built only when clicked, and
their address useless once the session is gone (issue 10 §6)."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_store, serve, wait_for_app

# A file in Streamlit's media store: /media/<content hash>.<ext> (not the /static/media/ fonts).
STORED_MEDIA = re.compile(r"(?<!static)/media/[0-9a-f]{32,}")


@pytest.fixture(scope="module")
def sample_server(
    tmp_path_factory: pytest.TempPathFactory, sample_db_template: Path
) -> Iterator[str]:
    """The sample company served with a one-second media sweep."""
    workdir = tmp_path_factory.mktemp("downloads")
    store = copy_store(sample_db_template, workdir / "cx.sqlite")
    with serve(workdir, CX_SME_DB=str(store), CX_SME_MEDIA_SWEEP_SECONDS="1") as url:
        yield url


def status_of(url: str) -> int:
    """The HTTP status of a plain request with no session (no cookie, no websocket)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def gone_within(url: str, seconds: float) -> bool:
    """Whether ``url`` answers 404 within ``seconds`` (asked every quarter second)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if status_of(url) == 404:
            return True
        time.sleep(0.25)
    return False


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("path", "tab", "button", "expected"),
    [
        ("/engagement", "Newsletter CX", "Scarica la newsletter (.txt)", b"Newsletter"),
        ("/reports", None, "Scarica il report Excel", b"PK"),
    ],
)
def test_a_download_is_built_on_click_and_its_address_dies_with_the_session(  # type: ignore[no-untyped-def]
    sample_server, browser, path, tab, button, expected
) -> None:
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="it-IT", accept_downloads=True
    )
    page = context.new_page()
    try:
        page.goto(sample_server + path)
        wait_for_app(page)
        if tab:
            page.get_by_role("tab", name=tab).click()
            wait_for_app(page)
        target = page.get_by_role("button", name=button)
        target.wait_for(timeout=60_000)
        # nothing is built (no media address on the page) before the click
        assert not STORED_MEDIA.search(page.content())
        with page.expect_download(timeout=120_000) as info:
            target.click()
        download = info.value
        body = Path(download.path()).read_bytes()
        assert expected in body[:2000] or body.startswith(expected)
        address = download.url
        assert STORED_MEDIA.search(address)
    finally:
        context.close()
    # the session is gone: with no page run anywhere, the address stops answering
    assert gone_within(address, 30), f"{address} still served after the session closed"
