"""Who runs the CX programme: a CX lead or a cross-functional team, and its roster.

The articles behind the product say a small company should name either one person who
acts as catalyst (a "chief customer officer" in a bigger SME) or a team with one person
per department — and never a new silo made of sales, marketing and IT without customer
service. :func:`warnings` turns those rules into messages about the current roster.

>>> from cx_sme.core.db import connect
>>> conn = connect(":memory:")
>>> set_model(conn, "team")
>>> _ = add_member(conn, "Anna Rossi", "Responsabile vendite", "sales")
>>> _ = add_member(conn, "Luca Bianchi", "Web", "it")
>>> [w.code for w in warnings(conn)]
['no_sponsor', 'silo', 'service_missing', 'departments_missing', 'no_coordinator']
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cx_sme.company.departments import department_name, list_departments
from cx_sme.core.db import get_setting, set_setting, write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t

MODELS = ("lead", "team")
MODEL_SETTING = "governance_model"
# "A team of only sales, marketing and IT" is the new silo the articles warn about.
SILO_DEPARTMENTS = frozenset({"sales", "marketing", "it"})
# Customer service / after-sales usually knows the customer better than anyone.
SERVICE = "service"
MAX_TEXT = 120
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    role: str
    department: str | None  # None = general management, no single department
    is_lead: bool
    is_sponsor: bool
    added_on: str

    def department_label(self, conn: sqlite3.Connection) -> str:
        if self.department is None:
            return t("programme.governance.management")
        return department_name(conn, self.department)


@dataclass(frozen=True)
class GovernanceWarning:
    """One problem with the current set-up; ``message()`` says it in the current language."""

    code: str
    severity: str  # one of SEVERITIES
    params: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        return t(f"programme.governance.warning.{self.code}", **self.params)


def get_model(conn: sqlite3.Connection) -> str | None:
    """``"lead"``, ``"team"`` or None when not chosen yet."""
    value = get_setting(conn, MODEL_SETTING)
    return value if value in MODELS else None


def set_model(conn: sqlite3.Connection, model: str) -> None:
    if model not in MODELS:
        raise InputRefused("programme.governance.error.model", value=model)
    set_setting(conn, MODEL_SETTING, model)


def _clean_text(value: str | None, key: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InputRefused(f"programme.governance.error.empty_{key}")
    if len(text) > MAX_TEXT:
        raise InputRefused(
            "programme.error.too_long", field=t(f"programme.field.{key}"), limit=MAX_TEXT
        )
    return text


def _check_department(conn: sqlite3.Connection, code: str | None) -> str | None:
    if code is None or code == "":
        return None
    active = {d.code for d in list_departments(conn)}
    if code not in active:
        raise InputRefused("programme.governance.error.department", value=code)
    return code


def add_member(
    conn: sqlite3.Connection,
    name: str,
    role: str | None,
    department: str | None,
    *,
    is_lead: bool = False,
    is_sponsor: bool = False,
    today: dt.date | None = None,
) -> Member:
    """Add a person to the roster. ``department=None`` means general management.

    Naming a new lead makes the previous one an ordinary member: there is one lead.
    """
    clean_name = _clean_text(name, "name", required=True)
    clean_role = _clean_text(role, "role", required=False)
    code = _check_department(conn, department)
    added_on = (today or dt.date.today()).isoformat()
    with write_transaction(conn):
        if is_lead:
            conn.execute("UPDATE programme_members SET is_lead = 0 WHERE is_lead = 1")
        cursor = conn.execute(
            "INSERT INTO programme_members (name, role, department, is_lead, is_sponsor, "
            "added_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (clean_name, clean_role or None, code, int(is_lead), int(is_sponsor), added_on),
        )
        member_id = int(cursor.fetchone()[0])
    return Member(member_id, clean_name, clean_role, code, is_lead, is_sponsor, added_on)


def update_member(
    conn: sqlite3.Connection,
    member_id: int,
    name: str,
    role: str | None,
    department: str | None,
    *,
    is_lead: bool,
    is_sponsor: bool,
) -> None:
    clean_name = _clean_text(name, "name", required=True)
    clean_role = _clean_text(role, "role", required=False)
    code = _check_department(conn, department)
    with write_transaction(conn):
        if is_lead:
            conn.execute(
                "UPDATE programme_members SET is_lead = 0 WHERE is_lead = 1 AND id <> ?",
                (member_id,),
            )
        cursor = conn.execute(
            "UPDATE programme_members SET name = ?, role = ?, department = ?, is_lead = ?, "
            "is_sponsor = ? WHERE id = ? AND active = 1",
            (clean_name, clean_role or None, code, int(is_lead), int(is_sponsor), member_id),
        )
        if cursor.rowcount != 1:
            raise InputRefused("programme.governance.error.unknown_member", value=member_id)


def remove_member(conn: sqlite3.Connection, member_id: int, today: dt.date | None = None) -> None:
    """Take a person off the roster (kept in the history with the day they left)."""
    with write_transaction(conn):
        conn.execute(
            "UPDATE programme_members SET active = 0, is_lead = 0, left_on = ? "
            "WHERE id = ? AND active = 1",
            ((today or dt.date.today()).isoformat(), member_id),
        )


def list_members(conn: sqlite3.Connection) -> list[Member]:
    """The current roster: lead first, then sponsors, then by department and name."""
    rows = conn.execute(
        "SELECT m.id, m.name, coalesce(m.role, ''), m.department, m.is_lead, m.is_sponsor, "
        "m.added_on FROM programme_members m LEFT JOIN departments d ON d.code = m.department "
        "WHERE m.active = 1 "
        "ORDER BY m.is_lead DESC, m.is_sponsor DESC, coalesce(d.position, 0), lower(m.name), m.id"
    )
    return [
        Member(int(i), name, role, dept, bool(lead), bool(sponsor), added)
        for i, name, role, dept, lead, sponsor, added in rows
    ]


def warnings(conn: sqlite3.Connection) -> list[GovernanceWarning]:
    """What is wrong with the current set-up, most serious first.

    - ``no_model``: neither a lead nor a team chosen yet;
    - ``empty``: nobody named;
    - ``no_sponsor``: nobody from general management backs the programme;
    - ``silo``: a team whose departments are only sales, marketing and IT;
    - ``service_missing``: customer service / after-sales not represented;
    - ``departments_missing``: other active departments with nobody (for a lead: no
      contact person there);
    - ``no_lead``: the lead model without its lead;
    - ``no_coordinator``: a team without someone who coordinates it.
    """
    model = get_model(conn)
    members = list_members(conn)
    found: list[GovernanceWarning] = []
    if model is None:
        found.append(GovernanceWarning("no_model", "info"))
    if not members:
        found.append(GovernanceWarning("empty", "warning"))
        return found
    if not any(m.is_sponsor for m in members):
        found.append(GovernanceWarning("no_sponsor", "error"))
    present = {m.department for m in members if m.department is not None}
    if model != "lead" and present and present <= SILO_DEPARTMENTS:
        names = ", ".join(department_name(conn, c) for c in sorted(present, key=_order(conn)))
        found.append(GovernanceWarning("silo", "error", {"departments": names}))
    active = list_departments(conn)
    if any(d.code == SERVICE for d in active) and SERVICE not in present:
        found.append(
            GovernanceWarning(
                "service_missing", "error", {"department": department_name(conn, SERVICE)}
            )
        )
    missing = [d.name for d in active if d.code != SERVICE and d.code not in present]
    if missing:
        key = "contacts_missing" if model == "lead" else "departments_missing"
        found.append(GovernanceWarning(key, "warning", {"departments": ", ".join(missing)}))
    if not any(m.is_lead for m in members):
        if model == "lead":
            found.append(GovernanceWarning("no_lead", "error"))
        else:
            found.append(GovernanceWarning("no_coordinator", "info"))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(found, key=lambda w: order[w.severity])


def _order(conn: sqlite3.Connection) -> Callable[[str], int]:
    positions = {d.code: i for i, d in enumerate(list_departments(conn, include_retired=True))}
    return lambda code: positions.get(code, len(positions))


@dataclass(frozen=True)
class DepartmentView:
    """One department: who represents it and which touchpoints it owns."""

    code: str
    name: str
    members: tuple[str, ...]
    touchpoints: tuple[str, ...]


def department_view(
    conn: sqlite3.Connection, touchpoints_by_department: dict[str, list[str]]
) -> list[DepartmentView]:
    """Every active department with its people on the roster and the touchpoints it owns
    (``touchpoints_by_department``: department code → touchpoint names)."""
    people: dict[str, list[str]] = {}
    for member in list_members(conn):
        if member.department is not None:
            people.setdefault(member.department, []).append(member.name)
    return [
        DepartmentView(
            d.code,
            d.name,
            tuple(people.get(d.code, [])),
            tuple(touchpoints_by_department.get(d.code, [])),
        )
        for d in list_departments(conn)
    ]
