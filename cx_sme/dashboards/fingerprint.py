"""What the dashboards' caches must follow besides the data version: the settings
(targets, focus area, SLA…), the follow-ups of the alerts, and the touchpoint and
department names, hashed into one short string.

The rows are read in a fixed order and joined here (SQLite's ``group_concat`` has no
twin in PostgreSQL, and neither promises an order), so the same content gives the same
fingerprint on both databases."""

from __future__ import annotations

import hashlib
import sqlite3

_PARTS = (
    "SELECT key, value FROM settings ORDER BY key",
    "SELECT kind, item_key, status, owner, note FROM followups ORDER BY kind, item_key",
    "SELECT code, name, aliases, active FROM touchpoints ORDER BY code",
    "SELECT code, name, active FROM departments ORDER BY code",
)


def settings_fingerprint(conn: sqlite3.Connection) -> str:
    """Settings, follow-ups, touchpoint and department names as they are now, hashed."""
    digest = hashlib.sha256()
    for query in _PARTS:
        for row in conn.execute(query):
            digest.update(repr(tuple(row)).encode("utf-8"))
        digest.update(b"\x00")  # where one table's rows end
    return digest.hexdigest()[:16]
