"""The six-area plan: questions, assessments kept over time, checks on input."""

from __future__ import annotations

import datetime as dt

import pytest

from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.programme import six_areas as maturity

DAY = dt.date(2025, 3, 31)


def test_six_areas_each_with_guiding_questions_in_both_languages() -> None:
    assert maturity.AREAS == ("strategy", "data", "journey", "kpis", "governance", "people")
    for area in maturity.AREAS:
        italian = maturity.questions(area)
        assert len(italian) >= 3 and all(q.endswith("?") for q in italian)
        set_language("en")
        english = maturity.questions(area)
        set_language("it")
        assert len(english) == len(italian) and english != italian
    assert maturity.area_name("people") == "Coinvolgimento delle persone"
    assert [maturity.level_name(i) for i in (1, 5)] == [
        "Non ancora iniziato",
        "Parte del nostro modo di lavorare",
    ]


def test_assessments_are_kept_and_the_latest_is_current(fresh_db) -> None:
    maturity.record(fresh_db, "data", 1, "2025-01-15", "Caricare i reclami", "Sara", today=DAY)
    maturity.record(fresh_db, "data", 3, "2025-03-10", "Leggere i commenti", "Sara", today=DAY)
    maturity.record(fresh_db, "strategy", 2, "2025-02-01", today=DAY)
    # recorded later but dated earlier: history follows the date, not the typing order
    maturity.record(fresh_db, "data", 2, "2025-02-10", today=DAY)
    latest = maturity.current(fresh_db)
    assert latest["data"] is not None and latest["data"].score == 3
    assert latest["data"].next_step == "Leggere i commenti" and latest["data"].owner == "Sara"
    assert latest["journey"] is None
    assert [a.score for a in maturity.history(fresh_db, "data")] == [1, 2, 3]
    assert maturity.change(fresh_db) == {
        "strategy": None, "data": 1, "journey": None, "kpis": None, "governance": None,
        "people": None,
    }  # fmt: skip
    assert maturity.overall(fresh_db) == pytest.approx(2.5)
    assert maturity.weakest(fresh_db)[:4] == ["journey", "kpis", "governance", "people"]
    assert maturity.weakest(fresh_db)[4:] == ["strategy", "data"]


def test_nothing_assessed(fresh_db) -> None:
    assert maturity.overall(fresh_db) is None
    assert set(maturity.current(fresh_db).values()) == {None}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"area": "finance"}, "Area del piano sconosciuta"),
        ({"score": 0}, "da 1 a 5"),
        ({"score": 6}, "da 1 a 5"),
        ({"score": 2.5}, "da 1 a 5"),
        ({"score": True}, "da 1 a 5"),
        ({"assessed_on": "2025-04-01"}, "nel futuro"),
        ({"assessed_on": "31/02/2025"}, "non è valida"),
        ({"next_step": "Fare la mappa", "owner": "  "}, "indica un responsabile"),
        ({"owner": "x" * 121}, "troppo lungo"),
        ({"next_step": "x" * 2001, "owner": "Anna"}, "troppo lungo"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(fresh_db, kwargs, message) -> None:
    args = {"area": "kpis", "score": 3, "assessed_on": "2025-03-01", "next_step": "", "owner": ""}
    args.update(kwargs)
    with pytest.raises(InputRefused, match=message):
        maturity.record(fresh_db, today=DAY, **args)
    assert maturity.history(fresh_db) == []


def test_text_is_stored_as_typed(fresh_db) -> None:
    note = "<script>alert(1)</script>\n# titolo"
    maturity.record(fresh_db, "people", 2, DAY, "  Poster  ", " Giulia ", note, today=DAY)
    item = maturity.history(fresh_db)[0]
    assert (item.next_step, item.owner, item.note) == ("Poster", "Giulia", note)
