"""The five-traps self-check: questions, risks, history and trend, advice."""

from __future__ import annotations

import datetime as dt

import pytest

from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.programme import traps

DAY = dt.date(2025, 6, 30)


def all_yes() -> dict[str, int | None]:
    return {code: 2 for code in traps.question_codes()}


def test_five_traps_with_questions_and_advice_in_both_languages() -> None:
    assert traps.TRAPS == ("management", "silos", "service_only", "haste", "collaboration")
    for trap in traps.TRAPS:
        italian = traps.questions(trap)
        assert len(italian) >= 3 and all(text.endswith("?") for _, text in italian)
        assert len(traps.advice(trap)) > 100
        set_language("en")
        assert [c for c, _ in traps.questions(trap)] == [c for c, _ in italian]
        assert traps.advice(trap) != ""
        set_language("it")
    assert traps.trap_name("service_only") == "«La CX è compito del servizio clienti»"


def test_risk_is_the_share_of_points_missing(fresh_db) -> None:
    answers = all_yes()
    answers["silos.q1"] = 0  # no
    answers["silos.q2"] = 1  # partly
    answers.update({c: 0 for c in traps.question_codes() if c.startswith("haste.")})
    check = traps.record_check(fresh_db, answers, "2025-06-01", "prima verifica", today=DAY)
    # silos: (0 + 1 + 2) of 6 points -> 50 % missing
    assert check.risks["silos"] == pytest.approx(50.0)
    assert check.risks["haste"] == pytest.approx(100.0)
    assert check.risks["management"] == 0.0
    assert (check.level("silos"), check.level("haste"), check.level("management")) == (
        "medium", "high", "low",
    )  # fmt: skip
    stored = traps.latest(fresh_db)
    assert stored is not None and stored.risks == check.risks and stored.note == "prima verifica"


def test_checks_are_kept_over_time_with_a_trend(fresh_db) -> None:
    assert traps.trend(fresh_db) == dict.fromkeys(traps.TRAPS)
    first = all_yes()
    first["management.q1"] = 0
    first["management.q2"] = 0
    traps.record_check(fresh_db, first, "2025-01-15", today=DAY)
    second = all_yes()
    second["management.q1"] = 1
    second["collaboration.q3"] = 0
    traps.record_check(fresh_db, second, "2025-04-15", today=DAY)
    change = traps.trend(fresh_db)
    assert change["management"] == pytest.approx(100 * 1 / 6 - 100 * 4 / 6)  # better
    assert change["collaboration"] == pytest.approx(100 * 2 / 6)  # worse
    assert change["silos"] == 0
    frame = traps.risk_frame(fresh_db)
    assert len(frame) == 10 and list(frame.columns) == ["checked_on", "trap", "name", "risk"]
    management = frame[frame["trap"] == "management"]["risk"].round(1).tolist()
    assert management == [66.7, 16.7]


def test_every_question_must_be_answered(fresh_db) -> None:
    answers = all_yes()
    answers["haste.q2"] = None
    del answers["collaboration.q1"]
    with pytest.raises(InputRefused, match=r"Mancano 2 risposte.*domanda 2 di «La fretta"):
        traps.record_check(fresh_db, answers, DAY, today=DAY)
    assert traps.checks(fresh_db) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"silos.q1": 3}, "Risposta non valida"),
        ({"silos.q1": True}, "Risposta non valida"),
        ({"silos.q9": 2}, "Domanda sconosciuta"),
    ],
)
def test_bad_answers_are_refused(fresh_db, change, message) -> None:
    answers = all_yes()
    answers.update(change)
    with pytest.raises(InputRefused, match=message):
        traps.record_check(fresh_db, answers, DAY, today=DAY)
    assert traps.checks(fresh_db) == []


def test_a_check_cannot_be_dated_in_the_future(fresh_db) -> None:
    with pytest.raises(InputRefused, match="nel futuro"):
        traps.record_check(fresh_db, all_yes(), DAY + dt.timedelta(days=1), today=DAY)


def test_signals_read_the_programme_data(fresh_db) -> None:
    from cx_sme.company import focus_area as focus
    from cx_sme.company import touchpoints
    from cx_sme.programme import engagement, governance
    from cx_sme.programme import six_areas as maturity
    from cx_sme.team import actions, meetings

    found = {(s.trap, s.code) for s in traps.signals(fresh_db, DAY)}
    # an empty programme: no sponsor cannot be said without a roster, but the rest can
    assert found == {
        ("haste", "no_focus"), ("haste", "no_strategy"),
        ("collaboration", "no_meeting"), ("collaboration", "no_engagement"),
    }  # fmt: skip

    governance.add_member(fresh_db, "Sara", "Assistenza", "service")
    for title in ("Richiamare i detrattori", "Risposta in 24 ore", "Script telefonico"):
        actions.add_action(fresh_db, title, owner="Sara", department="service")
    actions.add_action(fresh_db, "Fatture chiare", owner="Elena", department="admin")
    signals = {s.code: s for s in traps.signals(fresh_db, DAY)}
    assert {"no_sponsor", "departments_missing", "service_team", "service_actions"} <= set(signals)
    assert signals["service_actions"].message() == (
        "3 azioni su 4 del piano d'azione sono affidate al servizio clienti."
    )

    focus.set_focus(fresh_db, "detractors")
    maturity.record(fresh_db, "strategy", 2, DAY, today=DAY)
    invoice = touchpoints.by_code(fresh_db, "invoice").id
    meeting = meetings.start_meeting(fresh_db, held_on=DAY - dt.timedelta(days=60), focus=[invoice])
    item = engagement.add_action(fresh_db, "posters", "Poster", "Giulia", DAY)
    engagement.set_status(fresh_db, item.id, "done", today=DAY - dt.timedelta(days=10))
    signals = {s.code: s for s in traps.signals(fresh_db, DAY)}
    assert not {"no_focus", "no_strategy", "no_meeting", "no_engagement"} & set(signals)
    assert signals["old_meeting"].params == {"days": 60}
    assert meeting.id
