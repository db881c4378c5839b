"""The store: connections, migrations, write transactions.

The store is an embedded SQLite file by default, or a company's schema on a PostgreSQL
server when it is given as a ``postgresql://`` address (:mod:`cx_sme.core.postgres`, where
the same calls below take PostgreSQL's way). The SQL of the code is written once, with
``?`` placeholders, in the SQL both databases speak.

Every connection runs in WAL mode with a busy timeout and foreign keys on. Writes go
through :func:`write_transaction`, which holds a per-file lock of this process (one
serialised writer) and ``BEGIN IMMEDIATE`` so that several browser sessions never meet
"database is locked". The schema is versioned with ``PRAGMA user_version``: the files in
``migrations/`` (``0001_core.sql``, ``0002_...``) are applied in order, each in its own
transaction.

>>> conn = connect(":memory:")
>>> schema_version(conn) == len(migration_files())
True
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from cx_sme.core import config
from cx_sme.core.errors import CxError

# A connection the read-only, parameter-free queries of the KPI load run on: SQLite's, or
# a company's PostgreSQL schema (cx_sme.core.postgres), which hold the same tables.
if TYPE_CHECKING:
    import psycopg

    Readable: TypeAlias = sqlite3.Connection | psycopg.Connection[Any]
else:
    Readable = sqlite3.Connection

BUSY_TIMEOUT_MS = 30_000

# One lock per database file, shared by the threads (browser sessions) of this process:
# this is the serialised writer, so it is deliberately process-wide.
_WRITER_LOCKS: dict[str, threading.RLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()

# Called with (connection, from_version, to_version) before pending migrations run on a
# database that already has a schema (used for the automatic backup before a migration).
BeforeMigrate = Callable[[sqlite3.Connection, int, int], None]


def numbered_sql(folder: Traversable) -> list[tuple[int, str, str]]:
    """The ``NNNN_name.sql`` files of ``folder`` as (version, name, sql), in order; their
    numbers must follow each other without gaps."""
    found = sorted(
        (int(entry.name[:4]), entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql") and entry.name[:4].isdigit()
    )
    versions = [v for v, _, _ in found]
    first = versions[0] if versions else 0
    if versions != list(range(first, first + len(versions))):
        raise RuntimeError(f"migrations must be numbered without gaps: {versions}")
    return found


def migration_files() -> list[tuple[int, str, str]]:
    """The ordered migrations as (version, name, sql)."""
    found = numbered_sql(resources.files("cx_sme.core") / "migrations")
    if not found or found[0][0] != 1:
        versions = [v for v, _, _ in found]
        raise RuntimeError(f"migrations must be numbered 1..n without gaps: {versions}")
    return found


def is_postgres(conn: Readable) -> bool:
    """True when ``conn`` reaches a PostgreSQL schema (else it is SQLite's)."""
    return not isinstance(conn, sqlite3.Connection)


def schema_version(conn: sqlite3.Connection) -> int:
    if is_postgres(conn):
        import cx_sme.core.postgres as postgres

        return postgres.schema_version(conn)  # type: ignore[arg-type]
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def latest_version() -> int:
    return len(migration_files())


def _lock_for(conn: sqlite3.Connection) -> threading.RLock:
    row = conn.execute("PRAGMA database_list").fetchone()
    key = row[2] or f"memory:{id(conn)}"
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(key, threading.RLock())


def open_connection(path: str | Path) -> sqlite3.Connection:
    """Open ``path`` with the store's pragmas, without migrating (a ``postgresql://``
    address: the schema it names). A PostgreSQL connection is typed as sqlite3's: it
    answers the same calls the code makes (``execute``, ``executemany``, the cursor's
    ``fetch…`` and ``rowcount``, ``close``)."""
    if config.is_postgres_address(path):
        import cx_sme.core.postgres as postgres

        return cast(sqlite3.Connection, postgres.open_connection(str(path)))
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        _set_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _set_wal(conn: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode = WAL``, retried while another connection is switching a new
    file too: SQLite refuses one of two such switches at once without waiting."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def connect(
    path: str | Path, *, migrate_to: int | None = None, before_migrate: BeforeMigrate | None = None
) -> sqlite3.Connection:
    """Open the store at ``path`` and bring its schema up to date (or to ``migrate_to``)."""
    conn = open_connection(path)
    try:
        migrate(conn, to=migrate_to, before_migrate=before_migrate)
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(
    conn: sqlite3.Connection, *, to: int | None = None, before_migrate: BeforeMigrate | None = None
) -> int:
    """Apply pending migrations in order; return the resulting schema version."""
    if is_postgres(conn):
        import cx_sme.core.postgres as postgres

        if to is not None and to != postgres.latest_version():
            raise RuntimeError("a PostgreSQL schema migrates to the latest version only")
        return postgres.migrate(conn)  # type: ignore[arg-type]
    files = migration_files()
    target = len(files) if to is None else to
    current = schema_version(conn)
    if current > len(files):
        raise CxError("common.error.db_newer", found=current, supported=len(files))
    if current >= target:
        return current
    if before_migrate is not None and current > 0:
        before_migrate(conn, current, target)
    for version, _name, sql in files:
        if current < version <= target:
            with write_transaction(conn):
                # Another connection (session or process) may have applied it meanwhile.
                if schema_version(conn) >= version:
                    continue
                # executescript would COMMIT our transaction; run statements one by one.
                for statement in _split_sql(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
    return schema_version(conn)


def _split_sql(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise RuntimeError(f"incomplete SQL statement in migration: {buffer[:80]!r}")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` under this process's writer lock for the file.

    Re-entrant: a nested call joins the outer transaction. Any exception rolls back
    everything, so an import is stored whole or not at all.
    """
    if is_postgres(conn):
        import cx_sme.core.postgres as postgres

        with postgres.write_transaction(conn):  # type: ignore[arg-type]
            yield conn
        return
    lock = _lock_for(conn)
    with lock:
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")


@contextmanager
def bulk_journal(conn: sqlite3.Connection) -> Iterator[bool]:
    """For one write of many new pages to a SQLite file no other connection has open: the
    rollback journal instead of the WAL while it runs, then the WAL again. Yields whether
    the journal was switched.

    In WAL mode each new page is written twice, to the WAL and then into the file when the
    WAL is checkpointed after the commit; with the rollback journal a page added at the
    file's end is written once (the journal keeps a copy of the few pages that existed).
    A million-line import writes about 150 MB, so on a slow disk this saves seconds.

    The switch is tried without waiting: while another connection has the file open (the
    app, another script) SQLite refuses it, and the write keeps the WAL, so readers never
    wait on it. A connection opened meanwhile waits, up to the busy timeout, to set the WAL
    itself (:func:`open_connection`). ``synchronous`` is FULL meanwhile (what the rollback
    journal needs to be safe from a power cut). A crash leaves a journal that SQLite rolls
    back on the next open, which sets the WAL again. Nothing changes on PostgreSQL, in an
    open transaction or on a database in memory."""
    if is_postgres(conn) or conn.in_transaction or not _in_wal(conn):
        yield False
        return
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        switched = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.OperationalError:  # another connection has the file open
        switched = False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not switched:
        yield False
        return
    conn.execute("PRAGMA synchronous = FULL")
    try:
        yield True
    finally:
        conn.execute("PRAGMA synchronous = NORMAL")
        try:
            _set_wal(conn)
        except sqlite3.OperationalError:  # still refused after the busy timeout: the next
            pass  # connection to open the file sets it


def _in_wal(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal")


def data_version(conn: Readable) -> int:
    """A counter bumped by every change of imported data: the key for KPI caches."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def bump_data_version(conn: sqlite3.Connection) -> int:
    """Increase :func:`data_version`; call inside the write transaction that changed data."""
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'")
    return data_version(conn)


def get_setting(conn: sqlite3.Connection, key: str, default: Any = None) -> Any:
    """A JSON setting, or ``default`` when it was never saved."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(conn: sqlite3.Connection, key: str, value: Any) -> None:
    with write_transaction(conn):
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The file behind ``conn`` (None for an in-memory database or PostgreSQL)."""
    if is_postgres(conn):
        return None
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def database_errors() -> tuple[type[Exception], ...]:
    """The errors a store may raise: sqlite3's, and psycopg's once it is loaded (no
    PostgreSQL connection exists before, and the SQLite path never loads it)."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error,) if psycopg is None else (sqlite3.Error, psycopg.Error)


def is_lost(conn: Readable) -> bool:
    """True when ``conn`` can no longer be used: a PostgreSQL connection closed or broken
    (the server restarted, the network dropped); a SQLite connection is never lost."""
    if not is_postgres(conn):
        return False
    return bool(getattr(conn, "closed", False) or getattr(conn, "broken", False))


def has_data(conn: sqlite3.Connection) -> bool:
    """True when at least one import is stored and active."""
    row = conn.execute("SELECT 1 FROM imports WHERE status = 'active' LIMIT 1").fetchone()
    return row is not None
