"""The six areas of a CX plan and their maturity, assessed again and again over time.

Strategy (which goals), data analysis (what we know of the customers' experience today),
customer journey (what that experience is), KPIs (which indicators prove progress),
governance (who runs it) and people engagement (how everyone gets involved). For each:
guiding questions, a 1–5 maturity with its date, the next step and who takes it. Every
assessment is kept, so the team sees the plan mature.

>>> from cx_sme.core.db import connect
>>> conn = connect(":memory:")
>>> _ = record(conn, "kpis", 2, dt.date(2025, 1, 10), "Choose three KPIs", "Anna")
>>> _ = record(conn, "kpis", 3, dt.date(2025, 4, 10), "Targets in Settings", "Anna")
>>> latest = current(conn)
>>> latest["kpis"].score, change(conn)["kpis"], latest["strategy"] is None
(3, 1, True)
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from cx_sme.core.db import write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import catalog, get_language, t

AREAS = ("strategy", "data", "journey", "kpis", "governance", "people")
LEVELS = (1, 2, 3, 4, 5)
MAX_NAME = 120
MAX_TEXT = 2000


@dataclass(frozen=True)
class Assessment:
    id: int
    area: str
    score: int
    assessed_on: str
    next_step: str
    owner: str
    note: str


def area_name(area: str) -> str:
    return t(f"programme.area.{area}")


def questions(area: str) -> list[str]:
    """The guiding questions of ``area`` in the current language."""
    if area not in AREAS:
        raise InputRefused("programme.maturity.error.area", value=area)
    prefix = f"programme.maturity.{area}.q"
    messages = catalog(get_language())
    count = sum(1 for key in messages if key.startswith(prefix))
    return [t(f"{prefix}{i}") for i in range(1, count + 1)]


def level_name(score: int) -> str:
    """What a maturity level means, in a few words."""
    return t(f"programme.maturity.level.{score}")


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputRefused("programme.error.date", value=value) from None


def record(
    conn: sqlite3.Connection,
    area: str,
    score: int,
    assessed_on: dt.date | str,
    next_step: str | None = None,
    owner: str | None = None,
    note: str | None = None,
    *,
    today: dt.date | None = None,
) -> int:
    """Store an assessment of ``area`` (the previous ones stay as history)."""
    if area not in AREAS:
        raise InputRefused("programme.maturity.error.area", value=area)
    if isinstance(score, bool) or not isinstance(score, int) or score not in LEVELS:
        raise InputRefused("programme.maturity.error.score", value=score)
    day = _as_date(assessed_on)
    if day > (today or dt.date.today()):
        raise InputRefused("programme.error.future_date", value=day.isoformat())
    step = (next_step or "").strip()
    who = (owner or "").strip()
    remark = (note or "").strip()
    if len(who) > MAX_NAME:
        raise InputRefused(
            "programme.error.too_long", field=t("programme.field.owner"), limit=MAX_NAME
        )
    for text, name in ((step, "next_step"), (remark, "note")):
        if len(text) > MAX_TEXT:
            raise InputRefused(
                "programme.error.too_long", field=t(f"programme.field.{name}"), limit=MAX_TEXT
            )
    if step and not who:
        raise InputRefused("programme.maturity.error.owner")
    with write_transaction(conn):
        cursor = conn.execute(
            "INSERT INTO maturity_assessments (area, score, assessed_on, next_step, owner, "
            "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                area,
                score,
                day.isoformat(),
                step or None,
                who or None,
                remark or None,
                dt.datetime.now().isoformat(timespec="seconds"),
            ),
        )
        return int(cursor.fetchone()[0])


def history(conn: sqlite3.Connection, area: str | None = None) -> list[Assessment]:
    """Every assessment, oldest first (of one area when given)."""
    sql = (
        "SELECT id, area, score, assessed_on, coalesce(next_step, ''), coalesce(owner, ''), "
        "coalesce(note, '') FROM maturity_assessments"
    )
    params: tuple[str, ...] = ()
    if area is not None:
        sql += " WHERE area = ?"
        params = (area,)
    rows = conn.execute(sql + " ORDER BY assessed_on, id", params)
    return [Assessment(int(r[0]), *r[1:]) for r in rows]


def current(conn: sqlite3.Connection) -> dict[str, Assessment | None]:
    """The latest assessment of each area (None for an area never assessed)."""
    latest: dict[str, Assessment | None] = dict.fromkeys(AREAS)
    for item in history(conn):
        latest[item.area] = item
    return latest


def change(conn: sqlite3.Connection) -> dict[str, int | None]:
    """Latest score minus the previous one, per area (None with fewer than two)."""
    scores: dict[str, list[int]] = {a: [] for a in AREAS}
    for item in history(conn):
        scores[item.area].append(item.score)
    return {a: (s[-1] - s[-2] if len(s) >= 2 else None) for a, s in scores.items()}


def overall(conn: sqlite3.Connection) -> float | None:
    """The mean latest score over the areas assessed (None when none is)."""
    scores = [a.score for a in current(conn).values() if a is not None]
    return sum(scores) / len(scores) if scores else None


def weakest(conn: sqlite3.Connection) -> list[str]:
    """Areas to work on first: never assessed, then the lowest scores."""
    scores = {a: (item.score if item is not None else 0) for a, item in current(conn).items()}
    return sorted(AREAS, key=lambda a: scores[a])
