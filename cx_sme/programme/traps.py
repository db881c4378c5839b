"""The five traps that sink a CX programme, as a periodic self-check.

1. ``management``: no support from general management;
2. ``silos``: departments that do not talk to each other;
3. ``service_only``: thinking CX is customer service's job;
4. ``haste``: rushing, or starting from a software purchase before a strategy;
5. ``collaboration``: no continuous collaboration once the programme has started.

Each trap has a few questions answered *no* (0), *partly* (1) or *yes* (2), where *yes*
is the healthy answer. A trap's risk is the share of points missing, 0 (safe) to 100.
Every check is kept, so the team sees whether it is getting out of the traps.

>>> from cx_sme.core.db import connect
>>> conn = connect(":memory:")
>>> answers = {code: 2 for code in question_codes()}
>>> answers["management.q1"] = 0
>>> check = record_check(conn, answers, dt.date(2025, 3, 1))
>>> round(check.risks["management"], 1), check.risks["silos"], check.level("management")
(33.3, 0.0, 'medium')
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

import pandas as pd

from cx_sme.company import focus_area
from cx_sme.core.db import write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import catalog, get_language, t
from cx_sme.programme import engagement, governance, six_areas
from cx_sme.team import actions, meetings

TRAPS = ("management", "silos", "service_only", "haste", "collaboration")
ANSWERS = (0, 1, 2)  # no, partly, yes
# Risk thresholds: below LOW is "low", below HIGH "medium", otherwise "high".
LOW, HIGH = 25.0, 60.0
MAX_NOTE = 2000


def trap_name(trap: str) -> str:
    return t(f"programme.traps.{trap}.name")


def advice(trap: str) -> str:
    """What to do about ``trap``, in a few sentences."""
    return t(f"programme.traps.{trap}.advice")


def questions(trap: str) -> list[tuple[str, str]]:
    """``(code, text)`` of the questions of ``trap``; codes look like ``"haste.q2"``."""
    if trap not in TRAPS:
        raise InputRefused("programme.traps.error.trap", value=trap)
    prefix = f"programme.traps.{trap}.q"
    count = sum(1 for key in catalog(get_language()) if key.startswith(prefix))
    return [(f"{trap}.q{i}", t(f"{prefix}{i}")) for i in range(1, count + 1)]


def question_codes() -> list[str]:
    return [code for trap in TRAPS for code, _ in questions(trap)]


def risk_level(risk: float) -> str:
    """``"low"``, ``"medium"`` or ``"high"``.

    >>> [risk_level(r) for r in (0, 16.7, 33.3, 50, 66.7, 100)]
    ['low', 'low', 'medium', 'medium', 'high', 'high']
    """
    if risk < LOW:
        return "low"
    return "medium" if risk < HIGH else "high"


@dataclass(frozen=True)
class Check:
    id: int
    checked_on: str
    note: str
    answers: dict[str, int]
    risks: dict[str, float]

    def level(self, trap: str) -> str:
        return risk_level(self.risks[trap])


def _risks(answers: dict[str, int]) -> dict[str, float]:
    risks = {}
    for trap in TRAPS:
        got = [v for code, v in answers.items() if code.split(".")[0] == trap]
        risks[trap] = 100.0 * (1 - sum(got) / (2 * len(got))) if got else float("nan")
    return risks


def record_check(
    conn: sqlite3.Connection,
    answers: dict[str, int | None],
    checked_on: dt.date | str,
    note: str | None = None,
    *,
    today: dt.date | None = None,
) -> Check:
    """Store a self-check; every question must be answered."""
    codes = question_codes()
    unknown = sorted(set(answers) - set(codes))
    if unknown:
        raise InputRefused("programme.traps.error.question", value=unknown[0])
    missing = [c for c in codes if answers.get(c) is None]
    if missing:
        trap, number = missing[0].split(".")
        raise InputRefused(
            "programme.traps.error.unanswered",
            count=len(missing),
            trap=trap_name(trap),
            number=number[1:],
        )
    clean: dict[str, int] = {}
    for code in codes:
        value = answers[code]
        if isinstance(value, bool) or value not in ANSWERS:
            raise InputRefused("programme.traps.error.answer", value=value)
        assert value is not None
        clean[code] = int(value)
    try:
        day = checked_on if isinstance(checked_on, dt.date) else dt.date.fromisoformat(checked_on)
    except ValueError:
        raise InputRefused("programme.error.date", value=checked_on) from None
    if day > (today or dt.date.today()):
        raise InputRefused("programme.error.future_date", value=day.isoformat())
    remark = (note or "").strip()
    if len(remark) > MAX_NOTE:
        raise InputRefused(
            "programme.error.too_long", field=t("programme.field.note"), limit=MAX_NOTE
        )
    with write_transaction(conn):
        cursor = conn.execute(
            "INSERT INTO trap_checks (checked_on, note, created_at) VALUES (?, ?, ?) RETURNING id",
            (day.isoformat(), remark or None, dt.datetime.now().isoformat(timespec="seconds")),
        )
        check_id = int(cursor.fetchone()[0])
        conn.cursor().executemany(
            "INSERT INTO trap_answers (check_id, trap, question, answer) VALUES (?, ?, ?, ?)",
            [(check_id, c.split(".")[0], c, v) for c, v in clean.items()],
        )
    return Check(check_id, day.isoformat(), remark, clean, _risks(clean))


def checks(conn: sqlite3.Connection) -> list[Check]:
    """Every self-check, oldest first."""
    answers: dict[int, dict[str, int]] = {}
    for check_id, question, answer in conn.execute(
        "SELECT check_id, question, answer FROM trap_answers"
    ):
        answers.setdefault(int(check_id), {})[question] = int(answer)
    found = []
    for check_id, checked_on, note in conn.execute(
        "SELECT id, checked_on, coalesce(note, '') FROM trap_checks ORDER BY checked_on, id"
    ):
        given = answers.get(int(check_id), {})
        found.append(Check(int(check_id), checked_on, note, given, _risks(given)))
    return found


def latest(conn: sqlite3.Connection) -> Check | None:
    found = checks(conn)
    return found[-1] if found else None


def trend(conn: sqlite3.Connection) -> dict[str, float | None]:
    """Change of each trap's risk between the last two checks (negative = better)."""
    found = checks(conn)
    if len(found) < 2:
        return dict.fromkeys(TRAPS)
    before, after = found[-2], found[-1]
    return {trap: after.risks[trap] - before.risks[trap] for trap in TRAPS}


def risk_frame(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per check and trap: ``checked_on`` (date), ``trap``, ``name``, ``risk``."""
    rows = [
        (pd.Timestamp(c.checked_on), trap, trap_name(trap), c.risks[trap])
        for c in checks(conn)
        for trap in TRAPS
    ]
    return pd.DataFrame(rows, columns=["checked_on", "trap", "name", "risk"])


# How long without a CX meeting, or without an internal initiative, before it is a sign
# that collaboration is fading.
MEETING_GAP_DAYS = 45
ENGAGEMENT_GAP_DAYS = 90
# Share of the action plan given to customer service above which CX looks like "their job".
SERVICE_SHARE = 60.0
MIN_ACTIONS = 3


@dataclass(frozen=True)
class Signal:
    """A sign, read from the app's own data, that the company may be in a trap."""

    trap: str
    code: str
    params: dict[str, object]

    def message(self) -> str:
        return t(f"programme.traps.signal.{self.code}", **self.params)


def signals(conn: sqlite3.Connection, today: dt.date | None = None) -> list[Signal]:
    """What the roster, the plan, the actions and the meetings say about the traps."""

    day = today or dt.date.today()
    found: list[Signal] = []
    warned = {w.code for w in governance.warnings(conn)}
    if "no_sponsor" in warned:
        found.append(Signal("management", "no_sponsor", {}))
    if "silo" in warned:
        found.append(Signal("silos", "silo", {}))
    if "service_missing" in warned or "departments_missing" in warned:
        found.append(Signal("silos", "departments_missing", {}))
    roster = {m.department for m in governance.list_members(conn) if m.department}
    if roster == {"service"}:
        found.append(Signal("service_only", "service_team", {}))
    plan = [a for a in actions.list_actions(conn) if a.status != "dropped" and a.department]
    on_service = sum(1 for a in plan if a.department == "service")
    if len(plan) >= MIN_ACTIONS and on_service / len(plan) * 100 >= SERVICE_SHARE:
        found.append(
            Signal("service_only", "service_actions", {"count": on_service, "total": len(plan)})
        )
    if not focus_area.focus_is_chosen(conn):
        found.append(Signal("haste", "no_focus", {}))
    if six_areas.current(conn)["strategy"] is None:
        found.append(Signal("haste", "no_strategy", {}))
    held = [m.held_on for m in meetings.list_meetings(conn)]
    if not held:
        found.append(Signal("collaboration", "no_meeting", {}))
    else:
        gap = (day - dt.date.fromisoformat(max(held)[:10])).days
        if gap > MEETING_GAP_DAYS:
            found.append(Signal("collaboration", "old_meeting", {"days": gap}))
    last = engagement.last_done(conn)
    if last is None or (day - dt.date.fromisoformat(last)).days > ENGAGEMENT_GAP_DAYS:
        found.append(Signal("collaboration", "no_engagement", {"days": ENGAGEMENT_GAP_DAYS}))
    return found
