"""What the dashboards' caches must follow besides the data version: the settings
(targets, focus area, SLA…), the follow-ups of the alerts, and the touchpoint and
department names, hashed into one short string."""

from __future__ import annotations

import hashlib
import sqlite3

_FINGERPRINT_SQL = (
    "SELECT (SELECT group_concat(key || '=' || value, ';') FROM settings), "
    "(SELECT group_concat(kind || item_key || status || '|' || coalesce(owner, '') || '|'"
    " || coalesce(note, ''), ';') FROM followups), "
    "(SELECT group_concat(code || ':' || coalesce(name, '') || ':' || aliases || ':' || active,"
    " ';') FROM touchpoints), "
    "(SELECT group_concat(code || ':' || coalesce(name, '') || ':' || active, ';')"
    " FROM departments)"
)


def settings_fingerprint(conn: sqlite3.Connection) -> str:
    """Settings, follow-ups, touchpoint and department names as they are now, hashed."""
    row = conn.execute(_FINGERPRINT_SQL).fetchone()
    return hashlib.sha256(repr(tuple(row)).encode("utf-8")).hexdigest()[:16]
