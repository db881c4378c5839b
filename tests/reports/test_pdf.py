"""The one-page PDF: one page, the text is there, user markup printed literally."""

from __future__ import annotations

import io

import pypdf
import pytest

from cx_sme.core.i18n import set_language
from cx_sme.kpi import targets
from cx_sme.reports import data as report_data
from cx_sme.reports import pdf as report_pdf
from cx_sme.team import actions
from tests.report_store import REPORT_MONTH, XSS, fill


@pytest.fixture
def store(fresh_db):
    fill(fresh_db)
    targets.set_target(fresh_db, "revenue", "month", 15_000)
    return fresh_db


def _pdf(conn) -> pypdf.PdfReader:
    data = report_pdf.pdf_bytes(report_data.gather(conn, REPORT_MONTH))
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


def _text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_one_page_with_the_headline_kpis(store) -> None:
    reader = _pdf(store)
    assert len(reader.pages) == 1
    text = _text(reader)
    assert "Report CX di febbraio 2025" in text
    for label in ("Nuovi clienti", "Fidelizzazione", "Vendite ai clienti acquisiti", "NPS"):
        assert label in text
    revenue = report_data.gather(store, REPORT_MONTH).lines["revenue"].value
    assert f"{revenue:,.0f}".replace(",", ".") + " €" in text
    assert "Obiettivo 15.000 € · Raggiunto" in text
    assert "Le azioni aperte più urgenti" in text
    assert reader.metadata is not None and reader.metadata.title == "Report CX di febbraio 2025"


def test_user_markup_appears_literally(store) -> None:
    actions.add_action(store, "Nota **grassetto** & <b>non grassetto</b>", due="2025-01-01")
    text = _text(_pdf(store))
    assert XSS.replace(" ", "") in text.replace(" ", "")
    assert "<b>non grassetto</b>" in text
    assert "**grassetto** &" in text


def test_still_one_page_with_many_long_actions(store) -> None:
    for n in range(30):
        actions.add_action(
            store, f"Azione {n} " + "molto lunga " * 40, owner="Anna", due="2025-01-01"
        )
    reader = _pdf(store)
    assert len(reader.pages) == 1
    assert "Azione 0 molto lunga" in _text(reader)


def test_dollar_signs_do_not_become_math(store) -> None:
    from cx_sme.company import touchpoints

    delivery = touchpoints.by_code(store, "delivery")
    touchpoints.rename_touchpoint(store, delivery.id, "Consegna $x$ e magazzino")
    reader = _pdf(store)  # matplotlib would fail or render math on "$x$"
    assert len(reader.pages) == 1


def test_english(store) -> None:
    set_language("en")
    text = _text(_pdf(store))
    assert "CX report for February 2025" in text
    assert "The most urgent open actions" in text
    assert "€15,000" in text


def test_without_actions_or_complaints(fresh_db) -> None:
    from tests.report_store import fill as fill_store

    fill_store(fresh_db)
    fresh_db.execute("DELETE FROM actions")
    text = _text(_pdf(fresh_db))
    assert "Nessuna azione aperta" in text
