"""Backup and restore: round trip, every refusal, automatic backups and their rotation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cx_sme.admin import backup, privacy
from cx_sme.core import db
from cx_sme.core.errors import BackupRefused
from tests.admin.store_data import another_apps_store, rows_of


def _add_sales(conn: sqlite3.Connection, customers: list[str], month: str = "2025-01") -> None:
    with db.write_transaction(conn):
        import_id = conn.execute(
            "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
            "VALUES ('sales', 'vendite.xlsx', 'abc', ?, '2025-02-01T10:00:00') RETURNING id",
            (len(customers),),
        ).fetchone()[0]
        conn.cursor().executemany(
            "INSERT INTO sales (import_id, date, customer_id, amount_cents, customer_name) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (import_id, f"{month}-{n % 28 + 1:02d}", customer, 1000 + n, "Rossi")
                for n, customer in enumerate(customers)
            ],
        )
        db.bump_data_version(conn)


def _count(conn: sqlite3.Connection, table: str = "sales") -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_round_trip_restores_exactly_the_backed_up_data(tmp_path: Path) -> None:
    source = db.connect(tmp_path / "a" / "cx.sqlite")
    _add_sales(source, ["C1", "C2", "C3"])
    data = backup.backup_bytes(source)
    assert data.startswith(backup.SQLITE_HEADER)

    target = db.connect(tmp_path / "b" / "cx.sqlite")
    _add_sales(target, ["X9"])
    other_session = db.connect(tmp_path / "b" / "cx.sqlite")
    version_before = db.data_version(target)

    result = backup.restore(target, data)

    assert result.info.counts["sales"] == 3
    rows = target.execute("SELECT customer_id FROM sales ORDER BY customer_id").fetchall()
    assert [r[0] for r in rows] == ["C1", "C2", "C3"]
    # another session's connection sees the restored data, and cached figures are stale
    assert _count(other_session) == 3
    assert db.data_version(target) > max(version_before, db.data_version(source))
    # the store replaced was saved first, and holds the old data
    assert result.saved_before is not None and result.saved_before.exists()
    saved = sqlite3.connect(result.saved_before)
    assert [r[0] for r in saved.execute("SELECT customer_id FROM sales")] == ["X9"]
    saved.close()
    # the backup markers do not leak into the live store
    keys = {r[0] for r in target.execute("SELECT key FROM meta")}
    assert "backup_created_at" not in keys
    assert target.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_backup_file_is_self_contained_and_says_when(tmp_path: Path, fresh_db) -> None:
    _add_sales(fresh_db, ["C1"])
    dest = backup.create_backup(fresh_db, tmp_path / "out" / "copy.sqlite")
    assert dest.exists()
    assert not Path(str(dest) + "-wal").exists()
    check = sqlite3.connect(dest)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    check.close()
    info = backup.check_backup(dest)
    assert info.created_at is not None and info.counts["sales"] == 1
    assert info.schema_version == db.latest_version()


def test_backup_holds_committed_data_only(tmp_path: Path, fresh_db) -> None:
    _add_sales(fresh_db, ["C1"])
    with db.write_transaction(fresh_db):
        fresh_db.execute("DELETE FROM sales")
        dest = backup.create_backup(fresh_db, tmp_path / "during.sqlite")
    copy = sqlite3.connect(dest)
    assert _count(copy) == 1
    copy.close()


def test_refuses_a_file_that_is_not_sqlite(fresh_db) -> None:
    with pytest.raises(BackupRefused) as err:
        backup.restore(fresh_db, b"Codice;Importo\nC1;10\n")
    assert err.value.key == "settings.backup.not_sqlite"
    assert "non è nemmeno un database SQLite" in str(err.value)


def test_refuses_a_corrupt_backup_and_keeps_the_data(tmp_path: Path, fresh_db) -> None:
    _add_sales(fresh_db, [f"C{n}" for n in range(3000)])
    data = bytearray(backup.backup_bytes(fresh_db))
    page = 4096
    for offset in range(3 * page, len(data) - page, 5 * page):
        data[offset + 100 : offset + 900] = b"\xff" * 800
    target = db.connect(tmp_path / "t.sqlite")
    _add_sales(target, ["KEEP"])
    with pytest.raises(BackupRefused) as err:
        backup.restore(target, bytes(data))
    assert err.value.key == "settings.backup.corrupt"
    assert [r[0] for r in target.execute("SELECT customer_id FROM sales")] == ["KEEP"]
    assert backup.list_auto_backups(target) == []  # refused before anything was done


def test_refuses_a_truncated_header_only_file(fresh_db) -> None:
    with pytest.raises(BackupRefused) as err:
        backup.restore(fresh_db, backup.SQLITE_HEADER + b"\x00" * 50)
    assert err.value.key == "settings.backup.corrupt"


def test_refuses_another_apps_sqlite(tmp_path: Path, fresh_db) -> None:
    other = another_apps_store(tmp_path / "gestionale.sqlite", "fatture", version=3)
    with pytest.raises(BackupRefused) as err:
        backup.restore(fresh_db, other)
    assert err.value.key == "settings.backup.not_ours"


def test_refuses_a_backup_with_objects_added(tmp_path: Path, fresh_db) -> None:
    dest = backup.create_backup(fresh_db, tmp_path / "tampered.sqlite")
    conn = sqlite3.connect(dest)
    conn.execute("CREATE TRIGGER spy AFTER INSERT ON sales BEGIN DELETE FROM complaints; END")
    conn.commit()
    conn.close()
    with pytest.raises(BackupRefused) as err:
        backup.check_backup(dest)
    assert err.value.key == "settings.backup.not_ours"


def test_refuses_a_backup_of_a_newer_schema(tmp_path: Path, fresh_db) -> None:
    dest = backup.create_backup(fresh_db, tmp_path / "future.sqlite")
    conn = sqlite3.connect(dest)
    conn.execute(f"PRAGMA user_version = {db.latest_version() + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(BackupRefused) as err:
        backup.restore(fresh_db, dest)
    assert err.value.key == "settings.backup.newer"
    assert str(db.latest_version() + 1) in str(err.value)


def test_an_older_backup_is_restored_and_migrated(tmp_path: Path) -> None:
    old = db.connect(tmp_path / "old" / "cx.sqlite", migrate_to=2)
    _add_sales(old, ["C1", "C2"])
    data = backup.backup_bytes(old)
    assert backup.check_backup_bytes(data).schema_version == 2

    target = db.connect(tmp_path / "new" / "cx.sqlite")
    backup.restore(target, data)
    assert db.schema_version(target) == db.latest_version()
    assert _count(target) == 2


def test_restore_from_a_missing_path_is_refused(tmp_path: Path, fresh_db) -> None:
    with pytest.raises(BackupRefused) as err:
        backup.restore(fresh_db, tmp_path / "nowhere.sqlite")
    assert err.value.key == "settings.backup.unreadable"


def test_restore_on_either_database_does_not_bring_back_an_erased_customer(
    store_address: str,
) -> None:
    conn = db.connect(store_address)
    try:
        _add_sales(conn, ["C1", "C2", "C2"])
        old = backup.backup_bytes(conn)
        privacy.erase_customer(conn, "C2", by="titolare")

        result = backup.restore(conn, old)

        assert result.erased_again == 2
        assert [r[0] for r in conn.execute("SELECT customer_id FROM sales")] == ["C1"]
        assert privacy.was_erased(conn, "C2")
        assert len(privacy.erasure_log(conn)) == 1
    finally:
        conn.close()


def test_a_backup_postgresql_refuses_leaves_the_schema_as_it_was(
    postgres_company, tmp_path: Path
) -> None:
    """A file SQLite's checks let through but PostgreSQL refuses (text in an integer
    column): nothing of the schema changes (one transaction)."""
    _add_sales(postgres_company, ["KEEP"])
    crafted = backup.create_backup(postgres_company, tmp_path / "crafted.sqlite")
    conn = sqlite3.connect(crafted)
    conn.execute("UPDATE imports SET rows = 'molte'")
    conn.commit()
    conn.close()
    assert backup.check_backup(crafted).counts["sales"] == 1  # SQLite's checks accept it
    _add_sales(postgres_company, ["ALSO"])
    before = rows_of(postgres_company, privacy.store_tables(postgres_company))

    with pytest.raises(BackupRefused) as refused:
        backup.restore(postgres_company, crafted)

    assert refused.value.key == "settings.backup.corrupt"
    assert "non sono stati toccati" in refused.value.message()
    assert rows_of(postgres_company, privacy.store_tables(postgres_company)) == before


def test_a_postgresql_backup_is_one_moment_of_the_schema(
    postgres_company, tmp_path: Path, monkeypatch
) -> None:
    """Read in one snapshot: an import another session commits while the copy runs (after
    the imports are copied, before their sales lines) is not half in the backup."""
    from cx_sme.tenancy import postgres_copy

    _add_sales(postgres_company, ["C1"])
    original = postgres_copy._columns
    written: list[str] = []

    def columns_then_a_write(conn: sqlite3.Connection, table: str) -> list[str]:
        if table == "sales" and not written:
            _add_sales(postgres_company, ["LATE1", "LATE2"])  # committed by another session
            written.append(table)
        return original(conn, table)

    monkeypatch.setattr(postgres_copy, "_columns", columns_then_a_write)
    dest = backup.create_backup(postgres_company, tmp_path / "during.sqlite")

    assert written == ["sales"]
    info = backup.check_backup(dest)
    assert (info.counts["imports"], info.counts["sales"]) == (1, 1)
    assert _count(postgres_company) == 3
