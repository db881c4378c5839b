"""Shared fixtures: fresh databases, AppTest from app.py, a real Streamlit server and a
real headless Chromium for the end-to-end tests."""

from __future__ import annotations

import itertools
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cx_sme.core import config, db
from cx_sme.core.i18n import set_language

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _italian_and_clean_caches() -> Iterator[None]:
    """Every test starts in Italian with empty Streamlit caches."""
    set_language("it")
    yield
    set_language("it")
    try:
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
    except Exception:  # pragma: no cover - streamlit missing is a setup error elsewhere
        pass


@pytest.fixture(autouse=True)
def postgres_backups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The automatic backups of PostgreSQL companies (taken before months are replaced)
    go to a temporary folder in every test (``CX_SME_BACKUP_DIR``, which real processes
    and servers started by a test inherit), never to the project's ``data/backups``."""
    folder = tmp_path / "postgres-backups"
    monkeypatch.setenv("CX_SME_BACKUP_DIR", str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cx_sme.sqlite"


DATABASES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test on a store runs on both databases, unless it is marked ``sqlite_only``."""
    if "store_address" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("store_address", DATABASES[:1] if only else DATABASES, indirect=True)


@pytest.fixture
def store_address(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """A new, empty store's address, on each database in turn: a SQLite file in a
    temporary folder, or a new company schema in the throwaway PostgreSQL cluster (dropped
    at the end)."""
    if request.param == "sqlite":
        yield str(db_path)
        return
    url = request.getfixturevalue("postgres_url")
    yield from _postgres_schema(url)


_DATABASE_NAMES = itertools.count(1)


@pytest.fixture
def installation(store_address: str) -> Iterator[str]:
    """A new installation's address, on each database in turn: a SQLite file, or a new
    PostgreSQL database of the throwaway cluster (its own schemas: ``cx_principale`` and one
    per company it adds), dropped at the end."""
    if not config.is_postgres_address(store_address):
        yield store_address
        return
    import psycopg

    from cx_sme.core import postgres

    server = postgres.installation_address(store_address)
    name = f"inst{next(_DATABASE_NAMES)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(server)
    yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def fresh_db(store_address: str):
    """A migrated, empty store (SQLite, then PostgreSQL: see ``store_address``)."""
    conn = db.connect(store_address)
    yield conn
    conn.close()


@pytest.fixture
def app_env(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a temporary database for AppTest."""
    monkeypatch.setenv("CX_SME_DB", str(db_path))
    return db_path


@pytest.fixture
def make_app(app_env: Path) -> Callable[..., object]:
    """AppTest from app.py on the temporary database; call ``make_app(lang="en")``."""
    from streamlit.testing.v1 import AppTest

    def factory(lang: str = "it", timeout: float = 60):
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=timeout)
        at.session_state["lang"] = lang
        return at

    return factory


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(workdir: Path, **env: str) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port with ``env`` added (the store in
    ``CX_SME_DB``), until the block ends; its address. The server's output goes to a file
    in ``workdir``: an unread pipe would block a chatty server and leave an unclosed file
    behind (a ResourceWarning, an error under -W error)."""
    port = _free_port()
    log_path = workdir / "server.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(PROJECT_DIR / "app.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ],
        cwd=PROJECT_DIR, env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(
                "streamlit did not start: " + log_path.read_text(errors="replace")[-2000:]
            )
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def copy_store(source: Path, target: Path) -> Path:
    """A copy of the store at ``source`` (SQLite backup API), at ``target``."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        copy.close()
        origin.close()
    return target


@pytest.fixture(scope="module")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """``streamlit run app.py`` on a free loopback port with its own database."""
    workdir = tmp_path_factory.mktemp("server")
    with serve(workdir, CX_SME_DB=str(workdir / "cx_sme.sqlite")) as url:
        yield {"url": url, "db": workdir / "cx_sme.sqlite", "workdir": workdir}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: .ci/run installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="it-IT")
    pg = context.new_page()
    yield pg
    context.close()


def wait_for_app(pg, timeout: float = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished running the script."""
    pg.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


# -- the sample company ------------------------------------------------------------------
# Loaded once per test session into a template file; every test gets its own copy.


@pytest.fixture(scope="session")
def sample_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the sample company loaded (through the normal import), once per session.

    Never write to it: use ``sample_db_path`` / ``sample_db`` / ``sample_app``.
    """
    from cx_sme.sample.loader import load_sample

    path = tmp_path_factory.mktemp("sample_template") / "sample.sqlite"
    conn = db.connect(path)
    try:
        load_sample(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


@pytest.fixture
def sample_db_path(sample_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store (SQLite backup API), free to modify."""
    return copy_store(sample_db_template, tmp_path / "sample.sqlite")


@pytest.fixture
def sample_db(sample_db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection (``cx_sme.core.db.connect``) to a private copy of the sample store."""
    conn = db.connect(sample_db_path)
    yield conn
    conn.close()


@pytest.fixture
def sample_app(sample_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Like ``make_app`` but on a private copy of the sample store: ``sample_app(lang="en")``."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CX_SME_DB", str(sample_db_path))

    def factory(lang: str = "it", timeout: float = 60):
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=timeout)
        at.session_state["lang"] = lang
        return at

    return factory


# -- PostgreSQL ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The address of a throwaway PostgreSQL database (tests/postgres_cluster.py)."""
    from tests.postgres_cluster import cluster, server_binaries

    if server_binaries() is None:
        pytest.fail("PostgreSQL is not installed: .ci/run installs it (apt-get install postgresql)")
    with cluster() as url:
        yield url


_COMPANY_CODES = itertools.count(1)


def _postgres_schema(url: str) -> Iterator[str]:
    """The address of a new company schema at ``url``, dropped afterwards."""
    from cx_sme.core import postgres

    schema = f"cx_prova{next(_COMPANY_CODES)}"
    yield postgres.company_address(url, schema)
    conn = postgres.open_connection(url)
    try:
        postgres.drop_schema(conn, schema)
    finally:
        conn.close()


@pytest.fixture
def postgres_company(postgres_url: str) -> Iterator[object]:
    """A new company's schema in the throwaway cluster (a connection whose search path
    names it), dropped at the end of the test."""

    for address in _postgres_schema(postgres_url):
        conn = db.connect(address)
        yield conn
        conn.close()
