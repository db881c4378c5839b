"""E-invoices on the Import page (AppTest): a .zip dropped, the preview (invoices, credit
notes, lines, customers, months, files left out and why), the company confirmed once,
one click, the sales stored."""

from __future__ import annotations

import re

from cx_sme.core import db
from tests.einvoice.test_import_einvoices import november
from tests.pages.test_page_import import open_import, upload

ZIP = "application/zip"


def shown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_a_zip_of_invoices_shows_its_preview_and_imports(make_app, db_path) -> None:
    at = upload(open_import(make_app), "fatture_novembre.zip", november(), ZIP)
    assert not at.exception, at.exception
    figures = {m.label: m.value for m in at.metric}
    assert figures["Fatture"] == "2" and figures["Note di credito"] == "1"
    assert figures["Righe"] == "4" and figures["Clienti"] == "2" and figures["Mesi"] == "1"
    assert any(
        "Fatture ricevute da fornitori (la tua azienda è cliente), lasciate fuori: 1." in i.value
        for i in at.info
    )
    # the seller is asked once: nothing can be imported before
    question = next(m.value for m in at.markdown if "È la tua azienda?" in m.value)
    assert "IT01234567890" in shown(question) and "Termoidraulica Lambro" in shown(question)
    assert "import_go" not in {b.key for b in at.button}
    yes = next(b for b in at.button if b.label == "Sì, è la mia azienda")
    yes.click().run()
    assert not at.exception, at.exception
    conn = db.connect(db_path)
    assert conn.execute("SELECT value FROM settings WHERE key = 'company_vat'").fetchone()[0] == (
        '"IT01234567890"'
    )
    at.button(key="import_go").click().run()
    assert not at.exception, at.exception
    rows = conn.execute("SELECT count(*), sum(amount_cents) FROM sales").fetchone()
    assert rows == (4, 100_000 + 20_000 + 30_000 - 5_000)
    conn.close()
    # revenue says where it comes from: taxable amounts, VAT excluded
    at.switch_page("app_pages/sales.py").run()
    assert not at.exception, at.exception
    assert any(
        "Dalle fatture elettroniche: imponibile, IVA esclusa." in c.value for c in at.caption
    )


def test_left_out_files_are_listed_with_their_reason(make_app, db_path) -> None:
    from tests.einvoice_data import RECEIPT, simple, zipped

    conn = db.connect(db_path)
    from cx_sme.einvoice.selection import confirm_company

    confirm_company(conn, "IT01234567890")
    conn.close()
    data = zipped({"FT1.xml": simple("FT1", "2026-11-03"), "ricevuta.xml": RECEIPT,
                   "cortesia.pdf": b"%PDF-1.4"})  # fmt: skip
    at = upload(open_import(make_app, "en"), "month.zip", data, ZIP)
    assert not at.exception, at.exception
    left = next(d.value for d in at.dataframe if "Reason" in d.value.columns)
    reasons = dict(zip(left["File"], left["Reason"], strict=True))
    assert reasons["cortesia.pdf"] == "not an invoice (not an XML file)"
    assert "RicevutaConsegna" in reasons["ricevuta.xml"]
