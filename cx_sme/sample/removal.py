"""Start with my own data: take the sample company out of a store, in one step.

What belongs to the sample company:

* its imports: the files loaded by :func:`cx_sme.sample.loader.load_sample` and, after
  them, any file carrying one of the sample's file names (the generator's "next month"
  files have the same names), until the first file of another name is imported;
* the follow-ups of its complaints and detractors (those of customers that no remaining
  row names);
* the touchpoint scores given while it was the store's data.

Settings, the touchpoint catalogue, departments, the team roster, actions and meetings
stay: they describe the company and its team, not the sample's figures. The imports go
from the history too (they were a trial, not the company's data), in one transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from cx_sme.core.db import bump_data_version, write_transaction
from cx_sme.core.errors import CxError
from cx_sme.ingest import order_totals
from cx_sme.ingest.import_log import TABLES
from cx_sme.sample.files import FILES

# meta key written when the sample is loaded: the moment it became the store's data.
SAMPLE_LOADED_AT = "sample_loaded_at"
SAMPLE_NAMES = frozenset(name for _dataset, name in FILES)


@dataclass(frozen=True)
class SampleFootprint:
    """What removing the sample takes out; ``imports`` is empty when there is no sample."""

    imports: tuple[int, ...]
    rows: int
    followups: int
    scores: int
    since: str | None

    @property
    def present(self) -> bool:
        return bool(self.imports)


def mark_loaded(conn: sqlite3.Connection, when: str | None = None) -> None:
    """Record, inside the loading transaction, when the sample became the store's data."""
    stamp = when or dt.datetime.now().isoformat(timespec="seconds")
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (SAMPLE_LOADED_AT, stamp),
    )


def _since(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (SAMPLE_LOADED_AT,)).fetchone()
    if row is not None:
        return str(row[0])
    # A store that loaded the sample before the mark existed: its first sample import.
    marks = ",".join("?" * len(SAMPLE_NAMES))
    first = conn.execute(
        f"SELECT min(imported_at) FROM imports WHERE file_name IN ({marks}) "
        "AND id = (SELECT min(id) FROM imports)",
        sorted(SAMPLE_NAMES),
    ).fetchone()
    return None if first is None or first[0] is None else str(first[0])


def _sample_imports(conn: sqlite3.Connection, since: str) -> tuple[list[int], str | None]:
    """The sample's import ids, and when the first file of the company's own came in."""
    ids: list[int] = []
    for import_id, name, imported_at in conn.execute(
        "SELECT id, file_name, imported_at FROM imports WHERE imported_at >= ? ORDER BY id",
        (since,),
    ).fetchall():
        if name not in SAMPLE_NAMES:
            return ids, str(imported_at)
        ids.append(int(import_id))
    return ids, None


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


def _followups_where(ids: list[int]) -> str:
    """Follow-ups made on the sample: since it was loaded, of a customer no other row holds."""
    others = " UNION ".join(
        f"SELECT customer_id FROM {table} WHERE import_id NOT IN ({_in(ids)}) "
        "AND customer_id IS NOT NULL"
        for table in ("complaints", "surveys")
    )
    return f"created_at >= ? AND (customer_id IS NULL OR customer_id NOT IN ({others}))"


def _scores_where(until: str | None) -> tuple[str, list[str]]:
    """Touchpoint scores given while the sample was the store's data."""
    if until is None:
        return "created_at >= ?", []
    return "created_at >= ? AND created_at < ?", [until]


def footprint(conn: sqlite3.Connection) -> SampleFootprint:
    """What :func:`remove_sample` would take out of this store now."""
    since = _since(conn)
    if since is None:
        return SampleFootprint((), 0, 0, 0, None)
    ids, until = _sample_imports(conn, since)
    if not ids:
        return SampleFootprint((), 0, 0, 0, since)
    rows = 0
    for table in TABLES.values():
        (count,) = conn.execute(
            f"SELECT count(*) FROM {table} WHERE import_id IN ({_in(ids)})"
        ).fetchone()
        rows += int(count)
    (followups,) = conn.execute(
        f"SELECT count(*) FROM followups WHERE {_followups_where(ids)}", (since,)
    ).fetchone()
    scores_sql, extra = _scores_where(until)
    (scores,) = conn.execute(
        f"SELECT count(*) FROM touchpoint_scores WHERE {scores_sql}", [since, *extra]
    ).fetchone()
    return SampleFootprint(tuple(ids), rows, int(followups), int(scores), since)


def remove_sample(conn: sqlite3.Connection) -> SampleFootprint:
    """Take the sample company out, all or nothing, and return what was removed.

    Refused (a :class:`CxError`, nothing changed) when the store holds no sample.
    """
    with write_transaction(conn):
        found = footprint(conn)
        if not found.present or found.since is None:
            raise CxError("sample.error.not_loaded")
        ids = list(found.imports)
        _until_ids, until = _sample_imports(conn, found.since)
        scores_sql, extra = _scores_where(until)
        conn.execute(f"DELETE FROM followups WHERE {_followups_where(ids)}", (found.since,))
        conn.execute(f"DELETE FROM touchpoint_scores WHERE {scores_sql}", [found.since, *extra])
        order_totals.forget_imports(conn, ids)
        for table in TABLES.values():
            conn.execute(f"DELETE FROM {table} WHERE import_id IN ({_in(ids)})")
            conn.execute(
                f"DELETE FROM {table}_replaced WHERE import_id IN ({_in(ids)}) "
                f"OR replaced_by IN ({_in(ids)})"
            )
        conn.execute(f"DELETE FROM imports WHERE id IN ({_in(ids)})")
        conn.execute("DELETE FROM meta WHERE key = ?", (SAMPLE_LOADED_AT,))
        bump_data_version(conn)
    return found
