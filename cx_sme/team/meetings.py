"""The monthly CX meeting: agenda, attendees, decisions and minutes.

The agenda is fixed and short: the KPI headline, the alerts, one to three touchpoints in
focus, the open actions, the new decisions. The attendees are listed by department; a
department with nobody present is named, because a CX team that misses a department
becomes one more silo. Every decision is stored at once as an action of the plan (with
owner and due date), and closing the meeting writes its minutes: plain text, stored with
the meeting and downloadable as a ``.txt`` file or an e-mail draft (``.eml``).

A meeting is open until it is closed; reopening the page resumes it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from typing import Any

from cx_sme.company import focus_area
from cx_sme.company.departments import Department, department_name, list_departments
from cx_sme.company.touchpoints import check_department, get_touchpoint
from cx_sme.core.db import write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.formatting import date, number
from cx_sme.core.i18n import get_language, t
from cx_sme.dashboards import alerts, breakdowns, followups
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.kpi.trends import trend
from cx_sme.team import actions as action_plan

AGENDA = ("headline", "alerts", "focus", "actions", "decisions")
MAX_FOCUS = 3


@dataclass(frozen=True)
class Attendee:
    department: str | None  # None = general management, as in the governance roster
    name: str


@dataclass(frozen=True)
class Meeting:
    id: int
    held_on: str
    started_at: str
    closed_at: str | None
    focus: tuple[int, ...]
    attendees: tuple[Attendee, ...]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Minutes:
    meeting_id: int
    written_at: str
    language: str
    body: str


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _iso(value: dt.date | str | None) -> str:
    if value is None:
        return dt.date.today().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputRefused(
            "team.error.bad_date", field=t("team.field.held_on"), value=value
        ) from None


def get_meeting(conn: sqlite3.Connection, meeting_id: int) -> Meeting:
    row = conn.execute(
        "SELECT id, held_on, started_at, closed_at, focus FROM meetings WHERE id = ?",
        (meeting_id,),
    ).fetchone()
    if row is None:
        raise InputRefused("team.error.unknown_meeting", value=meeting_id)
    people = conn.execute(
        "SELECT department, name FROM meeting_attendees WHERE meeting_id = ? ORDER BY id",
        (meeting_id,),
    )
    return Meeting(
        id=row[0],
        held_on=row[1],
        started_at=row[2],
        closed_at=row[3],
        focus=tuple(json.loads(row[4])),
        attendees=tuple(Attendee(d, n) for d, n in people),
    )


def open_meeting(conn: sqlite3.Connection) -> Meeting | None:
    """The meeting in progress, if any (the most recent one still open)."""
    row = conn.execute(
        "SELECT id FROM meetings WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return get_meeting(conn, row[0]) if row else None


def list_meetings(conn: sqlite3.Connection) -> list[Meeting]:
    """Every meeting, the most recent first."""
    rows = conn.execute("SELECT id FROM meetings ORDER BY held_on DESC, id DESC").fetchall()
    return [get_meeting(conn, r[0]) for r in rows]


def _clean_attendees(
    conn: sqlite3.Connection, attendees: Iterable[tuple[str, str] | Attendee]
) -> list[Attendee]:
    cleaned: list[Attendee] = []
    for item in attendees:
        department, name = (
            (item.department, item.name) if isinstance(item, Attendee) else (item[0], item[1])
        )
        for person in str(name or "").replace(";", ",").split(","):
            person = " ".join(person.split())
            if person:
                check_department(conn, department)
                if Attendee(department, person) not in cleaned:
                    cleaned.append(Attendee(department, person))
    return cleaned


def _clean_focus(conn: sqlite3.Connection, focus: Iterable[int]) -> list[int]:
    ids: list[int] = []
    for touchpoint_id in focus:
        tp = get_touchpoint(conn, int(touchpoint_id))
        if tp.id not in ids:
            ids.append(tp.id)
    if len(ids) > MAX_FOCUS:
        raise InputRefused("team.error.too_many_focus", most=MAX_FOCUS, count=len(ids))
    if not ids:
        raise InputRefused("team.error.no_focus", most=MAX_FOCUS)
    return ids


def start_meeting(
    conn: sqlite3.Connection,
    *,
    held_on: dt.date | str | None = None,
    attendees: Iterable[tuple[str, str] | Attendee] = (),
    focus: Iterable[int] = (),
) -> Meeting:
    """Open a new meeting. Refused while another one is still open (close it first).

    ``attendees`` are (department code, names) pairs; several names may be given in one
    text separated by commas.
    """
    day = _iso(held_on)
    people = _clean_attendees(conn, attendees)
    ids = _clean_focus(conn, focus)
    with write_transaction(conn):
        current = open_meeting(conn)
        if current is not None:
            raise InputRefused("team.error.meeting_open", date=_date(current.held_on))
        cursor = conn.execute(
            "INSERT INTO meetings (held_on, started_at, focus) VALUES (?, ?, ?) RETURNING id",
            (day, _now(), json.dumps(ids)),
        )
        meeting_id = int(cursor.fetchone()[0])
        _store_attendees(conn, meeting_id, people)
    return get_meeting(conn, meeting_id)


def _store_attendees(conn: sqlite3.Connection, meeting_id: int, people: list[Attendee]) -> None:
    conn.execute("DELETE FROM meeting_attendees WHERE meeting_id = ?", (meeting_id,))
    conn.cursor().executemany(
        "INSERT INTO meeting_attendees (meeting_id, department, name) VALUES (?, ?, ?)",
        [(meeting_id, p.department, p.name) for p in people],
    )


def _check_open(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise InputRefused("team.error.meeting_closed", date=_date(meeting.held_on))


def set_attendees(
    conn: sqlite3.Connection, meeting_id: int, attendees: Iterable[tuple[str, str] | Attendee]
) -> Meeting:
    people = _clean_attendees(conn, attendees)
    with write_transaction(conn):
        _check_open(get_meeting(conn, meeting_id))
        _store_attendees(conn, meeting_id, people)
    return get_meeting(conn, meeting_id)


def set_focus(conn: sqlite3.Connection, meeting_id: int, focus: Iterable[int]) -> Meeting:
    ids = _clean_focus(conn, focus)
    with write_transaction(conn):
        _check_open(get_meeting(conn, meeting_id))
        conn.execute("UPDATE meetings SET focus = ? WHERE id = ?", (json.dumps(ids), meeting_id))
    return get_meeting(conn, meeting_id)


def discard_meeting(conn: sqlite3.Connection, meeting_id: int) -> None:
    """Cancel an open meeting started by mistake: no minutes are written. Decisions
    already typed stay in the action plan and scores stay in the history, no longer
    tied to a meeting."""
    with write_transaction(conn):
        _check_open(get_meeting(conn, meeting_id))
        for table in ("actions", "touchpoint_scores", "action_updates"):
            conn.execute(
                f"UPDATE {table} SET meeting_id = NULL WHERE meeting_id = ?", (meeting_id,)
            )
        conn.execute("DELETE FROM meeting_attendees WHERE meeting_id = ?", (meeting_id,))
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))


def attendee_group(conn: sqlite3.Connection, department: str | None) -> str:
    """The name attendees are listed under: their department, or general management."""
    if department is None:
        return t("programme.governance.management")
    return department_name(conn, department)


def absent_departments(conn: sqlite3.Connection, meeting: Meeting) -> list[Department]:
    """Active departments with nobody at the meeting."""
    present = {a.department for a in meeting.attendees}
    return [d for d in list_departments(conn) if d.code not in present]


def add_decision(
    conn: sqlite3.Connection, meeting_id: int, title: str, **fields: object
) -> action_plan.Action:
    """A decision typed during the meeting, stored at once as an action of the plan."""
    _check_open(get_meeting(conn, meeting_id))
    return action_plan.add_action(conn, title, meeting_id=meeting_id, **fields)  # type: ignore[arg-type]


def decisions(conn: sqlite3.Connection, meeting_id: int) -> list[action_plan.Action]:
    """The actions decided in this meeting, in the order they were typed."""
    found = action_plan.list_actions(conn, meeting_id=meeting_id)
    return sorted(found, key=lambda a: a.id)


def scores_given(conn: sqlite3.Connection, meeting_id: int) -> list[tuple[int, int, int | None]]:
    """(touchpoint id, score, previous score) for every score given in this meeting."""
    rows = conn.execute(
        "SELECT s.touchpoint_id, s.score, ("
        "  SELECT p.score FROM touchpoint_scores p WHERE p.touchpoint_id = s.touchpoint_id"
        "  AND (p.scored_on < s.scored_on OR (p.scored_on = s.scored_on AND p.id < s.id))"
        "  ORDER BY p.scored_on DESC, p.id DESC LIMIT 1) "
        "FROM touchpoint_scores s WHERE s.meeting_id = ? ORDER BY s.id",
        (meeting_id,),
    )
    latest: dict[int, tuple[int, int, int | None]] = {}
    for tp_id, score, previous in rows:
        first = latest.get(tp_id)
        # scored twice in one meeting: keep the last score against the one before the meeting
        latest[tp_id] = (tp_id, score, first[2] if first else previous)
    return list(latest.values())


@dataclass(frozen=True)
class HeadlineLine:
    """One KPI line of the headline, already formatted, for the minutes."""

    label: str
    value: str
    change: str = ""


@dataclass(frozen=True)
class HeadlineFigure:
    """One KPI of the meeting's headline: its value in the period and the change from
    the period before, formatted; ``higher_is_better`` says how to colour the change
    (None: neither way is better)."""

    key: str
    label: str
    value: str
    change: str | None
    higher_is_better: bool | None
    caption: str

    def line(self) -> HeadlineLine:
        return HeadlineLine(self.label, self.value, self.change or "")


def headline_keys(chosen_focus: str) -> tuple[str, ...]:
    """The KPIs of the headline: the four business indicators (acquisition, retention,
    sales to existing customers, cost to serve), NPS and complaints, then the first
    headline KPIs of the company's focus area, eight at most."""

    keys = [*focus_area.BUSINESS_INDICATORS, "nps", "complaints"]
    for key in focus_area.headline_kpis(chosen_focus):
        if key not in keys and len(keys) < 8:
            keys.append(key)
    return tuple(keys)


def headline(
    kpi_set: Any, period: str, keys: Iterable[str], *, sla_days: int = 7
) -> list[HeadlineFigure]:
    """The headline figures of ``period`` from a :class:`cx_sme.kpi.engine.KpiSet`."""

    figures = []
    for key in keys:
        info = kpi_catalog.info(key)
        tr = trend(getattr(kpi_set, info.dataset), key, period)
        relative = info.change == "relative" and tr.relative_vs_previous is not None
        change = tr.relative_vs_previous if relative else tr.change_vs_previous
        text = None if change is None else kpi_catalog.format_change(key, change, relative=relative)
        figures.append(
            HeadlineFigure(
                key=key,
                label=kpi_catalog.label(key, sla_days=sla_days),
                value=kpi_catalog.format_value(key, tr.value, short=True),
                change=text,
                higher_is_better=info.higher_is_better,
                caption=kpi_catalog.caption(key, sla_days=sla_days),
            )
        )
    return figures


def close_meeting(
    conn: sqlite3.Connection,
    meeting_id: int,
    *,
    headline: Iterable[HeadlineLine] = (),
    alerts: Iterable[str] = (),
    today: dt.date | None = None,
) -> Minutes:
    """Close the meeting and store its minutes (in the current language)."""
    with write_transaction(conn):
        meeting = get_meeting(conn, meeting_id)
        _check_open(meeting)
        written = _now()
        conn.execute("UPDATE meetings SET closed_at = ? WHERE id = ?", (written, meeting_id))
        body = minutes_text(
            conn, get_meeting(conn, meeting_id), headline=headline, alerts=alerts, today=today
        )
        conn.execute(
            "INSERT INTO minutes (meeting_id, written_at, language, body) VALUES (?, ?, ?, ?)",
            (meeting_id, written, get_language(), body),
        )
    return Minutes(meeting_id, written, get_language(), body)


def get_minutes(conn: sqlite3.Connection, meeting_id: int) -> Minutes | None:
    row = conn.execute(
        "SELECT meeting_id, written_at, language, body FROM minutes WHERE meeting_id = ?",
        (meeting_id,),
    ).fetchone()
    return Minutes(*row) if row else None


def _date(value: str | None) -> str:

    return date(value)


def _action_line(conn: sqlite3.Connection, action: action_plan.Action, today: dt.date) -> str:
    parts = [action.title]
    who = action.owner or t("team.minutes.no_owner")
    if action.department:
        who += f" ({department_name(conn, action.department)})"
    parts.append(t("team.minutes.owner", owner=who))
    parts.append(
        t("team.minutes.due", due=_date(action.due)) if action.due else t("team.minutes.no_due")
    )
    if action.touchpoint_id is not None:
        parts.append(
            t("team.minutes.touchpoint", name=get_touchpoint(conn, action.touchpoint_id).name)
        )
    if action.kpi:
        parts.append(t("team.minutes.indicator", kpi=indicator_label(action.kpi)))
    if action.baseline is not None or action.target is not None:
        parts.append(
            t(
                "team.minutes.baseline_target",
                baseline=_num(action.baseline),
                target=_num(action.target),
            )
        )
    parts.append(action_plan.status_label(action.status))
    if action.is_overdue(today):
        parts.append(t("team.minutes.overdue"))
    return " — ".join(parts)


def _num(value: float | None) -> str:

    if value is None:
        return "—"
    return number(value, 0 if float(value).is_integer() else 2)


def indicator_label(kpi: str) -> str:
    """The indicator's name: the KPI's label for a known key, else the team's wording."""
    try:
        return kpi_catalog.label(kpi)
    except (ImportError, KeyError):
        return kpi


def minutes_text(
    conn: sqlite3.Connection,
    meeting: Meeting,
    *,
    headline: Iterable[HeadlineLine] = (),
    alerts: Iterable[str] = (),
    today: dt.date | None = None,
) -> str:
    """The minutes as plain text: nothing in them is markup, whatever the team typed."""
    today = today or dt.date.today()
    out: list[str] = [t("team.minutes.title", date=_date(meeting.held_on)), ""]

    out.append(t("team.minutes.attendees").upper())
    by_dept: dict[str | None, list[str]] = {}
    for person in meeting.attendees:
        by_dept.setdefault(person.department, []).append(person.name)
    for code, names in by_dept.items():
        out.append(f"- {attendee_group(conn, code)}: {', '.join(names)}")
    if not by_dept:
        out.append("- " + t("team.minutes.nobody"))
    absent = absent_departments(conn, meeting)
    if absent:
        out.append(t("team.minutes.absent", names=", ".join(d.name for d in absent)))
    out.append("")

    lines = list(headline)
    if lines:
        out.append(t("team.minutes.headline").upper())
        for line in lines:
            out.append(
                f"- {line.label}: {line.value}" + (f" ({line.change})" if line.change else "")
            )
        out.append("")
    alert_lines = list(alerts)
    if alert_lines:
        out.append(t("team.minutes.alerts").upper())
        out.extend(f"- {text}" for text in alert_lines)
        out.append("")

    scores = {tp_id: (score, prev) for tp_id, score, prev in scores_given(conn, meeting.id)}
    reviewed = list(meeting.focus) + [i for i in scores if i not in meeting.focus]
    if reviewed:
        out.append(t("team.minutes.focus").upper())
        for tp_id in reviewed:
            tp = get_touchpoint(conn, tp_id)
            owner = department_name(conn, tp.department) if tp.department else "—"
            text = f"- {tp.name} ({owner})"
            if tp_id in scores:
                score, prev = scores[tp_id]
                text += ": " + (
                    t("team.minutes.score_moved", score=score, previous=prev)
                    if prev is not None
                    else t("team.minutes.score_first", score=score)
                )
            else:
                text += ": " + t("team.minutes.not_scored")
            out.append(text)
            if tp.notes.strip():
                out.extend("    " + row for row in tp.notes.strip().splitlines())
        out.append("")

    decided = decisions(conn, meeting.id)
    out.append(t("team.minutes.decisions").upper())
    if decided:
        out.extend(f"{n}. {_action_line(conn, a, today)}" for n, a in enumerate(decided, 1))
    else:
        out.append("- " + t("team.minutes.none"))
    out.append("")

    changed = action_plan.status_changes(conn, meeting.id)
    decided_ids = {a.id for a in decided}
    changed_lines = []
    for action_id, status in changed:
        if action_id in decided_ids:
            continue
        action = action_plan.get_action(conn, action_id)
        changed_lines.append(
            "- " + t("team.minutes.status_changed", title=action.title,
                     status=action_plan.status_label(status))
        )  # fmt: skip
    if changed_lines:
        out.append(t("team.minutes.updates").upper())
        out.extend(dict.fromkeys(changed_lines))
        out.append("")

    still_open = [
        a
        for a in action_plan.list_actions(conn, statuses=action_plan.OPEN_STATUSES)
        if a.id not in decided_ids
    ]
    out.append(t("team.minutes.open_actions").upper())
    if still_open:
        out.extend(f"- {_action_line(conn, a, today)}" for a in still_open)
    else:
        out.append("- " + t("team.minutes.none"))
    out.append("")
    out.append(t("team.minutes.footer"))
    return "\n".join(out) + "\n"


def minutes_file_name(meeting: Meeting, extension: str) -> str:
    return f"{t('team.minutes.file_stem')}_{meeting.held_on}.{extension}"


def minutes_txt(minutes: Minutes) -> bytes:
    """The minutes as a text file: UTF-8 with a BOM and Windows line ends, so Notepad
    and every mail client open it with the accents right."""
    return ("\ufeff" + minutes.body.replace("\n", "\r\n")).encode("utf-8")


def minutes_eml(minutes: Minutes, meeting: Meeting) -> bytes:
    """The minutes as an e-mail draft (``.eml``): opened in Outlook or Thunderbird it
    is a new message ready to address and send."""
    message = EmailMessage(policy=SMTP)
    message["Subject"] = t("team.minutes.subject", date=_date(meeting.held_on))
    message["X-Unsent"] = "1"
    message.set_content(minutes.body, charset="utf-8")
    return bytes(message)


@dataclass(frozen=True)
class AlertSummary:
    """The alerts step: what is waiting for someone, as of the latest data."""

    complaints: Any  # DataFrame: open complaints without owner, not solved (alerts.py)
    detractors: Any  # DataFrame: detractors to call back, not solved
    complaints_untouched: int  # ... that nobody has taken in hand yet
    detractors_untouched: int
    overdue_actions: int

    def lines(self) -> list[str]:
        """The alerts as sentences, for the minutes."""
        return [
            t(
                "team.alerts.line_complaints",
                n=len(self.complaints),
                untouched=self.complaints_untouched,
            ),
            t(
                "team.alerts.line_detractors",
                n=len(self.detractors),
                untouched=self.detractors_untouched,
            ),
            t("team.alerts.line_overdue", n=self.overdue_actions),
        ]


def alert_summary(
    conn: sqlite3.Connection, frames: Any, *, today: dt.date | None = None
) -> AlertSummary:
    """Unowned open complaints and detractors to call back (with their follow-ups, as
    the overview shows them), and the overdue actions of the plan."""

    found = alerts.collect(frames, breakdowns.touchpoint_catalogue(conn))
    complaints = alerts.pending(
        alerts.with_followups(found.complaints, followups.followups(conn, "complaint"))
    )
    detractors = alerts.pending(
        alerts.with_followups(found.detractors, followups.followups(conn, "detractor"))
    )
    overdue = action_plan.list_actions(conn, overdue_only=True, today=today)
    return AlertSummary(
        complaints=complaints,
        detractors=detractors,
        complaints_untouched=len(alerts.without_followup(complaints)),
        detractors_untouched=len(alerts.without_followup(detractors)),
        overdue_actions=len(overdue),
    )
