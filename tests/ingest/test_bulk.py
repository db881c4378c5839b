"""copy_rows: many rows into a PostgreSQL table with one COPY, inside the caller's
transaction (what an import's lines and order totals go through on PostgreSQL)."""

from __future__ import annotations

import pytest

from cx_sme.core import db
from cx_sme.ingest.bulk import copy_rows

ROWS = [
    ("k1", "tab\there"),
    ("k2", "line\nbreak and a backslash \\ and \\N as text"),
    ("k3", "«Caffè» 'quoted' \"double\""),
]


@pytest.fixture
def postgres_store(postgres_company):  # type: ignore[no-untyped-def]
    return postgres_company


def test_rows_come_back_as_written(postgres_store) -> None:  # type: ignore[no-untyped-def]
    with db.write_transaction(postgres_store):
        copy_rows(postgres_store, "settings", ["key", "value"], ROWS)
    stored = postgres_store.execute(
        "SELECT key, value FROM settings WHERE key LIKE 'k_' ORDER BY key"
    ).fetchall()
    assert stored == ROWS


def test_a_refusal_after_the_copy_stores_nothing(postgres_store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), db.write_transaction(postgres_store):
        copy_rows(postgres_store, "settings", ["key", "value"], ROWS)
        raise RuntimeError("refused after the rows went in")
    assert postgres_store.execute(
        "SELECT count(*) FROM settings WHERE key LIKE 'k_'"
    ).fetchone() == (0,)


@pytest.mark.parametrize(
    ("table", "columns"), [("settings; DROP", ["key"]), ("settings", ["key)"])]
)
def test_names_are_checked(postgres_store, table: str, columns: list[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        copy_rows(postgres_store, table, columns, [])
