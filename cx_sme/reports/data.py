"""Everything the monthly report shows, gathered once for the workbook and the PDF.

:func:`gather` reads the store for one month (``YYYY-MM``): every KPI over the thirteen
months ending with it (so the same month last year is in view) with its target and
traffic light, the complaints opened in the month or still open at its end, the month's
survey answers, each touchpoint's latest team score beside the month's evidence, and the
action plan. Customer codes are replaced by pseudonyms when the privacy setting asks
for it. The builders (:mod:`cx_sme.reports.workbook`, :mod:`cx_sme.reports.pdf`) only lay
this out.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass

import pandas as pd

from cx_sme.admin import privacy
from cx_sme.company import touchpoints
from cx_sme.company.departments import list_departments
from cx_sme.core.errors import InputRefused
from cx_sme.core.formatting import month_label
from cx_sme.core.frames import Frames, load_frames
from cx_sme.core.i18n import get_language
from cx_sme.core.periods import period_end, period_start, previous_period, same_period_last_year
from cx_sme.core.periods import shift_period as shift
from cx_sme.dashboards import alerts, breakdowns
from cx_sme.dashboards.fingerprint import settings_fingerprint
from cx_sme.kpi import engine as kpis
from cx_sme.kpi import targets
from cx_sme.kpi.catalog import CATALOG
from cx_sme.team import evidence
from cx_sme.team.actions import Action, list_actions

# The four business indicators first (acquisition, retention, sales to existing
# customers, cost to serve), then revenue, the customers' voice and complaints.
HEADLINE = (
    "new_customers", "retention_rate", "revenue_returning", "cost_to_serve",
    "revenue", "nps", "csat", "complaints",
)  # fmt: skip
MONTHS_SHOWN = 13
SECTIONS = ("sales", "complaints", "surveys", "links")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class KpiLine:
    """One KPI in the report month, with its comparisons and target."""

    key: str
    section: str
    value: float | None
    previous: float | None
    last_year: float | None
    target: float | None
    light: str | None  # green, amber, red


@dataclass(frozen=True)
class TouchpointLine:
    name: str
    phase: str
    department: str
    score: int | None
    scored_on: str | None
    score_change: int | None
    evidence: evidence.Evidence


@dataclass(frozen=True)
class MonthlyReport:
    month: str
    language: str
    generated_at: dt.datetime
    months: list[str]
    table: pd.DataFrame  # months × KPI keys (NaN where undefined)
    lines: dict[str, KpiLine]
    sla_days: int
    warm_up: bool
    complaints: pd.DataFrame
    surveys: pd.DataFrame
    touchpoints: list[TouchpointLine]
    actions: list[Action]
    touchpoint_names: dict[int, str]
    department_names: dict[str, str]
    pseudonymised: bool

    @property
    def month_title(self) -> str:
        return month_label(self.month)

    def open_actions(self, limit: int | None = None) -> list[Action]:
        """Open actions, overdue (today) first, then by due date (no date last)."""
        today = self.generated_at.date()
        found = [a for a in self.actions if a.is_open]
        found.sort(key=lambda a: (not a.is_overdue(today), a.due is None, a.due or "", a.id))
        return found[:limit] if limit else found

    def is_overdue(self, action: Action) -> bool:
        return action.is_overdue(self.generated_at.date())


def check_month(month: str) -> str:
    """``month`` as a valid ``YYYY-MM`` key, or InputRefused.

    >>> check_month(" 2025-03 ")
    '2025-03'
    """
    text = (month or "").strip()
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise InputRefused("reports.error.bad_month", value=month)
    return text


def month_range(frames: Frames) -> tuple[str, str] | None:
    """The first and last month with any data (sales, complaints or surveys)."""
    dates = [
        frame[column].dropna()
        for frame, column in (
            (frames.sales, "date"),
            (frames.complaints, "opened"),
            (frames.surveys, "date"),
        )
    ]
    stamps = [d for d in dates if len(d)]
    if not stamps:
        return None
    first = min(d.min() for d in stamps)
    last = max(d.max() for d in stamps)
    return f"{first:%Y-%m}", f"{last:%Y-%m}"


def available_months(conn: sqlite3.Connection) -> list[str]:
    """Every month from the first to the last with data, newest first."""
    span = month_range(load_frames(conn))
    if span is None:
        return []
    months = [span[0]]
    while months[-1] < span[1]:
        months.append(shift(months[-1], 1))
    return list(reversed(months))


def _wide(kpi_set: kpis.KpiSet) -> pd.DataFrame:
    tables = [getattr(kpi_set, name) for name in SECTIONS]
    wide = pd.concat(tables, axis=1, join="outer")
    return wide.loc[:, ~wide.columns.duplicated()].sort_index()


def _value(table: pd.DataFrame, key: str, period: str) -> float | None:
    if key not in table.columns or period not in table.index:
        return None
    value = table.at[period, key]
    return None if value is None or pd.isna(value) else float(value)


def gather(conn: sqlite3.Connection, month: str) -> MonthlyReport:
    """The report of ``month`` (``YYYY-MM``); InputRefused for a bad or empty month."""
    month = check_month(month)
    frames = load_frames(conn)
    span = month_range(frames)
    if span is None:
        raise InputRefused("reports.error.no_data_at_all")
    if not span[0] <= month <= span[1]:
        raise InputRefused(
            "reports.error.month_outside",
            month=month_label(month),
            first=month_label(span[0]),
            last=month_label(span[1]),
        )
    sla = targets.sla_days(conn)
    kpi_set = kpis.compute(frames, "month", sla_days=sla)
    wide = _wide(kpi_set)
    months = [shift(month, -n) for n in range(MONTHS_SHOWN - 1, -1, -1)]
    table = wide.reindex(index=months, columns=[k for k in CATALOG if k in wide.columns])

    goal = targets.effective_targets(conn)
    tolerance = targets.tolerance(conn)
    lines = {}
    for key in table.columns:
        value = _value(wide, key, month)
        target = goal[key].resolve(wide, month) if key in goal else None
        lines[key] = KpiLine(
            key=key,
            section=CATALOG[key].dataset,
            value=value,
            previous=_value(wide, key, previous_period(month)),
            last_year=_value(wide, key, same_period_last_year(month)),
            target=target,
            light=targets.light(key, value, target, tolerance),
        )

    pseudonymise = privacy.pseudonymise_exports(conn)
    complaints = _month_complaints(frames.complaints, month)
    surveys = _month_surveys(frames.surveys, month)
    # Customers by name beside their code, touchpoints by the catalogue's names (as the
    # dashboards show them), not the file's spelling.
    names = alerts.customer_names(frames.sales)
    shown = breakdowns.touchpoint_catalogue(conn)
    for rows in (complaints, surveys):
        rows["customer_name"] = [
            names.get(str(c)) if isinstance(c, str) else None for c in rows["customer_id"]
        ]
        rows["touchpoint"] = shown.display(rows["touchpoint"])
    if pseudonymise:
        complaints = privacy.pseudonymise_frame(conn, complaints)
        surveys = privacy.pseudonymise_frame(conn, surveys)

    departments = {d.code: d.name for d in list_departments(conn, include_retired=True)}
    catalogue = touchpoints.list_touchpoints(conn)
    found = evidence.collect(frames, catalogue, evidence.Window.of(month, month))
    scores = touchpoints.latest_scores(conn)
    lines_tp = []
    for tp in catalogue:
        change = scores.get(tp.id)
        lines_tp.append(
            TouchpointLine(
                name=tp.name,
                phase=tp.phase,
                department=departments.get(tp.department or "", tp.department or ""),
                score=change.latest.score if change else None,
                scored_on=change.latest.scored_on if change else None,
                score_change=change.delta if change else None,
                evidence=found.by_touchpoint.get(tp.id, evidence.Evidence()),
            )
        )
    all_touchpoints = touchpoints.list_touchpoints(conn, include_retired=True)
    return MonthlyReport(
        month=month,
        language=get_language(),
        generated_at=dt.datetime.now().replace(microsecond=0),
        months=months,
        table=table,
        lines=lines,
        sla_days=sla,
        warm_up=month in kpi_set.warm_up,
        complaints=complaints,
        surveys=surveys,
        touchpoints=lines_tp,
        actions=_month_actions(conn, month),
        touchpoint_names={tp.id: tp.name for tp in all_touchpoints},
        department_names=departments,
        pseudonymised=pseudonymise,
    )


def inputs_stamp(conn: sqlite3.Connection) -> str:
    """What :func:`gather` reads besides the data sets, as one short string: settings,
    follow-ups and names (the dashboards' fingerprint), the actions and the touchpoint
    scores. A cached report is current while the data version and this stamp are."""
    row = conn.execute(
        "SELECT (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM actions), "
        "(SELECT count(*) || '/' || coalesce(max(id), 0) FROM touchpoint_scores)"
    ).fetchone()
    return f"{settings_fingerprint(conn)}:{row[0]}:{row[1]}"


def _month_complaints(complaints: pd.DataFrame, month: str) -> pd.DataFrame:
    """Complaints opened in the month, and older ones still open at its end."""
    start, end = pd.Timestamp(period_start(month)), pd.Timestamp(period_end(month))
    opened_now = (complaints["opened"] >= start) & (complaints["opened"] <= end)
    still_open = (complaints["opened"] <= end) & (
        complaints["closed"].isna() | (complaints["closed"] > end)
    )
    chosen = complaints[opened_now | still_open].copy()
    chosen["open_at_end"] = still_open[opened_now | still_open]
    return chosen.sort_values(["opened"], kind="stable").reset_index(drop=True)


def _month_surveys(surveys: pd.DataFrame, month: str) -> pd.DataFrame:
    start, end = pd.Timestamp(period_start(month)), pd.Timestamp(period_end(month))
    chosen = surveys[(surveys["date"] >= start) & (surveys["date"] <= end)]
    return chosen.sort_values(["date"], kind="stable").reset_index(drop=True)


def _month_actions(conn: sqlite3.Connection, month: str) -> list[Action]:
    """Every open action, and those closed (done or dropped) in the month or later."""
    start = period_start(month).isoformat()
    return [
        a
        for a in list_actions(conn)
        if a.is_open or (a.updated_at or "")[:10] >= start or (a.measured_on or "") >= start
    ]


def file_name(month: str, kind: str) -> str:
    """``report-cx-2025-03.xlsx``.

    >>> file_name("2025-03", "pdf")
    'report-cx-2025-03.pdf'
    """
    return f"report-cx-{month}.{kind}"


def nps_group(score: float | None) -> str | None:
    """``promoter`` (9–10), ``passive`` (7–8), ``detractor`` (0–6) or None.

    >>> nps_group(9), nps_group(7.0), nps_group(0), nps_group(None)
    ('promoter', 'passive', 'detractor', None)
    """
    if score is None or pd.isna(score):
        return None
    return "promoter" if score >= 9 else ("passive" if score >= 7 else "detractor")
