"""Sales straight from e-invoices, stored in a real SQLite file: the company confirmed
once, supplier invoices left out, credit notes negative, the same invoice stored once
across uploads, broken invoices all-or-valid-only; through the importer, the month's
routine and the command line (a real process for each command)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from cx_sme.core import db
from cx_sme.core.errors import ImportConflict, InvoicesBroken
from cx_sme.einvoice.selection import company_vat, confirm_company
from cx_sme.ingest import month_plan
from cx_sme.ingest.importer import import_file, prepare
from tests.cli.harness import invoke, run_process
from tests.einvoice_data import SUPPLIER, Body, Row, invoice_xml, sign, simple, zipped

OURS = "IT01234567890"
ROSSI = ("IT", "11122233344", "Idraulica Rossi S.n.c.")


def november() -> bytes:
    return zipped({
        "a/FT1.xml": invoice_xml(Body("FT1", "2026-11-03", (
            Row("Caldaia", "1000.00", "1.00", "CALD24"), Row("Posa", "200.00"),
        )), buyer=ROSSI),
        "a/FT2.xml.p7m": sign(simple("FT2", "2026-11-10", "300.00",
                                     private=("RSSMRA80A01F205X", "Mario", "Rossi"))),
        "NC1.xml.p7m": sign(simple("NC1", "2026-11-20", "50.00", kind="TD04", buyer=ROSSI),
                            base64_text=True),
        "fornitori/A9.xml": simple("A9", "2026-11-05", "999.00", seller=SUPPLIER,
                                   buyer=("IT", "01234567890", "Termoidraulica Lambro S.r.l.")),
    })  # fmt: skip


def sales(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT date, order_id, customer_id, customer_name, product, quantity, amount_cents "
        "FROM sales ORDER BY date, order_id, id"
    ).fetchall()


def test_the_company_is_confirmed_once_then_its_lines_are_stored(fresh_db) -> None:
    with pytest.raises(ImportConflict) as asked:
        import_file(fresh_db, "sales", "novembre.zip", november())
    assert OURS in str(asked.value) and "Termoidraulica Lambro" in str(asked.value)
    assert sales(fresh_db) == []  # nothing stored while unconfirmed
    confirm_company(fresh_db, "01234567890")  # typed without the country prefix
    assert company_vat(fresh_db) == OURS
    result = import_file(fresh_db, "sales", "novembre.zip", november())
    assert result.rows == 4
    assert sales(fresh_db) == [
        ("2026-11-03", "FT1", "IT11122233344", "Idraulica Rossi S.n.c.", "Caldaia (CALD24)",
         1.0, 100_000),
        ("2026-11-03", "FT1", "IT11122233344", "Idraulica Rossi S.n.c.", "Posa", 1.0, 20_000),
        ("2026-11-10", "FT2", "RSSMRA80A01F205X", "Mario Rossi", "Caldaia a condensazione",
         1.0, 30_000),
        ("2026-11-20", "NC1", "IT11122233344", "Idraulica Rossi S.n.c.",
         "Caldaia a condensazione", -1.0, -5_000),
    ]  # fmt: skip
    note = fresh_db.execute("SELECT note FROM imports").fetchone()[0]
    assert note == "fatturapa"


def test_the_same_invoice_in_a_later_upload_is_stored_once(fresh_db) -> None:
    confirm_company(fresh_db, OURS)
    import_file(fresh_db, "sales", "novembre.zip", november())
    later = zipped({
        "FT2_copia.xml": simple("FT2", "2026-11-10", "300.00",
                                private=("RSSMRA80A01F205X", "Mario", "Rossi")),
        "FT3.xml": simple("FT3", "2026-11-25", "80.00", buyer=ROSSI),
    })  # fmt: skip
    prepared = prepare(fresh_db, "sales", "fine_novembre.zip", later)
    assert prepared.einvoice is not None and prepared.einvoice.already_stored == 1
    # November is held by e-invoices only: the new invoice joins it, nothing is replaced
    assert prepared.overlap == []
    result = import_file(fresh_db, "sales", "fine_novembre.zip", later)
    assert result.rows == 1
    assert [r[1] for r in sales(fresh_db)].count("FT2") == 1
    total = fresh_db.execute("SELECT sum(amount_cents) FROM sales").fetchone()[0]
    assert total == 100_000 + 20_000 + 30_000 - 5_000 + 8_000
    with pytest.raises(ImportConflict) as again:
        import_file(fresh_db, "sales", "ancora.zip", zipped({"x.xml": simple("FT3", "2026-11-25")}))
    assert "già state importate" in str(again.value)


def test_a_month_held_by_a_spreadsheet_is_not_doubled(fresh_db) -> None:
    confirm_company(fresh_db, OURS)
    sheet = b"Data;Cliente;Importo;Numero\n03/11/2026;IT11122233344;1.200,00;FT1\n"
    import_file(fresh_db, "sales", "vendite.csv", sheet)
    with pytest.raises(ImportConflict):  # November is stored: replace it, or not at all
        import_file(fresh_db, "sales", "novembre.zip", november())
    import_file(fresh_db, "sales", "novembre.zip", november(), replace=True)
    assert fresh_db.execute("SELECT sum(amount_cents) FROM sales").fetchone()[0] == 145_000


def test_broken_invoices_refuse_the_upload_unless_valid_only(fresh_db) -> None:
    confirm_company(fresh_db, OURS)
    upload = zipped({
        "FT1.xml": simple("FT1", "2026-11-03", "10.00"),
        "FT2.xml": simple("FT2", "2026-11-04", "1O.00"),  # a letter O typed for a zero
    })  # fmt: skip
    with pytest.raises(InvoicesBroken) as refused:
        import_file(fresh_db, "sales", "mese.zip", upload)
    assert refused.value.errors[0]["file"] == "FT2.xml"
    assert sales(fresh_db) == []
    assert import_file(fresh_db, "sales", "mese.zip", upload, valid_only=True).rows == 1


def test_the_month_routine_adds_new_invoices_to_the_month(fresh_db) -> None:
    confirm_company(fresh_db, OURS)
    plan = month_plan.plan_upload(fresh_db, "novembre.zip", november())
    assert plan.dataset == "sales" and [m.status for m in plan.months] == ["new"]
    month_plan.commit_batch(fresh_db, [plan], {0: set()})
    first = Body("FT1", "2026-11-03", (Row("Caldaia", "1000.00", "1.00", "CALD24"),
                                       Row("Posa", "200.00")))  # fmt: skip
    later = zipped({"FT3.xml": simple("FT3", "2026-11-25", "80.00"),
                    "FT1.xml": invoice_xml(first, buyer=ROSSI)})  # fmt: skip
    plan = month_plan.plan_upload(fresh_db, "fine_mese.zip", later)
    (november_change,) = plan.months
    assert (november_change.status, november_change.rows, november_change.cents) == (
        "added",
        1,
        8_000,
    )
    stored = month_plan.commit_batch(fresh_db, [plan], {0: set()})
    assert stored[0].rows == 1
    assert fresh_db.execute("SELECT count(*) FROM sales").fetchone()[0] == 5
    again = month_plan.plan_upload(fresh_db, "fine_mese.zip", later)
    assert [m.status for m in again.months] == ["unchanged"]


def test_command_line_import_and_import_month(store_address: str, tmp_path: Path) -> None:
    store = store_address
    upload = tmp_path / "novembre.zip"
    upload.write_bytes(november())
    asked = run_process(["--db", str(store), "import", "sales", str(upload)])
    assert asked.returncode == 2 and OURS in asked.stderr
    done = run_process(["--db", str(store), "import", "sales", str(upload),
                        "--company-vat", "IT01234567890"])  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "4" in done.stdout
    later = tmp_path / "fine.zip"
    later.write_bytes(zipped({"FT3.xml": simple("FT3", "2026-11-25", "80.00")}))
    out = invoke(["--db", str(store), "import-month", str(later), str(upload), "--format", "json"])
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file["fine.zip"]["months_added"] == ["2026-11"]
    assert by_file["fine.zip"]["rows_added"] == 1
    assert by_file["novembre.zip"]["months_unchanged"] == ["2026-11"]
    assert by_file["novembre.zip"]["rows_added"] == 0
    assert report["stored"] is True
    conn = db.connect(store)
    assert conn.execute("SELECT count(*) FROM sales").fetchone()[0] == 5
    conn.close()


def test_one_zip_with_the_invoices_and_the_complaints_log(
    store_address: str, tmp_path: Path
) -> None:
    """The month in one .zip: the invoices as sales, the log beside them as complaints."""
    store, upload = store_address, tmp_path / "novembre.zip"
    log = b"Data apertura;Cliente;Descrizione\n05/11/2026;IT11122233344;Ritardo\n"
    upload.write_bytes(zipped({"fatture/FT1.xml": simple("FT1", "2026-11-03", buyer=ROSSI),
                               "reclami.csv": log}))  # fmt: skip
    out = invoke(["--db", str(store), "import-month", str(upload),
                  "--company-vat", OURS, "--format", "json"])  # fmt: skip
    assert out.returncode == 0, out.stderr
    found = {f["file"]: f for f in json.loads(out.stdout)["files"]}
    assert (found["novembre.zip"]["dataset"], found["novembre.zip"]["rows_added"]) == ("sales", 1)
    assert (found["reclami.csv"]["dataset"], found["reclami.csv"]["rows_added"]) == (
        "complaints",
        1,
    )
