"""The people-engagement plan: actions with owner, date and status."""

from __future__ import annotations

import datetime as dt

import pytest

from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.programme import engagement


def test_every_idea_of_the_articles_is_a_kind_with_a_suggestion() -> None:
    assert set(engagement.KINDS) >= {
        "email_series", "posters", "printed", "management_video", "testimonials",
        "champions", "newsletter", "workshops",
    }  # fmt: skip
    for kind in engagement.KINDS:
        italian = (engagement.kind_name(kind), engagement.suggestion(kind))
        set_language("en")
        english = (engagement.kind_name(kind), engagement.suggestion(kind))
        set_language("it")
        assert all(italian) and all(english) and italian[1] != english[1]


def test_add_list_and_overdue(fresh_db) -> None:
    late = engagement.add_action(fresh_db, "email_series", "Serie di email", "Paolo", "2025-02-01")
    engagement.add_action(fresh_db, "workshops", "Workshop", "Sara", dt.date(2025, 9, 1))
    listed = engagement.list_actions(fresh_db)
    assert [a.title for a in listed] == ["Serie di email", "Workshop"]
    today = dt.date(2025, 3, 1)
    assert [a.overdue(today) for a in listed] == [True, False]
    engagement.set_status(fresh_db, late.id, "dropped")
    assert not engagement.list_actions(fresh_db)[0].overdue(today)


def test_done_records_the_day_and_keeps_it(fresh_db) -> None:
    item = engagement.add_action(fresh_db, "posters", "Poster", "Giulia", "2025-05-10")
    engagement.set_status(fresh_db, item.id, "in_progress", today=dt.date(2025, 5, 2))
    assert engagement.list_actions(fresh_db)[0].done_on is None
    engagement.set_status(fresh_db, item.id, "done", today=dt.date(2025, 5, 12))
    # editing a finished action keeps the day it was finished
    engagement.update_action(
        fresh_db, item.id, "posters", "Poster in sala pausa", "Giulia", "2025-05-10", "done",
        today=dt.date(2025, 6, 20),
    )  # fmt: skip
    action = engagement.list_actions(fresh_db)[0]
    assert (action.title, action.done_on) == ("Poster in sala pausa", "2025-05-12")
    assert [a.id for a in engagement.done_in_month(fresh_db, "2025-05")] == [item.id]
    assert engagement.done_in_month(fresh_db, "2025-06") == []
    assert engagement.last_done(fresh_db) == "2025-05-12"
    engagement.set_status(fresh_db, item.id, "planned")
    assert engagement.list_actions(fresh_db)[0].done_on is None


def test_added_as_done_counts_for_today(fresh_db) -> None:
    engagement.add_action(
        fresh_db, "champions", "Champion", "Anna", "2025-04-01", status="done",
        today=dt.date(2025, 4, 3),
    )  # fmt: skip
    assert engagement.list_actions(fresh_db)[0].done_on == "2025-04-03"


def test_coverage_shows_the_most_advanced_status_per_kind(fresh_db) -> None:
    a = engagement.add_action(fresh_db, "newsletter", "N1", "Anna", "2025-01-31")
    engagement.add_action(fresh_db, "newsletter", "N2", "Anna", "2025-02-28")
    engagement.set_status(fresh_db, a.id, "done")
    b = engagement.add_action(fresh_db, "posters", "P", "Anna", "2025-01-31")
    engagement.set_status(fresh_db, b.id, "dropped")
    covered = engagement.coverage(fresh_db)
    assert covered["newsletter"] == "done" and covered["posters"] == "dropped"
    assert covered["workshops"] is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "  "}, "titolo è vuoto"),
        ({"owner": ""}, "Manca il responsabile"),
        ({"due": ""}, "Manca la data"),
        ({"due": "2025-13-01"}, "non è valida"),
        ({"kind": "party"}, "Tipo di iniziativa sconosciuto"),
        ({"status": "maybe"}, "Stato sconosciuto"),
        ({"title": "x" * 201}, "troppo lungo"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(fresh_db, change, message) -> None:
    args = {"kind": "posters", "title": "Poster", "owner": "Anna", "due": "2025-05-01"}
    args.update(change)
    status = args.pop("status", "planned")
    with pytest.raises(InputRefused, match=message):
        engagement.add_action(fresh_db, **args, status=status)
    assert engagement.list_actions(fresh_db) == []


def test_unknown_action_and_delete(fresh_db) -> None:
    with pytest.raises(InputRefused, match="non esiste più"):
        engagement.set_status(fresh_db, 42, "done")
    item = engagement.add_action(fresh_db, "other", "Caffè con i clienti", "Anna", "2025-05-01")
    engagement.delete_action(fresh_db, item.id)
    assert engagement.list_actions(fresh_db) == []
