"""The backup, restore and erase-customer commands on either database (``--db`` a SQLite
file or a ``postgresql://`` address): their contract (output, exit codes, nothing changed
on a refusal), a PostgreSQL company taken away in a SQLite file and brought back on both
databases, and an erasure that leaves no byte of the customer in the store's files."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cx_sme.admin import backup, privacy
from cx_sme.core import config, db, postgres
from tests.admin.store_data import CODE, NAME, another_apps_store, fill, rows_of
from tests.cli.harness import invoke, run_process

_SCHEMAS = itertools.count(1)


def _store(address: str) -> sqlite3.Connection:
    conn = db.connect(address)
    fill(conn)
    return conn


def _surveys(address: str) -> int:
    conn = db.connect(address)
    try:
        return int(conn.execute("SELECT count(*) FROM surveys").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def schemas(postgres_url: str) -> Iterator[Callable[[], str]]:
    """Addresses of new company schemas of the throwaway cluster, dropped at the end."""
    made: list[str] = []

    def new() -> str:
        made.append(f"cx_viaggio{next(_SCHEMAS)}")
        return postgres.company_address(postgres_url, made[-1])

    yield new
    conn = postgres.open_connection(postgres_url)
    try:
        for schema in made:
            postgres.drop_schema(conn, schema)
    finally:
        conn.close()


def test_backup_and_restore_round_trip(store_address: str, tmp_path: Path) -> None:
    _store(store_address).close()
    copy = tmp_path / "copie" / "backup.sqlite"
    saved = invoke(["--db", store_address, "backup", str(copy)])
    assert saved.returncode == 0, saved.stderr
    assert copy.exists() and "Backup salvato" in saved.stdout
    assert copy.read_bytes().startswith(backup.SQLITE_HEADER)

    conn = db.connect(store_address)
    with db.write_transaction(conn):
        conn.execute("DELETE FROM surveys")
    folder = backup.backup_dir(conn)
    conn.close()
    assert _surveys(store_address) == 0

    restored = invoke(["--db", store_address, "restore", str(copy)])
    assert restored.returncode == 0, restored.stderr
    assert "Ripristinato" in restored.stdout and str(folder) in restored.stdout
    assert _surveys(store_address) == 3


def test_restore_refusals_change_nothing(store_address: str, tmp_path: Path) -> None:
    _store(store_address).close()
    text = tmp_path / "vendite.csv"
    text.write_text("codice;importo\nC1;10\n", encoding="utf-8")
    refused = invoke(["--db", store_address, "restore", str(text)])
    assert refused.returncode == 2
    assert "non è un backup di CX per PMI" in refused.stderr

    other = another_apps_store(tmp_path / "altro.sqlite", "clienti", version=1)
    refused = run_process(["--db", store_address, "restore", str(other)])
    assert refused.returncode == 2 and "non un backup di CX per PMI" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _surveys(store_address) == 3

    if not config.is_postgres_address(store_address):
        itself = invoke(["--db", store_address, "backup", store_address])
        assert itself.returncode == 2 and "database stesso" in itself.stderr


def test_a_postgresql_company_leaves_in_a_sqlite_file_and_comes_back_on_both(
    schemas: Callable[[], str], tmp_path: Path
) -> None:
    """A company on PostgreSQL backed up to a SQLite file, restored into another SQLite
    store and into another PostgreSQL schema: the same rows in all three."""
    source, another_schema = schemas(), schemas()
    company = _store(source)
    taken = tmp_path / "portata-via.sqlite"
    saved = invoke(["--db", source, "backup", str(taken)])
    assert saved.returncode == 0, saved.stderr
    assert "400" in saved.stdout  # the sales lines, counted in the file

    sqlite_store = tmp_path / "altrove" / "cx.sqlite"
    db.connect(sqlite_store).close()
    for target in (str(sqlite_store), another_schema):
        done = invoke(["--db", target, "restore", str(taken)])
        assert done.returncode == 0, (target, done.stderr)

    check = db.connect(sqlite_store)
    tables = [t for t in privacy.store_tables(check) if t != "meta"]
    check.close()
    expected = rows_of(company, tables)
    key = company.execute("SELECT value FROM meta WHERE key = 'privacy_key'").fetchone()
    company.close()
    assert len(expected["sales"]) == 400 and len(expected["sales_orders"]) == 400
    for target in (str(sqlite_store), another_schema):
        conn = db.connect(target)
        try:
            assert rows_of(conn, tables) == expected, target
            assert (
                conn.execute("SELECT value FROM meta WHERE key = 'privacy_key'").fetchone() == key
            )
        finally:
            conn.close()


# --- erase-customer: no byte of the customer left in the store's files -----------------


def _sqlite_files(conn: sqlite3.Connection) -> list[tuple[str, bytes]]:
    store = db.database_file(conn)
    assert store is not None
    return [(p.name, p.read_bytes()) for p in (store, store.with_name(store.name + "-wal"))
            if p.exists()]  # fmt: skip


def _postgres_files(conn: sqlite3.Connection) -> list[tuple[str, bytes]]:
    """The files of the schema's tables, their indexes and TOAST tables, as the server
    has them on disk after a checkpoint (the test cluster's user is a superuser)."""
    conn.execute("CHECKPOINT")
    relations = conn.execute(
        "WITH own AS (SELECT oid, reltoastrelid FROM pg_class "
        "             WHERE relnamespace = current_schema()::regnamespace), "
        "toast AS (SELECT reltoastrelid AS oid FROM own WHERE reltoastrelid <> 0) "
        "SELECT c.oid::regclass::text, pg_relation_filepath(c.oid) FROM pg_class c "
        "WHERE pg_relation_filepath(c.oid) IS NOT NULL AND (c.oid IN (SELECT oid FROM own) "
        "OR c.oid IN (SELECT oid FROM toast) "
        "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM toast)))"
    ).fetchall()
    assert len(relations) > 20
    return [
        (name, bytes(conn.execute("SELECT pg_read_binary_file(?)", (path,)).fetchone()[0]))
        for name, path in relations
    ]


def _backup_files(conn: sqlite3.Connection) -> list[tuple[str, bytes]]:
    folder = backup.backup_dir(conn)
    assert folder is not None
    return [(p.name, p.read_bytes()) for p in sorted(folder.glob("*"))]


def _holding(files: list[tuple[str, bytes]], text: str) -> list[str]:
    return [name for name, data in files if text.encode() in data]


def test_erase_customer_leaves_no_byte_behind(store_address: str) -> None:
    """The customer's code and name leave the store's files (SQLite: the file and its
    write-ahead log; PostgreSQL: the files of the schema's tables and indexes) and the
    automatic backups. PostgreSQL's own write-ahead log is not looked at: see
    cx_sme/admin/erasure.py for what it keeps."""
    conn = _store(store_address)
    backup.auto_backup(conn, "replace-sales-2026-03")
    files = _postgres_files if db.is_postgres(conn) else _sqlite_files
    found = files(conn)
    assert _holding(found, CODE) and _holding(found, NAME)  # the test can fail
    assert _holding(_backup_files(conn), CODE)
    others = conn.execute("SELECT count(*) FROM sales WHERE customer_id <> ?", (CODE,)).fetchone()
    conn.close()

    done = invoke(["--db", store_address, "erase-customer", CODE])
    assert done.returncode == 0, done.stderr
    assert "Cliente cancellato" in done.stdout and "copie automatiche" in done.stdout
    assert done.stdout.count("\n") == 1

    conn = db.connect(store_address)
    try:
        for text in (CODE, NAME):
            assert _holding(files(conn), text) == [], text
            assert _holding(_backup_files(conn), text) == [], text
        assert privacy.footprint(conn, CODE) == {}
        assert conn.execute("SELECT count(*) FROM sales").fetchone() == others  # others kept
        (logged,) = privacy.erasure_log(conn)
        assert logged.erased_by == "riga di comando"
        assert logged.detail == {"complaints": 1, "sales": 58, "surveys": 2}
    finally:
        conn.close()


def test_an_unknown_code_is_refused_and_nothing_recorded(store_address: str) -> None:
    _store(store_address).close()
    done = run_process(["--db", store_address, "erase-customer", "NON-ESISTE"])
    assert done.returncode == 2
    assert "NON-ESISTE" in done.stderr and "Traceback" not in done.stderr
    conn = db.connect(store_address)
    try:
        assert privacy.erasure_log(conn) == []
        assert privacy.footprint(conn, CODE)["sales"] == 58
    finally:
        conn.close()
