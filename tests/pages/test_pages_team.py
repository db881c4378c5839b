"""The CX-team pages through Streamlit's AppTest: a whole meeting, the checklist, the
action plan, and every page in Italian and English on the sample company."""

from __future__ import annotations

import re

import pytest

from cx_sme.company import touchpoints
from cx_sme.core import db
from cx_sme.core.frames import load_frames
from cx_sme.core.i18n import catalog
from cx_sme.team import actions, evidence, meetings

IT, EN = catalog("it"), catalog("en")
NASTY_NOTE = "Corriere lento <img src=x onerror=alert(1)> e **bold** [link](http://x)"


def click(at, label: str):  # type: ignore[no-untyped-def]
    """Press the (form submit) button with this label and run the script."""
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    matches[0].click().run()
    return at


def unescaped(text: str) -> str:
    """A Markdown-escaped message as the user reads it."""
    return re.sub(r"\\(.)", r"\1", text)


def errors(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(unescaped(str(e.value)) for e in at.error)


def texts(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(e.value) for e in at.text)


def no_markdown_contains(at, fragment: str) -> bool:  # type: ignore[no-untyped-def]
    return all(fragment not in str(m.value) for m in at.markdown)


def open_page(at, path: str):  # type: ignore[no-untyped-def]
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def test_a_whole_meeting(sample_app, sample_db_path) -> None:
    conn = db.connect(sample_db_path)
    delivery = touchpoints.by_code(conn, "delivery").id
    invoice = touchpoints.by_code(conn, "invoice").id
    frames = load_frames(conn)
    last = evidence.last_period(frames, "month")
    assert last is not None
    expected = evidence.collect(
        frames, touchpoints.list_touchpoints(conn), evidence.Window.of(last, last)
    ).get(delivery)
    late = actions.add_action(
        conn, "Controllo delle fatture a campione", owner="Paola", due="2020-01-31"
    )
    conn.close()

    at = open_page(sample_app(), "app_pages/meeting.py")
    assert at.title[0].value == IT["common.page.meeting"]
    # the suggested focus comes from the data: the sample's courier and invoice problems
    assert set(at.multiselect(key="m_focus_it").value) <= {
        tp.id for tp in touchpoints.list_touchpoints(db.connect(sample_db_path))
    }
    at.text_input(key="m_att_sales").input("Anna Verdi")
    at.text_input(key="m_att_service").input("Sara Neri, Gino")
    at.multiselect(key="m_focus_it").set_value([delivery, invoice])
    click(at, IT["team.meet.start"])
    assert not at.exception, at.exception

    # 1. KPI headline, with the absent departments named
    assert at.header[0].value == IT["team.meet.step_headline"]
    assert len(at.metric) == 8
    assert any("Marketing e digitale" in c.value for c in at.caption)
    at.button(key="m_next").click().run()

    # 2. alerts
    assert at.header[0].value == IT["team.meet.step_alerts"]
    labels = [m.label for m in at.metric]
    assert IT["team.alerts.complaints"] in labels and IT["team.alerts.detractors"] in labels
    at.button(key="m_next").click().run()

    # 3. first touchpoint in focus: score 2 and a note that must stay plain text
    assert "Consegna e magazzino" in texts(at)
    # its complaints beside it, the change signed so that Streamlit draws the right arrow
    complaints = next(m for m in at.metric if m.label == IT["team.ev.complaints"])
    assert complaints.value == str(expected.complaints)
    assert expected.complaints_change != 0
    assert complaints.proto.delta == f"{expected.complaints_change:+d}"
    at.segmented_control(key=f"m_score_{delivery}").set_value(2)
    at.text_area(key=f"m_notes_{delivery}").input(NASTY_NOTE)
    click(at, IT["team.meet.save_score"])
    assert not at.exception, at.exception
    assert any("2/5" in s.value for s in at.success)
    at.button(key="m_next").click().run()

    # 4. second touchpoint: score 4
    assert "Fattura" in texts(at)
    at.segmented_control(key=f"m_score_{invoice}").set_value(4)
    click(at, IT["team.meet.save_score"])
    at.button(key="m_next").click().run()

    # 5. open actions: the overdue one is listed, and closed during the meeting
    assert at.header[0].value == IT["team.meet.step_actions"]
    table = at.table[0].value
    assert list(table[IT["team.act.col_title"]]) == ["Controllo delle fatture a campione"]
    assert list(table[IT["team.act.col_late"]]) == ["⚠"]
    at.selectbox(key=f"m_update_status_{late.id}_it").set_value("done")
    at.button(key="m_update").click().run()
    assert not at.exception, at.exception
    assert any(IT["team.meet.no_open_actions"] in i.value for i in at.info)
    at.button(key="m_next").click().run()
    assert at.header[0].value == IT["team.meet.step_decisions"]
    click(at, IT["team.meet.add_decision"])  # empty title
    assert "titolo dell'azione è vuoto" in errors(at)
    at.text_input(key="m_decision_title").input("Tornare al corriere di prima per le zone lontane")
    at.text_input(key="m_decision_owner").input("Luca Bianchi")
    click(at, IT["team.meet.add_decision"])
    assert not at.error
    assert "Tornare al corriere di prima per le zone lontane — Luca Bianchi" in texts(at)

    # close: the minutes are written, stored and offered for download
    at.button(key="m_close").click().run()
    assert not at.exception, at.exception
    body = texts(at)
    assert "VERBALE DELLA RIUNIONE CX" in body
    assert "- Commerciale: Anna Verdi" in body and "Sara Neri, Gino" in body
    assert "Consegna e magazzino (Produzione e magazzino): voto 2/5" in body
    assert "Fattura (Amministrazione): voto 4/5" in body
    assert "Controllo delle fatture a campione: ora «Fatta»" in body
    assert (
        "1. Tornare al corriere di prima per le zone lontane — responsabile: Luca Bianchi" in body
    )
    # the note is shown literally, never rendered
    assert "<img src=x onerror=alert(1)> e **bold** [link](http://x)" in body
    assert no_markdown_contains(at, "onerror") and no_markdown_contains(at, "**bold**")
    assert len(at.get("download_button")) == 2

    conn = db.connect(sample_db_path)
    closed = meetings.list_meetings(conn)[0]
    assert closed.closed_at is not None and meetings.open_meeting(conn) is None
    stored = meetings.get_minutes(conn, closed.id)
    assert stored is not None and stored.body in body
    decided = actions.list_actions(conn, meeting_id=closed.id)
    assert [(a.title, a.owner, a.touchpoint_id) for a in decided] == [
        ("Tornare al corriere di prima per le zone lontane", "Luca Bianchi", delivery)
    ]
    assert [s.score for s in touchpoints.score_history(conn, delivery)] == [2]
    assert touchpoints.get_touchpoint(conn, delivery).notes == NASTY_NOTE
    conn.close()


def test_notes_in_the_checklist_stay_plain_text(make_app, db_path) -> None:
    at = open_page(make_app(), "app_pages/touchpoints.py")
    conn = db.connect(db_path)
    website = touchpoints.by_code(conn, "website").id
    long_note = NASTY_NOTE + "\n" + "riga lunga " * 3000
    at.segmented_control(key=f"tp_score_{website}").set_value(3)
    at.text_area(key=f"tp_notes_{website}").input(long_note)
    at.button(key=f"tp_save_{website}").click().run()
    assert not at.exception, at.exception
    assert touchpoints.get_touchpoint(conn, website).notes == long_note
    assert [s.score for s in touchpoints.score_history(conn, website)] == [3]
    assert at.text_area(key=f"tp_notes_{website}").value == long_note
    assert no_markdown_contains(at, "onerror") and no_markdown_contains(at, "**bold**")
    assert any("Salvato" in s.value for s in at.success)
    conn.close()


def test_add_rename_and_retire_from_the_page(make_app, db_path) -> None:
    at = open_page(make_app(), "app_pages/touchpoints.py")
    click(at, IT["team.manage.add"])  # empty name
    assert "nome del punto di contatto è vuoto" in errors(at)
    at.text_input(key="tp_add_name").input("Chat **WhatsApp**")
    click(at, IT["team.manage.add"])
    assert not at.error
    conn = db.connect(db_path)
    added = [tp for tp in touchpoints.list_touchpoints(conn) if tp.name == "Chat **WhatsApp**"]
    assert len(added) == 1
    # the success message quotes the name escaped, so it shows as typed
    assert any(r"Chat \*\*WhatsApp\*\*" in s.value for s in at.success)
    # every card of the journey map shows the name as plain text
    assert "Chat **WhatsApp**" in texts(at)
    at.selectbox(key="tp_edit_it").set_value(added[0].id).run()
    click(at, IT["team.manage.retire"])
    assert added[0].id not in {tp.id for tp in touchpoints.list_touchpoints(conn)}
    conn.close()


def test_the_action_plan_page(make_app, db_path) -> None:
    at = open_page(make_app(), "app_pages/actions.py")
    assert any(IT["team.act.empty"] in i.value for i in at.info)
    click(at, IT["team.act.add"])
    assert "titolo dell'azione è vuoto" in errors(at)
    at.text_input(key="act_new_title").input("Richiamare i clienti delusi")
    at.text_input(key="act_new_owner").input("Sara")
    click(at, IT["team.act.add"])
    assert not at.error, [e.value for e in at.error]
    conn = db.connect(db_path)
    (action,) = actions.list_actions(conn)
    assert (action.title, action.owner, action.status) == (
        "Richiamare i clienti delusi",
        "Sara",
        "proposed",
    )
    table = at.dataframe[0].value
    assert list(table[IT["team.act.col_title"]]) == ["Richiamare i clienti delusi"]
    # an overdue action is flagged
    actions.update_action(conn, action.id, due="2020-01-31")
    at.run()
    assert at.dataframe[0].value[IT["team.act.col_late"]].iloc[0].startswith("⚠")
    assert at.metric[1].value == "1"
    # filters: another owner hides it
    actions.add_action(conn, "Altro", owner="Marco", department="sales")
    at.run()
    at.selectbox(key="act_f_owner_it").set_value("Marco").run()
    assert list(at.dataframe[0].value[IT["team.act.col_title"]]) == ["Altro"]
    at.selectbox(key="act_f_owner_it").set_value("").run()
    at.selectbox(key="act_f_dept_it").set_value("sales").run()
    assert list(at.dataframe[0].value[IT["team.act.col_title"]]) == ["Altro"]
    conn.close()


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize(
    ("path", "title_key"),
    [
        ("app_pages/touchpoints.py", "common.page.touchpoints"),
        ("app_pages/actions.py", "common.page.actions"),
        ("app_pages/meeting.py", "common.page.meeting"),
    ],
)
def test_each_page_in_both_languages(sample_app, lang: str, path: str, title_key: str) -> None:
    at = open_page(sample_app(lang=lang), path)
    words = catalog(lang)
    assert at.title[0].value == words[title_key]
    assert not at.error
    shown = texts(at) + "\n".join(str(s.value) for s in at.subheader)
    if path.endswith("touchpoints.py"):
        assert words["team.tp.delivery"] in shown
        assert words["team.phase.before"] in shown
    if path.endswith("meeting.py"):
        assert words["team.meet.setup_title"] in shown
    other = EN if lang == "it" else IT
    assert other["team.phase.before"] not in shown


def test_a_meeting_can_be_cancelled_from_its_screen(make_app, db_path) -> None:
    conn = db.connect(db_path)
    meetings.start_meeting(conn, focus=[touchpoints.by_code(conn, "quote").id])
    at = open_page(make_app(), "app_pages/meeting.py")
    assert at.header[0].value == IT["team.meet.step_headline"]
    assert at.button(key="m_discard").disabled
    at.checkbox(key="m_discard_sure").check().run()
    at.button(key="m_discard").click().run()
    assert not at.exception, at.exception
    assert meetings.open_meeting(conn) is None
    assert IT["team.meet.setup_title"] in [s.value for s in at.subheader]
    conn.close()


def test_a_viewer_reads_but_cannot_change(make_app, db_path) -> None:
    from cx_sme.core.i18n import catalog as all_messages

    conn = db.connect(db_path)
    website = touchpoints.by_code(conn, "website").id
    touchpoints.set_notes(conn, website, NASTY_NOTE)
    actions.add_action(conn, "Rifare la pagina contatti", owner="Marco")
    meetings.start_meeting(conn, focus=[website])
    needs_edit = all_messages("it")["settings.access.needs_edit"]

    from tests.pages.test_security import OIDC

    at = make_app()
    # a colleague signed in with the company account, allowed to read only
    at.secrets.update(OIDC)
    at.user = {"is_logged_in": True, "email": "agente@rossi.it"}
    at.run()
    at.switch_page("app_pages/touchpoints.py").run()
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key and b.key.startswith("tp_save_")]
    assert NASTY_NOTE in texts(at)  # the note, shown literally as text
    assert no_markdown_contains(at, "onerror")
    assert any(needs_edit in i.value for i in at.info)

    at.switch_page("app_pages/actions.py").run()
    assert list(at.dataframe[0].value[IT["team.act.col_title"]]) == ["Rifare la pagina contatti"]
    assert IT["team.act.add"] not in [b.label for b in at.button]
    assert any(needs_edit in i.value for i in at.info)

    at.switch_page("app_pages/meeting.py").run()
    # only the sign-out button of the frame: no meeting controls
    assert [b.key for b in at.button] == ["cx_logout"]
    assert any("in corso" in i.value for i in at.info)
    conn.close()


@pytest.mark.parametrize(
    ("lang", "baseline", "target"), [("it", "20.000", "22.500,5"), ("en", "20,000", "22,500.5")]
)
def test_the_action_table_shows_numbers_in_the_language_and_no_none(
    make_app, db_path, lang: str, baseline: str, target: str
) -> None:
    conn = db.connect(db_path)
    actions.add_action(conn, "Richiamare i detrattori", baseline=20000, target=22500.5)
    actions.add_action(conn, "Senza nulla")  # no owner, department, due date or figures
    conn.close()
    at = open_page(make_app(lang=lang), "app_pages/actions.py")
    table = at.dataframe[0].value
    rows = {row.iloc[1]: row for _, row in table.iterrows()}
    first = rows["Richiamare i detrattori"]
    assert [first.iloc[8], first.iloc[9], first.iloc[10]] == [baseline, target, ""]
    empty = rows["Senza nulla"]
    shown = [str(v) for v in empty.tolist() if v is not None and str(v) not in ("NaT", "nan")]
    assert "None" not in shown


def _open_meeting_on_last_step(sample_app, sample_db_path):  # type: ignore[no-untyped-def]
    conn = db.connect(sample_db_path)
    focus = [touchpoints.by_code(conn, "delivery").id]
    meeting = meetings.start_meeting(conn, attendees=[("sales", "Anna")], focus=focus)
    conn.close()
    at = open_page(sample_app(), "app_pages/meeting.py")
    at.session_state["meeting_step"] = 4  # headline, alerts, focus, actions, decisions
    at.run()
    assert at.header[0].value == IT["team.meet.step_decisions"]
    return at, meeting


def test_closing_with_a_typed_decision_asks_and_can_add_it(sample_app, sample_db_path) -> None:
    at, meeting = _open_meeting_on_last_step(sample_app, sample_db_path)
    at.text_input(key="m_decision_title").input("Chiamare i clienti in ritardo").run()
    at.button(key="m_close").click().run()
    assert not at.exception, at.exception
    # not closed: the app asks, naming the decision
    conn = db.connect(sample_db_path)
    assert meetings.open_meeting(conn) is not None
    assert any("Chiamare i clienti in ritardo" in w.value for w in at.warning)
    at.button(key="m_add_close").click().run()
    assert not at.exception, at.exception
    assert meetings.open_meeting(conn) is None
    assert [a.title for a in meetings.decisions(conn, meeting.id)] == [
        "Chiamare i clienti in ritardo"
    ]
    body = meetings.get_minutes(conn, meeting.id).body  # type: ignore[union-attr]
    assert "1. Chiamare i clienti in ritardo" in body
    conn.close()


def test_closing_without_the_typed_decision_or_going_back_to_it(sample_app, sample_db_path) -> None:
    at, meeting = _open_meeting_on_last_step(sample_app, sample_db_path)
    at.text_input(key="m_decision_title").input("Una bozza").run()
    at.button(key="m_close").click().run()
    at.button(key="m_keep_editing").click().run()
    conn = db.connect(sample_db_path)
    assert meetings.open_meeting(conn) is not None
    assert at.text_input(key="m_decision_title").value == "Una bozza"  # nothing lost
    at.button(key="m_close").click().run()
    at.button(key="m_close_without").click().run()
    assert not at.exception, at.exception
    assert meetings.open_meeting(conn) is None
    assert meetings.decisions(conn, meeting.id) == []
    conn.close()


def test_closing_with_nothing_typed_closes_at_once(sample_app, sample_db_path) -> None:
    at, _meeting = _open_meeting_on_last_step(sample_app, sample_db_path)
    at.button(key="m_close").click().run()
    conn = db.connect(sample_db_path)
    assert meetings.open_meeting(conn) is None
    assert not at.warning
    conn.close()


def test_attendees_start_from_the_governance_roster(sample_app, sample_db_path) -> None:
    from cx_sme.programme import governance

    conn = db.connect(sample_db_path)
    owner = governance.add_member(conn, "Giulia Bianchi", "Titolare", None, is_sponsor=True)
    anna = governance.add_member(conn, "Anna Verdi", "Commerciale", "sales", is_lead=True)
    paolo = governance.add_member(conn, "Paolo Neri", None, "sales")
    sara = governance.add_member(conn, "Sara Russo", None, "service")
    conn.close()
    at = open_page(sample_app(), "app_pages/meeting.py")
    # every member of the roster starts ticked present
    for member in (owner, anna, paolo, sara):
        assert at.checkbox(key=f"m_att_member_{member.id}").value is True
    at.checkbox(key=f"m_att_member_{paolo.id}").uncheck()  # Paolo is away today
    at.text_input(key="m_att_sales").input("Ospite Esterno")
    at.text_input(key="m_att_marketing").input("Luca")  # no one on the roster: names typed
    click(at, IT["team.meet.start"])
    assert not at.exception, at.exception
    conn = db.connect(sample_db_path)
    meeting = meetings.open_meeting(conn)
    assert meeting is not None
    assert sorted((a.department or "", a.name) for a in meeting.attendees) == [
        ("", "Giulia Bianchi"),
        ("marketing", "Luca"),
        ("sales", "Anna Verdi"),
        ("sales", "Ospite Esterno"),
        ("service", "Sara Russo"),
    ]
    minutes = meetings.minutes_text(conn, meeting)
    assert "- Direzione: Giulia Bianchi" in minutes
    conn.close()
