"""The touchpoint catalogue: where customers meet the company, phase by phase.

Every department owns some touchpoints, not only customer service. The default catalogue
(seeded by migration 0004) is the one an Italian SME usually has; the team can add,
rename and retire touchpoints, edit their guiding questions and notes, and score each
from 1 to 5 in its meetings. Scores are a history: the next meeting sees what moved.

A default touchpoint whose name was never changed shows its translated name; the
Italian and English default names, the code and every former name all stay valid when
the data files name a touchpoint (see :func:`match_keys`).

>>> normalize("  Visita dell’Agente ")
'visita dell agente'
>>> normalize("Qualità")
'qualita'
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from cx_sme.company.departments import department_name
from cx_sme.core.db import write_transaction
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import catalog, t

PHASES = ("before", "during", "after")

# The default catalogue: (code, phase, owning department). Mirrors 0004_team.sql.
DEFAULT_TOUCHPOINTS: tuple[tuple[str, str, str], ...] = (
    ("sales_visit", "before", "sales"),
    ("phone", "before", "service"),
    ("trade_fair", "before", "marketing"),
    ("catalogue", "before", "marketing"),
    ("website", "before", "it"),
    ("social", "before", "marketing"),
    ("newsletter", "before", "marketing"),
    ("video", "before", "marketing"),
    ("quote", "before", "sales"),
    ("order_confirmation", "during", "sales"),
    ("delivery", "during", "production"),
    ("packaging", "during", "production"),
    ("shop", "during", "hr"),
    ("manual", "during", "production"),
    ("invoice", "after", "admin"),
    ("payments", "after", "admin"),
    ("after_sales", "after", "service"),
    ("complaints", "after", "service"),
)
DEFAULT_CODES = frozenset(code for code, _, _ in DEFAULT_TOUCHPOINTS)
MAX_DEFAULT_QUESTIONS = 5
SCORE_MIN, SCORE_MAX = 1, 5


@dataclass(frozen=True)
class Touchpoint:
    id: int
    code: str
    name: str
    phase: str
    department: str | None
    position: int
    active: bool
    questions: tuple[str, ...]
    notes: str
    aliases: tuple[str, ...]
    custom_name: bool
    custom_questions: bool


@dataclass(frozen=True)
class Score:
    touchpoint_id: int
    score: int
    scored_on: str
    meeting_id: int | None


@dataclass(frozen=True)
class ScoreChange:
    """The latest score of a touchpoint and the one before it (what moved)."""

    latest: Score
    previous: Score | None

    @property
    def delta(self) -> int | None:
        return None if self.previous is None else self.latest.score - self.previous.score


def normalize(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: the matching key."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def default_name(code: str, lang: str | None = None) -> str:
    """The translated name of a default touchpoint (in ``lang``, or the current language)."""
    key = f"team.tp.{code}"
    if lang is None:
        return t(key)
    return catalog(lang).get(key, code)


def default_questions(code: str) -> tuple[str, ...]:
    """The guiding questions written for a default touchpoint, in the current language."""
    found = []
    for n in range(1, MAX_DEFAULT_QUESTIONS + 1):
        key = f"team.tp.{code}.q{n}"
        text = t(key)
        if text != key:
            found.append(text)
    return tuple(found)


def _split_questions(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    return tuple(line.strip() for line in text.splitlines() if line.strip())


_COLUMNS = "id, code, name, phase, department, position, active, questions, notes, aliases"


def _from_row(row: tuple) -> Touchpoint:
    id_, code, name, phase, department, position, active, questions, notes, aliases = row
    is_default = code in DEFAULT_CODES
    shown = name if name else (default_name(code) if is_default else code)
    custom_q = questions is not None or not is_default
    return Touchpoint(
        id=id_,
        code=code,
        name=shown,
        phase=phase,
        department=department,
        position=position,
        active=bool(active),
        questions=_split_questions(questions) if custom_q else default_questions(code),
        notes=notes,
        aliases=tuple(json.loads(aliases)),
        custom_name=bool(name),
        custom_questions=custom_q,
    )


def list_touchpoints(
    conn: sqlite3.Connection, *, include_retired: bool = False
) -> list[Touchpoint]:
    """The catalogue in journey order (phase, then position)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM touchpoints ORDER BY "
        "CASE phase WHEN 'before' THEN 0 WHEN 'during' THEN 1 ELSE 2 END, position, id"
    ).fetchall()
    found = [_from_row(r) for r in rows]
    return found if include_retired else [tp for tp in found if tp.active]


def get_touchpoint(conn: sqlite3.Connection, touchpoint_id: int) -> Touchpoint:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM touchpoints WHERE id = ?", (touchpoint_id,)
    ).fetchone()
    if row is None:
        raise InputRefused("team.error.unknown_touchpoint", value=touchpoint_id)
    return _from_row(row)


def by_code(conn: sqlite3.Connection, code: str) -> Touchpoint:
    row = conn.execute(f"SELECT {_COLUMNS} FROM touchpoints WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise InputRefused("team.error.unknown_touchpoint", value=code)
    return _from_row(row)


def match_keys(tp: Touchpoint) -> set[str]:
    """Every normalized text that names ``tp`` in a data file.

    The code (with or without underscores), the shown name, the Italian and English
    default names and any former names.
    """
    texts = {tp.code, tp.code.replace("_", " "), tp.name, *tp.aliases}
    if tp.code in DEFAULT_CODES:
        texts |= {default_name(tp.code, "it"), default_name(tp.code, "en")}
    return {normalize(x) for x in texts if normalize(x)}


def _check_phase(phase: str) -> None:
    if phase not in PHASES:
        raise InputRefused("team.error.bad_phase", value=phase)


def check_department(conn: sqlite3.Connection, department: str | None) -> None:
    """Refuse a department code that does not exist or was retired."""
    if department is None:
        return
    row = conn.execute("SELECT active FROM departments WHERE code = ?", (department,)).fetchone()
    if row is None:
        raise InputRefused("team.error.unknown_department", value=department)
    if not row[0]:
        raise InputRefused("team.error.retired_department", value=department_name(conn, department))


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise InputRefused("team.error.empty_touchpoint_name")
    return name


def _check_unique(conn: sqlite3.Connection, name: str, skip_id: int | None) -> None:
    key = normalize(name)
    for tp in list_touchpoints(conn, include_retired=True):
        if tp.id != skip_id and key in match_keys(tp):
            raise InputRefused("team.error.duplicate_touchpoint", name=name, other=tp.name)


def _questions_text(questions: list[str] | tuple[str, ...] | str | None) -> str | None:
    if questions is None:
        return None
    lines = questions.splitlines() if isinstance(questions, str) else list(questions)
    return "\n".join(q.strip() for q in lines if q and q.strip())


def add_touchpoint(
    conn: sqlite3.Connection,
    name: str,
    phase: str,
    department: str | None,
    questions: list[str] | tuple[str, ...] | str | None = None,
) -> Touchpoint:
    """Add a touchpoint at the end of its phase; its code is derived from the name."""
    name = _clean_name(name)
    _check_phase(phase)
    check_department(conn, department)
    base = re.sub(r"[^a-z0-9]+", "_", normalize(name)).strip("_") or "touchpoint"
    with write_transaction(conn):
        _check_unique(conn, name, None)
        taken = {r[0] for r in conn.execute("SELECT code FROM touchpoints")}
        code, n = base, 2
        while code in taken:
            code, n = f"{base}_{n}", n + 1
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM touchpoints")
        cursor = conn.execute(
            "INSERT INTO touchpoints (code, name, phase, department, position, questions) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (
                code,
                name,
                phase,
                department,
                position.fetchone()[0],
                _questions_text(questions) or "",
            ),
        )
        new_id = int(cursor.fetchone()[0])
    return get_touchpoint(conn, new_id)


def rename_touchpoint(conn: sqlite3.Connection, touchpoint_id: int, name: str) -> Touchpoint:
    """Give a touchpoint a new name; the former one keeps matching the data files."""
    name = _clean_name(name)
    with write_transaction(conn):
        current = get_touchpoint(conn, touchpoint_id)
        if name == current.name:
            return current
        _check_unique(conn, name, touchpoint_id)
        aliases = list(current.aliases)
        if current.custom_name and current.name not in aliases:
            aliases.append(current.name)
        aliases = [a for a in aliases if normalize(a) != normalize(name)]
        conn.execute(
            "UPDATE touchpoints SET name = ?, aliases = ? WHERE id = ?",
            (name, json.dumps(aliases, ensure_ascii=False), touchpoint_id),
        )
    return get_touchpoint(conn, touchpoint_id)


def set_aliases(
    conn: sqlite3.Connection, touchpoint_id: int, aliases: list[str] | tuple[str, ...]
) -> Touchpoint:
    """Other names the data files use for this touchpoint (e.g. "Spedizioni")."""
    cleaned: list[str] = []
    for alias in aliases:
        alias = " ".join(str(alias).split())
        if alias and normalize(alias) not in {normalize(a) for a in cleaned}:
            cleaned.append(alias)
    with write_transaction(conn):
        get_touchpoint(conn, touchpoint_id)
        for alias in cleaned:
            _check_unique(conn, alias, touchpoint_id)
        conn.execute(
            "UPDATE touchpoints SET aliases = ? WHERE id = ?",
            (json.dumps(cleaned, ensure_ascii=False), touchpoint_id),
        )
    return get_touchpoint(conn, touchpoint_id)


def add_alias(conn: sqlite3.Connection, touchpoint_id: int, alias: str) -> Touchpoint:
    current = get_touchpoint(conn, touchpoint_id)
    return set_aliases(conn, touchpoint_id, [*current.aliases, alias])


def update_touchpoint(
    conn: sqlite3.Connection,
    touchpoint_id: int,
    *,
    phase: str | None = None,
    department: str | None = None,
) -> Touchpoint:
    """Move a touchpoint to another phase or give it to another department."""
    with write_transaction(conn):
        current = get_touchpoint(conn, touchpoint_id)
        if phase is not None:
            _check_phase(phase)
            conn.execute("UPDATE touchpoints SET phase = ? WHERE id = ?", (phase, touchpoint_id))
        if department is not None and department != current.department:
            check_department(conn, department)
            conn.execute(
                "UPDATE touchpoints SET department = ? WHERE id = ?", (department, touchpoint_id)
            )
    return get_touchpoint(conn, touchpoint_id)


def edit_touchpoint(
    conn: sqlite3.Connection,
    touchpoint_id: int,
    *,
    name: str,
    phase: str,
    department: str | None,
    questions: str | None,
    aliases: list[str] | tuple[str, ...],
) -> Touchpoint:
    """The touchpoint form saved in one transaction: name, phase, department, questions
    (None restores the default ones) and the other names used in the files.

    ``aliases`` are the names the form showed and the user typed; a rename adds the former
    name to them, so that the data files that still use it keep matching.
    """
    with write_transaction(conn):
        before = get_touchpoint(conn, touchpoint_id)
        renamed = rename_touchpoint(conn, touchpoint_id, name)
        added_by_rename = [a for a in renamed.aliases if a not in before.aliases]
        update_touchpoint(conn, touchpoint_id, phase=phase, department=department)
        if questions is None or questions.strip() != "\n".join(before.questions):
            set_questions(conn, touchpoint_id, questions)
        kept = [a for a in aliases if normalize(a) != normalize(renamed.name)]
        set_aliases(conn, touchpoint_id, [*kept, *added_by_rename])
    return get_touchpoint(conn, touchpoint_id)


def set_questions(
    conn: sqlite3.Connection,
    touchpoint_id: int,
    questions: list[str] | tuple[str, ...] | str | None,
) -> Touchpoint:
    """The team's own guiding questions (one per line); ``None`` restores the defaults."""
    with write_transaction(conn):
        current = get_touchpoint(conn, touchpoint_id)
        text = _questions_text(questions)
        if text is None and current.code not in DEFAULT_CODES:
            text = ""
        conn.execute("UPDATE touchpoints SET questions = ? WHERE id = ?", (text, touchpoint_id))
    return get_touchpoint(conn, touchpoint_id)


def set_notes(conn: sqlite3.Connection, touchpoint_id: int, notes: str) -> Touchpoint:
    """Store the notes exactly as typed, whatever their length."""
    with write_transaction(conn):
        get_touchpoint(conn, touchpoint_id)
        conn.execute(
            "UPDATE touchpoints SET notes = ? WHERE id = ?", (str(notes or ""), touchpoint_id)
        )
    return get_touchpoint(conn, touchpoint_id)


def set_active(conn: sqlite3.Connection, touchpoint_id: int, active: bool) -> Touchpoint:
    """Retire (``False``) or bring back a touchpoint; its scores and actions are kept."""
    with write_transaction(conn):
        get_touchpoint(conn, touchpoint_id)
        conn.execute("UPDATE touchpoints SET active = ? WHERE id = ?", (int(active), touchpoint_id))
    return get_touchpoint(conn, touchpoint_id)


def _as_iso_date(value: dt.date | str | None, field: str) -> str:
    if value is None:
        return dt.date.today().isoformat()
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputRefused("team.error.bad_date", field=field, value=value) from None


def record_score(
    conn: sqlite3.Connection,
    touchpoint_id: int,
    score: int | str,
    scored_on: dt.date | str | None = None,
    meeting_id: int | None = None,
) -> Score:
    """Add the team's 1–5 score on a date (today by default) to the history."""
    text = str(score).strip()
    if isinstance(score, bool) or not text.isdigit() or not SCORE_MIN <= int(text) <= SCORE_MAX:
        raise InputRefused("team.error.bad_score", value=score)
    value = int(text)
    day = _as_iso_date(scored_on, t("team.field.scored_on"))
    if day > dt.date.today().isoformat():
        raise InputRefused("team.error.future_date", field=t("team.field.scored_on"), value=day)
    with write_transaction(conn):
        get_touchpoint(conn, touchpoint_id)
        conn.execute(
            "INSERT INTO touchpoint_scores (touchpoint_id, score, scored_on, meeting_id, "
            "created_at) VALUES (?, ?, ?, ?, ?)",
            (touchpoint_id, value, day, meeting_id, _now()),
        )
    return Score(touchpoint_id, value, day, meeting_id)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def score_history(conn: sqlite3.Connection, touchpoint_id: int) -> list[Score]:
    """Every score of a touchpoint, oldest first."""
    rows = conn.execute(
        "SELECT touchpoint_id, score, scored_on, meeting_id FROM touchpoint_scores "
        "WHERE touchpoint_id = ? ORDER BY scored_on, id",
        (touchpoint_id,),
    )
    return [Score(*row) for row in rows]


def latest_scores(conn: sqlite3.Connection) -> dict[int, ScoreChange]:
    """For each scored touchpoint, its latest score and the one before."""
    rows = conn.execute(
        "SELECT touchpoint_id, score, scored_on, meeting_id FROM touchpoint_scores "
        "ORDER BY touchpoint_id, scored_on, id"
    )
    history: dict[int, list[Score]] = {}
    for row in rows:
        history.setdefault(row[0], []).append(Score(*row))
    return {
        tp_id: ScoreChange(scores[-1], scores[-2] if len(scores) > 1 else None)
        for tp_id, scores in history.items()
    }


def phase_label(phase: str) -> str:
    return t(f"team.phase.{phase}")
