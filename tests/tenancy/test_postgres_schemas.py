"""Companies on PostgreSQL, first part (a real throwaway cluster, tests/postgres_cluster.py):
a company's schema has the same tables, columns, keys, indexes, checks and starting rows
as a SQLite store at the same version, and two companies' schemas keep their data apart.

Both sides are read from the databases' own catalogues, not from our SQL files."""

from __future__ import annotations

import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from cx_sme.core import db, postgres
from cx_sme.core.errors import InputRefused
from cx_sme.tenancy.companies import check_code

TYPES = {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision"}


@pytest.fixture
def sqlite_store() -> Iterator[sqlite3.Connection]:
    conn = db.connect(":memory:")
    yield conn
    conn.close()


def sqlite_tables(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str, bool, bool]]]:
    """table -> [(column, type, not null, in the primary key)] in column order."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    out = {}
    for name in names:
        columns = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
        out[name] = [(c[1], TYPES[c[2]], bool(c[3]) or c[5] > 0, c[5] > 0) for c in columns]
    return out


def postgres_tables(conn: psycopg.Connection) -> dict[str, list[tuple[str, str, bool, bool]]]:
    schema = conn.execute("SELECT current_schema()").fetchone()[0]
    keys = {
        (r[0], r[1])
        for r in conn.execute(
            "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c "
            "JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name) "
            "WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = ?",
            (schema,),
        )
    }
    out: dict[str, list[tuple[str, str, bool, bool]]] = {}
    for table, column, kind, nullable in conn.execute(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema = ? ORDER BY table_name, ordinal_position",
        (schema,),
    ):
        if table == postgres.VERSION_TABLE:
            continue
        out.setdefault(table, []).append((column, kind, nullable == "NO", (table, column) in keys))
    return out


def test_a_company_schema_has_the_sqlite_store_s_tables_and_columns(
    sqlite_store: sqlite3.Connection, postgres_company: psycopg.Connection
) -> None:
    assert postgres.latest_version() == db.latest_version()
    assert (
        postgres.schema_version(postgres_company, "cx_" + _code(postgres_company))
        == db.latest_version()
    )
    assert postgres_tables(postgres_company) == sqlite_tables(sqlite_store)


def _code(conn: psycopg.Connection) -> str:
    return str(conn.execute("SELECT current_schema()").fetchone()[0]).removeprefix("cx_")


def test_indexes_and_foreign_keys_are_the_same(
    sqlite_store: sqlite3.Connection, postgres_company: psycopg.Connection
) -> None:
    sqlite_indexes = {
        r[0]
        for r in sqlite_store.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    }
    postgres_indexes = {
        r[0]
        for r in postgres_company.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname NOT LIKE '%%_pkey' AND indexname NOT LIKE '%%_key'"
        )
    }
    assert postgres_indexes == sqlite_indexes
    sqlite_keys = set()
    for table in sqlite_tables(sqlite_store):
        for fk in sqlite_store.execute(f'PRAGMA foreign_key_list("{table}")'):
            sqlite_keys.add((table, fk[3], fk[2], fk[4], fk[6]))
    postgres_keys = set(
        postgres_company.execute(
            "SELECT tc.table_name, kcu.column_name, ccu.table_name, ccu.column_name, "
            "rc.delete_rule FROM information_schema.table_constraints tc "
            "JOIN information_schema.key_column_usage kcu "
            "  ON kcu.constraint_name = tc.constraint_name "
            " AND kcu.constraint_schema = tc.constraint_schema "
            "JOIN information_schema.constraint_column_usage ccu "
            "  ON ccu.constraint_name = tc.constraint_name "
            " AND ccu.constraint_schema = tc.constraint_schema "
            "JOIN information_schema.referential_constraints rc "
            "  ON rc.constraint_name = tc.constraint_name "
            " AND rc.constraint_schema = tc.constraint_schema "
            "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
        ).fetchall()
    )
    assert postgres_keys == sqlite_keys


def test_the_starting_rows_are_the_same(
    sqlite_store: sqlite3.Connection, postgres_company: psycopg.Connection
) -> None:
    for query in (
        "SELECT code, name, position, active FROM departments ORDER BY code",
        "SELECT id, code, name, phase, department, position, active, questions, notes, "
        "aliases FROM touchpoints ORDER BY id",
    ):
        assert postgres_company.execute(query).fetchall() == sqlite_store.execute(query).fetchall()
    meta = dict(postgres_company.execute("SELECT key, value FROM meta").fetchall())
    assert sorted(meta) == sorted(k for (k,) in sqlite_store.execute("SELECT key FROM meta"))
    assert meta["data_version"] == "0"
    key = meta["privacy_key"]
    assert len(key) == 32 and int(key, 16) >= 0


# A row each check of the schema refuses, and the same row made right: (table, wrong, right).
CHECKED: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("imports", {"dataset": "ordini"}, {"dataset": "sales"}),
    ("imports", {"status": "cancellato"}, {"status": "undone"}),
    ("surveys", {"nps": 11}, {"nps": 10}),
    ("surveys", {"csat": 0}, {"csat": 1}),
    ("complaints", {"closed": "2026-01-01"}, {"closed": "2026-03-01"}),
    ("touchpoint_scores", {"score": 6}, {"score": 5}),
    ("actions", {"title": "   "}, {"title": "Richiamare i clienti"}),
    ("companies", {"code": "a"}, {"code": "acme"}),
    ("people", {"who": "Anna@Acme.it"}, {"who": "anna@acme.it"}),
    ("people", {"who": "anna.acme.it"}, {"who": "anna@acme.it"}),
    ("people", {"role": "owner"}, {"role": "viewer"}),
]
BASE: dict[str, dict[str, Any]] = {
    "imports": {"dataset": "sales", "file_name": "a.csv", "sha256": "x", "rows": 1,
                "imported_at": "2026-01-01T00:00:00"},
    "surveys": {"import_id": 1, "date": "2026-02-01"},
    "complaints": {"import_id": 1, "opened": "2026-02-01"},
    "touchpoint_scores": {"touchpoint_id": 1, "score": 3, "scored_on": "2026-02-01",
                          "created_at": "2026-02-01"},
    "actions": {"title": "x", "created_at": "2026-02-01", "updated_at": "2026-02-01"},
    "companies": {"code": "acme", "name": "Acme", "created": "2026-02-01"},
    "people": {"who": "anna@acme.it", "role": "viewer", "added_at": "2026-02-01"},
}  # fmt: skip


def _insert(conn: Any, table: str, row: dict[str, Any], mark: str) -> None:
    columns = ", ".join(row)
    marks = ", ".join(mark for _ in row)
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))


@pytest.mark.parametrize(("table", "wrong", "right"), CHECKED)
def test_the_same_rows_are_refused_and_accepted(
    sqlite_store: sqlite3.Connection,
    postgres_company: psycopg.Connection,
    table: str,
    wrong: dict[str, Any],
    right: dict[str, Any],
) -> None:
    for conn, mark, refused in (
        (sqlite_store, "?", sqlite3.IntegrityError),
        (postgres_company, "?", psycopg.errors.IntegrityError),
    ):
        _insert(conn, "imports", {**BASE["imports"], "id": 1}, mark)
        with pytest.raises(refused):
            _insert(conn, table, {**BASE[table], **wrong}, mark)
        _insert(conn, table, {**BASE[table], **right}, mark)


def test_two_companies_are_apart(postgres_url: str) -> None:
    acme = db.connect(postgres.company_address(postgres_url, "cx_acme-sep"))
    beta = db.connect(postgres.company_address(postgres_url, "cx_beta-sep"))
    try:
        _insert(acme, "imports", BASE["imports"], "?")
        assert acme.execute("SELECT count(*) FROM imports").fetchone() == (1,)
        assert beta.execute("SELECT count(*) FROM imports").fetchone() == (0,)
        # the other company's tables are not on this connection's path
        assert beta.execute("SHOW search_path").fetchone() == ('"cx_beta-sep"',)
        assert beta.execute("SELECT to_regclass('imports')::text").fetchone() == ("imports",)
        assert beta.execute("SELECT to_regclass('sales_orders')::text").fetchone() == (
            "sales_orders",
        )
    finally:
        for conn, schema in ((acme, "cx_acme-sep"), (beta, "cx_beta-sep")):
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
            conn.close()


def test_two_processes_opening_a_new_company_at_once_build_it_once(postgres_url: str) -> None:
    versions: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def open_company() -> None:
        try:
            start.wait()
            conn = db.connect(postgres.company_address(postgres_url, "cx_gemelle"))
            versions.append(postgres.schema_version(conn, "cx_gemelle"))
            conn.close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_company) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert versions == [db.latest_version()] * 3
    check = psycopg.connect(postgres_url, autocommit=True)
    try:
        applied = check.execute('SELECT count(*) FROM "cx_gemelle".schema_version').fetchone()
        assert applied == (1,)  # the baseline, applied once
        assert check.execute('SELECT count(*) FROM "cx_gemelle".departments').fetchone() == (
            7,
        )  # seeded once
        check.execute('DROP SCHEMA "cx_gemelle" CASCADE')
    finally:
        check.close()


@pytest.mark.parametrize("code", ["../x", "Acme", "a", "x;DROP SCHEMA public"])
def test_a_company_code_is_checked_before_it_names_a_schema(code: str) -> None:
    with pytest.raises(InputRefused):
        check_code(code)
    with pytest.raises(ValueError):
        postgres.checked_schema("cx_" + code)
    address = "postgresql://cx@/cx?options=" + urllib.parse.quote(f"-csearch_path=cx_{code}")
    with pytest.raises(ValueError):
        postgres.schema_in(address)
