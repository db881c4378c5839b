"""A CX newsletter draft made from one month's data, to share the first successes.

The draft tells colleagues what happened in the month: the headline figures (the KPIs
of the chosen focus area), the improvement actions completed and the indicator each one
moved, the internal initiatives done, and one real customer comment, quoted as the
customer wrote it. It is plain text (Italian by default), to edit, download and mail.

>>> import pandas as pd
>>> from cx_sme.core.db import connect
>>> conn = connect(":memory:")
>>> table = pd.DataFrame({"nps": [10.0, 18.0]}, index=["2025-02", "2025-03"])
>>> letter = gather(conn, "2025-03", table, keys=("nps",), comment=None)
>>> [(h.label, h.value, h.change) for h in letter.headlines]
[('NPS', '+18', '+8 punti')]
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from cx_sme.company import focus_area
from cx_sme.company.departments import department_name
from cx_sme.core.formatting import DASH, month_label, number
from cx_sme.core.formatting import date as format_date
from cx_sme.core.i18n import get_language, set_language, t
from cx_sme.core.periods import period_end, period_start, previous_period
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.kpi.trends import trend
from cx_sme.programme import engagement
from cx_sme.team import actions

MAX_COMMENT = 600
COMMENT_CHOICES = 20


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: str
    change: str | None  # against the previous month, None when it cannot be said


@dataclass(frozen=True)
class CompletedAction:
    title: str
    owner: str
    department: str
    done_on: str
    indicator: str  # the KPI (or the team's own wording), "" when none was given
    moved: str  # "from X to Y (target Z)", "" when no result was measured
    outcome: str | None  # "reached", "not_reached" or None


@dataclass(frozen=True)
class Comment:
    text: str
    nps: float | None
    touchpoint: str
    day: str


@dataclass(frozen=True)
class Newsletter:
    month: str
    headlines: list[Headline]
    completed: list[CompletedAction]
    initiatives: list[engagement.EngagementAction]
    comment: Comment | None


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Run a block in ``lang`` and restore the caller's language afterwards."""
    before = get_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def comments(surveys: pd.DataFrame, month: str) -> list[Comment]:
    """The month's survey comments worth quoting, the best candidates first.

    Promoters first (a newsletter celebrates), then passives, then the rest; within a
    group, comments of a readable length (30 to 300 characters) before the others. The
    customer is never named.
    """
    if surveys.empty or "comment" not in surveys:
        return []
    start, end = pd.Timestamp(period_start(month)), pd.Timestamp(period_end(month))
    rows = surveys[(surveys["date"] >= start) & (surveys["date"] <= end)]
    found: list[tuple[tuple[int, int, int], Comment]] = []
    seen: set[str] = set()
    for row in rows.itertuples(index=False):
        text = " ".join(str(row.comment or "").split())
        if len(text) < 3 or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        nps = None if pd.isna(row.nps) else float(row.nps)
        group = 0 if nps is not None and nps >= 9 else (1 if nps is not None and nps >= 7 else 2)
        readable = 0 if 30 <= len(text) <= 300 else 1
        comment = Comment(
            text=text[:MAX_COMMENT],
            nps=nps,
            touchpoint=str(row.touchpoint or ""),
            day=pd.Timestamp(row.date).date().isoformat(),
        )
        found.append(((group, readable, -len(text)), comment))
    found.sort(key=lambda pair: pair[0])
    return [c for _, c in found[:COMMENT_CHOICES]]


def _headlines(table: pd.DataFrame, month: str, keys: Sequence[str]) -> list[Headline]:
    result = []
    for key in keys:
        tr = trend(table, key, month)
        info = kpi_catalog.info(key)
        change = None
        if tr.value is not None and tr.previous is not None:
            if info.change == "relative":
                relative = tr.relative_vs_previous
                change = (
                    kpi_catalog.format_change(key, relative, relative=True)
                    if relative is not None
                    else None
                )
            else:
                change = kpi_catalog.format_change(key, tr.change_vs_previous)
        result.append(
            Headline(key, kpi_catalog.label(key), kpi_catalog.format_value(key, tr.value), change)
        )
    return result


def _indicator(kpi: str | None) -> tuple[str, str | None]:
    """The indicator's label and its KPI key when it is one of ours."""
    if not kpi:
        return "", None
    if kpi in kpi_catalog.CATALOG:
        return kpi_catalog.label(kpi), kpi
    return kpi, None


def _value(key: str | None, value: float | None) -> str:
    if key is not None:
        return kpi_catalog.format_value(key, value)
    return number(value, 0 if value is None or float(value).is_integer() else 1)


def completed_actions(conn: sqlite3.Connection, month: str) -> list[CompletedAction]:
    """Improvement actions of the action plan completed in ``month``.

    An action's completion day is when it was last set to *done*; for an action
    created already done, the day it was last updated.
    """

    first, last = period_start(month).isoformat(), period_end(month).isoformat()
    done_days = dict(
        conn.execute(
            "SELECT action_id, substr(max(changed_at), 1, 10) FROM action_updates "
            "WHERE status = 'done' GROUP BY action_id"
        ).fetchall()
    )
    found = []
    for action in actions.list_actions(conn, statuses=("done",)):
        day = done_days.get(action.id) or action.updated_at[:10]
        if not first <= day <= last:
            continue
        label, key = _indicator(action.kpi)
        moved = ""
        if action.result is not None:
            moved = t(
                "programme.newsletter.moved",
                before=_value(key, action.baseline),
                after=_value(key, action.result),
            )
            if action.target is not None:
                moved += " " + t("programme.newsletter.target", target=_value(key, action.target))
        found.append(
            CompletedAction(
                title=action.title,
                owner=action.owner or "",
                department=department_name(conn, action.department) if action.department else "",
                done_on=day,
                indicator=label,
                moved=moved,
                outcome=action.outcome(),
            )
        )
    return sorted(found, key=lambda a: a.done_on)


def headline_keys(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The four business indicators, then the headline KPIs of the chosen focus area."""
    chosen = focus_area.BUSINESS_INDICATORS + focus_area.headline_kpis(
        focus_area.current_focus(conn)
    )
    return tuple(dict.fromkeys(chosen))


def gather(
    conn: sqlite3.Connection,
    month: str,
    table: pd.DataFrame,
    *,
    keys: Sequence[str] | None = None,
    comment: Comment | None = None,
) -> Newsletter:
    """Everything the newsletter of ``month`` says. ``table`` is the monthly KPI table
    (one row per month); ``keys`` default to :func:`headline_keys`."""
    chosen = tuple(keys) if keys is not None else headline_keys(conn)
    return Newsletter(
        month=month,
        headlines=_headlines(table, month, chosen),
        completed=completed_actions(conn, month),
        initiatives=engagement.done_in_month(conn, month),
        comment=comment,
    )


def compose(letter: Newsletter, company: str = "") -> str:
    """The newsletter as plain text in the current language."""
    month = month_label(letter.month)
    before = month_label(previous_period(letter.month))
    lines = [t("programme.newsletter.subject", month=month), ""]
    lines += [t("programme.newsletter.greeting", month=month), ""]
    lines += [t("programme.newsletter.numbers"), ""]
    known = [h for h in letter.headlines if h.value != DASH]
    if not known:
        lines.append(t("programme.newsletter.no_figures"))
    for h in known:
        if h.change is not None:
            lines.append(
                t(
                    "programme.newsletter.figure_change",
                    label=h.label,
                    value=h.value,
                    change=h.change,
                    before=before,
                )
            )
        else:
            lines.append(t("programme.newsletter.figure", label=h.label, value=h.value))
    lines += ["", t("programme.newsletter.done"), ""]
    if letter.completed:
        for a in letter.completed:
            who = ", ".join(x for x in (a.owner, a.department) if x)
            lines.append(f"- {a.title}" + (f" ({who})" if who else ""))
            if a.indicator and a.moved:
                line = f"  {a.indicator}: {a.moved}"
                if a.outcome is not None:
                    line += " — " + t(f"programme.newsletter.outcome.{a.outcome}")
                lines.append(line)
            elif a.indicator:
                lines.append("  " + t("programme.newsletter.to_measure", indicator=a.indicator))
    else:
        lines.append(t("programme.newsletter.none_done"))
    if letter.initiatives:
        lines += ["", t("programme.newsletter.initiatives"), ""]
        for item in letter.initiatives:
            lines.append(f"- {item.title} ({engagement.kind_name(item.kind)}, {item.owner})")
    if letter.comment is not None:
        c = letter.comment
        lines += ["", t("programme.newsletter.voice"), "", f"«{c.text}»"]
        details = [format_date(c.day, "long")]
        if c.touchpoint:
            details.append(c.touchpoint)
        if c.nps is not None:
            details.append(t("programme.newsletter.score", score=number(c.nps)))
        lines.append("— " + t("programme.newsletter.a_customer") + ", " + ", ".join(details))
    lines += ["", t("programme.newsletter.closing"), t("programme.newsletter.signature")]
    if company.strip():
        lines.append(company.strip())
    return "\n".join(lines) + "\n"


def draft(
    conn: sqlite3.Connection,
    month: str,
    table: pd.DataFrame,
    *,
    comment: Comment | None = None,
    lang: str = "it",
    keys: Sequence[str] | None = None,
) -> str:
    """The newsletter of ``month`` written in ``lang`` (Italian by default)."""
    with language(lang):
        return compose(gather(conn, month, table, keys=keys, comment=comment))


def file_name(month: str) -> str:
    """``newsletter_cx_2025-03.txt``."""
    return f"newsletter_cx_{month}.txt"


def today_month(today: dt.date | None = None) -> str:
    """The calendar month of ``today``, ``YYYY-MM``."""
    day = today or dt.date.today()
    return f"{day.year:04d}-{day.month:02d}"


def months(
    conn: sqlite3.Connection, data_months: Sequence[str], today: dt.date | None = None
) -> list[str]:
    """The months a newsletter can be written for, latest first: every month with data,
    every month in which an action or an initiative was completed, and the current one."""

    found = set(data_months) | {today_month(today)}
    for action in actions.list_actions(conn, statuses=("done",)):
        found.add(action.updated_at[:7])
    for item in engagement.list_actions(conn):
        if item.done_on:
            found.add(item.done_on[:7])
    return sorted(found, reverse=True)
