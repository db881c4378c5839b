"""Customers' personal data: erasure on request (GDPR art. 17) and pseudonyms in exports.

:func:`erase_customer` deletes every row about one customer from every table that has a
``customer_id`` column (sales, complaints, surveys and whatever later features add), in
one write transaction, and records the erasure in the ``erasures`` audit table: when, by
whom, and the customer as a keyed hash (HMAC-SHA256 with a random key kept in the
database), never the id itself. The hash lets the app answer "was this customer erased?"
and erase them again if an older backup is restored, without keeping who they were.

Pseudonyms (``Cliente 3F9A2C1B``) are stable per database and cannot be turned back into
the id without the key: exports can use them instead of names and codes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import sqlite3
from dataclasses import dataclass

import pandas as pd

from cx_sme.core import db
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t

PSEUDONYMISE_SETTING = "privacy.pseudonymise_exports"
AUDIT_TABLE = "erasures"
CUSTOMER_COLUMNS = ("customer_id", "customer_name")


@dataclass(frozen=True)
class Erasure:
    """One line of the audit table."""

    erased_at: str
    erased_by: str
    customer_hash: str
    rows_erased: int
    detail: dict[str, int]


@dataclass(frozen=True)
class ErasureState:
    """The audit and its key, kept across a restore (see :func:`carry_over`)."""

    key: str
    erasures: list[Erasure]


def _key(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'privacy_key'").fetchone()
    if row is None:  # pragma: no cover - the migration always creates it
        raise RuntimeError("privacy_key missing: migration 0006 not applied")
    return str(row[0])


def keyed_hash(key: str, customer_id: str) -> str:
    """HMAC-SHA256 of a customer id with the database's key (hex).

    >>> keyed_hash("00", "C001")[:12]
    '4cacdb165c37'
    """
    return hmac.new(key.encode(), customer_id.strip().encode(), hashlib.sha256).hexdigest()


def customer_hash(conn: sqlite3.Connection, customer_id: str) -> str:
    return keyed_hash(_key(conn), customer_id)


def pseudonym_of(key: str, customer_id: str) -> str:
    """A stable pseudonym: ``Cliente 3F9A2C1B`` (``Customer ...`` in English)."""
    code = keyed_hash(key, "pseudonym:" + customer_id)[:8].upper()
    return t("settings.privacy.pseudonym", code=code)


def store_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table of the store, sorted: from SQLite's catalogue, or the tables of the
    company's PostgreSQL schema."""
    if db.is_postgres(conn):
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    else:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    return sorted(str(row[0]) for row in rows)


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns of ``table`` (a name from :func:`store_tables`), as both databases
    describe a query's result."""
    cursor = conn.execute(f'SELECT * FROM "{table}" LIMIT 0')
    return [str(column[0]) for column in cursor.description]


def customer_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table with a ``customer_id`` column (the audit table aside), sorted."""
    return [
        name
        for name in store_tables(conn)
        if name != AUDIT_TABLE and "customer_id" in table_columns(conn, name)
    ]


# Tables whose rows an owner would recognise, with a name in the catalog; any other table
# with a customer_id column is shown by its own name.
KNOWN_TABLES = (
    "sales", "complaints", "surveys", "followups",
    "sales_replaced", "complaints_replaced", "surveys_replaced",
)  # fmt: skip


# Tables computed from others (the sales lines summed per order): their rows are erased
# with the lines they sum, and not counted twice in what the owner is shown.
DERIVED_TABLES = ("sales_orders",)


def table_label(table: str) -> str:
    """What a table holds, in words (``sales`` → "Vendite")."""
    return t(f"settings.privacy.table_{table}") if table in KNOWN_TABLES else table


def _clean_id(customer_id: str) -> str:
    value = (customer_id or "").strip()
    if not value:
        raise InputRefused("settings.privacy.empty_id")
    return value


def footprint(conn: sqlite3.Connection, customer_id: str) -> dict[str, int]:
    """How many rows each table holds about the customer (tables with none left out)."""
    value = _clean_id(customer_id)
    counts = {}
    for table in customer_tables(conn):
        if table in DERIVED_TABLES:
            continue
        n = conn.execute(
            f'SELECT count(*) FROM "{table}" WHERE customer_id = ?', (value,)
        ).fetchone()[0]
        if n:
            counts[table] = int(n)
    return counts


def similar_ids(conn: sqlite3.Connection, customer_id: str, limit: int = 5) -> list[str]:
    """Stored ids equal to ``customer_id`` but for case and spaces (to suggest them)."""
    value = _clean_id(customer_id).lower()
    found: set[str] = set()
    for table in customer_tables(conn):
        rows = conn.execute(
            f'SELECT DISTINCT customer_id FROM "{table}" '
            "WHERE lower(trim(customer_id)) = ? LIMIT ?",
            (value, limit),
        )
        found.update(str(r[0]) for r in rows)
    return sorted(found)[:limit]


def erase_customer(conn: sqlite3.Connection, customer_id: str, *, by: str) -> Erasure:
    """Delete all rows about ``customer_id`` everywhere, in one transaction, and audit it.

    Raises InputRefused when nothing is stored about that id (nothing is recorded then).
    """
    value = _clean_id(customer_id)
    with db.write_transaction(conn):
        detail = _delete_everywhere(conn, {value})
        if not detail:
            raise InputRefused("settings.privacy.not_found", customer=value)
        erasure = _record(conn, customer_hash(conn, value), by, detail)
        db.bump_data_version(conn)
    return erasure


def _delete_everywhere(conn: sqlite3.Connection, ids: set[str]) -> dict[str, int]:
    detail: dict[str, int] = {}
    for table in customer_tables(conn):
        for value in ids:
            cursor = conn.execute(f'DELETE FROM "{table}" WHERE customer_id = ?', (value,))
            if cursor.rowcount and table not in DERIVED_TABLES:
                detail[table] = detail.get(table, 0) + cursor.rowcount
    return detail


def _record(conn: sqlite3.Connection, hashed: str, by: str, detail: dict[str, int]) -> Erasure:
    erasure = Erasure(
        erased_at=dt.datetime.now().isoformat(timespec="seconds"),
        erased_by=by.strip() or "?",
        customer_hash=hashed,
        rows_erased=sum(detail.values()),
        detail=detail,
    )
    conn.execute(
        f"INSERT INTO {AUDIT_TABLE} (erased_at, erased_by, customer_hash, rows_erased, detail) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            erasure.erased_at,
            erasure.erased_by,
            erasure.customer_hash,
            erasure.rows_erased,
            json.dumps(detail, sort_keys=True),
        ),
    )
    return erasure


def erasure_log(conn: sqlite3.Connection) -> list[Erasure]:
    """The audit table, newest first."""
    rows = conn.execute(
        f"SELECT erased_at, erased_by, customer_hash, rows_erased, detail FROM {AUDIT_TABLE} "
        "ORDER BY erased_at DESC, id DESC"
    ).fetchall()
    return [Erasure(a, b, c, int(d), json.loads(e)) for a, b, c, d, e in rows]


def was_erased(conn: sqlite3.Connection, customer_id: str) -> bool:
    hashed = customer_hash(conn, _clean_id(customer_id))
    row = conn.execute(
        f"SELECT 1 FROM {AUDIT_TABLE} WHERE customer_hash = ? LIMIT 1", (hashed,)
    ).fetchone()
    return row is not None


# --- restores must not bring erased customers back ---------------------------------------


def erasure_state(conn: sqlite3.Connection) -> ErasureState:
    """The key and the audit, read before a restore replaces the store."""
    return ErasureState(_key(conn), erasure_log(conn))


def carry_over(conn: sqlite3.Connection, before: ErasureState) -> int:
    """After a restore: erase again every customer erased before it, and keep the audit.

    When the restored store has no erasures of its own it adopts the previous key, so
    its audit stays one consistent list. Returns the number of rows erased again.
    """
    if not before.erasures:
        return 0
    with db.write_transaction(conn):
        if not conn.execute(f"SELECT 1 FROM {AUDIT_TABLE} LIMIT 1").fetchone():
            conn.execute("UPDATE meta SET value = ? WHERE key = 'privacy_key'", (before.key,))
        hashes = {e.customer_hash for e in before.erasures}
        ids = set()
        for table in customer_tables(conn):
            for (value,) in conn.execute(f'SELECT DISTINCT customer_id FROM "{table}"'):
                if value is not None and keyed_hash(before.key, str(value)) in hashes:
                    ids.add(str(value))
        detail = _delete_everywhere(conn, ids) if ids else {}
        known = {(e.erased_at, e.customer_hash) for e in erasure_log(conn)}
        for erasure in reversed(before.erasures):
            if (erasure.erased_at, erasure.customer_hash) not in known:
                conn.execute(
                    f"INSERT INTO {AUDIT_TABLE} "
                    "(erased_at, erased_by, customer_hash, rows_erased, detail) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        erasure.erased_at,
                        erasure.erased_by,
                        erasure.customer_hash,
                        erasure.rows_erased,
                        json.dumps(erasure.detail, sort_keys=True),
                    ),
                )
        if detail:
            db.bump_data_version(conn)
    return sum(detail.values())


# --- pseudonyms in exports ---------------------------------------------------------------


def pseudonymise_exports(conn: sqlite3.Connection) -> bool:
    """Whether exports show pseudonyms instead of customer names and codes."""
    return bool(db.get_setting(conn, PSEUDONYMISE_SETTING, False))


def set_pseudonymise_exports(conn: sqlite3.Connection, enabled: bool) -> None:
    db.set_setting(conn, PSEUDONYMISE_SETTING, bool(enabled))


def pseudonymise_frame(conn: sqlite3.Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with ``customer_id`` and ``customer_name`` replaced by the
    customer's pseudonym (the same for both, so rows still group by customer)."""
    if not any(c in frame.columns for c in CUSTOMER_COLUMNS):
        return frame
    key = _key(conn)
    out = frame.copy()
    present = [out[c] for c in CUSTOMER_COLUMNS if c in out.columns]
    ids = present[0] if len(present) == 1 else present[0].where(present[0].notna(), present[1])
    cache: dict[str, str] = {}

    def alias(value: object) -> object:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        text = str(value)
        if text not in cache:
            cache[text] = pseudonym_of(key, text)
        return cache[text]

    pseudonyms = ids.map(alias).astype(object)
    for column in CUSTOMER_COLUMNS:
        if column in out.columns:
            out[column] = pseudonyms.where(out[column].notna(), None)
    return out
