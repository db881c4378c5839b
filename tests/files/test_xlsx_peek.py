"""Looking inside a workbook without loading it: sheets, date system, first rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cx_sme.files import xlsx_peek
from cx_sme.files.readers import read_table

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "files"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook(sheets: dict[str, tuple[str, str]], strings: str = "") -> bytes:
    """A workbook from sheet name → (state, sheet XML body) and shared-string items."""
    out = io.BytesIO()
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" state="{state}" r:id="rId{i}"/>'
        for i, (name, (state, _)) in enumerate(sheets.items(), start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>'
        )
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}">{strings}</sst>')
        for i, (_state, body) in enumerate(sheets.values(), start=1):
            archive.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>',
            )
    return out.getvalue()


def peek(data: bytes, index: int = 0) -> list[xlsx_peek.PeekRow]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = xlsx_peek.workbook_info(archive, "x.xlsx")
        return xlsx_peek.first_rows(archive, book, book.sheets[index], 40)


def test_rich_text_headers_are_read_without_phonetic_runs() -> None:
    strings = (
        "<si><r><rPr><b/></rPr><t>Data </t></r><r><t>documento</t></r></si>"
        "<si><t>Cliente</t><rPh sb='0' eb='1'><t>KURAIANTO</t></rPh></si>"
    )
    body = '<row r="3"><c r="B3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c></row>'
    rows = peek(workbook({"Vendite": ("visible", body)}, strings))
    assert rows == [xlsx_peek.PeekRow(3, {1: "Data documento", 2: "Cliente"})]


def test_cells_without_references_follow_each_other() -> None:
    body = (
        '<row><c t="inlineStr"><is><t>Cliente</t></is></c><c t="inlineStr"><is><t>Importo</t>'
        '</is></c></row><row><c t="inlineStr"><is><t>00042</t></is></c><c><v>12.5</v></c>'
        '<c t="b"><v>1</v></c></row>'
    )
    rows = peek(workbook({"Export": ("visible", body)}))
    assert rows == [
        xlsx_peek.PeekRow(1, {0: "Cliente", 1: "Importo"}),
        xlsx_peek.PeekRow(2, {0: "00042", 1: 12.5, 2: True}),
    ]


def test_hidden_sheets_are_skipped_when_choosing_one() -> None:
    hidden = '<row r="1"><c r="A1" t="inlineStr"><is><t>Elenchi</t></is></c></row>'
    body = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Cliente</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>00042</t></is></c></row>'
    )
    data = workbook({"Liste": ("hidden", hidden), "Vendite": ("visible", body)})
    table = read_table(data, "vendite.xlsx")
    assert table.detected.sheet == "Vendite"
    assert table.detected.sheets == ("Liste", "Vendite")
    assert table.frame["Cliente"].tolist() == ["00042"]


def test_workbook_info_reads_absolute_targets_and_the_1904_system() -> None:
    with zipfile.ZipFile(FILES / "google_sheets_reclami.xlsx") as archive:
        book = xlsx_peek.workbook_info(archive, "x.xlsx")
    assert [(s.name, s.part) for s in book.sheets] == [("Reclami", "xl/worksheets/sheet1.xml")]
    with zipfile.ZipFile(FILES / "data_1904.xlsx") as archive:
        assert xlsx_peek.workbook_info(archive, "x.xlsx").date_system == "1904"
