"""The tone of a comment, from its words alone, offline.

Two readers:

* :func:`lexicon_score` — the hand-made lexicon of :mod:`cx_sme.voice.lexicon` with its
  rules: fixed phrases first, then each polar word shifted by the negator, intensifier
  or diminisher just before it (up to three words back); the clause after "ma"/"però"
  weighs more, as it does when people speak. The sum is squashed into -1..1.
* :class:`CompanyModel` — a logistic regression on the company's own comments, labelled
  by their score (promoters 9–10 good, detractors 0–6 bad), learnt only when there are
  at least :data:`MIN_PER_CLASS` of each, and used only when on a held-out quarter of
  them it is at least as accurate as the lexicon. Its held-out accuracy is shown.

>>> lexicon_label(lexicon_score("Personale gentilissimo e molto competente"))
'positivo'
>>> lexicon_label(lexicon_score("Non sono per niente soddisfatto, mai più"))
'negativo'
>>> lexicon_label(lexicon_score("Ho ritirato la merce al banco"))
'neutro'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from cx_sme.dashboards.themes import normalize, stem
from cx_sme.voice.lexicon import (
    CONDITIONALS,
    DIMINISHERS,
    INTENSIFIERS,
    NEGATING_PHRASES,
    NEGATORS,
    PHRASES,
    POLARITY,
    SOFT_NEGATORS,
)

LABELS = ("negativo", "neutro", "positivo")
THRESHOLD = 0.2  # |score| below this is neutral
MIN_PER_CLASS = 40  # scored comments of each side before a company model is learnt
_WINDOW = 3
_CONTRAST = frozenset(("ma", "pero", "tuttavia", "purtroppo"))
_PREFIX_MIN = 5
_PHRASES = sorted(PHRASES, key=len, reverse=True)
_PHRASE_RE = re.compile("|".join(r"(?<!\S)" + re.escape(p) for p in _PHRASES))
_MULTI_DIMINISHERS = {k: v for k, v in DIMINISHERS.items() if " " in k}


@lru_cache(maxsize=65536)
def _polarity(word: str) -> float | None:
    """The polarity of a word's stem: an exact stem, else the longest lexicon stem of five
    letters or more that begins it."""
    s = stem(word)
    if s in POLARITY:
        return POLARITY[s]
    if word in POLARITY:
        return POLARITY[word]
    for size in range(len(s) - 1, _PREFIX_MIN - 1, -1):
        value = POLARITY.get(s[:size])
        if value is not None and len(s[:size]) >= _PREFIX_MIN:
            return value
    return None


def lexicon_score(text: str) -> float:
    """The comment's tone from -1 (very negative) to 1 (very positive); 0 when no word
    carries a tone."""
    plain = normalize(text)
    for phrase in _MULTI_DIMINISHERS:
        plain = plain.replace(phrase, phrase.replace(" ", "_"))
    total = 0.0
    covered: list[tuple[int, int]] = []
    for match in _PHRASE_RE.finditer(plain):
        covered.append(match.span())
    words: list[tuple[int, str]] = []
    for match in re.finditer(r"\S+", plain):
        words.append((match.start(), match.group()))
    phrase_weights = [(span, PHRASES[plain[span[0] : span[1]]]) for span in covered]
    contrast_at = next((pos for pos, w in words if w in _CONTRAST), None)
    for (start, _end), weight_of_phrase in phrase_weights:
        total += weight_of_phrase * (
            1.5 if contrast_at is not None and start > contrast_at else 1.0
        )
    for i, (pos, word) in enumerate(words):
        if any(a <= pos < b for a, b in covered):
            continue
        polarity = _polarity(word)
        if polarity is None or word in NEGATORS or word in INTENSIFIERS:
            continue
        value = polarity
        weight = 1.0
        for back in range(i - 1, max(-1, i - 1 - _WINDOW), -1):
            prev_pos, prev = words[back]
            span = next(((a, b) for a, b in covered if a <= prev_pos < b), None)
            if span is not None:
                if plain[span[0] : span[1]] in NEGATING_PHRASES:
                    weight *= -0.6
                break
            if prev in _CONTRAST:
                break
            if prev in NEGATORS:
                weight *= -0.6
                break
            if prev in SOFT_NEGATORS and value > 0:
                weight *= -0.6
                break
            if prev in INTENSIFIERS:
                weight *= INTENSIFIERS[prev]
            elif prev in CONDITIONALS:
                weight *= CONDITIONALS[prev]
            elif prev.replace("_", " ") in DIMINISHERS:
                weight *= DIMINISHERS[prev.replace("_", " ")]
        if contrast_at is not None:
            weight *= 1.5 if pos > contrast_at else 0.7
        total += value * weight
    if total == 0:
        return 0.0
    exclamations = min(str(text).count("!"), 3)
    total *= 1 + 0.1 * exclamations
    return total / math.sqrt(total * total + 1.0)


def lexicon_label(score: float) -> str:
    """``negativo``, ``neutro`` or ``positivo``."""
    if score <= -THRESHOLD:
        return "negativo"
    if score >= THRESHOLD:
        return "positivo"
    return "neutro"


def features(text: str) -> list[str]:
    """Stems of a comment with negation marked (``non_gentil``), for the company model."""
    out: list[str] = []
    negate = 0
    for word in normalize(text).split():
        if word in NEGATORS or word in SOFT_NEGATORS:
            negate = 2
            out.append(word)
            continue
        token = stem(word) if len(word) > 2 else word
        out.append(("non_" + token) if negate else token)
        negate = max(0, negate - 1)
    return out


@dataclass(frozen=True)
class CompanyModel:
    """A per-company reader learnt from scored comments."""

    pipeline: Any
    accuracy: float  # on the held-out comments, 0–1
    lexicon_accuracy: float  # the lexicon's on the same comments, 0–1
    trained_on: int
    held_out: int

    @property
    def used(self) -> bool:
        return self.accuracy >= self.lexicon_accuracy

    def positive_probability(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.pipeline.predict_proba(list(texts))[:, 1], dtype=float)


def _pipeline() -> Any:
    # scikit-learn is imported here, not at module level: it is heavy (about half a
    # second) and only needed when a company has enough scored comments.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(analyzer=features, ngram_range=(1, 1), min_df=2, sublinear_tf=True),
        LogisticRegression(C=3.0, max_iter=1000, class_weight="balanced"),
    )


def learn_company_model(comments: Iterable[str], nps: Iterable[float]) -> CompanyModel | None:
    """A model learnt from the comments of promoters and detractors, or None when either
    side has fewer than :data:`MIN_PER_CLASS` comments."""
    texts: list[str] = []
    labels: list[int] = []
    for text, score in zip(comments, nps, strict=True):
        if not isinstance(text, str) or score is None or math.isnan(float(score)):
            continue
        if not str(text).strip() or 6 < score < 9:
            continue
        texts.append(str(text))
        labels.append(1 if score >= 9 else 0)
    y = np.asarray(labels)
    if min(int((y == 1).sum()), int((y == 0).sum())) < MIN_PER_CLASS:
        return None
    rng = np.random.default_rng(0)
    held = np.zeros(len(y), dtype=bool)
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        held[rng.choice(idx, size=max(1, len(idx) // 4), replace=False)] = True
    train = [t for t, h in zip(texts, held, strict=True) if not h]
    test = [t for t, h in zip(texts, held, strict=True) if h]
    probe = _pipeline().fit(train, y[~held])
    accuracy = float((probe.predict(test) == y[held]).mean())
    lexicon = np.array([lexicon_score(t) > 0 for t in test], dtype=int)
    lexicon_accuracy = float((lexicon == y[held]).mean())
    final = _pipeline().fit(texts, y)
    return CompanyModel(final, accuracy, lexicon_accuracy, len(train), len(test))


def score_comments(texts: Sequence[str], model: CompanyModel | None = None) -> np.ndarray:
    """Scores -1..1 for ``texts``: the lexicon's, blended half and half with the company
    model's (2p − 1) when that model is used."""
    unique = {text: lexicon_score(text) for text in dict.fromkeys(texts)}
    lexicon = np.array([unique[text] for text in texts], dtype=float)
    if model is None or not model.used or not len(texts):
        return lexicon
    keys = list(unique)
    probability = dict(zip(keys, model.positive_probability(keys), strict=True))
    learnt = np.array([2 * probability[text] - 1 for text in texts], dtype=float)
    return np.where(lexicon == 0, learnt, (lexicon + learnt) / 2)


def labels_of(scores: np.ndarray) -> list[str]:
    return [lexicon_label(float(s)) for s in scores]


def disagrees(score: float, nps: float | None) -> bool:
    """A comment whose words and score point opposite ways: a clearly negative text from
    a promoter (9–10), or a clearly positive one from a detractor (0–6).

    >>> disagrees(lexicon_score("mai più con voi"), 10), disagrees(0.8, 10)
    (True, False)
    """
    if nps is None or (isinstance(nps, float) and math.isnan(nps)):
        return False
    label = lexicon_label(score)
    return (nps >= 9 and label == "negativo") or (nps <= 6 and label == "positivo")
