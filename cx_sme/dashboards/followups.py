"""Close the loop: an owner, a status and a note for each alert taken in hand.

Two kinds of alert can be followed up: an open complaint nobody owns, and a customer whose
latest NPS answer is a detractor. Each is identified by a natural key built from its own
content, not from a row id: re-importing a month stores its rows again under new ids,
and the follow-up must survive that (and stay until someone marks it solved).

- complaint: the opening date, customer, touchpoint, category and description
  (normalised), plus an occurrence number for identical complaints of the same day.
  Owner, closing date and cost are left out: they change from one export to the next.
- detractor: the customer and the date of the detractor answer. A new detractor answer
  later is a new call to make.

>>> complaint_key("2025-12-03", "C001", "Consegna", "Ritardo", "Merce  arrivata tardi")
'c:3b98e06076f471c8'
>>> complaint_key("2025-12-03", "c001", "consegna", "RITARDO", "merce arrivata tardi")
'c:3b98e06076f471c8'
>>> detractor_key("C001", "2026-01-15")
'd:C001|2026-01-15'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from cx_sme.core.db import write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t

KINDS = ("complaint", "detractor")
STATUSES = ("to_call", "called", "solved")
MAX_OWNER = 80
MAX_NOTE = 1000


@dataclass(frozen=True)
class FollowUp:
    kind: str
    key: str
    customer_id: str | None
    summary: str | None
    owner: str | None
    status: str
    note: str | None
    updated_at: str


def _norm(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return " ".join(text.split())


def _day(value: object) -> str:
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    return str(value)[:10]


def complaint_key(
    opened: object,
    customer_id: object,
    touchpoint: object,
    category: object,
    description: object,
    occurrence: int = 0,
) -> str:
    """The stable key of one complaint (see the module docstring)."""
    parts = [_day(opened), *(_norm(x) for x in (customer_id, touchpoint, category, description))]
    if occurrence:
        parts.append(str(occurrence))
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "c:" + digest[:16]


def complaint_keys(complaints: pd.DataFrame) -> pd.Series:
    """The key of every row of a complaints frame (same index); identical complaints of
    the same day are told apart by their order in the file."""
    columns = ["opened", "customer_id", "touchpoint", "category", "description"]
    seen: dict[str, int] = {}
    keys = []
    for opened, customer, touchpoint, category, description in complaints[columns].itertuples(
        index=False, name=None
    ):
        fields = (opened, customer, touchpoint, category, description)
        base = complaint_key(*fields)
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(base if n == 0 else complaint_key(*fields, occurrence=n))
    return pd.Series(keys, index=complaints.index, dtype=object)


def detractor_key(customer_id: object, answered: object) -> str:
    return f"d:{str(customer_id).strip()}|{_day(answered)}"


def _from_row(row: tuple) -> FollowUp:
    return FollowUp(*row)


_COLUMNS = "kind, item_key, customer_id, summary, owner, status, note, updated_at"


def followups(conn: sqlite3.Connection, kind: str) -> dict[str, FollowUp]:
    """Every stored follow-up of ``kind``, by key."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM followups WHERE kind = ?", (kind,))
    return {row[1]: _from_row(row) for row in rows}


def get(conn: sqlite3.Connection, kind: str, key: str) -> FollowUp | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM followups WHERE kind = ? AND item_key = ?", (kind, key)
    ).fetchone()
    return _from_row(row) if row else None


@dataclass(frozen=True)
class Update:
    """One follow-up as typed in the alerts panel."""

    key: str
    owner: str | None
    status: str
    note: str | None
    customer_id: str | None = None
    summary: str | None = None


def _clean(text: str | None, limit: int, field: str, key: str) -> str | None:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    value = " ".join(str(text).split()) if field == "owner" else str(text).strip()
    if len(value) > limit:
        raise InputRefused(
            "dash.error.too_long", field=t(f"dash.alerts.col.{field}"), limit=limit, item=key
        )
    return value or None


def save(conn: sqlite3.Connection, kind: str, updates: Iterable[Update]) -> int:
    """Store follow-ups (insert or update), all in one transaction; return how many
    changed. An unknown kind or status, or a text too long, refuses the whole batch."""
    if kind not in KINDS:
        raise InputRefused("dash.error.unknown_kind", kind=kind)
    now = dt.datetime.now().isoformat(timespec="seconds")
    changed = 0
    cleaned = []
    for up in updates:
        if up.status not in STATUSES:
            raise InputRefused("dash.error.unknown_status", status=up.status, item=up.key)
        cleaned.append(
            (
                up.key,
                _clean(up.owner, MAX_OWNER, "owner", up.key),
                up.status,
                _clean(up.note, MAX_NOTE, "note", up.key),
                up.customer_id,
                up.summary,
            )
        )
    with write_transaction(conn):
        for key, owner, status, note, customer, summary in cleaned:
            before = get(conn, kind, key)
            if before is not None and (before.owner, before.status, before.note) == (
                owner,
                status,
                note,
            ):
                continue
            if before is None and owner is None and note is None and status == "to_call":
                continue  # nothing typed: no row, the alert stays "without follow-up"
            conn.execute(
                "INSERT INTO followups (kind, item_key, customer_id, summary, owner, status, "
                "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, item_key) DO UPDATE SET owner = excluded.owner, "
                "status = excluded.status, note = excluded.note, "
                "customer_id = coalesce(excluded.customer_id, followups.customer_id), "
                "summary = coalesce(excluded.summary, followups.summary), "
                "updated_at = excluded.updated_at",
                (kind, key, customer, summary, owner, status, note, now, now),
            )
            changed += 1
    return changed


def erase_customer(conn: sqlite3.Connection, customer_id: str) -> int:
    """Delete every follow-up about one customer (a GDPR erasure); return how many."""
    with write_transaction(conn):
        cursor = conn.execute("DELETE FROM followups WHERE customer_id = ?", (customer_id,))
        return cursor.rowcount
