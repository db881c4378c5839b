"""The voice of the customer for a span of months: each comment's tone, themes and
disagreement flag, and the key drivers of detractors.

One entry point for the page, the meeting and the command line: :func:`analyse` takes
the stored survey answers, the touchpoint catalogue and the company's accepted themes,
learns the company model from every scored comment (not only the span's), then reads
the span.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cx_sme.core.db import get_setting, set_setting
from cx_sme.core.errors import InputRefused
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.core.periods import period_end, period_start
from cx_sme.dashboards.breakdowns import Catalogue
from cx_sme.dashboards.themes import CUSTOM_PREFIX, custom_themes, theme_label, themes_of
from cx_sme.voice.drivers import Driver, find_drivers
from cx_sme.voice.sentiment import (
    CompanyModel,
    disagrees,
    labels_of,
    learn_company_model,
    score_comments,
)

COMMENT_COLUMNS = ("date", "customer_id", "nps", "csat", "touchpoint", "comment", "sentiment",
                   "sentiment_label", "themes", "disagrees")  # fmt: skip
CUSTOM_THEMES_KEY = "custom_themes"


@dataclass(frozen=True)
class ModelQuality:
    """What the page says of the company model (picklable: no model inside)."""

    accuracy: float  # held-out, 0–1
    lexicon_accuracy: float
    trained_on: int
    held_out: int
    used: bool


@dataclass(frozen=True)
class VoiceReport:
    comments: pd.DataFrame  # COMMENT_COLUMNS, themes as a list of codes in "theme_codes"
    drivers: list[Driver]
    model: CompanyModel | None
    answers: int  # answers with an NPS score in the span

    @property
    def quality(self) -> ModelQuality | None:
        m = self.model
        if m is None:
            return None
        return ModelQuality(m.accuracy, m.lexicon_accuracy, m.trained_on, m.held_out, m.used)


def driver_sentence(driver: Driver) -> str:
    """The driver in plain words, e.g. "Le risposte che parlano di «Fatture» sono
    detrattori 3,4 volte più spesso delle altre"."""
    kind = "theme" if driver.kind == "theme" else "touchpoint"
    if math.isnan(driver.impact):
        return t(f"voice.sentence.{kind}.unknown", name=driver.name)
    if driver.impact_low > 1:
        key = "more"
    elif driver.impact_high < 1:
        key = "less"
    else:
        key = "unclear"
    times = driver.impact if key != "less" else 1 / driver.impact if driver.impact else math.nan
    text = t(f"voice.sentence.{kind}.{key}", name=driver.name, times=number(times, 1))
    if driver.few:
        text += " " + t("voice.sentence.few", count=number(driver.answers))
    return text


def what_to_work_on(report: VoiceReport, limit: int = 3) -> list[str]:
    """The drivers whose whole interval is above no effect, in words (the meeting's "what
    to work on"): those with enough answers first, each group ranked by the effect the
    data are sure of (the interval's low end), so that six answers out of six do not
    outrank a hundred."""
    clear = sorted((d for d in report.drivers if d.clear), key=lambda d: (d.few, -d.impact_low))
    return [driver_sentence(d) for d in clear[:limit]]


def months_span(first: str | None, last: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The dates of ``--from YYYY-MM`` .. ``--to YYYY-MM`` (either may be missing).

    >>> months_span("2026-01", "2026-03")
    (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    """
    start = _month(first, start=True) if first else None
    end = _month(last, start=False) if last else None
    if start and end and start > end:
        raise InputRefused("voice.error.span", first=str(first), last=str(last))
    return start, end


def _month(text: str, *, start: bool) -> dt.date:
    valid = len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit()
    if not valid or not 1 <= int(text[5:]) <= 12:
        raise InputRefused("voice.error.bad_month", value=text)
    return period_start(text) if start else period_end(text)


def in_span(surveys: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    mask = pd.Series(True, index=surveys.index)
    if start is not None:
        mask &= surveys["date"] >= pd.Timestamp(start)
    if end is not None:
        mask &= surveys["date"] <= pd.Timestamp(end)
    return surveys[mask]


def accepted_themes(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """The themes the team accepted from the suggestions (code -> keywords)."""
    return custom_themes(get_setting(conn, CUSTOM_THEMES_KEY, []))


def accept_theme(conn: sqlite3.Connection, label: str, keywords: list[str]) -> None:
    """Add (or replace, by label) one of the company's own themes."""
    label = " ".join(label.split())
    words = [" ".join(k.split()) for k in keywords if k.strip()]
    if not label or not words:
        raise InputRefused("voice.error.empty_theme")
    if len(label) > 60:
        raise InputRefused("voice.error.long_theme", count=str(len(label)))
    stored = [e for e in get_setting(conn, CUSTOM_THEMES_KEY, []) if e.get("label") != label]
    stored.append({"label": label, "keywords": words})
    set_setting(conn, CUSTOM_THEMES_KEY, stored)


def analyse(
    surveys: pd.DataFrame,
    catalogue: Catalogue,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    custom: dict[str, tuple[str, ...]] | None = None,
    model: CompanyModel | None = None,
    learn: bool = True,
    unstated: str = "",
    others: str = "",
) -> VoiceReport:
    """Read the answers between ``start`` and ``end`` (dates, inclusive)."""
    if model is None and learn and not surveys.empty:
        model = learn_company_model(surveys["comment"].tolist(), surveys["nps"].tolist())
    span = in_span(surveys, start, end)
    theme_sets = [
        themes_of(c, custom) if isinstance(c, str) and c.strip() else set() for c in span["comment"]
    ]
    drivers = find_drivers(
        span, catalogue, unstated=unstated, others=others, custom=custom, theme_sets=theme_sets
    )
    has_comment = np.array(
        [isinstance(c, str) and bool(c.strip()) for c in span["comment"]], dtype=bool
    )
    rows = span[has_comment]
    sets = [found for found, keep in zip(theme_sets, has_comment, strict=True) if keep]
    texts = rows["comment"].astype(str).tolist()
    scores = score_comments(texts, model)
    keys = catalogue.resolve(rows["touchpoint"])
    table = pd.DataFrame(
        {
            "date": rows["date"].to_numpy(),
            "customer_id": rows["customer_id"].to_numpy(),
            "nps": rows["nps"].to_numpy(),
            "csat": rows["csat"].to_numpy(),
            "touchpoint": [catalogue.name(str(k), "", "") for k in keys.to_numpy()],
            "comment": texts,
            "sentiment": scores,
            "sentiment_label": labels_of(scores),
            "themes": ["; ".join(theme_label(c) for c in _ordered(found)) for found in sets],
            "theme_codes": [_ordered(found) for found in sets],
            "disagrees": [
                disagrees(float(s), None if pd.isna(n) else float(n))
                for s, n in zip(scores, rows["nps"], strict=True)
            ],
        }
    )
    answers = int(span["nps"].notna().sum())
    return VoiceReport(table, drivers, model, answers)


def _ordered(found: set[str]) -> list[str]:
    return sorted(found, key=lambda c: (c.startswith(CUSTOM_PREFIX), c))
