"""Key drivers of detractors: which touchpoints and comment themes raise the chance that
an answer is a detractor (NPS 0–6).

For each driver (a touchpoint the answer is about, or a theme its comment talks about)
the answers with a score split in two: those with the driver and all the others. The
effect is the **risk ratio**: the detractor share with the driver divided by the share
without it (2 = twice as often). Its interval is exact rather than a bootstrap (the same
data always give the same figures, and three answers out of three do not look certain):
each share gets its Clopper–Pearson interval at 97.5 %, and the ratio's interval joins
the extremes, so it covers the true ratio at least 95 % of the time. With few answers
the interval is wide, and :data:`FEW_ANSWERS` marks them for a warning as well.

>>> effect = risk_ratio(12, 20, 10, 80)
>>> round(effect.impact, 2), effect.low > 1
(4.8, True)
>>> risk_ratio(3, 3, 60, 300).low < 1  # 3 of 3: not enough to be sure
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import beta

from cx_sme.dashboards.breakdowns import UNSTATED, Catalogue
from cx_sme.dashboards.themes import theme_label, themes_of

Z95 = 1.959963984540054
FEW_ANSWERS = 30  # fewer answers with the driver: a wide interval, shown with a warning
COLUMNS = ("driver", "kind", "answers", "detractor_share", "impact", "impact_low", "impact_high")


@dataclass(frozen=True)
class Effect:
    impact: float
    low: float
    high: float


def risk_ratio(detractors_with: int, answers_with: int, detractors_without: int,
               answers_without: int) -> Effect:  # fmt: skip
    """The risk ratio and its conservative exact 95 % interval: each share gets its
    Clopper–Pearson 97.5 % interval, and the ratio's interval runs from the lowest to the
    highest ratio those two intervals allow (so it covers at least 95 %)."""
    a, n1, c, n0 = detractors_with, answers_with, detractors_without, answers_without
    if n1 == 0 or n0 == 0:
        return Effect(math.nan, math.nan, math.nan)
    low1, high1 = _exact_share(a, n1)
    low0, high0 = _exact_share(c, n0)
    if c == 0:  # no detractor elsewhere: Haldane's 0.5 keeps the point finite
        ratio = ((a + 0.5) / (n1 + 1)) / (0.5 / (n0 + 1))
    else:
        ratio = (a / n1) / (c / n0)
    return Effect(ratio, low1 / high0, high1 / low0 if low0 > 0 else math.inf)


def _exact_share(k: int, n: int, confidence: float = 0.975) -> tuple[float, float]:
    """Clopper–Pearson interval of the share k/n."""
    alpha = 1 - confidence
    low = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return low, high


@dataclass(frozen=True)
class Driver:
    key: str  # touchpoint key of the catalogue, or theme code
    name: str
    kind: str  # "touchpoint" or "theme"
    answers: int  # answers with a score that have the driver
    detractors: int
    detractor_share: float  # % of those answers
    impact: float
    impact_low: float
    impact_high: float

    @property
    def few(self) -> bool:
        return self.answers < FEW_ANSWERS

    @property
    def clear(self) -> bool:
        """The whole interval is above no effect (1)."""
        return self.impact_low > 1


def find_drivers(
    surveys: pd.DataFrame,
    catalogue: Catalogue,
    *,
    unstated: str = "",
    others: str = "",
    custom: dict[str, tuple[str, ...]] | None = None,
    theme_sets: list[set[str]] | None = None,
) -> list[Driver]:
    """Every touchpoint and theme met in the answers that have an NPS score, with its
    effect on the detractor share, highest first (undefined effects last).

    ``theme_sets``: the themes of every row of ``surveys``, when already found."""
    has_score = surveys["nps"].notna().to_numpy() if "nps" in surveys else np.zeros(0, bool)
    scored = surveys[has_score] if len(has_score) else surveys.iloc[0:0]
    if scored.empty:
        return []
    if theme_sets is not None:  # given for every row of ``surveys``: keep the scored ones
        theme_sets = [found for found, keep in zip(theme_sets, has_score, strict=True) if keep]
    detractor = (scored["nps"].to_numpy(dtype=float) <= 6).astype(int)
    total, total_det = len(scored), int(detractor.sum())
    groups: dict[tuple[str, str], np.ndarray] = {}
    keys = catalogue.resolve(scored["touchpoint"]) if "touchpoint" in scored else None
    if keys is not None:
        values = keys.to_numpy()
        for key in pd.unique(values):
            if key != UNSTATED:
                groups[("touchpoint", str(key))] = values == key
    if theme_sets is None:
        comments = scored["comment"] if "comment" in scored else pd.Series([None] * total)
        theme_sets = [
            themes_of(str(c), custom) if isinstance(c, str) and c.strip() else set()
            for c in comments
        ]
    for code in sorted({code for found in theme_sets for code in found}):
        groups[("theme", code)] = np.array([code in found for found in theme_sets])
    out: list[Driver] = []
    for (kind, key), mask in groups.items():
        n1 = int(mask.sum())
        a = int(detractor[mask].sum())
        effect = risk_ratio(a, n1, total_det - a, total - n1)
        name = catalogue.name(key, unstated, others) if kind == "touchpoint" else theme_label(key)
        out.append(
            Driver(key, name, kind, n1, a, a / n1 * 100, effect.impact, effect.low, effect.high)
        )
    out.sort(key=lambda d: (math.isnan(d.impact), -(d.impact if not math.isnan(d.impact) else 0),
                            -d.answers, d.name))  # fmt: skip
    return out


def drivers_table(drivers: list[Driver]) -> pd.DataFrame:
    """The command line's table: one row per driver, columns :data:`COLUMNS`."""
    return pd.DataFrame(
        [
            (d.name, d.kind, d.answers, d.detractor_share, d.impact, d.impact_low, d.impact_high)
            for d in drivers
        ],
        columns=list(COLUMNS),
    )
