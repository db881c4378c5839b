"""New themes to consider: frequent phrases of the comments that no theme covers.

A phrase is two words standing side by side in at least three comments (then single
words), neither of them a function word, a word of tone ("ben", "pessimo") or a common
verb: what is left names a subject ("parcheggio esterno", "orari estivi").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from cx_sme.dashboards.themes import STOPWORDS, normalize, stem, themes_of
from cx_sme.voice.lexicon import (
    CONDITIONALS,
    DIMINISHERS,
    INTENSIFIERS,
    NEGATORS,
    POLARITY,
    SOFT_NEGATORS,
)

# Words that never name a subject: common verbs and adverbs of customer comments.
NOT_SUBJECTS = frozenset(
    """
    ben bene via pochi poche tanti tante stia stato stata sono siamo fatto fatta fare
    detto dire dato dare messo avuto ancora nemmeno neanche neppure appena subito dopo
    prima volta volte ogni tutto tutti tutte qualche nessuno niente nulla gia sempre
    mai piu meno molto poco troppo davvero proprio anche ora oggi ieri domani giorno
    giorni settimana settimane mese mesi anno anni ore minuti tempo tempi arrivato
    arrivata arrivati arrivate ricevuto ricevuta chiesto chiesta capito visto trovato
    trovata preso presa stati state essere avere abbiamo avete hanno aveva avevo devo
    deve dovuto potuto voluto vorrei potrei grazie salve buongiorno cordiali saluti
    """.split()
)


@dataclass(frozen=True)
class Suggestion:
    phrase: str  # the commonest spelling, as customers wrote it
    keywords: tuple[str, ...]  # what to accept as the theme's keywords
    comments: int  # comments no theme covers that use it


# Gerunds and past participles are what happened, not what it happened to.
_VERB_ENDINGS = ("ando", "endo", "ato", "ata", "ati", "ate", "ito", "ita", "uto", "uta")


def _is_subject(word: str) -> bool:
    if len(word) < 4 or word in STOPWORDS or word in NOT_SUBJECTS:
        return False
    if len(word) >= 6 and word.endswith(_VERB_ENDINGS):
        return False
    if word in NEGATORS or word in INTENSIFIERS or word in SOFT_NEGATORS:
        return False
    if word in DIMINISHERS or word in CONDITIONALS:
        return False
    s = stem(word)
    return s not in POLARITY and not any(len(k) >= 5 and s.startswith(k) for k in POLARITY)


def suggest_themes(
    comments: pd.Series,
    custom: dict[str, tuple[str, ...]] | None = None,
    *,
    least: int = 3,
    most: int = 8,
) -> list[Suggestion]:
    """Candidates for a new theme, most used first.

    >>> texts = pd.Series(["Il parcheggio esterno è pieno", "parcheggio esterno chiuso",
    ...                    "Niente parcheggio esterno", "Fattura sbagliata"])
    >>> [(s.phrase, s.comments) for s in suggest_themes(texts)]
    [('parcheggio esterno', 3)]
    """
    counts: Counter[tuple[str, ...]] = Counter()
    spelling: dict[tuple[str, ...], Counter[str]] = {}
    for comment in comments.dropna().astype(str):
        if not comment.strip() or themes_of(comment, custom):
            continue
        words = normalize(comment).split()
        seen: set[tuple[str, ...]] = set()
        for size in (2, 1):
            for i in range(len(words) - size + 1):
                part = words[i : i + size]
                if not all(_is_subject(w) for w in part):
                    continue
                key = tuple(stem(w) for w in part)
                if key in seen:
                    continue
                seen.add(key)
                counts[key] += 1
                spelling.setdefault(key, Counter())[" ".join(part)] += 1
    out: list[Suggestion] = []
    covered: set[str] = set()
    for key, count in sorted(counts.items(), key=lambda kv: (-len(kv[0]), -kv[1], kv[0])):
        if count < least or any(part in covered for part in key):
            continue
        covered.update(key)
        phrase = spelling[key].most_common(1)[0][0]
        out.append(Suggestion(phrase, (phrase,), count))
    out.sort(key=lambda s: (-s.comments, s.phrase))
    return out[:most]
