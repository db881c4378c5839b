"""The monthly workbook, opened back with openpyxl."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from cx_sme.admin import privacy
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.kpi import targets
from cx_sme.reports import data as report_data
from cx_sme.reports import workbook as report_xlsx
from tests.report_store import FORMULA, REPORT_MONTH, XSS, fill


@pytest.fixture
def store(fresh_db):
    fill(fresh_db)
    targets.set_target(fresh_db, "revenue", "month", 15_000)
    targets.set_target(fresh_db, "nps", "month", 20)
    return fresh_db


def _open(conn, month: str = REPORT_MONTH):
    data = report_xlsx.workbook_bytes(report_data.gather(conn, month))
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(sheet, first_row: int) -> list[list]:
    return [list(r) for r in sheet.iter_rows(min_row=first_row, values_only=True)]


def _find(sheet, text: str):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not in {sheet.title}")


def test_sheets_in_italian(store) -> None:
    book = _open(store)
    assert book.sheetnames == [
        "Indicatori",
        "Reclami",
        "Questionari",
        "Punti di contatto",
        "Azioni",
    ]
    assert book["Indicatori"]["A1"].value == "Report CX di febbraio 2025"


def test_sheets_in_english(store) -> None:
    set_language("en")
    book = _open(store)
    assert book.sheetnames == ["Indicators", "Complaints", "Surveys", "Touchpoints", "Actions"]


def test_formula_looking_text_stays_text(store) -> None:
    book = _open(store)
    description = _find(book["Reclami"], FORMULA)
    assert description.data_type == "s"
    notes = _find(book["Azioni"], FORMULA)
    assert notes.data_type == "s"
    comment = _find(book["Questionari"], "+39 chiamatemi")
    assert comment.data_type == "s"
    mention = _find(book["Questionari"], "@tutti: lenti")
    assert mention.data_type == "s"
    # a customer name starting with "-" would be a formula too (Rossi is C01)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_markup_is_kept_literally(store) -> None:
    book = _open(store)
    assert _find(book["Reclami"], XSS).data_type == "s"
    titles = [r[0] for r in _rows(book["Azioni"], 1)]
    assert any(isinstance(v, str) and v.endswith(XSS) for v in titles)


def test_kpi_table_by_month_with_targets_and_formats(store) -> None:
    sheet = _open(store)["Indicatori"]
    header = _find(sheet, "Indicatore")
    row = header.row
    months = [sheet.cell(row=row, column=c).value for c in range(2, 15)]
    assert months[0] == "feb 2024" and months[-1] == "feb 2025"
    assert sheet.cell(row=row, column=15).value == "Obiettivo feb 2025"
    assert sheet.cell(row=row, column=16).value == "Esito"
    # styled header, frozen below it with the KPI names kept in view
    assert header.font.bold and header.fill.fgColor.rgb.endswith("0B6E4F")
    assert sheet.freeze_panes == f"B{row + 1}"
    # printable: landscape, one page wide, header repeated
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == f"${row}:${row}"

    revenue = _find(sheet, "Fatturato")
    value = sheet.cell(row=revenue.row, column=14)
    assert value.data_type == "n" and value.number_format == '#,##0 "€"'
    assert value.value == pytest.approx(
        report_data.gather(store, REPORT_MONTH).lines["revenue"].value
    )
    assert sheet.cell(row=revenue.row, column=15).value == 15_000
    outcome = sheet.cell(row=revenue.row, column=16)
    assert outcome.value == "Raggiunto" and outcome.fill.fgColor.rgb.endswith("C6EFCE")

    retention = _find(sheet, "Fidelizzazione")
    rate = sheet.cell(row=retention.row, column=14)
    assert rate.number_format == "0.0%" and 0 <= rate.value <= 1

    nps = sheet.cell(row=_find(sheet, "NPS").row, column=14)
    assert nps.number_format == "+0;-0;0"
    assert sheet.cell(row=_find(sheet, "NPS").row, column=16).value == "Mancato"


def test_detail_sheets(store) -> None:
    book = _open(store)
    complaints = book["Reclami"]
    header = _find(complaints, "Aperto il")
    rows = _rows(complaints, header.row + 1)
    # the three complaints of February, and January's still open at month end
    assert len(rows) == 4
    assert [r[2] for r in rows] == ["Sì", "No", "Sì", "No"]
    assert complaints.cell(row=header.row + 1, column=1).number_format == "dd/mm/yyyy"
    assert complaints.cell(row=header.row + 1, column=12).number_format == '#,##0.00 "€"'
    # customers by name beside the code; touchpoints by the catalogue's name, whatever
    # the file's capitals ("consegna e MAGAZZINO")
    by_code = {r[3]: r for r in rows}
    assert by_code["C04"][4] == "Cliente 4"
    assert by_code["C04"][5] == "Consegna e magazzino"
    rossi = complaints.cell(row=header.row + 1 + [r[3] for r in rows].index("C01"), column=5)
    assert rossi.data_type == "s" and rossi.value == "-Rossi & Figli Srl"  # text, not a formula
    assert complaints.freeze_panes == f"B{header.row + 1}"
    assert complaints.auto_filter.ref.startswith(f"A{header.row}")

    surveys = book["Questionari"]
    rows = _rows(surveys, _find(surveys, "Data").row + 1)
    assert len(rows) == 6
    assert {r[4] for r in rows} == {"Promotore", "Passivo", "Detrattore"}
    assert {r[1]: r[2] for r in rows}["C07"] == "Cliente 7"

    tps = book["Punti di contatto"]
    delivery = _find(tps, "Consegna e magazzino")
    values = [tps.cell(row=delivery.row, column=c).value for c in range(1, 10)]
    assert values[3] == 3 and values[5] == 1  # score 3, up one on the previous
    assert values[6] == 2  # two complaints in February (names matched ignoring case)

    actions = book["Azioni"]
    rows = _rows(actions, _find(actions, "Azione").row + 1)
    overdue = [r for r in rows if r[7] == "Sì"]
    assert len(overdue) == 1 and overdue[0][3] == "Marco"
    assert any(r[6] == "Fatta" for r in rows)


def test_pseudonymised_customers(store) -> None:
    privacy.set_pseudonymise_exports(store, True)
    book = _open(store)
    real = {f"C{c:02d}" for c in range(1, 13)} | {f"Cliente {c}" for c in range(2, 13)}
    real.add("-Rossi & Figli Srl")
    for sheet in ("Reclami", "Questionari"):
        cells = {v for row in _rows(book[sheet], 1) for v in row if isinstance(v, str)}
        # no customer code or name is left, only pseudonyms ("Cliente 3FA2C0D1")
        assert not cells & real
        assert any(re.fullmatch(r"Cliente [0-9A-F]{8}", v) for v in cells)


def test_month_refusals(store, fresh_db) -> None:
    with pytest.raises(InputRefused) as err:
        report_data.gather(store, "2025-13")
    assert "2025-13" in str(err.value)
    with pytest.raises(InputRefused) as err:
        report_data.gather(store, "2023-05")
    assert "gennaio 2024" in str(err.value) and "febbraio 2025" in str(err.value)


def test_empty_store_is_refused(tmp_path) -> None:
    from cx_sme.core import db

    with pytest.raises(InputRefused) as err:
        report_data.gather(db.connect(tmp_path / "empty.sqlite"), "2025-01")
    assert err.value.key == "reports.error.no_data_at_all"


def test_long_user_text_is_cut_with_a_note(store) -> None:
    from cx_sme.team import actions

    actions.add_action(store, "Lunga", notes="x" * 40_000)
    sheet = _open(store)["Azioni"]
    cell = next(
        c
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value[:3] == "xxx"
    )
    assert len(cell.value) == 32_767 and "tagliato" in cell.value
