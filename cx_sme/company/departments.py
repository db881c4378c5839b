"""The company's departments: seven defaults, editable (add, rename, retire).

Each default has a stable code; its shown name is translated unless the user renamed it.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from cx_sme.core.db import write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t

DEFAULT_CODES = ("sales", "marketing", "service", "it", "admin", "production", "hr")


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    active: bool


def _shown_name(code: str, custom: str | None) -> str:
    if custom:
        return custom
    return t(f"departments.{code}") if code in DEFAULT_CODES else code


def list_departments(
    conn: sqlite3.Connection, *, include_retired: bool = False
) -> list[Department]:
    rows = conn.execute("SELECT code, name, active FROM departments ORDER BY position, code")
    found = [Department(code, _shown_name(code, name), bool(active)) for code, name, active in rows]
    return found if include_retired else [d for d in found if d.active]


def department_name(conn: sqlite3.Connection, code: str) -> str:
    row = conn.execute("SELECT name FROM departments WHERE code = ?", (code,)).fetchone()
    return _shown_name(code, row[0] if row else None)


def add_department(conn: sqlite3.Connection, name: str) -> Department:
    """Add a department; its code is derived from the name."""
    name = name.strip()
    if not name:
        raise InputRefused("departments.error.empty_name")
    code = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "dept"
    with write_transaction(conn):
        taken = {r[0] for r in conn.execute("SELECT code FROM departments")}
        base, n = code, 2
        while code in taken:
            code, n = f"{base}_{n}", n + 1
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM departments")
        conn.execute(
            "INSERT INTO departments (code, name, position) VALUES (?, ?, ?)",
            (code, name, position.fetchone()[0]),
        )
    return Department(code, name, True)


def rename_department(conn: sqlite3.Connection, code: str, name: str) -> None:
    name = name.strip()
    if not name:
        raise InputRefused("departments.error.empty_name")
    with write_transaction(conn):
        conn.execute("UPDATE departments SET name = ? WHERE code = ?", (name, code))


def set_department_active(conn: sqlite3.Connection, code: str, active: bool) -> None:
    with write_transaction(conn):
        conn.execute("UPDATE departments SET active = ? WHERE code = ?", (int(active), code))
