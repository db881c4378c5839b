"""The CX newsletter draft: figures, completed actions and what they moved, a comment."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cx_sme.company import focus_area as focus
from cx_sme.core.frames import load_frames, load_surveys
from cx_sme.core.i18n import get_language, set_language
from cx_sme.core.periods import previous_period
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.kpi import engine as kpis
from cx_sme.programme import engagement, newsletter
from cx_sme.team import actions
from tests.programme_data import store

THIS_MONTH = newsletter.today_month()
BEFORE = previous_period(THIS_MONTH)


def table() -> pd.DataFrame:
    return pd.DataFrame(
        {"nps": [10.0, 18.0], "revenue": [20000.0, 22000.0], "retention_rate": [80.0, 77.5]},
        index=[BEFORE, THIS_MONTH],
    )


def test_comments_prefer_promoters_and_never_name_the_customer(fresh_db) -> None:
    store(fresh_db)
    found = newsletter.comments(load_surveys(fresh_db), "2025-06")
    assert [c.text for c in found] == [
        "Sempre gentili e veloci, li consiglio a tutti i colleghi",  # promoter, readable
        "<b>Ottimo</b> servizio **davvero**",  # promoter, short: kept as typed
        "Bene",  # passive
    ]
    assert found[0].nps == 10 and found[0].day == "2025-06-03"
    assert all("C1" not in c.text for c in found)
    # the detractor's May comment belongs to May
    assert [c.text for c in newsletter.comments(load_surveys(fresh_db), "2025-05")] == [
        "Consegna in ritardo di due settimane"
    ]
    assert newsletter.comments(load_surveys(fresh_db), "2024-01") == []


def test_headlines_follow_the_focus_area(fresh_db) -> None:
    focus.set_focus(fresh_db, "loyalty")
    letter = newsletter.gather(fresh_db, THIS_MONTH, table())
    expected = dict.fromkeys(focus.BUSINESS_INDICATORS + focus.headline_kpis("loyalty"))
    assert [h.key for h in letter.headlines] == list(expected)
    shown = {h.key: h for h in letter.headlines}
    retention = shown["retention_rate"]
    assert (retention.label, retention.value, retention.change) == (
        kpi_catalog.label("retention_rate"), "77,5\xa0%", "-2,5 punti",
    )  # fmt: skip
    # a KPI the table does not have is shown as "—" with no change, never as zero
    assert shown["new_customers"].value == "—" and shown["new_customers"].change is None


def test_the_draft_tells_what_was_done_and_what_it_moved(fresh_db) -> None:
    store(fresh_db)
    done = actions.add_action(
        fresh_db, "Richiamare i detrattori entro 48 ore", kpi="nps", owner="Sara",
        department="service", baseline=10, target=15,
    )  # fmt: skip
    actions.record_result(fresh_db, done.id, 18)
    actions.set_status(fresh_db, done.id, "done")
    measured_later = actions.add_action(
        fresh_db, "Fatture più chiare", kpi="Reclami sulle fatture", owner="Elena"
    )
    actions.set_status(fresh_db, measured_later.id, "done")
    actions.add_action(fresh_db, "Ancora aperta", owner="Anna")  # not done: not in the letter
    item = engagement.add_action(
        fresh_db, "posters", "Poster in sala pausa", "Giulia", dt.date.today()
    )
    engagement.set_status(fresh_db, item.id, "done")
    comment = newsletter.Comment(
        "Consegna puntuale, grazie!", 10.0, "Consegna e magazzino", "2025-06-03"
    )

    text = newsletter.draft(fresh_db, THIS_MONTH, table(), comment=comment, keys=("nps", "revenue"))
    lines = text.splitlines()
    assert lines[0].startswith("Newsletter CX — ")
    assert "- NPS: +18 (+8 punti rispetto a " in text
    assert "- Fatturato: 22.000\xa0€ (+10,0\xa0% rispetto a " in text
    assert "- Richiamare i detrattori entro 48 ore (Sara, Servizio clienti e post-vendita)" in lines
    assert "  NPS: da +10 a +18 (obiettivo +15) — obiettivo raggiunto" in lines
    assert "  Reclami sulle fatture: il risultato si misura nei prossimi mesi" in lines
    assert "Ancora aperta" not in text
    assert "- Poster in sala pausa (Poster, Giulia)" in lines
    assert "«Consegna puntuale, grazie!»" in lines
    assert "— un cliente, 3 giugno 2025, Consegna e magazzino, voto 10 su 10" in lines
    assert text.endswith("Il team CX\n")


def test_a_month_without_completed_actions_says_so(fresh_db) -> None:
    text = newsletter.draft(fresh_db, THIS_MONTH, table(), keys=("nps",))
    assert "nessuna azione di miglioramento si è conclusa" in text
    assert "LA VOCE DI UN CLIENTE" not in text


def test_english_on_request_and_the_caller_keeps_its_language(fresh_db) -> None:
    set_language("it")
    text = newsletter.draft(fresh_db, THIS_MONTH, table(), keys=("nps",), lang="en")
    assert text.startswith("CX newsletter — ") and "THE MONTH IN FIGURES" in text
    assert get_language() == "it"


def test_draft_of_the_sample_company(sample_db) -> None:
    frames = load_frames(sample_db)
    tables = kpis.compute(frames, "month")
    month = tables.sales.index[-1]
    full = pd.concat([tables.sales, tables.complaints, tables.surveys, tables.links], axis=1)
    choices = newsletter.comments(frames.surveys, month)
    assert choices, "the sample company has comments in its last month"
    text = newsletter.draft(sample_db, month, full, comment=choices[0])
    assert "I NUMERI DEL MESE" in text and f"«{choices[0].text}»" in text
    assert "—\n" not in text.split("COSA ABBIAMO MIGLIORATO")[0]  # every headline has a value
    assert newsletter.file_name(month) == f"newsletter_cx_{month}.txt"
