"""Start with my own data (issue 11 §7): one confirmed step takes the sample company out
(its imports, the follow-ups and the touchpoint scores made on it) and keeps settings,
the catalogue, the team's actions and meetings, and any file of the company's own."""

from __future__ import annotations

import sqlite3

import pytest

from cx_sme.company.touchpoints import record_score
from cx_sme.core import db
from cx_sme.core.errors import CxError
from cx_sme.dashboards import followups
from cx_sme.ingest.importer import import_file
from cx_sme.sample.loader import load_sample
from cx_sme.sample.removal import SAMPLE_LOADED_AT, footprint, remove_sample
from cx_sme.team.actions import add_action

OWN_SALES = b"Data;Cliente;Importo\n15/01/2020;OWN1;1.200,00\n20/02/2020;OWN2;800,50\n"
OWN_COMPLAINTS = b"Data apertura;Cliente;Descrizione\n10/01/2020;OWN1;Consegna in ritardo\n"


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def follow(conn: sqlite3.Connection, key: str, customer: str | None) -> None:
    followups.save(
        conn,
        "complaint",
        [followups.Update(key=key, owner="Anna", status="called", note=None, customer_id=customer)],
    )


def sample_customer(conn: sqlite3.Connection) -> str:
    row = conn.execute(
        "SELECT customer_id FROM complaints WHERE customer_id IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    return str(row[0])


@pytest.fixture
def sample_store(fresh_db: sqlite3.Connection) -> sqlite3.Connection:
    """The sample loaded into a new store, on each database in turn."""
    load_sample(fresh_db)
    return fresh_db


def test_removes_the_sample_and_keeps_the_company_settings(
    sample_store: sqlite3.Connection,
) -> None:
    conn = sample_store
    rows = count(conn, "sales") + count(conn, "complaints") + count(conn, "surveys")
    follow(conn, "k1", sample_customer(conn))
    follow(conn, "k2", None)
    record_score(conn, 1, 4)
    record_score(conn, 2, 2)
    add_action(conn, "Richiamare i clienti persi")
    db.set_setting(conn, "focus_area", "after")
    conn.execute("UPDATE touchpoints SET name = 'Fatture chiare' WHERE id = 15")
    version = db.data_version(conn)

    found = footprint(conn)
    assert found.present
    assert (len(found.imports), found.rows, found.followups, found.scores) == (3, rows, 2, 2)

    removed = remove_sample(conn)
    assert removed == found
    for table in ("imports", "sales", "complaints", "surveys", "followups", "touchpoint_scores"):
        assert count(conn, table) == 0, table
    assert not db.has_data(conn)
    assert db.data_version(conn) > version  # every session's caches see the change
    assert count(conn, "actions") == 1
    assert db.get_setting(conn, "focus_area") == "after"
    assert conn.execute("SELECT name FROM touchpoints WHERE id = 15").fetchone()[0] == (
        "Fatture chiare"
    )
    assert not footprint(conn).present
    # The store is empty again: the sample can be loaded for another try.
    assert load_sample(conn).imports == 3


def test_the_company_s_own_file_and_what_was_made_on_it_stay(
    sample_store: sqlite3.Connection,
) -> None:
    conn = sample_store
    conn.execute("UPDATE imports SET imported_at = '2026-11-02T09:00:00'")
    conn.execute("UPDATE meta SET value = '2026-11-02T09:00:00' WHERE key = ?", (SAMPLE_LOADED_AT,))
    record_score(conn, 1, 4)  # on the sample
    conn.execute("UPDATE touchpoint_scores SET created_at = '2026-11-03T10:00:00'")
    follow(conn, "on-sample", sample_customer(conn))
    import_file(conn, "sales", "vendite_2020.csv", OWN_SALES)
    import_file(conn, "complaints", "reclami_2020.csv", OWN_COMPLAINTS)
    conn.execute(
        "UPDATE imports SET imported_at = '2026-11-05T08:00:00' WHERE file_name LIKE '%2020%'"
    )
    follow(conn, "own", "OWN1")
    record_score(conn, 2, 3)  # on the company's own data
    conn.execute(
        "UPDATE touchpoint_scores SET created_at = '2026-11-06T10:00:00' WHERE touchpoint_id = 2"
    )

    removed = remove_sample(conn)
    assert len(removed.imports) == 3
    assert (removed.followups, removed.scores) == (1, 1)
    names = [r[0] for r in conn.execute("SELECT file_name FROM imports ORDER BY id")]
    assert names == ["vendite_2020.csv", "reclami_2020.csv"]
    assert conn.execute("SELECT sum(amount_cents) FROM sales").fetchone()[0] == 200_050
    # the order totals the dashboards read went with the sample's lines, and only them
    own = conn.execute("SELECT id FROM imports WHERE file_name = 'vendite_2020.csv'").fetchone()
    assert conn.execute(
        "SELECT import_id, sum(amount_cents), sum(lines) FROM sales_orders GROUP BY import_id"
    ).fetchall() == [(own[0], 200_050, conn.execute("SELECT count(*) FROM sales").fetchone()[0])]
    assert [r[0] for r in conn.execute("SELECT item_key FROM followups")] == ["own"]
    assert [r[0] for r in conn.execute("SELECT touchpoint_id FROM touchpoint_scores")] == [2]


def test_the_generator_s_next_months_go_with_the_sample(sample_store: sqlite3.Connection) -> None:
    """Files of the sample's names imported after it (next month's files) are the sample's."""
    conn = sample_store
    sales_id = conn.execute("SELECT id FROM imports WHERE dataset = 'sales'").fetchone()[0]
    conn.execute(
        "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
        "SELECT dataset, file_name, 'next', 1, imported_at FROM imports WHERE id = ?",
        (sales_id,),
    )
    next_id = conn.execute("SELECT max(id) FROM imports").fetchone()[0]
    conn.execute(
        "INSERT INTO sales (import_id, date, customer_id, amount_cents) "
        "VALUES (?, '2026-11-03', 'C1', 100)",
        (next_id,),
    )
    assert len(footprint(conn).imports) == 4
    remove_sample(conn)
    assert count(conn, "imports") == 0 and count(conn, "sales") == 0


def test_a_store_loaded_before_the_mark_still_finds_its_sample(
    sample_store: sqlite3.Connection,
) -> None:
    sample_store.execute("DELETE FROM meta WHERE key = ?", (SAMPLE_LOADED_AT,))
    assert len(footprint(sample_store).imports) == 3
    remove_sample(sample_store)
    assert not db.has_data(sample_store)


def test_refused_without_a_sample_and_nothing_changes(fresh_db: sqlite3.Connection) -> None:
    import_file(fresh_db, "sales", "vendite_2020.csv", OWN_SALES)
    assert not footprint(fresh_db).present
    with pytest.raises(CxError) as raised:
        remove_sample(fresh_db)
    assert "non c'è l'azienda di esempio" in str(raised.value)
    assert count(fresh_db, "sales") == 2


def test_a_slow_load_still_counts_every_sample_import(
    fresh_db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading takes seconds on a busy machine: the clock moves between the three imports
    (simulated here, a second per reading), and all three are still the sample's."""
    import datetime as dt

    from cx_sme.ingest import importer
    from cx_sme.sample import loader, removal

    moments = iter(range(10_000))

    class Ticking(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return dt.datetime(2026, 11, 2, 9, 0, 0) + dt.timedelta(seconds=next(moments))

    ticking = type("ticking_dt", (), {"datetime": Ticking, "date": dt.date,
                                      "timedelta": dt.timedelta})  # fmt: skip
    for module in (importer, loader, removal):  # every clock the load reads
        monkeypatch.setattr(module, "dt", ticking, raising=False)
    load_sample(fresh_db)
    found = footprint(fresh_db)
    assert len(found.imports) == 3
    remove_sample(fresh_db)
    assert not db.has_data(fresh_db)
