"""What the data says about each touchpoint, to sit beside the team's own score.

The complaints log and the survey answers name a touchpoint in free text ("Consegna e
magazzino", "consegna e  MAGAZZINO", "delivery"). Each text is matched to the catalogue
by name, former name or code, ignoring case, accents and punctuation
(:func:`cx_sme.company.touchpoints.match_keys`). For a window of periods the evidence is:

- complaints opened in the window, and in the window of the same length just before it
  (the trend);
- complaints still open at the end of the window;
- survey answers in the window: mean CSAT on its 1–5 scale (comparable with the team's
  1–5 score) and NPS (promoters 9–10 minus detractors 0–6, per cent of valid answers).

Texts that match no touchpoint are counted apart, so the team can add the touchpoint or
record the text as another name of an existing one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cx_sme.company.touchpoints import ScoreChange, Touchpoint, match_keys, normalize
from cx_sme.core.formatting import number, signed
from cx_sme.core.frames import Frames
from cx_sme.core.i18n import t
from cx_sme.core.periods import (
    granularity_of,
    period_end,
    period_key,
    period_keys_between,
    period_start,
    shift_period,
)

# Fewer survey answers than this about a touchpoint: the UI says the sample is small.
FEW_ANSWERS = 5
# Complaints "rising" for the where-to-start list: at least this many more than before
# (one more is noise in a small company).
RISING = 2


@dataclass(frozen=True)
class Window:
    """Consecutive periods ``first``..``last`` (same granularity) and the same-length
    window just before them."""

    first: str
    last: str
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date

    @classmethod
    def of(cls, first: str, last: str) -> Window:
        """
        >>> w = Window.of("2025-01", "2025-03")
        >>> (w.previous_start.isoformat(), w.previous_end.isoformat())
        ('2024-10-01', '2024-12-31')
        """
        if last < first:
            first, last = last, first
        length = len(
            period_keys_between(period_start(first), period_end(last), granularity_of(first))
        )
        return cls(
            first,
            last,
            period_start(first),
            period_end(last),
            period_start(shift_period(first, -length)),
            period_end(shift_period(first, -1)),
        )


@dataclass(frozen=True)
class Evidence:
    """The data about one touchpoint in a window."""

    complaints: int = 0
    complaints_previous: int = 0
    open_complaints: int = 0
    csat_answers: int = 0
    mean_csat: float | None = None
    nps_answers: int = 0
    nps: float | None = None

    @property
    def complaints_change(self) -> int:
        return self.complaints - self.complaints_previous


@dataclass(frozen=True)
class EvidenceReport:
    window: Window | None
    by_touchpoint: dict[int, Evidence]
    has_complaints: bool
    has_surveys: bool
    unmatched: dict[str, int] = field(default_factory=dict)
    without_touchpoint: int = 0

    def get(self, touchpoint_id: int) -> Evidence:
        return self.by_touchpoint.get(touchpoint_id, Evidence())


def last_period(frames: Frames, granularity: str = "month") -> str | None:
    """The last period loaded: the last with sales, else the last complaint or answer."""
    for frame, column in ((frames.sales, "date"),):
        if len(frame) and frame[column].notna().any():
            return period_key(frame[column].max().date(), granularity)
    dates = [
        frame[column].max()
        for frame, column in ((frames.complaints, "opened"), (frames.surveys, "date"))
        if len(frame) and frame[column].notna().any()
    ]
    if not dates:
        return None
    return period_key(max(dates).date(), granularity)


def default_window(frames: Frames, granularity: str = "month", length: int = 1) -> Window | None:
    """The ``length`` periods ending with the last period loaded (None without data)."""
    last = last_period(frames, granularity)
    if last is None:
        return None
    return Window.of(shift_period(last, -(length - 1)), last)


def matcher(touchpoints: Iterable[Touchpoint]) -> dict[str, int]:
    """Normalized text → touchpoint id, for every name a data file may use."""
    found: dict[str, int] = {}
    for tp in touchpoints:
        for key in match_keys(tp):
            found.setdefault(key, tp.id)
    return found


def match_column(values: pd.Series, lookup: dict[str, int]) -> np.ndarray:
    """The touchpoint id of each cell (-1 when empty or not recognised).

    Each distinct text is normalized once: a log has a few dozen distinct spellings.
    """
    mapping = {value: lookup.get(normalize(value), -1) for value in values.dropna().unique()}
    if not mapping:
        return np.full(len(values), -1, dtype=np.int64)
    return values.map(mapping).fillna(-1).to_numpy(dtype=np.int64)


def _between(column: pd.Series, start: dt.date, end: dt.date) -> np.ndarray:
    days = column.to_numpy(dtype="datetime64[ns]")
    return (days >= np.datetime64(start)) & (days <= np.datetime64(end))


def _counts(ids: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    known = ids >= 0
    return np.bincount(
        ids[known], weights=None if weights is None else weights[known], minlength=size
    )


def _texts(values: pd.Series, keep: np.ndarray) -> pd.Series:
    """The stripped, non-empty texts of the kept rows."""
    kept = values[keep].dropna().astype("string").str.strip()
    return kept[kept != ""]


def collect(
    frames: Frames, touchpoints: Iterable[Touchpoint], window: Window | None
) -> EvidenceReport:
    """The evidence for every touchpoint in ``window`` (None: an empty report)."""
    touchpoints = list(touchpoints)
    has_complaints = len(frames.complaints) > 0
    has_surveys = len(frames.surveys) > 0
    if window is None or not touchpoints:
        return EvidenceReport(window, {}, has_complaints, has_surveys)
    lookup = matcher(touchpoints)
    size = max(tp.id for tp in touchpoints) + 1
    complaints, surveys = frames.complaints, frames.surveys
    c_ids = match_column(complaints["touchpoint"], lookup)
    s_ids = match_column(surveys["touchpoint"], lookup)

    in_window = _between(complaints["opened"], window.start, window.end)
    before = _between(complaints["opened"], window.previous_start, window.previous_end)
    end = np.datetime64(window.end)
    opened = complaints["opened"].to_numpy(dtype="datetime64[ns]")
    closed = complaints["closed"].to_numpy(dtype="datetime64[ns]")
    still_open = (opened <= end) & (np.isnat(closed) | (closed > end))
    count_now = _counts(c_ids[in_window], size)
    count_before = _counts(c_ids[before], size)
    count_open = _counts(c_ids[still_open], size)

    answered = _between(surveys["date"], window.start, window.end)
    ids = s_ids[answered]
    csat = surveys["csat"].to_numpy(dtype="float64")[answered]
    nps = surveys["nps"].to_numpy(dtype="float64")[answered]
    has_csat, has_nps = ~np.isnan(csat), ~np.isnan(nps)
    csat_n = _counts(ids[has_csat], size)
    csat_sum = _counts(ids[has_csat], size, csat[has_csat])
    nps_n = _counts(ids[has_nps], size)
    promoters = _counts(ids[has_nps & (nps >= 9)], size)
    detractors = _counts(ids[has_nps & (nps <= 6)], size)

    by_touchpoint: dict[int, Evidence] = {}
    for tp in touchpoints:
        i = tp.id
        by_touchpoint[i] = Evidence(
            complaints=int(count_now[i]),
            complaints_previous=int(count_before[i]),
            open_complaints=int(count_open[i]),
            csat_answers=int(csat_n[i]),
            mean_csat=float(csat_sum[i] / csat_n[i]) if csat_n[i] else None,
            nps_answers=int(nps_n[i]),
            nps=float((promoters[i] - detractors[i]) / nps_n[i] * 100) if nps_n[i] else None,
        )

    texts = pd.concat(
        [
            _texts(complaints["touchpoint"], in_window & (c_ids < 0)),
            _texts(surveys["touchpoint"], answered & (s_ids < 0)),
        ]
    )
    unmatched = {str(k): int(v) for k, v in texts.value_counts().items()}
    without = int(in_window.sum()) - len(_texts(complaints["touchpoint"], in_window))
    return EvidenceReport(window, by_touchpoint, has_complaints, has_surveys, unmatched, without)


@dataclass(frozen=True)
class Attention:
    """Why a touchpoint deserves the team's time: points (higher first) and reasons."""

    touchpoint: Touchpoint
    points: float
    reasons: tuple[str, ...]


def needs_attention(
    catalogue: Iterable[Touchpoint],
    scores: dict[int, ScoreChange],
    report: EvidenceReport,
) -> list[Attention]:
    """The touchpoints where to start, most urgent first, each with its reasons.

    Points: a low team score (3 − score, doubled), complaints (share of the busiest
    touchpoint's count, up to 3), complaints rising by :data:`RISING` or more (+2), a
    mean CSAT under 3.5 on at
    least :data:`FEW_ANSWERS` answers, a negative NPS on as many. Only touchpoints with
    some reason are listed.
    """
    catalogue = list(catalogue)
    busiest = max((report.get(tp.id).complaints for tp in catalogue), default=0)
    found = []
    for tp in catalogue:
        points, reasons = 0.0, []
        change = scores.get(tp.id)
        if change is not None and change.latest.score <= 2:
            points += (3 - change.latest.score) * 2
            reasons.append(t("team.why.score", score=change.latest.score))
        elif change is not None:
            points += (3 - change.latest.score) * 2
        data = report.get(tp.id)
        if data.complaints and busiest:
            points += 3 * data.complaints / busiest
            reasons.append(
                t("team.why.one_complaint")
                if data.complaints == 1
                else t("team.why.complaints", n=number(data.complaints))
            )
        if data.complaints_change >= RISING:
            points += 2
            reasons.append(t("team.why.rising", change=signed(data.complaints_change, 0)))
        if data.mean_csat is not None and data.csat_answers >= FEW_ANSWERS and data.mean_csat < 3.5:
            points += (3.5 - data.mean_csat) * 2
            reasons.append(t("team.why.csat", value=number(data.mean_csat, 1)))
        if data.nps is not None and data.nps_answers >= FEW_ANSWERS and data.nps < 0:
            points += 1
            reasons.append(t("team.why.nps", value=signed(data.nps, 0)))
        if reasons and points > 0:
            found.append(Attention(tp, round(points, 3), tuple(reasons)))
    return sorted(found, key=lambda a: (-a.points, a.touchpoint.position))
