from __future__ import annotations

import datetime as dt
import json

import pytest

from cx_sme.company import departments, touchpoints
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import catalog, set_language

# The shared vocabulary of the team brief: code, Italian name in the data files, phase,
# owning department.
VOCABULARY = [
    ("sales_visit", "Visita dell'agente", "before", "sales"),
    ("phone", "Centralino e telefono", "before", "service"),
    ("trade_fair", "Fiere ed eventi", "before", "marketing"),
    ("catalogue", "Catalogo e brochure", "before", "marketing"),
    ("website", "Sito web", "before", "it"),
    ("social", "Social media", "before", "marketing"),
    ("newsletter", "Newsletter ed email", "before", "marketing"),
    ("video", "Video", "before", "marketing"),
    ("quote", "Preventivo", "before", "sales"),
    ("order_confirmation", "Conferma d'ordine", "during", "sales"),
    ("delivery", "Consegna e magazzino", "during", "production"),
    ("packaging", "Etichetta e confezione", "during", "production"),
    ("shop", "Accoglienza in negozio", "during", "hr"),
    ("manual", "Manuale di istruzioni", "during", "production"),
    ("invoice", "Fattura", "after", "admin"),
    ("payments", "Pagamenti e incassi", "after", "admin"),
    ("after_sales", "Assistenza post-vendita", "after", "service"),
    ("complaints", "Gestione reclami", "after", "service"),
]


def test_a_new_database_has_the_default_catalogue(fresh_db) -> None:
    found = [
        (tp.code, tp.name, tp.phase, tp.department) for tp in touchpoints.list_touchpoints(fresh_db)
    ]
    assert found == VOCABULARY
    assert [(c, p, d) for c, _, p, d in VOCABULARY] == list(touchpoints.DEFAULT_TOUCHPOINTS)


def test_every_department_owns_at_least_one_touchpoint(fresh_db) -> None:
    owners = {tp.department for tp in touchpoints.list_touchpoints(fresh_db)}
    assert owners == set(departments.DEFAULT_CODES)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_each_default_has_three_to_five_distinct_questions(fresh_db, lang: str) -> None:
    set_language(lang)
    all_questions: list[str] = []
    for tp in touchpoints.list_touchpoints(fresh_db):
        assert 3 <= len(tp.questions) <= 5, tp.code
        assert all(q.endswith("?") for q in tp.questions), tp.code
        all_questions += tp.questions
    assert len(set(all_questions)) == len(all_questions)


def test_names_and_questions_follow_the_language(fresh_db) -> None:
    set_language("en")
    delivery = touchpoints.by_code(fresh_db, "delivery")
    assert delivery.name == "Delivery and warehouse"
    assert delivery.questions[0] == catalog("en")["team.tp.delivery.q1"]
    assert touchpoints.phase_label("after") == "After the purchase"


def test_add_rename_retire(fresh_db) -> None:
    chat = touchpoints.add_touchpoint(
        fresh_db,
        "  Chat  WhatsApp ",
        "after",
        "service",
        "Rispondiamo entro un'ora?\n\n Chi la legge?",
    )
    assert (chat.code, chat.name, chat.phase) == ("chat_whatsapp", "Chat WhatsApp", "after")
    assert chat.questions == ("Rispondiamo entro un'ora?", "Chi la legge?")
    # it is placed after the other touchpoints of its phase
    assert touchpoints.list_touchpoints(fresh_db)[-1].id == chat.id

    renamed = touchpoints.rename_touchpoint(fresh_db, chat.id, "Chat e messaggi")
    assert renamed.name == "Chat e messaggi" and renamed.aliases == ("Chat WhatsApp",)

    site = touchpoints.by_code(fresh_db, "website")
    touchpoints.rename_touchpoint(fresh_db, site.id, "Sito e shop online")
    site = touchpoints.get_touchpoint(fresh_db, site.id)
    assert site.name == "Sito e shop online" and site.custom_name
    # the default name still matches the data, without being stored as an alias
    assert "sito web" in touchpoints.match_keys(site) and site.aliases == ()

    touchpoints.set_active(fresh_db, chat.id, False)
    assert chat.id not in {tp.id for tp in touchpoints.list_touchpoints(fresh_db)}
    retired = touchpoints.list_touchpoints(fresh_db, include_retired=True)
    assert any(tp.id == chat.id and not tp.active for tp in retired)
    touchpoints.set_active(fresh_db, chat.id, True)
    assert chat.id in {tp.id for tp in touchpoints.list_touchpoints(fresh_db)}


def test_bad_names_are_refused_in_italian(fresh_db) -> None:
    with pytest.raises(InputRefused, match="nome del punto di contatto è vuoto"):
        touchpoints.add_touchpoint(fresh_db, "   ", "before", "sales")
    # the same name as a default touchpoint, whatever the case and accents
    with pytest.raises(InputRefused, match="Sito web"):
        touchpoints.add_touchpoint(fresh_db, "SITO  WEB", "before", "it")
    with pytest.raises(InputRefused, match="Fase"):
        touchpoints.add_touchpoint(fresh_db, "Chat", "later", "it")
    with pytest.raises(InputRefused, match="reparto «nowhere» non esiste"):
        touchpoints.add_touchpoint(fresh_db, "Chat", "after", "nowhere")
    departments.set_department_active(fresh_db, "hr", False)
    with pytest.raises(InputRefused, match=r"Risorse umane.*ritirato"):
        touchpoints.add_touchpoint(fresh_db, "Chat", "after", "hr")
    # nothing half-stored
    assert len(touchpoints.list_touchpoints(fresh_db, include_retired=True)) == 18


def test_move_and_reassign_and_questions(fresh_db) -> None:
    video = touchpoints.by_code(fresh_db, "video")
    moved = touchpoints.update_touchpoint(fresh_db, video.id, phase="after", department="service")
    assert (moved.phase, moved.department) == ("after", "service")
    own = touchpoints.set_questions(fresh_db, video.id, ["Il video tutorial è aggiornato?"])
    assert own.questions == ("Il video tutorial è aggiornato?",) and own.custom_questions
    back = touchpoints.set_questions(fresh_db, video.id, None)
    assert back.questions == touchpoints.default_questions("video") and not back.custom_questions


def test_notes_are_kept_whole(fresh_db) -> None:
    tp = touchpoints.by_code(fresh_db, "invoice")
    long_note = ("Riga con <b>tag</b> e **markdown**\n" * 5000) + "  fine  "
    assert len(long_note) > 150_000
    touchpoints.set_notes(fresh_db, tp.id, long_note)
    assert touchpoints.get_touchpoint(fresh_db, tp.id).notes == long_note


def test_scores_are_a_history(fresh_db) -> None:
    tp = touchpoints.by_code(fresh_db, "delivery")
    touchpoints.record_score(fresh_db, tp.id, 2, "2025-01-15")
    touchpoints.record_score(fresh_db, tp.id, "4", dt.date(2025, 2, 12))
    history = touchpoints.score_history(fresh_db, tp.id)
    assert [(s.score, s.scored_on) for s in history] == [(2, "2025-01-15"), (4, "2025-02-12")]
    change = touchpoints.latest_scores(fresh_db)[tp.id]
    assert (change.latest.score, change.previous.score, change.delta) == (4, 2, 2)  # type: ignore[union-attr]
    # a late entry for an earlier date does not become the latest
    touchpoints.record_score(fresh_db, tp.id, 1, "2024-12-01")
    assert touchpoints.latest_scores(fresh_db)[tp.id].latest.score == 4


@pytest.mark.parametrize("bad", [0, 6, "3,5", "tre", "", True])
def test_scores_outside_one_to_five_are_refused(fresh_db, bad: object) -> None:
    tp = touchpoints.by_code(fresh_db, "quote")
    with pytest.raises(InputRefused, match="da 1 a 5"):
        touchpoints.record_score(fresh_db, tp.id, bad)  # type: ignore[arg-type]
    assert touchpoints.score_history(fresh_db, tp.id) == []


def test_score_dates_are_checked(fresh_db) -> None:
    tp = touchpoints.by_code(fresh_db, "quote")
    with pytest.raises(InputRefused, match="non è una data valida"):
        touchpoints.record_score(fresh_db, tp.id, 3, "31/02/2025")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(InputRefused, match="nel futuro"):
        touchpoints.record_score(fresh_db, tp.id, 3, tomorrow)


def test_aliases_match_the_data_and_cannot_steal_names(fresh_db) -> None:
    delivery = touchpoints.by_code(fresh_db, "delivery")
    touchpoints.add_alias(fresh_db, delivery.id, "Spedizioni ")
    keys = touchpoints.match_keys(touchpoints.get_touchpoint(fresh_db, delivery.id))
    assert {"spedizioni", "consegna e magazzino", "delivery and warehouse", "delivery"} <= keys
    with pytest.raises(InputRefused, match="Fattura"):
        touchpoints.add_alias(fresh_db, delivery.id, "fattura")
    stored = fresh_db.execute("SELECT aliases FROM touchpoints WHERE id = ?", (delivery.id,))
    assert json.loads(stored.fetchone()[0]) == ["Spedizioni"]


def test_normalize_ignores_case_accents_and_punctuation() -> None:
    assert touchpoints.normalize("CONFERMA D’ORDINE") == touchpoints.normalize("conferma d'ordine")
    assert touchpoints.normalize("Assistenza  post-vendita") == "assistenza post vendita"
    assert touchpoints.normalize("Perché") == "perche"


def _form(conn, tp, **changes):  # type: ignore[no-untyped-def]
    """Save the edit form as the page does: the fields as shown, with ``changes``."""
    fields = {
        "name": tp.name,
        "phase": tp.phase,
        "department": tp.department,
        "questions": "\n".join(tp.questions),
        "aliases": list(tp.aliases),
    }
    fields.update(changes)
    return touchpoints.edit_touchpoint(conn, tp.id, **fields)


def test_renaming_twice_from_the_form_keeps_both_former_names(fresh_db) -> None:
    tp = touchpoints.add_touchpoint(fresh_db, "Ritiro al banco", "during", "sales")
    once = _form(fresh_db, tp, name="Banco ritiri")
    assert once.aliases == ("Ritiro al banco",)
    twice = _form(fresh_db, once, name="Banco")
    assert twice.name == "Banco"
    assert set(twice.aliases) == {"Ritiro al banco", "Banco ritiri"}
    # the data files' old spellings still find it
    keys = touchpoints.match_keys(twice)
    assert touchpoints.normalize("RITIRO AL BANCO") in keys
    assert touchpoints.normalize("banco ritiri") in keys


def test_the_form_is_saved_whole_or_not_at_all(fresh_db) -> None:
    tp = touchpoints.add_touchpoint(fresh_db, "Ritiro al banco", "during", "sales")
    other = touchpoints.add_touchpoint(fresh_db, "Spedizioni", "after", "production")
    with pytest.raises(InputRefused):
        # a valid rename, then an alias that is another touchpoint's name: refused
        _form(fresh_db, tp, name="Banco", aliases=[other.name])
    again = touchpoints.get_touchpoint(fresh_db, tp.id)
    assert (again.name, again.aliases) == ("Ritiro al banco", ())
