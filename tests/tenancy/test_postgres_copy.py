"""A company's whole store copied SQLite → PostgreSQL → SQLite (a real throwaway cluster):
the sample company comes back with every row of every table as it was; PostgreSQL's
identities go on after the copied ids; stores at different versions are refused with
nothing changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from cx_sme.core import db
from cx_sme.core.errors import CxError
from cx_sme.tenancy import postgres_copy


def every_row(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Each table's rows, sorted (read with SQLite itself, not with the code under test)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


# Text that a copy could get wrong: tabs, line breaks, backslashes, quotes, accents.
AWKWARD = "Riga 1\tcon tab\nriga 2 \\ \"virgolette\" 'apici' àèìòù € \\N"

# One row for each table the sample company leaves empty (its meetings, actions,
# programme, replaced months, erasures, people...): every table is copied with rows.
MORE_ROWS: dict[str, dict[str, object]] = {
    "settings": {"key": "kpi_targets", "value": '{"nps": 40}'},
    "followups": {"kind": "complaint", "item_key": "k1", "customer_id": "C1",
                  "summary": AWKWARD, "owner": "Anna", "created_at": "2026-01-02",
                  "updated_at": "2026-01-02"},
    "meetings": {"id": 1, "held_on": "2026-01-05", "started_at": "2026-01-05T09:00:00",
                 "closed_at": "2026-01-05T10:00:00", "focus": "[1, 11]"},
    "minutes": {"meeting_id": 1, "written_at": "2026-01-05T10:00:00", "language": "it",
                "body": AWKWARD},
    "meeting_attendees": {"meeting_id": 1, "department": "sales", "name": "Anna Verdi"},
    "touchpoint_scores": {"touchpoint_id": 11, "score": 2, "scored_on": "2026-01-05",
                          "meeting_id": 1, "created_at": "2026-01-05T09:30:00"},
    "actions": {"id": 1, "title": AWKWARD, "touchpoint_id": 11, "kpi": "nps", "owner": "Luca",
                "department": "production", "due": "2026-02-01", "status": "in_progress",
                "baseline": 1.5, "target": 2.25, "notes": "", "meeting_id": 1,
                "created_at": "2026-01-05", "updated_at": "2026-01-06"},
    "action_updates": {"action_id": 1, "meeting_id": 1, "status": "in_progress",
                       "changed_at": "2026-01-06"},
    "programme_members": {"name": "Sara Neri", "role": "Responsabile CX",
                          "department": "service", "is_lead": 1, "added_on": "2026-01-01"},
    "maturity_assessments": {"area": "data", "score": 2, "assessed_on": "2026-01-01",
                             "next_step": AWKWARD, "created_at": "2026-01-01"},
    "trap_checks": {"id": 1, "checked_on": "2026-01-01", "created_at": "2026-01-01"},
    "trap_answers": {"check_id": 1, "trap": "vanity", "question": "q1", "answer": 2},
    "engagement_actions": {"kind": "newsletter", "title": "Notizie del mese", "owner": "Anna",
                           "due": "2026-02-01", "created_at": "2026-01-01",
                           "updated_at": "2026-01-01"},
    "erasures": {"erased_at": "2026-01-03", "erased_by": "titolare", "customer_hash": "ab12",
                 "rows_erased": 3, "detail": '{"sales": 3}'},
    "login_failures": {"at": "2026-01-03T08:00:00"},
    "sales_replaced": {"replaced_by": 1, "id": 900001, "import_id": 1, "date": "2024-11-02",
                       "customer_id": "00480", "amount_cents": -1999, "quantity": 2.5},
    "complaints_replaced": {"replaced_by": 1, "id": 900002, "import_id": 1,
                            "opened": "2024-11-03", "description": AWKWARD, "cost_cents": 500},
    "surveys_replaced": {"replaced_by": 1, "id": 900003, "import_id": 1,
                         "date": "2024-11-04", "nps": 9, "comment": AWKWARD},
    "companies": {"code": "acme", "name": "Acme S.r.l.", "created": "2026-01-01T00:00:00"},
    "people": {"who": "anna@acme.it", "company": "acme", "role": "editor",
               "added_at": "2026-01-01T00:00:00", "added_by": "studio@esempio.it"},
}  # fmt: skip


def test_the_sample_company_goes_to_postgres_and_back_whole(
    sample_db: sqlite3.Connection, postgres_company: psycopg.Connection, tmp_path: Path
) -> None:
    with db.write_transaction(sample_db):
        for table, row in MORE_ROWS.items():
            marks = ", ".join("?" for _ in row)
            sample_db.execute(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values())
            )
    before = every_row(sample_db)
    assert all(before.values()), [t for t, rows in before.items() if not rows]
    assert len(before["sales"]) > 10_000 and len(before["sales_orders"]) > 1_000
    copied = postgres_copy.sqlite_to_postgres(sample_db, postgres_company)
    assert copied == {table: len(rows) for table, rows in before.items()}
    for table in ("sales", "complaints", "surveys", "touchpoints", "meta"):
        assert postgres_company.execute(f"SELECT count(*) FROM {table}").fetchone() == (
            len(before[table]),
        )
    # money to the cent, on PostgreSQL's own sums
    cents = sample_db.execute("SELECT sum(amount_cents) FROM sales").fetchone()[0]
    assert postgres_company.execute("SELECT sum(amount_cents) FROM sales").fetchone() == (cents,)
    # a new import on PostgreSQL gets the next id, not one already used
    top = max(r[0] for r in before["imports"])
    new_id = postgres_company.execute(
        "INSERT INTO imports (dataset, file_name, sha256, rows, imported_at) "
        "VALUES ('sales', 'n.csv', 'y', 1, '2026-12-01T00:00:00') RETURNING id"
    ).fetchone()[0]
    assert new_id == top + 1
    postgres_company.execute("DELETE FROM imports WHERE id = ?", (new_id,))

    back = db.connect(tmp_path / "back.sqlite")
    try:
        postgres_copy.postgres_to_sqlite(postgres_company, back)
        assert every_row(back) == before
    finally:
        back.close()


def test_stores_at_different_versions_are_refused_and_left_as_they_were(
    postgres_company: psycopg.Connection, tmp_path: Path
) -> None:
    old = db.connect(tmp_path / "old.sqlite", migrate_to=db.latest_version() - 1)
    try:
        departments = postgres_company.execute("SELECT count(*) FROM departments").fetchone()
        with pytest.raises(CxError) as refused:
            postgres_copy.sqlite_to_postgres(old, postgres_company)
        assert "versioni diverse" in refused.value.message()
        assert (
            postgres_company.execute("SELECT count(*) FROM departments").fetchone() == departments
        )
        with pytest.raises(CxError):
            postgres_copy.postgres_to_sqlite(postgres_company, old)
        assert old.execute("SELECT count(*) FROM departments").fetchone() == (7,)
    finally:
        old.close()


def test_tables_come_after_those_their_keys_point_to(sample_db: sqlite3.Connection) -> None:
    order = postgres_copy.tables_in_order(sample_db)
    for table in order:
        for fk in sample_db.execute(f'PRAGMA foreign_key_list("{table}")'):
            if fk[2] != table:
                assert order.index(fk[2]) < order.index(table), (table, fk[2])
