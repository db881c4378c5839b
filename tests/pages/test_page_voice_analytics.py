"""The voice page's analytics on the sample company: drivers in words, the tone of the
comments, theme suggestions that an editor can accept."""

from __future__ import annotations

import pytest

from cx_sme.core import db
from cx_sme.voice.analysis import accepted_themes


def _voice(app):  # type: ignore[no-untyped-def]
    app.run()
    app.switch_page("app_pages/voice.py")
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


@pytest.mark.parametrize(
    ("lang", "title", "words"),
    [
        ("it", "Cosa spinge i detrattori", "volte più spesso delle altre"),
        ("en", "What drives detractors", "times as often as the others"),
    ],
)
def test_drivers_and_tone_are_shown(sample_app, lang: str, title: str, words: str) -> None:
    at = _voice(sample_app(lang=lang))
    assert title in [s.value for s in at.subheader]
    sentences = [m.value for m in at.markdown if words in m.value]
    assert sentences, "no driver in plain words"
    assert len(at.get("arrow_vega_lite_chart")) >= 3 or at.get("vega_lite_chart")
    captions = " ".join(c.value for c in at.caption)
    assert "95 %" in captions


def test_the_company_model_reports_its_accuracy(sample_app) -> None:
    at = _voice(sample_app(lang="it"))
    captions = " ".join(c.value for c in at.caption)
    assert "Modello dell'azienda attivo" in captions or "non batte il lessico" in captions
    assert "tenuti da parte" in captions


def _uncovered_comments(path) -> None:  # type: ignore[no-untyped-def]
    """Comments about something no theme covers (the sample's are all covered)."""
    conn = db.connect(path)
    try:
        with db.write_transaction(conn):
            import_id = conn.execute("SELECT id FROM imports WHERE dataset = 'surveys'").fetchone()[
                0
            ]
            for n in range(8):
                conn.execute(
                    "INSERT INTO surveys (import_id, date, customer_id, nps, comment) "
                    "VALUES (?, ?, ?, 4, ?)",
                    (import_id, f"2026-10-{n + 10}", f"C{n:04d}",
                     "Parcheggio esterno sempre pieno, si gira a vuoto"),
                )  # fmt: skip
            db.bump_data_version(conn)
    finally:
        conn.close()


def test_accepting_a_suggested_theme_stores_it(sample_app, sample_db_path) -> None:
    _uncovered_comments(sample_db_path)
    at = _voice(sample_app(lang="it"))
    assert [b for b in at.button if b.label == "Aggiungi come tema"], "no suggestion shown"
    picker = next(x for x in at.selectbox if x.label == "Frase")
    phrase = picker.options[0].split(" — ")[0].strip("«»")
    name_box = next(x for x in at.text_input if x.label == "Nome del tema")
    name_box.set_value("<b>Tema nuovo</b>")
    next(b for b in at.button if b.label == "Aggiungi come tema").click().run()
    assert not at.exception
    conn = db.connect(sample_db_path)
    try:
        assert "custom:<b>Tema nuovo</b>" in accepted_themes(conn)
        stored = db.get_setting(conn, "custom_themes")
        assert stored == [{"label": "<b>Tema nuovo</b>", "keywords": [phrase]}]
    finally:
        conn.close()


def test_meeting_headline_step_says_what_to_work_on(sample_app, sample_db_path) -> None:
    import datetime as dt

    from cx_sme.company import touchpoints
    from cx_sme.team import meetings

    conn = db.connect(sample_db_path)
    first = touchpoints.list_touchpoints(conn)[0]
    meetings.start_meeting(conn, held_on=dt.date(2026, 11, 5), attendees=[], focus=[first.id])
    conn.close()
    at = sample_app(lang="it")
    at.run()
    at.switch_page("app_pages/meeting.py").run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert any("Su cosa lavorare" in m for m in shown)
    work_on = [m for m in shown if m.startswith("- ") and "volte più spesso" in m]
    assert 1 <= len(work_on) <= 3
    assert "Fattur" in work_on[0]  # the sample company's story: invoices drive detractors
