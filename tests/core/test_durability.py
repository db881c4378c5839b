"""A crash in the middle of an import leaves the previous data exactly as it was.

A real ``python -m cx_sme import`` process is caught inside its write transaction, with
its rows already spilling into the ``-wal`` file (see ``tests/fixtures/storage_process``
for how this is made certain), and killed with SIGKILL. Then the store is opened again
and compared, table by table, with what it held before the import started.
"""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from cx_sme.core import db
from cx_sme.ingest.import_log import list_imports
from cx_sme.ingest.importer import import_file
from tests.fixtures.storage_files import StoredFile, sales_file
from tests.fixtures.storage_process import start_import, stop_while_writing, wal_size

# WAL growth showing the import is writing its rows (its transaction still open).
WRITING_BYTES = 256 << 10
# Rows of the import we kill: its WAL would grow to about 5 MB by the commit.
BIG_ROWS = 100_000

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="POSIX signals")


def dump(db_path: Path) -> dict[str, object]:
    """Everything the store holds: schema, version and every table's rows."""
    conn = db.open_connection(db_path)
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        out: dict[str, object] = {
            "user_version": db.schema_version(conn),
            "schema": schema.fetchall(),
        }
        tables = [
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for name in tables:
            out[name] = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
        return out
    finally:
        conn.close()


def assert_sound(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def sales_by_month(conn: sqlite3.Connection) -> dict[str, tuple[int, int, int]]:
    """month -> (import id, rows, cents); fails if a month mixes imports."""
    rows = conn.execute(
        "SELECT substr(date, 1, 7), min(import_id), max(import_id), count(*), "
        "sum(amount_cents) FROM sales GROUP BY 1"
    ).fetchall()
    assert all(low == high for _m, low, high, _n, _c in rows)
    return {month: (low, n, cents) for month, low, _high, n, cents in rows}


def store(db_path: Path, *files: StoredFile) -> list[int]:
    conn = db.connect(db_path)
    try:
        return [import_file(conn, "sales", f.name, f.data).import_id for f in files]
    finally:
        conn.close()


def run_killed_import(db_path: Path, tmp_path: Path, big: StoredFile, *options: str) -> None:
    path = tmp_path / big.name
    path.write_bytes(big.data)
    proc = start_import(db_path, "sales", path, *options)
    try:
        seen = stop_while_writing(proc, db_path, WRITING_BYTES)
    finally:
        proc.kill()  # SIGKILL, also when stopped
        out, _err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert out == ""  # no summary: it never committed
    # The dead writer's uncommitted pages are still there for the next opener to ignore.
    assert wal_size(db_path) >= seen


def test_import_killed_while_writing_leaves_the_previous_data_intact(
    db_path: Path, tmp_path: Path
) -> None:
    first = sales_file(3_000, "2025-01", months=3, seed=1, name="vendite primo trimestre.csv")
    (first_id,) = store(db_path, first)
    before = dump(db_path)

    big = sales_file(BIG_ROWS, "2025-04", months=6, seed=2, name="vendite aprile-settembre.csv")
    run_killed_import(db_path, tmp_path, big)

    assert dump(db_path) == before  # no trace of the killed import, anywhere
    conn = db.connect(db_path)
    try:
        assert_sound(conn)
        count, cents = conn.execute("SELECT count(*), sum(amount_cents) FROM sales").fetchone()
        assert (count, cents) == (first.rows, first.cents)
        assert sorted(sales_by_month(conn)) == list(first.months)
        history = [(i.id, i.file_name, i.rows, i.status, i.stored) for i in list_imports(conn)]
        assert history == [(first_id, first.name, first.rows, "active", first.rows)]
        # Run again, the killed import goes through whole: nothing of it was left behind
        # to make it look already imported or overlapping.
        again = import_file(conn, "sales", big.name, big.data)
        assert again.rows == big.rows and again.replaced_months == []
        count, cents = conn.execute("SELECT count(*), sum(amount_cents) FROM sales").fetchone()
        assert (count, cents) == (first.rows + big.rows, first.cents + big.cents)
        assert_sound(conn)
    finally:
        conn.close()


def test_month_replacement_killed_while_writing_keeps_the_old_rows(
    db_path: Path, tmp_path: Path
) -> None:
    old = sales_file(3_000, "2025-01", months=3, seed=1, name="vendite gen-mar.csv")
    april = sales_file(800, "2025-04", months=1, seed=3, name="vendite aprile.csv")
    old_id, april_id = store(db_path, old, april)
    conn = db.connect(db_path)
    months_before = sales_by_month(conn)
    conn.close()
    before = dump(db_path)

    # The new version of January-March: the old rows of those months are moved out first
    # (inside the transaction), then the new ones written; the kill comes while writing.
    new = sales_file(BIG_ROWS, "2025-01", months=3, seed=4, name="vendite gen-mar v2.csv")
    run_killed_import(db_path, tmp_path, new, "--replace")

    assert dump(db_path) == before
    conn = db.connect(db_path)
    try:
        assert_sound(conn)
        months = sales_by_month(conn)
        assert months == months_before
        assert {m: v[0] for m, v in months.items()} == {
            "2025-01": old_id, "2025-02": old_id, "2025-03": old_id, "2025-04": april_id,
        }  # fmt: skip
        assert sum(n for _i, n, _c in months.values()) == old.rows + april.rows
        assert sum(c for _i, _n, c in months.values()) == old.cents + april.cents
        assert conn.execute("SELECT count(*) FROM sales_replaced").fetchone() == (0,)
        assert [(i.id, i.status) for i in list_imports(conn)] == [
            (april_id, "active"), (old_id, "active"),
        ]  # fmt: skip
        # A replacement made now goes through whole.
        small = sales_file(30, "2025-02", months=1, seed=5, name="vendite febbraio v3.csv")
        result = import_file(conn, "sales", small.name, small.data, replace=True)
        assert result.replaced_months == ["2025-02"]
        assert sales_by_month(conn)["2025-02"] == (result.import_id, small.rows, small.cents)
        assert sales_by_month(conn)["2025-01"] == months_before["2025-01"]
        assert_sound(conn)
    finally:
        conn.close()
