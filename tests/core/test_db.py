"""The store: pragmas, migrations from every past version, atomic writes."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from cx_sme.core import db


@pytest.mark.sqlite_only
def test_connection_pragmas(fresh_db: sqlite3.Connection) -> None:
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.schema_version(fresh_db) == db.latest_version()


@pytest.mark.parametrize("start", range(0, db.latest_version()))
def test_migrates_from_every_past_version(tmp_path, start: int) -> None:
    path = tmp_path / "old.sqlite"
    old = db.connect(path, migrate_to=start)
    assert db.schema_version(old) == start
    old.close()
    calls = []
    conn = db.connect(path, before_migrate=lambda c, a, b: calls.append((a, b)))
    assert db.schema_version(conn) == db.latest_version()
    assert calls == ([] if start == 0 else [(start, db.latest_version())])
    # the core tables answer after migrating
    assert conn.execute("SELECT count(*) FROM sales").fetchone()[0] == 0


def test_refuses_a_database_from_a_newer_version(tmp_path) -> None:
    path = tmp_path / "new.sqlite"
    conn = db.connect(path)
    conn.execute(f"PRAGMA user_version = {db.latest_version() + 1}")
    conn.close()
    with pytest.raises(db_error()) as info:
        db.connect(path)
    assert "versione più recente" in str(info.value)


def db_error():
    from cx_sme.core.errors import CxError

    return CxError


def test_write_transaction_rolls_back_everything(fresh_db: sqlite3.Connection) -> None:
    with pytest.raises(RuntimeError):
        with db.write_transaction(fresh_db):
            db.set_setting(fresh_db, "sla_days", 5)
            raise RuntimeError("boom")
    assert db.get_setting(fresh_db, "sla_days", 7) == 7


def test_data_version_increases(fresh_db: sqlite3.Connection) -> None:
    before = db.data_version(fresh_db)
    with db.write_transaction(fresh_db):
        db.bump_data_version(fresh_db)
    assert db.data_version(fresh_db) == before + 1


def test_concurrent_writers_never_see_database_locked(db_path) -> None:
    db.connect(db_path).close()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        conn = db.connect(db_path)
        try:
            for i in range(30):
                db.set_setting(conn, f"k{n}_{i}", i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    conn = db.connect(db_path)
    assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 180
