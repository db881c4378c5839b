"""Theme suggestions: subjects only, from comments no theme covers."""

from __future__ import annotations

import pandas as pd

from cx_sme.dashboards.themes import custom_themes
from cx_sme.voice.suggestions import suggest_themes


def test_subjects_not_tone_nor_verbs() -> None:
    comments = pd.Series(
        [
            "Parcheggio esterno sempre pieno, pessimo",
            "il parcheggio esterno è chiuso la domenica, pessimo",
            "Parcheggio esterno introvabile, l'ho girato tutto",
            "stavo aspettando da un'ora, pessimo",
            "Fattura sbagliata, pessimo",  # covered by a theme: never suggested
            None,
            "",
        ]
    )
    found = suggest_themes(comments)
    assert [(s.phrase, s.comments) for s in found] == [("parcheggio esterno", 3)]


def test_accepted_themes_are_no_longer_suggested() -> None:
    comments = pd.Series(
        ["giardino interno curato", "Giardino interno?", "il giardino interno!"] * 2
    )
    assert [s.phrase for s in suggest_themes(comments)] == ["giardino interno"]
    custom = custom_themes([{"label": "Giardino", "keywords": ["giardino interno"]}])
    assert suggest_themes(comments, custom) == []


def test_at_most_a_few_and_each_word_once() -> None:
    nouns = ["scaffale", "vetrina", "bancone", "insegna", "ingresso", "cortile", "magazzino",
             "camino", "lampada", "tavolo", "divano", "tappeto"]  # fmt: skip
    comments = pd.Series(
        [f"{a} {b}" for a, b in zip(nouns, nouns[1:] + nouns[:1], strict=True)] * 3
    )
    found = suggest_themes(comments, most=5)
    assert len(found) == 5
    words = [w for s in found for w in s.phrase.split()]
    assert len(words) == len(set(words))
