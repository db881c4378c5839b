"""The action plan: assess → act → measure.

Each action says what will be done (title), where (a touchpoint, a KPI or both), who
(owner and department), by when (due date), how far it got (status), and how the team
will know it worked: the indicator with its value before (baseline), the value aimed
for (target) and, later, the value measured (result).

>>> a = Action(1, "Richiamare i detrattori", None, "nps", "Anna", "service",
...            "2025-01-31", "in_progress", -10.0, 0.0, None, None, "", None, "", "")
>>> a.is_overdue(dt.date(2025, 2, 1)), a.is_overdue(dt.date(2025, 1, 31))
(True, False)
>>> a.outcome() is None
True
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

from cx_sme.company.touchpoints import check_department, get_touchpoint
from cx_sme.core.db import write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t

STATUSES = ("proposed", "in_progress", "done", "dropped")
OPEN_STATUSES = ("proposed", "in_progress")


@dataclass(frozen=True)
class Action:
    id: int
    title: str
    touchpoint_id: int | None
    kpi: str | None
    owner: str | None
    department: str | None
    due: str | None
    status: str
    baseline: float | None
    target: float | None
    result: float | None
    measured_on: str | None
    notes: str
    meeting_id: int | None
    created_at: str
    updated_at: str

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Still open after its due date."""
        today = today or dt.date.today()
        return self.is_open and self.due is not None and self.due < today.isoformat()

    def outcome(self) -> str | None:
        """``"reached"`` or ``"not_reached"`` once a result is measured against a target.

        The target's side of the baseline says which way is better (fewer complaints,
        higher NPS); without a baseline, higher is better.
        """
        if self.result is None or self.target is None:
            return None
        lower_is_better = self.baseline is not None and self.target < self.baseline
        reached = self.result <= self.target if lower_is_better else self.result >= self.target
        return "reached" if reached else "not_reached"


_COLUMNS = (
    "id, title, touchpoint_id, kpi, owner, department, due, status, baseline, target, "
    "result, measured_on, notes, meeting_id, created_at, updated_at"
)
_EDITABLE = (
    "title", "touchpoint_id", "kpi", "owner", "department", "due", "status",
    "baseline", "target", "result", "measured_on", "notes",
)  # fmt: skip


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(value: Any, field: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.strptime(s, "%d/%m/%Y").date()):
        try:
            return parse(text).isoformat()
        except ValueError:
            continue
    raise InputRefused("team.error.bad_date", field=t(f"team.field.{field}"), value=value)


def _number(value: Any, field: str) -> float | None:
    """A number typed the Italian way (``1.234,5``) or the English way (``1234.5``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputRefused("team.error.bad_number", field=t(f"team.field.{field}"), value=value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("\xa0", "").replace(" ", "").rstrip("%€").strip()
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise InputRefused(
                "team.error.bad_number", field=t(f"team.field.{field}"), value=value
            ) from None
    if math.isnan(number) or math.isinf(number):
        raise InputRefused("team.error.bad_number", field=t(f"team.field.{field}"), value=value)
    return number


def _clean(conn: sqlite3.Connection, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise the given fields; refuse with a message naming the field."""
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            title = _text(value)
            if title is None:
                raise InputRefused("team.error.empty_title")
            clean[name] = title
        elif name in ("kpi", "owner"):
            clean[name] = _text(value)
        elif name == "notes":
            clean[name] = "" if value is None else str(value)
        elif name == "touchpoint_id":
            if value is not None:
                get_touchpoint(conn, int(value))
            clean[name] = None if value is None else int(value)
        elif name == "department":
            check_department(conn, value or None)
            clean[name] = value or None
        elif name == "status":
            if value not in STATUSES:
                raise InputRefused("team.error.bad_status", value=value)
            clean[name] = value
        elif name in ("due", "measured_on"):
            clean[name] = _date(value, name)
        elif name in ("baseline", "target", "result"):
            clean[name] = _number(value, name)
        else:
            raise TypeError(f"unknown action field {name!r}")
    return clean


def add_action(
    conn: sqlite3.Connection,
    title: str,
    *,
    touchpoint_id: int | None = None,
    kpi: str | None = None,
    owner: str | None = None,
    department: str | None = None,
    due: dt.date | str | None = None,
    status: str = "proposed",
    baseline: float | str | None = None,
    target: float | str | None = None,
    notes: str = "",
    meeting_id: int | None = None,
) -> Action:
    """Store a new action; an empty title is refused with a message."""
    fields = _clean(
        conn,
        {
            "title": title, "touchpoint_id": touchpoint_id, "kpi": kpi, "owner": owner,
            "department": department, "due": due, "status": status, "baseline": baseline,
            "target": target, "notes": notes,
        },
    )  # fmt: skip
    now = _now()
    names = [*fields, "meeting_id", "created_at", "updated_at"]
    with write_transaction(conn):
        cursor = conn.execute(
            f"INSERT INTO actions ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))}) RETURNING id",
            (*fields.values(), meeting_id, now, now),
        )
        new_id = int(cursor.fetchone()[0])
    return get_action(conn, new_id)


def get_action(conn: sqlite3.Connection, action_id: int) -> Action:
    row = conn.execute(f"SELECT {_COLUMNS} FROM actions WHERE id = ?", (action_id,)).fetchone()
    if row is None:
        raise InputRefused("team.error.unknown_action", value=action_id)
    return Action(*row)


def update_action(
    conn: sqlite3.Connection, action_id: int, *, meeting_id: int | None = None, **fields: Any
) -> Action:
    """Change some fields of an action. A status change made in a meeting is recorded
    for its minutes."""
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"unknown action fields {sorted(unknown)}")
    current = get_action(conn, action_id)
    if "department" in fields and fields["department"] == current.department:
        del fields["department"]  # unchanged: keep it even if that department was retired
    clean = _clean(conn, fields)
    if "result" in clean and clean["result"] is not None and "measured_on" not in clean:
        clean["measured_on"] = current.measured_on or dt.date.today().isoformat()
    if not clean:
        return current
    with write_transaction(conn):
        assignments = ", ".join(f"{name} = ?" for name in clean)
        conn.execute(
            f"UPDATE actions SET {assignments}, updated_at = ? WHERE id = ?",
            (*clean.values(), _now(), action_id),
        )
        if "status" in clean and clean["status"] != current.status:
            conn.execute(
                "INSERT INTO action_updates (action_id, meeting_id, status, changed_at) "
                "VALUES (?, ?, ?, ?)",
                (action_id, meeting_id, clean["status"], _now()),
            )
    return get_action(conn, action_id)


def set_status(
    conn: sqlite3.Connection, action_id: int, status: str, *, meeting_id: int | None = None
) -> Action:
    return update_action(conn, action_id, status=status, meeting_id=meeting_id)


def record_result(
    conn: sqlite3.Connection,
    action_id: int,
    result: float | str | None,
    measured_on: dt.date | str | None = None,
) -> Action:
    """The indicator's value measured after the action (the "measure" step)."""
    on = measured_on if measured_on is not None else dt.date.today()
    return update_action(conn, action_id, result=result, measured_on=on)


def list_actions(
    conn: sqlite3.Connection,
    *,
    department: str | None = None,
    owner: str | None = None,
    statuses: tuple[str, ...] | list[str] | None = None,
    touchpoint_id: int | None = None,
    meeting_id: int | None = None,
    overdue_only: bool = False,
    today: dt.date | None = None,
) -> list[Action]:
    """Actions, open ones first by due date (no date last), then closed ones.

    ``owner`` matches ignoring case and surrounding spaces.
    """
    where: list[str] = []
    params: list[object] = []
    if department:
        where.append("department = ?")
        params.append(department)
    if owner:
        where.append("lower(trim(owner)) = lower(?)")
        params.append(" ".join(owner.split()))
    if statuses:
        where.append(f"status IN ({', '.join('?' * len(statuses))})")
        params.extend(statuses)
    if touchpoint_id is not None:
        where.append("touchpoint_id = ?")
        params.append(touchpoint_id)
    if meeting_id is not None:
        where.append("meeting_id = ?")
        params.append(meeting_id)
    sql = f"SELECT {_COLUMNS} FROM actions"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += (
        " ORDER BY CASE WHEN status IN ('proposed', 'in_progress') THEN 0 ELSE 1 END, "
        "due IS NULL, due, id"
    )
    found = [Action(*row) for row in conn.execute(sql, params)]
    if overdue_only:
        found = [a for a in found if a.is_overdue(today)]
    return found


def owners(conn: sqlite3.Connection) -> list[str]:
    """The distinct owners named in the plan, for the filter."""
    rows = conn.execute(
        "SELECT min(trim(owner)) FROM actions WHERE trim(coalesce(owner, '')) <> '' "
        "GROUP BY lower(trim(owner)) ORDER BY lower(trim(owner))"
    )
    return [r[0] for r in rows]


def status_changes(conn: sqlite3.Connection, meeting_id: int) -> list[tuple[int, str]]:
    """(action id, new status) of the changes made during a meeting, in order."""
    rows = conn.execute(
        "SELECT action_id, status FROM action_updates WHERE meeting_id = ? ORDER BY id",
        (meeting_id,),
    )
    return [(int(a), str(s)) for a, s in rows]


def status_label(status: str) -> str:
    return t(f"team.status.{status}")
