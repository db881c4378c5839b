"""One FatturaPA document (versions FPR12 and FPA12) read into invoices and lines.

The published format (Agenzia delle Entrate, "Specifiche tecniche" 1.2): a header with
the seller (``CedentePrestatore``) and the buyer (``CessionarioCommittente``), then one
body per invoice (``FatturaElettronicaBody``; a "lotto" has several). Each body has its
document type, date and number (``DatiGeneraliDocumento``) and its lines
(``DettaglioLinee``: description, article codes, quantity, ``PrezzoTotale`` = the line's
taxable amount, VAT excluded). FPA12 (to public administrations) differs in the header's
addressing, not in anything read here.

Parsed with defusedxml with document type declarations forbidden, so no entity can be
declared or fetched. Element names are matched by their local name: the root carries
the format's namespace (often with a prefix), its children usually none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

CREDIT_NOTES = frozenset({"TD04"})
# Document types that record a sale to a customer (TD04 counts negative). Self-invoices
# and integrations (TD16–TD23, TD27, TD28) and others are not sales to a customer.
SALES_TYPES = frozenset({"TD01", "TD02", "TD03", "TD04", "TD05", "TD06", "TD24", "TD25", "TD26"})


class InvoiceBroken(ValueError):
    """A document that cannot be read as an invoice; ``key`` and ``params`` make the
    translated reason (``einvoice.broken.<key>``)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Party:
    vat: str | None  # IdPaese + IdCodice, e.g. IT01234567890
    tax_code: str | None  # CodiceFiscale
    name: str

    @property
    def code(self) -> str | None:
        """How the app names the party: its VAT number, else its tax code."""
        return self.vat or self.tax_code


@dataclass(frozen=True)
class Line:
    number: int
    description: str
    article: str | None
    quantity: float | None
    amount: Decimal  # PrezzoTotale, VAT excluded, as written (a credit note's is positive)


@dataclass(frozen=True)
class Invoice:
    seller: Party
    buyer: Party
    kind: str  # TipoDocumento: TD01, TD04, ...
    date: dt.date
    number: str
    lines: tuple[Line, ...]
    body: int  # 1 for the first body of the document

    @property
    def is_credit_note(self) -> bool:
        return self.kind in CREDIT_NOTES

    @property
    def sign(self) -> int:
        return -1 if self.is_credit_note else 1


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _child(node: Any, name: str) -> Any:
    return next((c for c in node if _local(c.tag) == name), None)


def _children(node: Any, name: str) -> Iterator[Any]:
    return (c for c in node if _local(c.tag) == name)


def _path(node: Any, *names: str) -> Any:
    for name in names:
        if node is None:
            return None
        node = _child(node, name)
    return node


def _text(node: Any, *names: str) -> str | None:
    found = _path(node, *names)
    if found is None or found.text is None:
        return None
    text = " ".join(found.text.split())
    return text or None


def _required(node: Any, *names: str) -> str:
    value = _text(node, *names)
    if value is None:
        raise InvoiceBroken("missing", element="/".join(names))
    return value


def _party(node: Any, role: str) -> Party:
    if node is None:
        raise InvoiceBroken("missing", element=role)
    data = _child(node, "DatiAnagrafici")
    country, code = _text(data, "IdFiscaleIVA", "IdPaese"), _text(data, "IdFiscaleIVA", "IdCodice")
    vat = f"{country}{code}".upper() if country and code else None
    tax_code = _text(data, "CodiceFiscale")
    name = _text(data, "Anagrafica", "Denominazione")
    if name is None:
        name = " ".join(
            p
            for p in (_text(data, "Anagrafica", "Nome"), _text(data, "Anagrafica", "Cognome"))
            if p
        )
    if not (vat or tax_code):
        raise InvoiceBroken("no_party_code", role=role)
    return Party(vat, tax_code.upper() if tax_code else None, name or (vat or tax_code or ""))


# The format allows 11 integer digits; beyond, a figure is a typing or software error.
LARGEST = Decimal(10) ** 11


def _decimal(text: str | None, element: str) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvoiceBroken("bad_number", element=element, value=text) from None
    if not value.is_finite():
        raise InvoiceBroken("bad_number", element=element, value=text)
    if abs(value) >= LARGEST:
        raise InvoiceBroken("too_large", element=element, value=text)
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvoiceBroken("bad_date", value=text) from None


def _lines(body: Any) -> tuple[Line, ...]:
    goods = _child(body, "DatiBeniServizi")
    found = []
    for position, line in enumerate(
        _children(goods, "DettaglioLinee") if goods is not None else (), 1
    ):
        amount = _decimal(_text(line, "PrezzoTotale"), "PrezzoTotale")
        if amount is None:
            raise InvoiceBroken("missing_in_line", element="PrezzoTotale", line=position)
        quantity = _decimal(_text(line, "Quantita"), "Quantita")
        codes = [_text(c, "CodiceValore") for c in _children(line, "CodiceArticolo")]
        number = _text(line, "NumeroLinea")
        found.append(
            Line(
                number=int(number) if number and number.isdigit() else position,
                description=_text(line, "Descrizione") or "",
                article=next((c for c in codes if c), None),
                quantity=float(quantity) if quantity is not None else None,
                amount=amount,
            )
        )
    if not found:
        raise InvoiceBroken("no_lines")
    return tuple(found)


def parse(xml: bytes) -> list[Invoice]:
    """Every invoice of a FatturaPA document; :class:`InvoiceBroken` when it is not one
    or cannot be read (the reason names the element)."""
    try:
        root = fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InvoiceBroken("dtd") from None
    except (ParseError, ValueError) as err:
        raise InvoiceBroken("not_xml", detail=str(err)[:120]) from None
    if _local(root.tag) != "FatturaElettronica":
        raise InvoiceBroken("not_invoice", root=_local(root.tag))
    header = _child(root, "FatturaElettronicaHeader")
    if header is None:
        raise InvoiceBroken("missing", element="FatturaElettronicaHeader")
    seller = _party(_child(header, "CedentePrestatore"), "CedentePrestatore")
    buyer = _party(_child(header, "CessionarioCommittente"), "CessionarioCommittente")
    invoices = []
    for index, body in enumerate(_children(root, "FatturaElettronicaBody"), 1):
        document = _path(body, "DatiGenerali", "DatiGeneraliDocumento")
        if document is None:
            raise InvoiceBroken("missing", element="DatiGeneraliDocumento")
        invoices.append(
            Invoice(
                seller=seller,
                buyer=buyer,
                kind=_required(document, "TipoDocumento").upper(),
                date=_date(_required(document, "Data")),
                number=_required(document, "Numero"),
                lines=_lines(body),
                body=index,
            )
        )
    if not invoices:
        raise InvoiceBroken("missing", element="FatturaElettronicaBody")
    return invoices
