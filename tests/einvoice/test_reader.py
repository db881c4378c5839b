"""An upload of e-invoices read into lines: a .zip in folders with signed files, a
receipt, a PDF and a supplier invoice; and the hostile cases (zip bomb, too many files,
a huge document, names that look like paths), refused before anything is inflated."""

from __future__ import annotations

import base64
import io
import random
import zipfile

import pytest

from cx_sme.core.errors import FileRefused, UnsafeFile
from cx_sme.einvoice import reader
from cx_sme.einvoice.reader import HEADERS, SELLER, read_einvoices
from cx_sme.files import bundle, safety
from tests.einvoice_data import RECEIPT, SUPPLIER, Body, Row, invoice_xml, sign, simple, zipped


def month_zip() -> bytes:
    return zipped({
        "2026/11/IT01234567890_00001.xml": simple("FT1", "2026-11-03", "1000.00"),
        "2026/11/IT01234567890_00002.xml.p7m": sign(simple("FT2", "2026-11-04", "250.00")),
        "IT01234567890_00003.xml.p7m": sign(
            simple("NC1", "2026-11-20", "100.00", kind="TD04"), base64_text=True
        ),
        "ricevute/IT01234567890_00001_RC_001.xml": RECEIPT,
        "fornitori/IT09876543210_A1.xml": simple(
            "A1", "2026-11-05", "400.00", seller=SUPPLIER,
            buyer=("IT", "01234567890", "Termoidraulica Lambro S.r.l."),
        ),
        "copia_cortesia.pdf": b"%PDF-1.7 not an invoice",
        "rotta.xml": simple("FT9", "2026-11-06").replace(b"<Data>2026-11-06</Data>", b""),
        "../../etc/passwd.xml": simple("FT4", "2026-11-07", "10.00"),
    })  # fmt: skip


def test_every_line_with_credit_notes_negative_and_left_out_files_named() -> None:
    table = read_einvoices(month_zip(), "fatture_novembre.zip")
    frame = table.frame
    mine = frame[frame[SELLER] == "IT01234567890"]
    assert sorted(zip(mine[HEADERS["order_id"]], mine[HEADERS["amount"]], strict=True)) == [
        ("FT1", 1000.0), ("FT2", 250.0), ("FT4", 10.0), ("NC1", -100.0),
    ]  # fmt: skip
    # the supplier's invoice is read too: the importer leaves it out, knowing the company
    assert list(frame.loc[frame[SELLER] == "IT09876543210", HEADERS["order_id"]]) == ["A1"]
    facts = table.detected.einvoice
    reasons = {x.file: x.reason for x in facts.left_out}
    assert reasons == {
        "IT01234567890_00001_RC_001.xml": "other_xml",
        "copia_cortesia.pdf": "not_xml",
        "rotta.xml": "missing",
    }
    assert [x.file for x in facts.broken] == ["rotta.xml"]
    # a member's name is shown, never followed as a path
    assert "passwd.xml" in set(frame[reader.SOURCE])


def test_a_zip_of_invoices_is_one_upload_and_one_kind() -> None:
    data = month_zip()
    assert bundle.unpack("fatture.zip", data) == [("fatture.zip", data)]
    assert safety.check_upload(data, "fatture.zip") == "einvoice"
    # recognised by content, whatever the name
    assert safety.check_upload(simple("1", "2026-11-02"), "export.txt") == "einvoice"
    assert safety.check_upload(sign(simple("1", "2026-11-02")), "firma.bin") == "einvoice"


def test_a_lotto_in_a_signed_file() -> None:
    xml = invoice_xml(
        Body("1", "2026-11-02", (Row("A", "10.00"), Row("B", "5.00"))),
        Body("2", "2026-11-09", (Row("C", "7.50", None, "ART-7"),)),
    )
    frame = read_einvoices(sign(xml), "lotto.xml.p7m").frame
    assert list(frame[HEADERS["product"]]) == ["A", "B", "C (ART-7)"]
    assert frame[HEADERS["quantity"]].isna().tolist() == [False, False, True]


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomba.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    with pytest.raises(UnsafeFile) as raised:
        read_einvoices(_bomb(), "bomba.zip")
    assert "bomba.xml" in str(raised.value)


def test_too_many_files_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_MEMBERS", 3)
    many = zipped({f"f{n}.xml": simple(str(n), "2026-11-02") for n in range(4)})
    with pytest.raises(UnsafeFile):
        read_einvoices(many, "tante.zip")


def test_a_huge_document_is_refused() -> None:
    # text that does not compress much (a real, if absurd, description)
    filler = base64.b64encode(random.Random(7).randbytes(reader.MAX_DOCUMENT_BYTES))
    huge = simple("1", "2026-11-02").replace(b"<Descrizione>", b"<Descrizione>" + filler, 1)
    with pytest.raises(UnsafeFile):
        read_einvoices(huge, "enorme.xml")
    left = read_einvoices(zipped({"enorme.xml": huge, "ok.xml": simple("2", "2026-11-03")}),
                          "mese.zip")  # fmt: skip
    assert [(x.file, x.reason) for x in left.detected.einvoice.left_out] == [
        ("enorme.xml", "too_big")
    ]
    assert len(left.frame) == 1


def test_a_broken_zip_is_refused_with_its_name() -> None:
    data = month_zip()
    with pytest.raises(FileRefused) as raised:
        read_einvoices(data[:200] + b"\x00" * 50, "tagliato.zip")
    assert "tagliato.zip" in str(raised.value)


def test_spreadsheets_beside_the_invoices_are_the_month_s_other_files() -> None:
    complaints = b"Data apertura;Cliente;Descrizione\n03/11/2026;C1;Ritardo\n"
    data = zipped({"fatture/FT1.xml": simple("FT1", "2026-11-03"),
                   "reclami_novembre.csv": complaints})  # fmt: skip
    assert bundle.unpack("mese.zip", data) == [
        ("mese.zip", data), ("reclami_novembre.csv", complaints),
    ]  # fmt: skip
    facts = read_einvoices(data, "mese.zip").detected.einvoice
    assert [(x.file, x.reason) for x in facts.left_out] == [("reclami_novembre.csv", "spreadsheet")]
