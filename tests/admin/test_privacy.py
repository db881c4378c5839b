"""Erasure on request (GDPR art. 17) and pseudonyms in exports."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from cx_sme.admin import privacy
from cx_sme.core import db
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language


def _import(conn: sqlite3.Connection, dataset: str) -> int:
    row = conn.execute(
        "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
        "VALUES (?, 'f.xlsx', 'h', 1, '2025-02-01T10:00:00') RETURNING id",
        (dataset,),
    ).fetchone()
    return int(row[0])


@pytest.fixture
def store(fresh_db: sqlite3.Connection) -> sqlite3.Connection:
    with db.write_transaction(fresh_db):
        sales = _import(fresh_db, "sales")
        complaints = _import(fresh_db, "complaints")
        surveys = _import(fresh_db, "surveys")
        for customer, amount in (("C001", 100), ("C001", 250), ("C002", 80), ("c001", 10)):
            fresh_db.execute(
                "INSERT INTO sales (import_id, date, customer_id, amount_cents, customer_name) "
                "VALUES (?, '2025-01-10', ?, ?, ?)",
                (sales, customer, amount, f"Nome {customer}"),
            )
        fresh_db.execute(
            "INSERT INTO complaints (import_id, opened, customer_id, description) "
            "VALUES (?, '2025-01-12', 'C001', 'Consegna in ritardo')",
            (complaints,),
        )
        fresh_db.execute(
            "INSERT INTO surveys (import_id, date, customer_id, nps, comment) "
            "VALUES (?, '2025-01-15', 'C001', 3, 'Mai più'), (?, '2025-01-15', 'C002', 9, 'Ok')",
            (surveys, surveys),
        )
    return fresh_db


def test_footprint_counts_rows_in_every_data_set(store) -> None:
    assert privacy.footprint(store, " C001 ") == {"complaints": 1, "sales": 2, "surveys": 1}
    assert privacy.footprint(store, "C999") == {}


def test_erase_deletes_everywhere_and_records_a_hash(store) -> None:
    version = db.data_version(store)
    erasure = privacy.erase_customer(store, "C001", by="anna@rossi.it")

    assert erasure.rows_erased == 4
    assert erasure.detail == {"complaints": 1, "sales": 2, "surveys": 1}
    for table in ("sales", "complaints", "surveys"):
        n = store.execute(f"SELECT count(*) FROM {table} WHERE customer_id = 'C001'").fetchone()
        assert n[0] == 0
    # other customers, including one whose code differs only by case, are untouched
    left = store.execute("SELECT customer_id FROM sales ORDER BY customer_id").fetchall()
    assert [r[0] for r in left] == ["C002", "c001"]
    assert db.data_version(store) == version + 1

    (log,) = privacy.erasure_log(store)
    assert log.erased_by == "anna@rossi.it"
    assert log.customer_hash == privacy.customer_hash(store, "C001")
    assert "C001" not in log.customer_hash
    # the id itself is stored nowhere: not in the audit, not in any other table
    for table in privacy.store_tables(store):
        rows = store.execute(f'SELECT * FROM "{table}"').fetchall()
        assert "C001" not in repr(rows), table
    assert privacy.was_erased(store, "C001") and not privacy.was_erased(store, "C002")


def test_hash_is_keyed_per_database(store, tmp_path) -> None:
    other = db.connect(tmp_path / "other.sqlite")
    assert privacy.customer_hash(store, "C001") != privacy.customer_hash(other, "C001")


def test_erase_of_an_unknown_customer_is_refused_and_not_recorded(store) -> None:
    with pytest.raises(InputRefused) as err:
        privacy.erase_customer(store, "C999", by="x")
    assert "C999" in str(err.value)
    assert privacy.erasure_log(store) == []
    with pytest.raises(InputRefused):
        privacy.erase_customer(store, "   ", by="x")


def test_similar_ids_suggest_case_and_space_variants(store) -> None:
    assert privacy.similar_ids(store, "c001") == ["C001", "c001"]


def test_erase_reaches_tables_added_by_later_features(store) -> None:
    with db.write_transaction(store):
        store.execute("CREATE TABLE callbacks (id INTEGER PRIMARY KEY, customer_id TEXT)")
        store.execute("INSERT INTO callbacks (id, customer_id) VALUES (1, 'C001'), (2, 'C002')")
    assert "callbacks" in privacy.customer_tables(store)
    erasure = privacy.erase_customer(store, "C001", by="x")
    assert erasure.detail["callbacks"] == 1
    assert store.execute("SELECT customer_id FROM callbacks").fetchall() == [("C002",)]


def test_erase_is_one_transaction(store, monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(privacy, "_record", boom)
    with pytest.raises(RuntimeError):
        privacy.erase_customer(store, "C001", by="x")
    assert privacy.footprint(store, "C001") == {"complaints": 1, "sales": 2, "surveys": 1}


def test_pseudonymise_frame_replaces_names_and_codes_consistently(store) -> None:
    frame = pd.DataFrame(
        {
            "customer_id": ["C001", "C002", "C001", None],
            "customer_name": ["Rossi Srl", "Bianchi", "Rossi Srl", "Walk-in"],
            "amount": [1.0, 2.0, 3.0, 4.0],
        }
    )
    out = privacy.pseudonymise_frame(store, frame)
    assert out.loc[0, "customer_id"] == out.loc[2, "customer_id"]
    assert out.loc[0, "customer_id"] != out.loc[1, "customer_id"]
    assert out.loc[0, "customer_name"] == out.loc[0, "customer_id"]
    assert str(out.loc[0, "customer_id"]).startswith("Cliente ")
    assert "Rossi" not in out.to_csv() and "C001" not in out.to_csv()
    assert out.loc[3, "customer_id"] is None and str(out.loc[3, "customer_name"]).startswith(
        "Cliente"
    )
    assert list(out["amount"]) == [1.0, 2.0, 3.0, 4.0]
    assert frame.loc[0, "customer_name"] == "Rossi Srl"  # the input is not modified
    set_language("en")
    assert str(privacy.pseudonymise_frame(store, frame).loc[0, "customer_id"]).startswith(
        "Customer "
    )


def test_pseudonymise_setting_round_trip(store) -> None:
    assert privacy.pseudonymise_exports(store) is False
    privacy.set_pseudonymise_exports(store, True)
    assert privacy.pseudonymise_exports(store) is True
