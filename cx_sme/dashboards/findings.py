"""What the data says, in a few plain sentences an owner reads without hunting.

Each finding is computed from the KPI tables and the breakdowns already on screen, and
only said when it holds in the data (a rise needs enough complaints, a comparison needs
both groups). Names coming from the data (touchpoints, departments) are escaped, since the
sentences are shown as Markdown.

>>> _literal("Consegna  *urgente*\\n[link](x)")
'Consegna \\\\*urgente\\\\* \\\\[link\\\\]\\\\(x\\\\)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from cx_sme.core.formatting import number, percent, period_label
from cx_sme.core.i18n import get_language, t
from cx_sme.core.markup import escape_markdown
from cx_sme.core.periods import granularity_of
from cx_sme.kpi.catalog import format_value

Tone = Literal["warning", "info", "good"]

MIN_RISE_COMPLAINTS = 5
RISE_RATIO = 1.5
MIN_NPS_ANSWERS = 20


def _literal(text: object) -> str:
    """A name from the data on one line, shown literally inside the Markdown sentence."""
    return escape_markdown(" ".join(str(text).split()))


@dataclass(frozen=True)
class Finding:
    tone: Tone
    text: str  # Markdown, user text escaped


def _q(name: object) -> str:
    return "«" + _literal(name) + "»" if _italian() else f'"{_literal(name)}"'


def _italian() -> bool:

    return get_language() == "it"


def window(periods: list[str]) -> str:
    """The span a finding counts, to open its sentence: ``Da novembre 2025 a ottobre
    2026`` or, for one period, ``A ottobre 2026``. Every finding says it, because the
    cards above show one period and the findings a whole range."""
    if len(periods) == 1:
        return t("dash.insight.window_one", period=period_label(periods[0]))
    return t("dash.insight.window", first=period_label(periods[0]), last=period_label(periods[-1]))


def complaint_source(
    by_touchpoint: pd.DataFrame, by_department: pd.DataFrame, periods: list[str]
) -> Finding | None:
    """Where most complaints of the range come from (touchpoint and department)."""
    if by_touchpoint.empty or by_touchpoint["complaints"].sum() == 0:
        return None
    top = by_touchpoint.iloc[0]
    dep = by_department.iloc[0] if not by_department.empty else None
    key = "dash.insight.source_with_department" if dep is not None else "dash.insight.source"
    return Finding(
        "warning",
        t(
            key,
            window=window(periods),
            share=percent(float(top["share"]), 0),
            touchpoint=_q(top["name"]),
            count=number(int(top["complaints"])),
            department=_q(dep["name"]) if dep is not None else "",
            department_share=percent(float(dep["share"]), 0) if dep is not None else "",
        ),
    )


def span(periods: list[str]) -> str:
    """``12 mesi``, ``4 trimestri``, ``un anno``: the length of a range in words."""

    n = len(periods)
    g = granularity_of(periods[0])
    return t(f"dash.insight.span.{g}" + ("_one" if n == 1 else ""), n=number(n))


def complaint_rise(by_touchpoint: pd.DataFrame, periods: list[str]) -> Finding | None:
    """The touchpoint whose complaints grew most against the same span just before."""
    if by_touchpoint.empty or by_touchpoint["complaints_before"].sum() == 0:
        return None  # nothing before to compare with (the data starts with the range)
    rows = by_touchpoint[
        (by_touchpoint["complaints"] >= MIN_RISE_COMPLAINTS)
        & (by_touchpoint["complaints"] >= RISE_RATIO * by_touchpoint["complaints_before"])
    ]
    if rows.empty:
        return None
    growth = rows["complaints"] - rows["complaints_before"]
    row = rows.loc[growth.idxmax()]
    text = t(
        "dash.insight.rise",
        window=window(periods),
        touchpoint=_q(row["name"]),
        count=number(int(row["complaints"])),
        before=number(int(row["complaints_before"])),
        span=span(periods),
    )
    now, before = row["median_days"], row["median_days_before"]
    if not (pd.isna(now) or pd.isna(before)) and now > before:
        text += " " + t(
            "dash.insight.rise_days",
            now=format_value("median_resolution_days", float(now)),
            before=format_value("median_resolution_days", float(before)),
        )
    return Finding("warning", text)


def _mean(table: pd.DataFrame, column: str, periods: list[str]) -> float | None:
    if column not in table:
        return None
    values = table[column].reindex(periods).dropna()
    return float(values.mean()) if len(values) else None


def detractor_churn(links: pd.DataFrame, periods: list[str]) -> Finding | None:
    """How much more often detractors stop buying than promoters (range average)."""
    kept_d = _mean(links, "retention_detractors", periods)
    kept_p = _mean(links, "retention_promoters", periods)
    if kept_d is None or kept_p is None:
        return None
    lost_d, lost_p = 100 - kept_d, 100 - kept_p
    if lost_p <= 0 or lost_d <= lost_p:
        return None
    return Finding(
        "warning",
        t(
            "dash.insight.detractor_churn",
            window=window(periods),
            detractors=percent(lost_d, 0),
            promoters=percent(lost_p, 0),
            ratio=number(lost_d / lost_p, 1),
        ),
    )


def complainer_churn(links: pd.DataFrame, periods: list[str]) -> Finding | None:
    kept_c = _mean(links, "retention_complainers", periods)
    kept_all = _mean(links, "retention_all_active", periods)
    if kept_c is None or kept_all is None or kept_c >= kept_all:
        return None
    return Finding(
        "warning",
        t(
            "dash.insight.complainer_churn",
            window=window(periods),
            complainers=percent(kept_c, 0),
            everyone=percent(kept_all, 0),
        ),
    )


def weakest_touchpoint(by_touchpoint: pd.DataFrame, periods: list[str]) -> Finding | None:
    """The touchpoint with the lowest NPS among those with enough answers."""
    if by_touchpoint.empty:
        return None
    rows = by_touchpoint[by_touchpoint["nps_answers"] >= MIN_NPS_ANSWERS].dropna(subset=["nps"])
    if len(rows) < 2:
        return None
    row = rows.loc[rows["nps"].idxmin()]
    return Finding(
        "warning" if row["nps"] < 0 else "info",
        t(
            "dash.insight.weakest",
            window=window(periods),
            touchpoint=_q(row["name"]),
            nps=format_value("nps", float(row["nps"])),
            answers=number(int(row["nps_answers"])),
            detractors=number(int(row["detractors"])),
        ),
    )


def backlog(complaints: pd.DataFrame, current: str, last_year: str, unowned: int) -> Finding | None:
    """Complaints piling up: the open backlog now against a year ago, and how many lack
    an owner."""
    if "open_backlog" not in complaints or current not in complaints.index:
        return None
    now = complaints.at[current, "open_backlog"]
    if pd.isna(now) or now == 0:
        return None
    before = complaints.at[last_year, "open_backlog"] if last_year in complaints.index else None
    if before is None or pd.isna(before) or now <= before:
        return Finding(
            "info",
            t(
                "dash.insight.backlog",
                period=period_label(current),
                count=number(int(now)),
                unowned=number(unowned),
            ),
        )
    return Finding(
        "warning",
        t(
            "dash.insight.backlog_rise",
            period=period_label(current),
            last_year=period_label(last_year),
            count=number(int(now)),
            before=number(int(before)),
            unowned=number(unowned),
        ),
    )


def overview(
    *,
    by_touchpoint: pd.DataFrame,
    by_department: pd.DataFrame,
    surveys_by_touchpoint: pd.DataFrame,
    links: pd.DataFrame,
    complaints: pd.DataFrame,
    periods: list[str],
    last_year: str,
    unowned: int,
) -> list[Finding]:
    """The findings of the overview, most important first."""
    found = [
        complaint_source(by_touchpoint, by_department, periods),
        weakest_touchpoint(surveys_by_touchpoint, periods),
        detractor_churn(links, periods),
        complaint_rise(by_touchpoint, periods),
        backlog(complaints, periods[-1], last_year, unowned),
    ]
    return [f for f in found if f is not None]
