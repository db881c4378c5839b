"""Several sessions at once: browser sessions are threads of one Streamlit process, each
with its own connection; scripts are other processes. None of them may meet "database is
locked", every import is stored whole, and a reader never sees half an import.
"""

from __future__ import annotations

import hashlib
import itertools
import linecache
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from cx_sme.core import db
from cx_sme.core.errors import ImportConflict
from cx_sme.core.frames import Frames, load_frames
from cx_sme.ingest.import_log import list_imports
from cx_sme.ingest.importer import commit, import_file, prepare
from tests.fixtures.storage_files import StoredFile, complaints_file, sales_file, surveys_file
from tests.fixtures.storage_process import start_import, stop_while_writing

PROJECT = Path(__file__).resolve().parents[2]
WAIT_S = 180
# WAL growth showing the command-line import is writing its rows.
WRITING_BYTES = 256 << 10


def cli_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    env.pop("CX_SME_DB", None)
    return env


def session_writing(conn: sqlite3.Connection) -> bool:
    """True while a thread of this process is inside ``db.write_transaction`` on the
    store of ``conn`` (it holds the process's writer lock for that file)."""
    lock = db._lock_for(conn)
    if lock.acquire(blocking=False):
        lock.release()
        return False
    return True


def waiting_to_begin(threads: list[threading.Thread]) -> bool:
    """True when one of ``threads`` is blocked in ``BEGIN IMMEDIATE`` inside
    ``db.write_transaction`` (SQLite's busy handler waiting for the other writer): read
    from the thread's live stack, not guessed from a sleep."""
    frames = sys._current_frames()
    for thread in threads:
        frame = frames.get(thread.ident or -1)
        while frame is not None:
            line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
            if frame.f_code.co_name == "write_transaction" and "BEGIN IMMEDIATE" in line:
                return True
            frame = frame.f_back
    return False


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        time.sleep(0.002)


@dataclass(frozen=True)
class Upload:
    dataset: str
    file: StoredFile
    how: str  # "ui": prepare, wait, commit (the import page); "script": import_file; "cli"


@dataclass(frozen=True)
class State:
    """What a reader sees: rows and cents of each data set, and the data version."""

    sales: tuple[int, int]
    complaints: tuple[int, int]
    surveys: int
    version: int


def cents(values: np.ndarray) -> int:
    euros = np.asarray(values, dtype=np.float64)
    return int(np.rint(euros[~np.isnan(euros)] * 100).astype(np.int64).sum())


def state_of(frames: Frames) -> State:
    return State(
        (len(frames.sales), cents(frames.sales["amount"])),
        (len(frames.complaints), cents(frames.complaints["cost"])),
        len(frames.surveys),
        frames.version,
    )


def possible_states(base: State, imports: list[Upload]) -> dict[State, frozenset[int]]:
    """Every state a reader may see: the base plus any subset of whole imports."""
    out: dict[State, frozenset[int]] = {}
    for size in range(len(imports) + 1):
        for chosen in itertools.combinations(range(len(imports)), size):
            (sales, sales_cents), (compl, compl_cents) = base.sales, base.complaints
            surveys = base.surveys
            for i in chosen:
                dataset, file = imports[i].dataset, imports[i].file
                if dataset == "sales":
                    sales, sales_cents = sales + file.rows, sales_cents + file.cents
                elif dataset == "complaints":
                    compl, compl_cents = compl + file.rows, compl_cents + file.cents
                else:
                    surveys += file.rows
            state = State((sales, sales_cents), (compl, compl_cents), surveys, base.version + size)
            assert state not in out, "file sizes must tell every subset apart"
            out[state] = frozenset(chosen)
    return out


def test_sessions_and_a_script_import_at_once(db_path: Path, tmp_path: Path) -> None:
    base_file = sales_file(2_000, "2019-01", months=3, seed=1, name="vendite 2019.csv")
    conn = db.connect(db_path)
    import_file(conn, "sales", base_file.name, base_file.data)
    base = state_of(load_frames(conn))
    conn.close()

    # Sizes differ so that any set of imports gives a different total of rows.
    script = Upload("sales", sales_file(80_000, "2023-01", months=24, seed=2), "cli")
    sessions = [
        Upload("sales", sales_file(10_001, "2020-01", months=12, seed=3), "ui"),
        Upload("sales", sales_file(10_002, "2021-01", months=12, seed=4), "ui"),
        Upload("complaints", complaints_file(3_004, "2020-01", months=12, seed=5), "ui"),
        Upload("sales", sales_file(10_008, "2022-01", months=12, seed=6), "script"),
        Upload("surveys", surveys_file(3_016, "2020-01", months=12, seed=7), "script"),
    ]
    everything = [script, *sessions]
    allowed = possible_states(base, everything)

    errors: list[BaseException] = []
    go = threading.Event()
    writers_done = threading.Event()
    prepared = threading.Semaphore(0)
    committed: list[float] = []  # when each session prepared beforehand got its commit
    seen: list[list[State]] = [[], []]

    def session(up: Upload) -> None:
        conn = db.connect(db_path)
        try:
            if up.how == "ui":
                ready = prepare(conn, up.dataset, up.file.name, up.file.data)
                prepared.release()
                assert go.wait(WAIT_S)
                commit(conn, ready)
                committed.append(time.monotonic())
            else:
                prepared.release()
                assert go.wait(WAIT_S)
                import_file(conn, up.dataset, up.file.name, up.file.data)
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    def reader(log: list[State]) -> None:
        conn = db.connect(db_path)
        try:
            while not writers_done.wait(0.02):  # a page refreshing now and then
                log.append(state_of(load_frames(conn)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    watcher = db.connect(db_path)
    readers = [threading.Thread(target=reader, args=(log,)) for log in seen]
    writers = [threading.Thread(target=session, args=(up,)) for up in sessions]
    path = tmp_path / script.file.name
    path.write_bytes(script.file.data)
    proc = start_import(db_path, "sales", path)
    try:
        for th in [*readers, *writers]:
            th.start()
        for _ in sessions:
            assert prepared.acquire(timeout=WAIT_S)
        # Catch the script inside its write transaction, rows half written, and hold it.
        stop_while_writing(proc, db_path, WRITING_BYTES)
        # A page read now sees the store as it was before the script's import.
        assert state_of(load_frames(watcher)) == base
        # Release the sessions: the prepared ones commit at once; the first takes this
        # process's writer lock and meets the script's transaction in SQLite.
        go.set()
        wait_for(lambda: session_writing(watcher) or bool(errors), "a session committing")
        wait_for(lambda: waiting_to_begin(writers) or bool(errors), "a session in BEGIN")
        resumed = time.monotonic()
        proc.send_signal(signal.SIGCONT)
        for th in writers:
            th.join(WAIT_S)
        out, err = proc.communicate(timeout=WAIT_S)
    finally:
        go.set()
        writers_done.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for th in [*writers, *readers]:
            th.join(WAIT_S)
        watcher.close()

    assert errors == []  # no "database is locked", nor anything else
    assert len(committed) == 3 and min(committed) > resumed
    assert proc.returncode == 0, err
    assert err == "" and out.startswith("Righe importate: 80.000")

    conn = db.connect(db_path)
    try:
        final = state_of(load_frames(conn))
        assert allowed[final] == frozenset(range(len(everything)))
        history = {i.file_name: i for i in list_imports(conn)}
        assert len(history) == 1 + len(everything)
        for up in everything:
            info = history[up.file.name]
            assert (info.dataset, info.rows, info.stored, info.rejected, info.status) == (
                up.dataset, up.file.rows, up.file.rows, 0, "active",
            )  # fmt: skip
            assert (info.period_from, info.period_to) == (up.file.period_from, up.file.period_to)
            assert info.sha256 == hashlib.sha256(up.file.data).hexdigest()
        per_import = dict(conn.execute("SELECT import_id, count(*) FROM sales GROUP BY 1"))
        assert per_import == {i.id: i.rows for i in history.values() if i.dataset == "sales"}
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()

    # Readers: every snapshot is the base plus whole imports, and never goes backwards.
    for log in seen:
        assert log, "a reader never finished a read"
        previous: frozenset[int] = frozenset()
        for state in log:
            assert state in allowed, f"half an import seen: {state}"
            assert previous <= allowed[state]
            previous = allowed[state]


@pytest.mark.parametrize(
    ("second_seed", "refusal"),
    [(1, "import.error.already_imported"), (2, "import.error.overlap")],  # same bytes, or not
    ids=["same file", "same month"],
)
def test_two_sessions_committing_the_same_month_at_once(
    db_path: Path, second_seed: int, refusal: str
) -> None:
    """Two people upload the same month at the same moment. Both previews were clean (the
    store held neither file); at the commit, one must be refused, not both stored: the
    conflicts are checked again under the writer lock."""
    files = [
        sales_file(5_000, "2025-03", months=1, seed=1, name="vendite marzo.csv"),
        sales_file(5_000, "2025-03", months=1, seed=second_seed, name="vendite marzo bis.csv"),
    ]
    conns = [db.connect(db_path) for _ in files]
    ready = [prepare(c, "sales", f.name, f.data) for c, f in zip(conns, files, strict=True)]
    assert [(r.duplicate, r.overlap) for r in ready] == [(None, [])] * 2
    start = threading.Barrier(len(files))
    outcomes: list[object] = [None] * len(files)

    def session(i: int) -> None:
        start.wait(WAIT_S)
        try:
            outcomes[i] = commit(conns[i], ready[i]).rows
        except BaseException as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=session, args=(i,)) for i in range(len(files))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(WAIT_S)
    stored = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, ImportConflict)]
    assert len(stored) == 1 and len(refused) == 1, outcomes
    assert refused[0].key == refusal
    rows, imports = (
        conns[0]
        .execute("SELECT (SELECT count(*) FROM sales), (SELECT count(*) FROM imports)")
        .fetchone()
    )
    assert (rows, imports) == (stored[0], 1)
    for c in conns:
        c.close()


OPENER = """
import os, sys, time
from cx_sme.core import db
db_path, ready, go = sys.argv[1:4]
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.0005)
db.connect(db_path).close()
"""


def test_sessions_and_scripts_opening_a_new_store_at_once(tmp_path: Path) -> None:
    """The first start: the app's sessions and a script open a store that does not exist
    yet, all at the same moment; the schema is made once and nobody fails."""
    db_path = tmp_path / "nuovo.sqlite"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(db_path), str(tmp_path / f"ready{n}"), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
            cwd=PROJECT,
        )
        for n in range(2)
    ]
    sessions = 6
    start = threading.Barrier(sessions + 1)
    errors: list[BaseException] = []
    versions: list[int] = []

    def session() -> None:
        try:
            start.wait(WAIT_S)
            conn = db.connect(db_path)
            versions.append(db.schema_version(conn))
            conn.close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=session) for _ in range(sessions)]
    for th in threads:
        th.start()
    try:
        for n, proc in enumerate(procs):
            ready = tmp_path / f"ready{n}"
            wait_for(lambda r=ready, p=proc: r.exists() or p.poll() is not None, f"ready {n}")
            assert ready.exists(), proc.communicate()
        go.touch()
        start.wait(WAIT_S)
    finally:
        go.touch()
        for th in threads:
            th.join(WAIT_S)
        results = [proc.communicate(timeout=WAIT_S) for proc in procs]

    assert errors == []
    assert [(p.returncode, err) for p, (_out, err) in zip(procs, results, strict=True)] == [
        (0, "")
    ] * len(procs)
    assert versions == [db.latest_version()] * sessions
    conn = db.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT count(*) FROM meta WHERE key = 'data_version'").fetchone() == (
            1,
        )
        assert conn.execute("SELECT count(*) FROM departments").fetchone() == (7,)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def open_at_once(db_path: Path, sessions: int) -> list[BaseException]:
    """``sessions`` threads open ``db_path`` (pragmas, no migration) at the same moment;
    their errors."""
    start = threading.Barrier(sessions)
    errors: list[BaseException] = []

    def session() -> None:
        try:
            start.wait(WAIT_S)
            db.open_connection(db_path).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=session) for _ in range(sessions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(WAIT_S)
    return errors


def test_two_sessions_switching_a_new_store_to_wal_at_once(tmp_path: Path) -> None:
    """Two first connections on a new file both switch it to WAL; SQLite refuses one of
    two simultaneous switches outright ("database is locked", no busy wait). A round
    meets that about once in thirty, hence the many rounds."""
    for n in range(150):
        db_path = tmp_path / f"nuovo{n}.sqlite"
        assert open_at_once(db_path, 2) == [], f"round {n}"
    conn = db.open_connection(tmp_path / "nuovo0.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
