"""One FatturaPA document read into invoices and lines (FPR12 and FPA12), and the
documents that cannot be, with the element that is wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cx_sme.einvoice import envelope, fatturapa
from tests.einvoice_data import RECEIPT, Body, Row, invoice_xml, sign, simple


def test_a_company_buyer_with_article_codes_and_quantities() -> None:
    xml = invoice_xml(
        Body("FT 2026/118", "2026-11-03", (
            Row("Caldaia a condensazione 24 kW", "1850.00", "1.00", "CALD24"),
            Row("Kit fumi", "120.50", "2.00"),
        )),
    )  # fmt: skip
    (invoice,) = fatturapa.parse(xml)
    assert (invoice.kind, invoice.date, invoice.number) == (
        "TD01",
        dt.date(2026, 11, 3),
        "FT 2026/118",
    )
    assert invoice.seller.code == "IT01234567890"
    assert (invoice.buyer.code, invoice.buyer.name) == ("IT11122233344", "Idraulica Rossi S.n.c.")
    assert [(x.description, x.article, x.quantity, x.amount) for x in invoice.lines] == [
        ("Caldaia a condensazione 24 kW", "CALD24", 1.0, Decimal("1850.00")),
        ("Kit fumi", None, 2.0, Decimal("120.50")),
    ]


def test_a_private_buyer_is_named_by_tax_code_and_first_and_last_name() -> None:
    xml = simple("7", "2026-10-30", private=("RSSMRA80A01F205X", "Mario", "Rossi"))
    (invoice,) = fatturapa.parse(xml)
    assert (invoice.buyer.code, invoice.buyer.name) == ("RSSMRA80A01F205X", "Mario Rossi")


def test_a_lotto_gives_every_body_and_fpa12_reads_the_same() -> None:
    xml = invoice_xml(
        Body("1", "2026-11-02", (Row("A", "10.00"),)),
        Body("2", "2026-11-05", (Row("B", "20.00"),), kind="TD04"),
        version="FPA12",
        prefix="",
    )
    first, second = fatturapa.parse(xml)
    assert (first.number, second.number, second.is_credit_note) == ("1", "2", True)
    assert second.sign == -1 and first.sign == 1


@pytest.mark.parametrize(
    ("xml", "reason", "params"),
    [
        (simple("1", "2026-02-30"), "bad_date", {"value": "2026-02-30"}),
        (simple("1", "2026-11-02", amount="12,50"), "bad_number",
         {"element": "PrezzoTotale", "value": "12,50"}),
        (simple("1", "2026-11-02").replace(b"<Numero>1</Numero>", b""), "missing",
         {"element": "Numero"}),
        (RECEIPT, "not_invoice", {"root": "RicevutaConsegna"}),
        (simple("1", "2026-11-02", amount="1E400"), "too_large", {"element": "PrezzoTotale"}),
        (simple("1", "2026-11-02", amount="NaN"), "bad_number", {"element": "PrezzoTotale"}),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "dtd", {}),
    ],
)  # fmt: skip
def test_a_broken_document_names_what_is_wrong(xml: bytes, reason: str, params: dict) -> None:
    with pytest.raises(fatturapa.InvoiceBroken) as raised:
        fatturapa.parse(xml)
    assert raised.value.key == reason
    assert {k: raised.value.params[k] for k in params} == params


@pytest.mark.parametrize("as_text", [False, True])
def test_a_signed_invoice_is_unwrapped_in_either_encoding(as_text: bool) -> None:
    xml = simple("FT1", "2026-11-03")
    signed = sign(xml, base64_text=as_text)
    assert envelope.kind_of(signed) == "signed"
    assert envelope.unwrap(signed) == xml
    # signed twice (a countersignature tool that wraps the envelope again)
    assert envelope.unwrap(sign(signed)) == xml


def test_deep_nesting_is_not_an_invoice_and_no_crash() -> None:
    deep = (b'<?xml version="1.0"?><p:FatturaElettronica xmlns:p="x">' + b"<a>" * 100_000
            + b"</a>" * 100_000 + b"</p:FatturaElettronica>")  # fmt: skip
    with pytest.raises(fatturapa.InvoiceBroken) as raised:
        fatturapa.parse(deep)
    assert raised.value.key == "missing"


def test_a_damaged_envelope_is_refused_not_crashed() -> None:
    signed = sign(simple("FT1", "2026-11-03"))
    with pytest.raises(envelope.EnvelopeError):
        envelope.unwrap(signed[: len(signed) // 2])


def test_kinds_by_content_whatever_the_name() -> None:
    assert envelope.kind_of(simple("1", "2026-11-02")) == "invoice"
    assert envelope.kind_of(RECEIPT) == "xml"
    assert envelope.kind_of(b"%PDF-1.7 ...") is None
    assert envelope.kind_of(b"Data;Importo\n01/11/2026;10,00\n") is None
