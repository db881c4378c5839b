"""Complaints and survey scores broken down by touchpoint, department and category.

Data files name touchpoints and departments in free text ("consegna e  MAGAZZINO",
"delivery", "Amministrazione"). Each text is matched to the catalogue case- and
accent-insensitively by name, former name or code (:mod:`cx_sme.company.touchpoints`,
:mod:`cx_sme.company.departments`) and shown under the catalogue's name; a text that matches
nothing keeps its own (first) spelling, and an empty cell is "not stated".

For a window of periods (the range chosen in the sidebar):

- complaints: those *opened* in the window; of those already closed, the median days to
  close and the share closed within the SLA; their cost; how many are still open; and the
  same count and median in the window of the same length just before (the trend).
- surveys: answers in the window; NPS, its margin of error, CSAT and CES with the
  definitions of spec/KPIS.md (the same formulas as :mod:`cx_sme.kpi.surveys`).
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cx_sme.company.departments import DEFAULT_CODES as DEPARTMENT_CODES
from cx_sme.company.departments import list_departments
from cx_sme.company.touchpoints import list_touchpoints, match_keys, normalize
from cx_sme.core.i18n import catalog
from cx_sme.core.periods import (
    granularity_of,
    period_end,
    period_key,
    period_keys_between,
    period_start,
    shift_period,
)
from cx_sme.kpi.surveys import SMALL_SAMPLE, valid_scores

UNSTATED = "__unstated__"
OTHERS = "__others__"
COMPLAINT_COLUMNS = (
    "key", "name", "complaints", "share", "still_open", "closed", "median_days",
    "within_sla", "cost", "complaints_before", "median_days_before",
)  # fmt: skip
SURVEY_COLUMNS = (
    "key", "name", "responses", "nps_answers", "nps", "nps_margin", "detractors", "csat",
    "ces", "small_sample",
)  # fmt: skip


@dataclass(frozen=True)
class Catalogue:
    """How free text maps to known entries: normalised text → key, key → shown name.

    Hashable (tuples), so it can be part of a cache key: renaming a touchpoint changes it.
    """

    lookup: tuple[tuple[str, str], ...]
    names: tuple[tuple[str, str], ...]

    def resolve(self, values: pd.Series) -> pd.Series:
        """The key of each cell: a catalogue key, ``text:<spelling>`` or UNSTATED."""
        table = dict(self.lookup)
        mapping: dict[object, str] = {}
        first_spelling: dict[str, str] = {}
        for value in values.dropna().unique():
            text = " ".join(str(value).split())
            norm = normalize(text)
            if not norm:
                continue
            if norm in table:
                mapping[value] = table[norm]
            else:
                mapping[value] = "text:" + first_spelling.setdefault(norm, text)
        return pd.Series(
            [mapping.get(v, UNSTATED) if isinstance(v, str) else UNSTATED for v in values],
            index=values.index,
            dtype=object,
        )

    def display(self, values: pd.Series) -> list[str | None]:
        """Each cell as the app names it everywhere: a known touchpoint (or department)
        by its catalogue name, whatever the file's spelling ("CONSEGNA E MAGAZZINO");
        another text as typed, spaces folded; an empty cell as None."""
        return [
            None if key == UNSTATED else self.name(key, "", "")
            for key in self.resolve(values.astype(object))
        ]

    def name(self, key: str, unstated: str, others: str) -> str:
        if key == UNSTATED:
            return unstated
        if key == OTHERS:
            return others
        if key.startswith("text:"):
            return key[5:]
        return dict(self.names).get(key, key)


def _catalogue(entries: Iterable[tuple[str, str, Iterable[str]]]) -> Catalogue:
    lookup: dict[str, str] = {}
    names = []
    for key, name, texts in entries:
        names.append((key, name))
        for text in texts:
            norm = normalize(text)
            if norm:
                lookup.setdefault(norm, key)
    return Catalogue(tuple(sorted(lookup.items())), tuple(names))


def touchpoint_catalogue(conn: sqlite3.Connection) -> Catalogue:
    """Every touchpoint, retired ones too (old data still names them)."""
    return _catalogue(
        (tp.code, tp.name, match_keys(tp)) for tp in list_touchpoints(conn, include_retired=True)
    )


def department_catalogue(conn: sqlite3.Connection) -> Catalogue:
    """Every department by its shown name, its code and its Italian and English names."""
    entries = []
    for dep in list_departments(conn, include_retired=True):
        texts = {dep.code, dep.code.replace("_", " "), dep.name}
        if dep.code in DEPARTMENT_CODES:
            for lang in ("it", "en"):
                texts.add(catalog(lang).get(f"departments.{dep.code}", dep.code))
        entries.append((dep.code, dep.name, texts))
    return _catalogue(entries)


def text_catalogue() -> Catalogue:
    """No catalogue (categories): texts are grouped by their normalised form only."""
    return Catalogue((), ())


@dataclass(frozen=True)
class Window:
    """The periods ``first``..``last`` and the same number of periods just before.

    >>> w = Window("2025-11", "2026-01")
    >>> w.length, w.before
    (3, Window(first='2025-08', last='2025-10'))
    """

    first: str
    last: str

    @property
    def start(self) -> dt.date:
        return period_start(self.first)

    @property
    def end(self) -> dt.date:
        return period_end(self.last)

    @property
    def length(self) -> int:
        return len(period_keys_between(self.start, self.end, granularity_of(self.first)))

    @property
    def before(self) -> Window:
        return Window(shift_period(self.first, -self.length), shift_period(self.first, -1))


def _between(column: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    return (column >= pd.Timestamp(start)) & (column <= pd.Timestamp(end))


def _median(values: pd.Series) -> float:
    return float(values.median()) if len(values) else math.nan


def complaints_by(
    complaints: pd.DataFrame,
    column: str,
    catalogue: Catalogue,
    window: Window,
    *,
    sla_days: int = 7,
) -> pd.DataFrame:
    """One row per touchpoint/department/category with complaints in the window or the
    window before; most complaints first. ``name`` is filled by :func:`named`."""
    if complaints.empty:
        return pd.DataFrame({c: [] for c in COMPLAINT_COLUMNS})
    keys = catalogue.resolve(complaints[column])
    days = (complaints["closed"] - complaints["opened"]).dt.days
    now = _between(complaints["opened"], window.start, window.end)
    earlier = window.before
    before = _between(complaints["opened"], earlier.start, earlier.end)
    end = pd.Timestamp(window.end)
    open_at_end = complaints["closed"].isna() | (complaints["closed"] > end)
    closed_by_end = complaints["closed"].notna() & (complaints["closed"] <= end)
    total = int(now.sum())
    rows = []
    for key in pd.unique(keys[now | before]):
        mine = keys == key
        current = mine & now
        done = current & closed_by_end
        durations = days[done]
        cost = complaints.loc[current, "cost"]
        rows.append(
            {
                "key": key,
                "name": None,
                "complaints": int(current.sum()),
                "share": (current.sum() / total * 100) if total else math.nan,
                "still_open": int((current & open_at_end).sum()),
                "closed": int(done.sum()),
                "median_days": _median(durations),
                "within_sla": float((durations <= sla_days).mean() * 100)
                if len(durations)
                else math.nan,
                "cost": float(cost.sum()) if cost.notna().any() else 0.0,
                "complaints_before": int((mine & before).sum()),
                "median_days_before": _median(days[mine & before & complaints["closed"].notna()]),
            }
        )
    frame = pd.DataFrame(rows, columns=list(COMPLAINT_COLUMNS))
    return frame.sort_values(
        ["complaints", "complaints_before", "key"], ascending=[False, False, True]
    ).reset_index(drop=True)


def complaints_over_time(
    complaints: pd.DataFrame,
    column: str,
    catalogue: Catalogue,
    periods: list[str],
    *,
    top: int = 5,
) -> pd.DataFrame:
    """Complaints opened per period and group (long: period, key, value); the groups
    beyond the ``top`` largest of the window are summed as OTHERS."""
    if complaints.empty or not periods:
        return pd.DataFrame({"period": [], "key": [], "value": []})
    granularity = granularity_of(periods[0])
    window = _between(complaints["opened"], period_start(periods[0]), period_end(periods[-1]))
    rows = complaints[window]
    keys = catalogue.resolve(rows[column])
    leaders = keys.value_counts().index[:top].tolist()
    keys = keys.where(keys.isin(leaders), OTHERS)
    when = [period_key(d, granularity) for d in rows["opened"].dt.date]
    counts = (
        pd.DataFrame({"period": when, "key": keys.to_numpy()})
        .groupby(["period", "key"])
        .size()
        .rename("value")
        .reset_index()
    )
    order = {k: i for i, k in enumerate([*leaders, OTHERS])}
    counts["rank"] = counts["key"].map(order)
    return counts.sort_values(["period", "rank"]).drop(columns="rank").reset_index(drop=True)


def _nps(scores: np.ndarray) -> tuple[int, float, float, int]:
    """(valid answers, NPS, margin of error, detractors) with the spec's formulas."""
    valid = scores[~np.isnan(scores)]
    n = len(valid)
    if n == 0:
        return 0, math.nan, math.nan, 0
    p = float((valid >= 9).sum()) / n
    d = float((valid <= 6).sum()) / n
    margin = 1.96 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n) * 100
    return n, (p - d) * 100, margin, int((valid <= 6).sum())


def surveys_by(
    surveys: pd.DataFrame, column: str, catalogue: Catalogue, window: Window
) -> pd.DataFrame:
    """Survey scores per touchpoint for the answers in the window, most answers first."""
    if surveys.empty:
        return pd.DataFrame({c: [] for c in SURVEY_COLUMNS})
    inside = surveys[_between(surveys["date"], window.start, window.end)]
    scores = {name: valid_scores(inside, name) for name in ("nps", "csat", "ces")}
    answered = ~(np.isnan(scores["nps"]) & np.isnan(scores["csat"]) & np.isnan(scores["ces"]))
    keys = catalogue.resolve(inside[column]).to_numpy()
    rows = []
    for key in pd.unique(keys[answered]):
        mine = (keys == key) & answered
        n, nps, margin, detractors = _nps(scores["nps"][mine])
        csat = scores["csat"][mine]
        csat = csat[~np.isnan(csat)]
        ces = scores["ces"][mine]
        ces = ces[~np.isnan(ces)]
        rows.append(
            {
                "key": key,
                "name": None,
                "responses": int(mine.sum()),
                "nps_answers": n,
                "nps": nps,
                "nps_margin": margin,
                "detractors": detractors,
                "csat": float((csat >= 4).mean() * 100) if len(csat) else math.nan,
                "ces": float(ces.mean()) if len(ces) else math.nan,
                "small_sample": 0 < n < SMALL_SAMPLE,
            }
        )
    frame = pd.DataFrame(rows, columns=list(SURVEY_COLUMNS))
    return frame.sort_values(["responses", "key"], ascending=[False, True]).reset_index(drop=True)


def named(frame: pd.DataFrame, catalogue: Catalogue, unstated: str, others: str) -> pd.DataFrame:
    """``frame`` with its ``name`` column filled from the keys (in the current language)."""
    out = frame.copy()
    out["name"] = [catalogue.name(str(k), unstated, others) for k in out["key"]]
    return out
