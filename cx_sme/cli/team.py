"""Command-line commands of the CX team: the touchpoint catalogue and the action plan.

``python -m cx_sme --db PATH touchpoints`` prints the catalogue as CSV with the columns
name, phase, department, score, scored_on, complaints, mean_csat (phase and department
as codes; score and scored_on the latest team score; complaints and mean_csat the
evidence of the 12 months ending with the last month loaded, or of ``--from``/``--to``).

``python -m cx_sme --db PATH actions`` prints the action plan as CSV with the columns
title, touchpoint, kpi, owner, department, due, status, baseline, target, result.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
from typing import Any

from cx_sme.company import touchpoints
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t
from cx_sme.core.periods import granularity_of, shift_period
from cx_sme.team import actions

TOUCHPOINT_COLUMNS = (
    "name",
    "phase",
    "department",
    "score",
    "scored_on",
    "complaints",
    "mean_csat",
)
ACTION_COLUMNS = (
    "title", "touchpoint", "kpi", "owner", "department", "due", "status",
    "baseline", "target", "result",
)  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    tp = sub.add_parser("touchpoints", help=t("team.cli.touchpoints"))
    tp.add_argument("--from", dest="first", help=t("team.cli.from"))
    tp.add_argument("--to", dest="last", help=t("team.cli.to"))
    tp.add_argument("--retired", action="store_true", help=t("team.cli.retired"))
    tp.set_defaults(handler=touchpoints_command)

    ac = sub.add_parser("actions", help=t("team.cli.actions"))
    ac.add_argument("--department", help=t("team.cli.department"))
    ac.add_argument("--owner", help=t("team.cli.owner"))
    ac.add_argument(
        "--status", action="append", choices=actions.STATUSES, help=t("team.cli.status")
    )
    ac.add_argument("--overdue", action="store_true", help=t("team.cli.overdue"))
    ac.set_defaults(handler=actions_command)


def _cell(value: Any) -> Any:
    from cx_sme.core.safe_cells import csv_text  # pandas: off the --help path

    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    return value


def _write(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])


def _check_period(value: str) -> str:
    try:
        granularity_of(value)
        shift_period(value, 0)
        return value
    except (ValueError, IndexError):
        raise InputRefused("team.error.bad_period", value=value) from None


def evidence_window(frames: Any, first: str | None, last: str | None) -> Any:
    """The evidence window of ``--from``/``--to`` (an ``evidence.Window``), or the default."""
    from cx_sme.team import evidence  # pandas: off the --help path

    if first is None and last is None:
        return evidence.default_window(frames, "month", 12)
    if first is None or last is None:
        given = _check_period(first or last or "")
        return evidence.Window.of(given, given)
    first, last = _check_period(first), _check_period(last)
    if granularity_of(first) != granularity_of(last):
        raise InputRefused("team.error.mixed_periods", first=first, last=last)
    return evidence.Window.of(first, last)


def touchpoints_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    # The evidence (pandas) loads here: `--help` starts without it.
    from cx_sme.core.frames import load_frames
    from cx_sme.team import evidence

    catalogue = touchpoints.list_touchpoints(conn, include_retired=args.retired)
    frames = load_frames(conn)
    report = evidence.collect(frames, catalogue, evidence_window(frames, args.first, args.last))
    scores = touchpoints.latest_scores(conn)
    rows = []
    for tp in catalogue:
        change = scores.get(tp.id)
        found = report.get(tp.id)
        rows.append(
            (
                tp.name,
                tp.phase,
                tp.department,
                change.latest.score if change else None,
                change.latest.scored_on if change else None,
                found.complaints if report.window and report.has_complaints else None,
                found.mean_csat,
            )
        )
    _write(TOUCHPOINT_COLUMNS, rows)
    return 0


def actions_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    names = {tp.id: tp.name for tp in touchpoints.list_touchpoints(conn, include_retired=True)}
    found = actions.list_actions(
        conn,
        department=args.department,
        owner=args.owner,
        statuses=args.status,
        overdue_only=args.overdue,
    )
    rows = [
        (
            a.title,
            names.get(a.touchpoint_id) if a.touchpoint_id is not None else None,
            a.kpi,
            a.owner,
            a.department,
            a.due,
            a.status,
            a.baseline,
            a.target,
            a.result,
        )
        for a in found
    ]
    _write(ACTION_COLUMNS, rows)
    return 0
