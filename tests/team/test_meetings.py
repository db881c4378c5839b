from __future__ import annotations

import datetime as dt
import email
from email import policy

import pytest

from cx_sme.company import departments, touchpoints
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.team import actions, meetings

TODAY = dt.date(2025, 6, 15)


def test_start_with_attendees_by_department_and_focus(fresh_db) -> None:
    delivery = touchpoints.by_code(fresh_db, "delivery")
    meeting = meetings.start_meeting(
        fresh_db,
        held_on="2025-06-15",
        attendees=[("sales", "Anna Verdi, Paolo Neri"), ("service", " Sara "), ("it", "  ")],
        focus=[delivery.id],
    )
    assert meeting.is_open and meeting.focus == (delivery.id,)
    assert [(a.department, a.name) for a in meeting.attendees] == [
        ("sales", "Anna Verdi"), ("sales", "Paolo Neri"), ("service", "Sara"),
    ]  # fmt: skip
    absent = [d.code for d in meetings.absent_departments(fresh_db, meeting)]
    assert absent == ["marketing", "it", "admin", "production", "hr"]
    # a retired department is not missed
    departments.set_department_active(fresh_db, "hr", False)
    assert "hr" not in [d.code for d in meetings.absent_departments(fresh_db, meeting)]
    assert meetings.open_meeting(fresh_db) == meeting


def test_one_open_meeting_at_a_time(fresh_db) -> None:
    meetings.start_meeting(fresh_db, held_on="2025-06-15", focus=[1])
    with pytest.raises(InputRefused, match="già una riunione aperta, del 15/06/2025"):
        meetings.start_meeting(fresh_db, held_on="2025-06-16", focus=[1])


def test_focus_is_one_to_three_touchpoints(fresh_db) -> None:
    ids = [tp.id for tp in touchpoints.list_touchpoints(fresh_db)[:4]]
    with pytest.raises(InputRefused, match="al massimo 3"):
        meetings.start_meeting(fresh_db, focus=ids)
    with pytest.raises(InputRefused, match="almeno un punto di contatto"):
        meetings.start_meeting(fresh_db, focus=[])
    assert meetings.open_meeting(fresh_db) is None
    meeting = meetings.start_meeting(fresh_db, focus=ids[:2])
    assert meetings.set_focus(fresh_db, meeting.id, [ids[3], ids[3]]).focus == (ids[3],)


def test_a_whole_meeting_produces_minutes(fresh_db) -> None:
    delivery = touchpoints.by_code(fresh_db, "delivery")
    invoice = touchpoints.by_code(fresh_db, "invoice")
    touchpoints.record_score(fresh_db, delivery.id, 3, "2025-05-10")
    old = actions.add_action(
        fresh_db, "Nuovo modulo resi", owner="Luca", department="production", due="2025-06-01"
    )
    stale = actions.add_action(fresh_db, "Rivedere listino", owner="Anna", due="2025-05-01")

    meeting = meetings.start_meeting(
        fresh_db,
        held_on="2025-06-15",
        attendees=[("sales", "Anna"), ("production", "Luca")],
        focus=[delivery.id, invoice.id],
    )
    touchpoints.record_score(fresh_db, delivery.id, 2, "2025-06-15", meeting_id=meeting.id)
    touchpoints.record_score(fresh_db, invoice.id, 4, "2025-06-15", meeting_id=meeting.id)
    touchpoints.set_notes(fresh_db, delivery.id, "Corriere nuovo da aprile.\n<b>non è HTML</b>")
    actions.set_status(fresh_db, old.id, "done", meeting_id=meeting.id)
    decision = meetings.add_decision(
        fresh_db, meeting.id, "Avvisare via SMS prima della consegna",
        owner="Luca", department="production", due="2025-07-31",
        touchpoint_id=delivery.id, kpi="complaints", baseline=14, target=8,
    )  # fmt: skip
    assert decision.meeting_id == meeting.id
    assert meetings.decisions(fresh_db, meeting.id) == [decision]
    with pytest.raises(InputRefused, match="titolo"):
        meetings.add_decision(fresh_db, meeting.id, "  ")

    minutes = meetings.close_meeting(
        fresh_db,
        meeting.id,
        headline=[meetings.HeadlineLine("Fatturato", "120.000 €", "+3,0 %")],
        alerts=["4 reclami aperti senza responsabile"],
        today=TODAY,
    )
    body = minutes.body
    assert body.startswith("VERBALE DELLA RIUNIONE CX DEL 15/06/2025")
    assert "- Commerciale: Anna" in body and "- Produzione e magazzino: Luca" in body
    assert "Reparti assenti: Marketing e digitale, Servizio clienti e post-vendita" in body
    assert "- Fatturato: 120.000 € (+3,0 %)" in body
    assert "- 4 reclami aperti senza responsabile" in body
    assert "Consegna e magazzino (Produzione e magazzino): voto 2/5 (prima 3/5)" in body
    assert "Fattura (Amministrazione): voto 4/5 (primo voto)" in body
    assert "    <b>non è HTML</b>" in body
    assert (
        "1. Avvisare via SMS prima della consegna — responsabile: Luca (Produzione e magazzino)"
        " — entro il 31/07/2025 — punto di contatto: Consegna e magazzino" in body
    )
    assert "Nuovo modulo resi: ora «Fatta»" in body
    assert "- Rivedere listino — responsabile: Anna — entro il 01/05/2025" in body
    assert "IN RITARDO" in body.split("ALTRE AZIONI APERTE")[1]
    assert stale.id not in [a.id for a in meetings.decisions(fresh_db, meeting.id)]

    # stored, and the meeting can no longer change
    assert meetings.get_minutes(fresh_db, meeting.id) == minutes
    assert meetings.open_meeting(fresh_db) is None
    assert meetings.list_meetings(fresh_db)[0].closed_at is not None
    with pytest.raises(InputRefused, match="già chiusa"):
        meetings.add_decision(fresh_db, meeting.id, "Tardi")
    with pytest.raises(InputRefused, match="già chiusa"):
        meetings.close_meeting(fresh_db, meeting.id)


def test_minutes_in_english(fresh_db) -> None:
    set_language("en")
    meeting = meetings.start_meeting(fresh_db, held_on="2025-06-15", focus=[1])
    body = meetings.close_meeting(fresh_db, meeting.id).body
    assert body.startswith("MINUTES OF THE CX MEETING OF 2025-06-15")
    assert "no attendees recorded" in body
    assert meetings.get_minutes(fresh_db, meeting.id).language == "en"  # type: ignore[union-attr]


def test_minutes_files(fresh_db) -> None:
    meeting = meetings.start_meeting(
        fresh_db, held_on="2025-06-15", attendees=[("hr", "Zoë <script>")], focus=[1]
    )
    meetings.add_decision(fresh_db, meeting.id, '=HYPERLINK("x") **grassetto**')
    minutes = meetings.close_meeting(fresh_db, meeting.id)
    txt = meetings.minutes_txt(minutes)
    assert txt.startswith(b"\xef\xbb\xbf") and b"\r\n" in txt
    assert txt.decode("utf-8-sig").replace("\r\n", "\n") == minutes.body
    assert meetings.minutes_file_name(meeting, "txt") == "verbale_riunione_cx_2025-06-15.txt"

    parsed = email.message_from_bytes(meetings.minutes_eml(minutes, meeting), policy=policy.default)
    assert parsed["Subject"] == "Verbale della riunione CX del 15/06/2025"
    assert parsed["X-Unsent"] == "1"
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content().replace("\r\n", "\n") == minutes.body
    assert "Zoë <script>" in parsed.get_content()


def test_scoring_twice_in_a_meeting_compares_with_before_the_meeting(fresh_db) -> None:
    tp = touchpoints.by_code(fresh_db, "phone")
    touchpoints.record_score(fresh_db, tp.id, 4, "2025-05-01")
    meeting = meetings.start_meeting(fresh_db, held_on="2025-06-15", focus=[tp.id])
    touchpoints.record_score(fresh_db, tp.id, 2, "2025-06-15", meeting_id=meeting.id)
    touchpoints.record_score(fresh_db, tp.id, 3, "2025-06-15", meeting_id=meeting.id)
    assert meetings.scores_given(fresh_db, meeting.id) == [(tp.id, 3, 4)]


def test_headline_of_the_sample_company(sample_db) -> None:
    from cx_sme.core.frames import load_frames
    from cx_sme.kpi import engine as kpis

    keys = meetings.headline_keys("detractors")
    assert keys[:4] == ("new_customers", "retention_rate", "revenue_returning", "cost_to_serve")
    assert keys[4:6] == ("nps", "complaints")
    assert len(keys) == 8 and len(set(keys)) == 8
    kset = kpis.compute(load_frames(sample_db), "month")
    figures = {f.key: f for f in meetings.headline(kset, "2026-10", keys)}
    complaints = kset.complaints["complaints"]
    change = int(complaints["2026-10"] - complaints["2026-09"])
    assert figures["complaints"].value == str(int(complaints["2026-10"]))
    assert figures["complaints"].change == (
        f"+{change}" if change > 0 else f"-{-change}" if change else "±0"
    )
    assert figures["complaints"].higher_is_better is False
    assert figures["complaints"].label == "Reclami"
    assert figures["nps"].higher_is_better is True
    line = figures["complaints"].line()
    assert (line.label, line.value) == ("Reclami", figures["complaints"].value)


def test_alert_summary_of_the_sample_company(sample_db) -> None:
    from cx_sme.core.frames import load_frames
    from cx_sme.dashboards import alerts

    frames = load_frames(sample_db)
    actions.add_action(sample_db, "In ritardo", due="2020-01-01")
    summary = meetings.alert_summary(sample_db, frames)
    assert len(summary.complaints) == len(alerts.collect(frames).complaints) > 0
    assert summary.complaints_untouched == len(summary.complaints)
    assert summary.overdue_actions == 1
    lines = summary.lines()
    assert lines[0].startswith(f"Reclami aperti senza responsabile: {len(summary.complaints)}")
    assert lines[2] == "Azioni in ritardo: 1"


def test_a_meeting_started_by_mistake_can_be_discarded(fresh_db) -> None:
    tp = touchpoints.by_code(fresh_db, "phone")
    meeting = meetings.start_meeting(fresh_db, attendees=[("sales", "Anna")], focus=[tp.id])
    touchpoints.record_score(fresh_db, tp.id, 3, meeting_id=meeting.id)
    kept = meetings.add_decision(fresh_db, meeting.id, "Richiamare entro un'ora")
    meetings.discard_meeting(fresh_db, meeting.id)
    assert meetings.open_meeting(fresh_db) is None and meetings.list_meetings(fresh_db) == []
    assert actions.get_action(fresh_db, kept.id).meeting_id is None
    assert [s.score for s in touchpoints.score_history(fresh_db, tp.id)] == [3]
    closed = meetings.start_meeting(fresh_db, focus=[tp.id])
    meetings.close_meeting(fresh_db, closed.id)
    with pytest.raises(InputRefused, match="già chiusa"):
        meetings.discard_meeting(fresh_db, closed.id)
