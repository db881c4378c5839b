from __future__ import annotations

import datetime as dt

import pytest

from cx_sme.company import touchpoints
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.team import actions

TODAY = dt.date(2025, 6, 15)


def test_an_action_with_every_field(fresh_db) -> None:
    delivery = touchpoints.by_code(fresh_db, "delivery")
    action = actions.add_action(
        fresh_db,
        "  Avvisare il cliente via SMS   il giorno prima della consegna ",
        touchpoint_id=delivery.id,
        kpi="complaints",
        owner=" Luca Bianchi ",
        department="production",
        due="30/06/2025",
        baseline="14",
        target="8",
        notes="Provare prima con i clienti di Brescia.",
    )
    assert action.title == "Avvisare il cliente via SMS il giorno prima della consegna"
    assert (action.owner, action.due, action.status) == ("Luca Bianchi", "2025-06-30", "proposed")
    assert (action.baseline, action.target, action.result) == (14.0, 8.0, None)
    assert actions.get_action(fresh_db, action.id) == action


@pytest.mark.parametrize("title", ["", "   ", None, "\n\t"])
def test_an_empty_title_is_refused_with_an_italian_message(fresh_db, title) -> None:
    with pytest.raises(InputRefused) as refused:
        actions.add_action(fresh_db, title)
    assert "titolo dell'azione è vuoto" in str(refused.value)
    assert actions.list_actions(fresh_db) == []
    set_language("en")
    assert "title is empty" in str(refused.value)


def test_bad_values_name_the_field(fresh_db) -> None:
    with pytest.raises(InputRefused, match=r"scadenza.*32/13/2025"):
        actions.add_action(fresh_db, "x", due="32/13/2025")
    with pytest.raises(InputRefused, match=r"obiettivo.*tanti"):
        actions.add_action(fresh_db, "x", target="tanti")
    with pytest.raises(InputRefused, match="Stato «finita»"):
        actions.add_action(fresh_db, "x", status="finita")
    with pytest.raises(InputRefused, match="reparto"):
        actions.add_action(fresh_db, "x", department="legal")
    assert actions.list_actions(fresh_db) == []


def test_italian_numbers_are_read(fresh_db) -> None:
    action = actions.add_action(fresh_db, "Scontrino", baseline="1.234,50", target="1500 €")
    assert (action.baseline, action.target) == (1234.5, 1500.0)


def test_overdue_only_while_open_and_past_due(fresh_db) -> None:
    late = actions.add_action(fresh_db, "In ritardo", due="2025-06-14", status="in_progress")
    on_time = actions.add_action(fresh_db, "Scade oggi", due="2025-06-15")
    done = actions.add_action(fresh_db, "Fatta tardi", due="2025-06-01", status="done")
    undated = actions.add_action(fresh_db, "Senza data")
    assert late.is_overdue(TODAY)
    assert not on_time.is_overdue(TODAY)
    assert not done.is_overdue(TODAY) and not undated.is_overdue(TODAY)
    assert [a.id for a in actions.list_actions(fresh_db, overdue_only=True, today=TODAY)] == [
        late.id
    ]


def test_filters_by_department_owner_and_status(fresh_db) -> None:
    actions.add_action(fresh_db, "A", owner="Anna Verdi", department="service", due="2025-07-01")
    actions.add_action(fresh_db, "B", owner="anna verdi ", department="sales", due="2025-05-01")
    actions.add_action(fresh_db, "C", owner="Marco", department="service", status="done")
    actions.add_action(fresh_db, "D", department="service")
    assert [a.title for a in actions.list_actions(fresh_db, department="service")] == [
        "A", "D", "C",
    ]  # fmt: skip
    assert [a.title for a in actions.list_actions(fresh_db, owner="ANNA VERDI")] == ["B", "A"]
    assert [a.title for a in actions.list_actions(fresh_db, statuses=["done"])] == ["C"]
    assert actions.owners(fresh_db) == ["Anna Verdi", "Marco"]


def test_assess_act_measure(fresh_db) -> None:
    fewer = actions.add_action(fresh_db, "Meno reclami", kpi="complaints", baseline=14, target=8)
    assert fewer.outcome() is None
    fewer = actions.update_action(fresh_db, fewer.id, status="in_progress")
    fewer = actions.record_result(fresh_db, fewer.id, 7, "2025-09-30")
    assert (fewer.result, fewer.measured_on, fewer.outcome()) == (7.0, "2025-09-30", "reached")
    more = actions.add_action(fresh_db, "Più NPS", kpi="nps", baseline=10, target=25)
    more = actions.record_result(fresh_db, more.id, "18")
    assert more.outcome() == "not_reached" and more.measured_on == dt.date.today().isoformat()


def test_status_changes_in_a_meeting_are_recorded(fresh_db) -> None:
    fresh_db.execute(
        "INSERT INTO meetings (id, held_on, started_at) VALUES (1, '2025-06-15', '2025-06-15')"
    )
    action = actions.add_action(fresh_db, "Richiamare i detrattori")
    actions.set_status(fresh_db, action.id, "in_progress", meeting_id=1)
    actions.set_status(fresh_db, action.id, "in_progress", meeting_id=1)  # no change: no record
    actions.set_status(fresh_db, action.id, "done", meeting_id=1)
    assert actions.status_changes(fresh_db, 1) == [(action.id, "in_progress"), (action.id, "done")]


def test_updating_keeps_a_retired_department(fresh_db) -> None:
    from cx_sme.company import departments

    action = actions.add_action(fresh_db, "Turni in negozio", department="hr")
    departments.set_department_active(fresh_db, "hr", False)
    updated = actions.update_action(fresh_db, action.id, department="hr", owner="Sara")
    assert (updated.department, updated.owner) == ("hr", "Sara")
    with pytest.raises(InputRefused, match="ritirato"):
        actions.add_action(fresh_db, "Altro", department="hr")


def test_unknown_action_and_fields(fresh_db) -> None:
    with pytest.raises(InputRefused, match="non esiste"):
        actions.get_action(fresh_db, 999)
    action = actions.add_action(fresh_db, "x")
    with pytest.raises(TypeError):
        actions.update_action(fresh_db, action.id, colour="red")
