"""A restore is all or nothing, and only of this app's store: crafted backups with the same
table names but altered definitions or values are refused, and the store is unchanged."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from cx_sme.admin import backup, privacy
from cx_sme.core import db
from cx_sme.core.errors import BackupRefused
from cx_sme.core.frames import load_frames
from cx_sme.ingest.importer import import_file
from cx_sme.kpi import engine as kpis

SALES = (
    b"Data;Codice cliente;Importo;Numero fattura\n"
    b"03/03/2026;C1;100,00;F1\n04/03/2026;C2;50,50;F2\n05/04/2026;C1;20,00;F3\n"
)


def _rebuild_sales(conn: sqlite3.Connection, definition: str) -> None:
    conn.executescript(
        "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;"
        "ALTER TABLE sales RENAME TO sales_old;"
        f"CREATE TABLE sales ({definition});"
        "INSERT INTO sales SELECT * FROM sales_old; DROP TABLE sales_old;"
    )


COLUMNS = (
    "id INTEGER{pk}, import_id INTEGER NOT NULL REFERENCES imports (id), date TEXT NOT NULL,"
    " customer_id TEXT NOT NULL, amount_cents INTEGER NOT NULL{check}, order_id TEXT,"
    " customer_name TEXT, product TEXT, category TEXT, channel TEXT, quantity REAL"
)

CRAFTED: dict[str, Callable[[sqlite3.Connection], None]] = {
    "no primary key": lambda c: _rebuild_sales(c, COLUMNS.format(pk="", check="")),
    "a CHECK refusing every insert": lambda c: _rebuild_sales(
        c, COLUMNS.format(pk=" PRIMARY KEY", check=" CHECK (amount_cents < -1000000000)")
    ),
    "settings that are not JSON": lambda c: c.execute(
        "INSERT INTO settings (key, value) VALUES ('sla_days', 'sette giorni')"
    ),
    "amounts that are text": lambda c: c.execute("UPDATE sales SET amount_cents = 'abc'"),
    "impossible dates": lambda c: c.execute("UPDATE sales SET date = '2025-13-45'"),
    "no privacy key": lambda c: c.execute("DELETE FROM meta WHERE key = 'privacy_key'"),
    "a data version that is not a number": lambda c: c.execute(
        "UPDATE meta SET value = 'x' WHERE key = 'data_version'"
    ),
    "an extra object": lambda c: c.execute("CREATE VIEW spy AS SELECT * FROM sales"),
}


@pytest.fixture
def live(store_address: str) -> sqlite3.Connection:
    """The store a crafted backup is offered to (SQLite, then PostgreSQL)."""
    conn = db.connect(store_address)
    import_file(conn, "sales", "vendite.csv", SALES)
    yield conn
    conn.close()


def _crafted(live: sqlite3.Connection, tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    path = backup.create_backup(live, tmp_path / "crafted.sqlite")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        change(conn)
    finally:
        conn.close()
    return path


def _dump(conn: sqlite3.Connection) -> list[object]:
    return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("sales", "imports", "meta", "settings")]  # fmt: skip


@pytest.mark.parametrize("case", list(CRAFTED))
def test_a_crafted_backup_is_refused_and_nothing_changes(live, tmp_path, case: str) -> None:
    before = _dump(live)
    crafted = _crafted(live, tmp_path, CRAFTED[case])
    with pytest.raises(BackupRefused) as refused:
        backup.restore(live, crafted)
    assert "non sono stati toccati" in refused.value.message()
    assert _dump(live) == before
    assert backup.list_auto_backups(live) == []  # refused before any automatic backup


def test_an_accepted_restore_leaves_a_working_store(live, tmp_path) -> None:
    good = backup.create_backup(live, tmp_path / "buono.sqlite")
    import_file(live, "sales", "giugno.csv", b"Data;Codice cliente;Importo\n06/06/2026;C3;9,00\n")
    result = backup.restore(live, good)
    assert result.info.counts["sales"] == 3
    # import, KPIs, backup and erasure all work afterwards
    import_file(live, "sales", "maggio.csv", b"Data;Codice cliente;Importo\n07/05/2026;C7;5,00\n")
    table = kpis.compute(load_frames(live), "month").sales
    assert table.loc["2026-03", "revenue"] == pytest.approx(150.5)
    assert backup.check_backup(backup.create_backup(live, tmp_path / "dopo.sqlite"))
    assert privacy.erase_customer(live, "C1", by="test").rows_erased == 2
