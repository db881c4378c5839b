"""An upload of e-invoices (one ``.xml``, one ``.xml.p7m``, or a ``.zip`` of many, in
folders or not) read into one table of invoice lines.

Each line of each invoice becomes a row (see :data:`HEADERS` for the columns); credit
notes (TD04) count negative. Every invoice is kept, whoever sold it: which seller is the
company is decided by the importer, which knows the company's VAT number. Files that are
not invoices (receipts of the exchange system, PDFs, other XML), documents that are not
sales, and broken invoices are listed in :class:`EInvoiceFacts` with their reason.

Limits, checked before anything is inflated or parsed: at most :data:`MAX_MEMBERS`
files in a .zip, :data:`MAX_DOCUMENT_BYTES` per document (the exchange system's own
limit is 5 MB), :data:`MAX_TOTAL_BYTES` in all, and no member inflating more than
:data:`MAX_RATIO` times its compressed size (a zip bomb). Members are read in memory
with a cap (a member lying about its size cannot exhaust memory); their names are only
ever shown, never used as paths. A .zip inside the .zip is left out.
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cx_sme.core.errors import UnsafeFile
from cx_sme.einvoice import envelope, fatturapa
from cx_sme.files.table_shape import Detected, RawTable
from cx_sme.files.zip_members import member_name, open_upload

MAX_MEMBERS = 50_000
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024
_PEEK_MEMBERS, _PEEK_BYTES = 20, 64 * 1024
SPREADSHEETS = (".xlsx", ".xlsm", ".csv", ".txt")

# canonical sales column -> the header of the table handed to the importer
HEADERS = {
    "date": "Data documento",
    "order_id": "Numero documento",
    "customer_id": "Cliente (P. IVA o codice fiscale)",
    "customer_name": "Cliente",
    "product": "Descrizione (codice articolo)",
    "quantity": "Quantità",
    "amount": "Imponibile",
}
KIND, SELLER, SELLER_NAME, SOURCE = "Tipo documento", "Venditore", "Nome venditore", "File"
COLUMNS = [*HEADERS.values(), KIND, SELLER, SELLER_NAME, SOURCE]
MAPPING = {canonical: header for canonical, header in HEADERS.items()}


@dataclass(frozen=True)
class LeftOut:
    """A file or document left out of the sales, with the reason's catalog key
    (``einvoice.left.<reason>`` or ``einvoice.broken.<reason>``) and its values."""

    file: str
    reason: str
    params: tuple[tuple[str, str], ...] = ()
    broken: bool = False


@dataclass(frozen=True)
class EInvoiceFacts:
    """What the upload held besides its rows."""

    documents: int = 0
    left_out: tuple[LeftOut, ...] = field(default_factory=tuple)

    @property
    def broken(self) -> tuple[LeftOut, ...]:
        return tuple(x for x in self.left_out if x.broken)


def _shown_name(name: str) -> str:
    """A member's name for messages: its last part, control characters dropped."""
    base = posixpath.basename(name.replace("\\", "/")) or name
    return "".join(c for c in base if unicodedata.category(c)[0] != "C")[:120]


def is_einvoice_zip(data: bytes) -> bool:
    """A .zip holding at least one invoice or signed file, found by content: the first
    XML or .p7m members are peeked at (64 KB each at most). A workbook (.xlsx, .ods) is a
    zip of XML parts too, but none of them is an invoice."""
    if data[:4] not in (b"PK\x03\x04", b"PK\x05\x06"):
        return False
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if "[Content_Types].xml" in {i.filename for i in infos[:MAX_MEMBERS]}:
            return False
        candidates = [
            i for i in infos[:MAX_MEMBERS]
            if i.filename.lower().endswith((".xml", ".p7m")) and not i.flag_bits & 0x1
        ][:_PEEK_MEMBERS]  # fmt: skip
        for info in candidates:
            with archive.open(info) as member:
                if envelope.kind_of(member.read(_PEEK_BYTES)) in ("invoice", "signed"):
                    return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return False
    return False


def is_einvoice(data: bytes) -> bool:
    """An upload this module reads: an invoice, a signed file, or a .zip of them."""
    return envelope.kind_of(data[: 64 * 1024]) in ("invoice", "signed") or is_einvoice_zip(data)


def _members(data: bytes, file_name: str) -> Iterator[tuple[str, bytes | LeftOut]]:
    archive, infos = open_upload(data, file_name)
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFile("einvoice.too_many", name=file_name, limit=f"{MAX_MEMBERS:,}")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
            1, info.compress_size
        ):
            raise UnsafeFile("einvoice.zip_bomb", name=file_name, member=_shown_name(info.filename))
    if total > MAX_TOTAL_BYTES:
        raise UnsafeFile("einvoice.zip_too_big", name=file_name,
                         limit_mb=MAX_TOTAL_BYTES // 1024**2)  # fmt: skip
    for info in infos:
        base = member_name(info)
        shown = _shown_name(base) if base is not None else ""
        if not shown:
            continue
        if info.flag_bits & 0x1:
            yield shown, LeftOut(shown, "encrypted")
            continue
        if shown.lower().endswith(".zip"):
            yield shown, LeftOut(shown, "nested_zip")
            continue
        if shown.lower().endswith(SPREADSHEETS):  # the month's other files, read apart
            yield shown, LeftOut(shown, "spreadsheet")
            continue
        if info.file_size > MAX_DOCUMENT_BYTES:
            yield (
                shown,
                LeftOut(shown, "too_big", (("limit_mb", str(MAX_DOCUMENT_BYTES // 1024**2)),)),
            )
            continue
        try:
            with archive.open(info) as member:
                content = member.read(MAX_DOCUMENT_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            yield shown, LeftOut(shown, "unreadable", broken=True)
            continue
        if len(content) > MAX_DOCUMENT_BYTES:  # it lied about its size
            raise UnsafeFile("einvoice.zip_bomb", name=file_name, member=shown)
        yield shown, content


def _documents(data: bytes, file_name: str) -> Iterator[tuple[str, bytes | LeftOut]]:
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        yield from _members(data, file_name)
        return
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnsafeFile("einvoice.document_too_big", name=file_name,
                         limit_mb=MAX_DOCUMENT_BYTES // 1024**2)  # fmt: skip
    yield _shown_name(file_name), data


def _invoices_of(name: str, content: bytes) -> list[fatturapa.Invoice] | LeftOut:
    kind = envelope.kind_of(content)
    if kind is None:
        return LeftOut(name, "not_xml")
    if kind == "signed":
        try:
            content = envelope.unwrap(content)
        except envelope.EnvelopeError:
            return LeftOut(name, "bad_envelope", broken=True)
        kind = envelope.kind_of(content)
        if kind is None:
            return LeftOut(name, "signed_not_xml")
    if kind == "xml":
        return LeftOut(name, "other_xml", (("root", envelope.root_name(content) or "?"),))
    try:
        return fatturapa.parse(content)
    except fatturapa.InvoiceBroken as err:
        params = tuple((k, str(v)) for k, v in err.params.items())
        return LeftOut(name, err.key, params, broken=True)


def read_einvoices(data: bytes, file_name: str) -> RawTable:
    """Every invoice line of the upload as a :class:`RawTable` (``detected.kind`` is
    ``"einvoice"`` and ``detected.einvoice`` holds the :class:`EInvoiceFacts`)."""
    rows: list[tuple] = []
    left_out: list[LeftOut] = []
    documents = 0
    for name, content in _documents(data, file_name):
        if isinstance(content, LeftOut):
            left_out.append(content)
            continue
        found = _invoices_of(name, content)
        if isinstance(found, LeftOut):
            left_out.append(found)
            continue
        documents += 1
        for invoice in found:
            if invoice.kind not in fatturapa.SALES_TYPES:
                facts = (("kind", invoice.kind), ("number", invoice.number))
                left_out.append(LeftOut(name, "not_a_sale", facts))
                continue
            for line in invoice.lines:
                product = line.description
                if line.article:
                    product = f"{product} ({line.article})" if product else line.article
                quantity = line.quantity * invoice.sign if line.quantity is not None else None
                rows.append((
                    invoice.date, invoice.number, invoice.buyer.code, invoice.buyer.name,
                    product, quantity, float(line.amount) * invoice.sign, invoice.kind,
                    invoice.seller.code, invoice.seller.name, name,
                ))  # fmt: skip
    frame = (
        pd.DataFrame.from_records(rows, columns=COLUMNS)
        if rows
        else pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    )
    if rows:
        frame[HEADERS["date"]] = pd.to_datetime(frame[HEADERS["date"]])
        for column in (HEADERS["quantity"], HEADERS["amount"]):
            frame[column] = frame[column].astype(float)
    detected = Detected(
        kind="einvoice", sheet=None, sheets=(), header_row=0, encoding=None, separator=None,
        date_system=None, dropped_rows=(),
        einvoice=EInvoiceFacts(documents=documents, left_out=tuple(left_out)),
    )  # fmt: skip
    return RawTable(list(COLUMNS), frame, np.arange(1, len(frame) + 1), detected)
