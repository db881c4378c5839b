"""Backup and restore: round trip, every refusal, automatic backups and their rotation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cx_sme.admin import backup, privacy
from cx_sme.core import db, postgres
from cx_sme.core.errors import BackupRefused, CxError
from tests.admin.store_data import rows_of


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
    other = tmp_path / "gestionale.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE fatture (numero TEXT, importo REAL)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
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


def test_restored_backup_does_not_bring_back_an_erased_customer(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "cx.sqlite")
    _add_sales(conn, ["C1", "C2", "C2"])
    old = backup.backup_bytes(conn)
    privacy.erase_customer(conn, "C2", by="titolare")

    result = backup.restore(conn, old)

    assert result.erased_again == 2
    assert [r[0] for r in conn.execute("SELECT customer_id FROM sales")] == ["C1"]
    assert privacy.was_erased(conn, "C2")
    assert len(privacy.erasure_log(conn)) == 1


def test_automatic_backups_rotate(
    tmp_path: Path, fresh_db, monkeypatch, postgres_backups: Path
) -> None:
    monkeypatch.setattr(backup, "KEEP_AUTOMATIC", 3)
    made = [backup.auto_backup(fresh_db, f"replace sales 2025-0{n}") for n in range(1, 6)]
    kept = backup.list_auto_backups(fresh_db)
    assert [b.path for b in kept] == list(reversed(made[-3:]))
    assert kept[0].reason == "replace-sales-2025-05"
    # beside the SQLite file; a PostgreSQL company's in its schema's folder
    folder = (
        postgres_backups / postgres.current_schema(fresh_db)
        if db.is_postgres(fresh_db)
        else tmp_path / "backups"
    )
    assert backup.backup_dir(fresh_db) == folder
    assert all(b.path.parent == folder for b in kept)
    assert all(backup.check_backup(b.path).counts["sales"] == 0 for b in kept)


def test_a_failed_automatic_backup_stops_the_change(fresh_db) -> None:
    folder = backup.backup_dir(fresh_db)
    assert folder is not None
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    with pytest.raises(CxError) as err:
        backup.auto_backup(fresh_db, "replace")
    assert err.value.key == "settings.backup.auto_failed"


def test_in_memory_store_has_no_automatic_backup() -> None:
    conn = db.connect(":memory:")
    assert backup.auto_backup(conn, "x") is None
    assert backup.list_auto_backups(conn) == []


def test_migration_of_an_existing_store_is_preceded_by_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "cx.sqlite"
    old = db.connect(path, migrate_to=3)
    _add_sales(old, ["C1"])
    old.close()

    conn = db.connect(path, before_migrate=backup.before_migrate)

    autos = backup.list_auto_backups(conn)
    assert len(autos) == 1
    assert autos[0].reason == f"migration-3-to-{db.latest_version()}"
    assert backup.check_backup(autos[0].path).schema_version == 3


def test_a_fresh_store_is_not_backed_up_before_its_first_migration(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "cx.sqlite", before_migrate=backup.before_migrate)
    assert backup.list_auto_backups(conn) == []


# --- on either database: a company's store backed up to a SQLite file and restored ----


def test_round_trip_on_the_store_itself(store_address: str) -> None:
    """The store (a SQLite file, or a company's PostgreSQL schema) backed up, changed and
    restored: exactly the backed-up rows, seen by another session, new ids after them."""
    conn = db.connect(store_address)
    _add_sales(conn, ["C1", "C2", "C3"])
    data = backup.backup_bytes(conn)
    assert data.startswith(backup.SQLITE_HEADER)
    assert backup.check_backup_bytes(data).counts["sales"] == 3
    with db.write_transaction(conn):
        conn.execute("DELETE FROM sales")
    _add_sales(conn, ["X9"])
    other_session = db.connect(store_address)
    version_before = db.data_version(conn)
    try:
        result = backup.restore(conn, data)

        assert result.info.counts["sales"] == 3
        rows = conn.execute("SELECT customer_id FROM sales ORDER BY customer_id").fetchall()
        assert [r[0] for r in rows] == ["C1", "C2", "C3"]
        assert _count(other_session) == 3
        assert db.data_version(other_session) > version_before
        # the store replaced was saved first, where its automatic backups go
        assert result.saved_before is not None
        assert result.saved_before.parent == backup.backup_dir(conn)
        saved = sqlite3.connect(result.saved_before)
        assert [r[0] for r in saved.execute("SELECT customer_id FROM sales")] == ["X9"]
        saved.close()
        keys = {r[0] for r in conn.execute("SELECT key FROM meta")}
        assert "backup_created_at" not in keys and "backup_reason" not in keys
        # ids go on after the restored ones
        top = conn.execute("SELECT max(id) FROM imports").fetchone()[0]
        _add_sales(conn, ["N1"])
        assert conn.execute("SELECT max(id) FROM imports").fetchone()[0] == top + 1
    finally:
        other_session.close()
        conn.close()


def test_a_backup_of_one_database_restores_on_the_other(store_address: str, tmp_path: Path) -> None:
    """A SQLite store's backup restored into the store under test, and the store's backup
    restored into a SQLite store: the same rows."""
    sqlite_store = db.connect(tmp_path / "altro" / "cx.sqlite")
    conn = db.connect(store_address)
    try:
        _add_sales(sqlite_store, ["S1", "S2"])
        backup.restore(conn, backup.backup_bytes(sqlite_store))
        assert [r[0] for r in conn.execute("SELECT customer_id FROM sales ORDER BY 1")] == [
            "S1",
            "S2",
        ]
        _add_sales(conn, ["P1"])
        backup.restore(sqlite_store, backup.backup_bytes(conn))
        tables = privacy.store_tables(sqlite_store)
        expected = rows_of(conn, [t for t in tables if t != "meta"])
        assert rows_of(sqlite_store, [t for t in tables if t != "meta"]) == expected
        assert _count(sqlite_store) == 3
    finally:
        conn.close()
        sqlite_store.close()


def test_an_older_backup_is_restored_and_migrated_on_either_database(
    store_address: str, tmp_path: Path
) -> None:
    old = db.connect(tmp_path / "old" / "cx.sqlite", migrate_to=2)
    _add_sales(old, ["C1", "C2"])
    data = backup.backup_bytes(old)
    old.close()
    conn = db.connect(store_address)
    try:
        backup.restore(conn, data)
        assert db.schema_version(conn) == db.latest_version()
        assert _count(conn) == 2
    finally:
        conn.close()


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
