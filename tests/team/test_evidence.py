from __future__ import annotations

import datetime as dt

import pytest

from cx_sme.company import touchpoints
from cx_sme.core.frames import load_frames
from cx_sme.team import evidence
from tests.team_data import add_complaints, add_sales, add_surveys


@pytest.fixture
def store(fresh_db):
    add_sales(fresh_db, ["2025-01-10", "2025-03-20"])
    add_complaints(
        fresh_db,
        [
            # March, the window: three for delivery written three ways, one open at the end
            ("2025-03-02", "2025-03-05", "Consegna e magazzino"),
            ("2025-03-10", None, "CONSEGNA E MAGAZZINO"),
            ("2025-03-28", "2025-04-02", "delivery"),
            ("2025-03-15", "2025-03-16", "Conferma d’ordine"),
            ("2025-03-16", "2025-03-17", "Spedizioni"),
            ("2025-03-17", None, None),
            ("2025-03-18", None, "  "),
            # February, the window before: one for delivery, two for the invoice
            ("2025-02-03", "2025-02-04", "consegna e magazzino"),
            ("2025-02-05", "2025-02-06", "Fattura"),
            ("2025-02-07", "2025-02-08", "fattura"),
            # January: outside both windows, still open
            ("2025-01-07", None, "Fattura"),
        ],
    )
    add_surveys(
        fresh_db,
        [
            ("2025-03-01", 10, 5, "Consegna e magazzino"),
            ("2025-03-02", 9, 4, "consegna e magazzino"),
            ("2025-03-03", 3, 2, "Consegna e magazzino"),
            ("2025-03-04", 7, None, "Consegna e magazzino"),
            ("2025-03-05", None, 1, "Consegna e magazzino"),
            ("2025-03-06", 8, 3, "Sito Web"),
            ("2025-03-07", 0, 1, "Bancone"),
            ("2025-02-01", 0, 1, "Consegna e magazzino"),
        ],
    )
    return fresh_db


def test_window_and_the_one_before() -> None:
    w = evidence.Window.of("2025-03", "2025-03")
    assert (w.start, w.end) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert (w.previous_start, w.previous_end) == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    q = evidence.Window.of("2025Q2", "2025Q1")  # given backwards
    assert (q.first, q.previous_start, q.previous_end) == (
        "2025Q1", dt.date(2024, 7, 1), dt.date(2024, 12, 31),
    )  # fmt: skip


def test_default_window_is_the_last_period_loaded(store) -> None:
    frames = load_frames(store)
    assert evidence.last_period(frames, "month") == "2025-03"
    assert evidence.default_window(frames, "month", 3).first == "2025-01"  # type: ignore[union-attr]
    assert evidence.last_period(frames, "year") == "2025"


def test_complaints_and_surveys_matched_by_name_ignoring_case_and_accents(store) -> None:
    catalogue = touchpoints.list_touchpoints(store)
    report = evidence.collect(
        load_frames(store), catalogue, evidence.Window.of("2025-03", "2025-03")
    )
    delivery = report.get(touchpoints.by_code(store, "delivery").id)
    assert (delivery.complaints, delivery.complaints_previous, delivery.complaints_change) == (
        3,
        1,
        2,
    )
    # open at the end of March: the one never closed and the one closed in April
    assert delivery.open_complaints == 2
    # CSAT 5, 4, 2, 1 -> mean 3; NPS answers 10, 9, 3, 7 -> (2 - 1) / 4 = +25
    assert (delivery.csat_answers, delivery.mean_csat) == (4, 3.0)
    assert (delivery.nps_answers, delivery.nps) == (4, 25.0)

    order = report.get(touchpoints.by_code(store, "order_confirmation").id)
    assert order.complaints == 1
    invoice = report.get(touchpoints.by_code(store, "invoice").id)
    assert (invoice.complaints, invoice.complaints_previous, invoice.open_complaints) == (0, 2, 1)
    website = report.get(touchpoints.by_code(store, "website").id)
    assert (website.mean_csat, website.nps) == (3.0, 0.0)
    quiet = report.get(touchpoints.by_code(store, "video").id)
    assert (quiet.complaints, quiet.mean_csat, quiet.nps) == (0, None, None)

    assert report.unmatched == {"Spedizioni": 1, "Bancone": 1}
    assert report.without_touchpoint == 2


def test_an_alias_brings_the_unmatched_text_in(store) -> None:
    delivery = touchpoints.by_code(store, "delivery")
    touchpoints.add_alias(store, delivery.id, "spedizioni")
    report = evidence.collect(
        load_frames(store),
        touchpoints.list_touchpoints(store),
        evidence.Window.of("2025-03", "2025-03"),
    )
    assert report.get(delivery.id).complaints == 4
    assert "Spedizioni" not in report.unmatched


def test_a_renamed_touchpoint_keeps_its_evidence(store) -> None:
    delivery = touchpoints.by_code(store, "delivery")
    touchpoints.rename_touchpoint(store, delivery.id, "Logistica")
    report = evidence.collect(
        load_frames(store),
        touchpoints.list_touchpoints(store),
        evidence.Window.of("2025-03", "2025-03"),
    )
    assert report.get(delivery.id).complaints == 3


def test_a_longer_window(store) -> None:
    report = evidence.collect(
        load_frames(store),
        touchpoints.list_touchpoints(store),
        evidence.Window.of("2025-01", "2025-03"),
    )
    invoice = report.get(touchpoints.by_code(store, "invoice").id)
    assert (invoice.complaints, invoice.complaints_previous) == (3, 0)


def test_no_data_gives_an_empty_report(fresh_db) -> None:
    frames = load_frames(fresh_db)
    assert evidence.default_window(frames) is None
    report = evidence.collect(frames, touchpoints.list_touchpoints(fresh_db), None)
    assert report.window is None and not report.has_complaints and not report.has_surveys
    assert report.get(1).complaints == 0


def test_needs_attention_ranks_with_reasons(store) -> None:
    catalogue = touchpoints.list_touchpoints(store)
    delivery = touchpoints.by_code(store, "delivery")
    quote = touchpoints.by_code(store, "quote")
    website = touchpoints.by_code(store, "website")
    touchpoints.record_score(store, quote.id, 1, "2025-03-01")
    touchpoints.record_score(store, website.id, 5, "2025-03-01")
    report = evidence.collect(
        load_frames(store), catalogue, evidence.Window.of("2025-03", "2025-03")
    )
    found = evidence.needs_attention(catalogue, touchpoints.latest_scores(store), report)
    by_code = {a.touchpoint.code: a for a in found}
    # delivery: the most complaints (3 points) and rising (+2); quote: scored 1 (4 points)
    assert [a.touchpoint.code for a in found[:2]] == ["delivery", "quote"]
    assert by_code["delivery"].reasons == ("3 reclami", "reclami in aumento (+2)")
    assert by_code["quote"].reasons == ("voto del team 1/5",)
    # one complaint more than before is not called rising
    assert by_code["order_confirmation"].reasons == ("1 reclamo",)
    # a well-scored touchpoint without complaints is not listed; nor one without reasons
    assert "website" not in by_code and "video" not in by_code
    assert delivery.id == found[0].touchpoint.id
