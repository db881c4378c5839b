"""The plan to involve people: internal actions that make CX everyone's business.

When the programme starts almost nobody knows what it is about, so the team plans
small, concrete actions: a series of e-mails, posters where people take a break, printed
material, a video from management, testimonials from outside, CX champions, a CX
newsletter, workshops across departments. Each has an owner, a date and a status.

>>> from cx_sme.core.db import connect
>>> conn = connect(":memory:")
>>> item = add_action(conn, "posters", "Poster in sala pausa", "Giulia", "2025-05-10")
>>> set_status(conn, item.id, "done", today=dt.date(2025, 5, 12))
>>> [(a.title, a.status, a.done_on) for a in done_in_month(conn, "2025-05")]
[('Poster in sala pausa', 'done', '2025-05-12')]
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from cx_sme.core.db import write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t
from cx_sme.core.periods import period_end, period_start

KINDS = (
    "email_series",
    "posters",
    "printed",
    "management_video",
    "testimonials",
    "champions",
    "newsletter",
    "workshops",
    "other",
)
STATUSES = ("planned", "in_progress", "done", "dropped")
OPEN_STATUSES = ("planned", "in_progress")
MAX_TITLE = 200
MAX_NAME = 120
MAX_NOTE = 2000


@dataclass(frozen=True)
class EngagementAction:
    id: int
    kind: str
    title: str
    owner: str
    due: str
    status: str
    done_on: str | None
    note: str

    def overdue(self, today: dt.date | None = None) -> bool:
        """Still open after its date."""
        day = today or dt.date.today()
        return self.status in OPEN_STATUSES and self.due < day.isoformat()


def kind_name(kind: str) -> str:
    return t(f"programme.engagement.kind.{kind}")


def suggestion(kind: str) -> str:
    """A first title for an action of ``kind`` (the user edits it)."""
    return t(f"programme.engagement.suggest.{kind}")


def status_name(status: str) -> str:
    return t(f"programme.engagement.status.{status}")


def _clean(
    kind: str, title: str, owner: str, due: dt.date | str, status: str, note: str | None
) -> tuple[str, str, str, str, str, str | None]:
    if kind not in KINDS:
        raise InputRefused("programme.engagement.error.kind", value=kind)
    if status not in STATUSES:
        raise InputRefused("programme.engagement.error.status", value=status)
    clean_title = (title or "").strip()
    if not clean_title:
        raise InputRefused("programme.engagement.error.empty_title")
    clean_owner = (owner or "").strip()
    if not clean_owner:
        raise InputRefused("programme.engagement.error.empty_owner")
    for text, name, limit in (
        (clean_title, "title", MAX_TITLE),
        (clean_owner, "owner", MAX_NAME),
        ((note or "").strip(), "note", MAX_NOTE),
    ):
        if len(text) > limit:
            raise InputRefused(
                "programme.error.too_long", field=t(f"programme.field.{name}"), limit=limit
            )
    if due is None or due == "":
        raise InputRefused("programme.engagement.error.empty_due")
    try:
        day = due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due))
    except ValueError:
        raise InputRefused("programme.error.date", value=due) from None
    return kind, clean_title, clean_owner, day.isoformat(), status, (note or "").strip() or None


def add_action(
    conn: sqlite3.Connection,
    kind: str,
    title: str,
    owner: str,
    due: dt.date | str,
    note: str | None = None,
    status: str = "planned",
    *,
    today: dt.date | None = None,
) -> EngagementAction:
    kind, title, owner, due_iso, status, note = _clean(kind, title, owner, due, status, note)
    done_on = (today or dt.date.today()).isoformat() if status == "done" else None
    now = dt.datetime.now().isoformat(timespec="seconds")
    with write_transaction(conn):
        cursor = conn.execute(
            "INSERT INTO engagement_actions (kind, title, owner, due, status, done_on, note, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (kind, title, owner, due_iso, status, done_on, note, now, now),
        )
        action_id = int(cursor.fetchone()[0])
    return EngagementAction(action_id, kind, title, owner, due_iso, status, done_on, note or "")


def update_action(
    conn: sqlite3.Connection,
    action_id: int,
    kind: str,
    title: str,
    owner: str,
    due: dt.date | str,
    status: str,
    note: str | None = None,
    *,
    today: dt.date | None = None,
) -> None:
    """Change an action; moving it to *done* records the day, leaving *done* clears it."""
    kind, title, owner, due_iso, status, note = _clean(kind, title, owner, due, status, note)
    with write_transaction(conn):
        row = conn.execute(
            "SELECT status, done_on FROM engagement_actions WHERE id = ?", (action_id,)
        ).fetchone()
        if row is None:
            raise InputRefused("programme.engagement.error.unknown", value=action_id)
        done_on = _done_on(row[0], row[1], status, today)
        conn.execute(
            "UPDATE engagement_actions SET kind = ?, title = ?, owner = ?, due = ?, status = ?, "
            "done_on = ?, note = ?, updated_at = ? WHERE id = ?",
            (
                kind,
                title,
                owner,
                due_iso,
                status,
                done_on,
                note,
                dt.datetime.now().isoformat(timespec="seconds"),
                action_id,
            ),
        )


def _done_on(old: str, old_done: str | None, new: str, today: dt.date | None) -> str | None:
    if new != "done":
        return None
    if old == "done" and old_done:
        return old_done
    return (today or dt.date.today()).isoformat()


def set_status(
    conn: sqlite3.Connection, action_id: int, status: str, *, today: dt.date | None = None
) -> None:
    if status not in STATUSES:
        raise InputRefused("programme.engagement.error.status", value=status)
    with write_transaction(conn):
        row = conn.execute(
            "SELECT status, done_on FROM engagement_actions WHERE id = ?", (action_id,)
        ).fetchone()
        if row is None:
            raise InputRefused("programme.engagement.error.unknown", value=action_id)
        conn.execute(
            "UPDATE engagement_actions SET status = ?, done_on = ?, updated_at = ? WHERE id = ?",
            (
                status,
                _done_on(row[0], row[1], status, today),
                dt.datetime.now().isoformat(timespec="seconds"),
                action_id,
            ),
        )


def delete_action(conn: sqlite3.Connection, action_id: int) -> None:
    with write_transaction(conn):
        conn.execute("DELETE FROM engagement_actions WHERE id = ?", (action_id,))


def _rows(conn: sqlite3.Connection, where: str = "", params: tuple[str, ...] = ()) -> list:
    rows = conn.execute(
        "SELECT id, kind, title, owner, due, status, done_on, coalesce(note, '') "
        f"FROM engagement_actions {where} ORDER BY due, id",
        params,
    )
    return [EngagementAction(int(r[0]), *r[1:]) for r in rows]


def list_actions(conn: sqlite3.Connection) -> list[EngagementAction]:
    """Every action, by date."""
    return _rows(conn)


def done_in_month(conn: sqlite3.Connection, month: str) -> list[EngagementAction]:
    """Actions completed in ``month`` (``YYYY-MM``)."""
    first, last = period_start(month).isoformat(), period_end(month).isoformat()
    return _rows(conn, "WHERE status = 'done' AND done_on BETWEEN ? AND ?", (first, last))


def coverage(conn: sqlite3.Connection) -> dict[str, str | None]:
    """For each kind of action, the most advanced status in the plan (None = not planned)."""
    rank = {"done": 3, "in_progress": 2, "planned": 1, "dropped": 0}
    best: dict[str, str | None] = dict.fromkeys(KINDS)
    for action in list_actions(conn):
        current = best[action.kind]
        if current is None or rank[action.status] > rank[current]:
            best[action.kind] = action.status
    return best


def last_done(conn: sqlite3.Connection) -> str | None:
    """The day the latest action was completed (None when none was)."""
    row = conn.execute(
        "SELECT max(done_on) FROM engagement_actions WHERE status = 'done'"
    ).fetchone()
    return row[0] if row and row[0] else None
