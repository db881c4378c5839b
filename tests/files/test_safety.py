"""Files refused before any parser reads them, each with a message that says what is wrong
(and what to do), and the good shapes let through."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cx_sme.core.errors import FileRefused, UnsafeFile
from cx_sme.core.i18n import set_language
from cx_sme.files import safety
from cx_sme.files.readers import read_table, sheet_names

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BAD = FIXTURES / "bad"
FILES = FIXTURES / "files"


@pytest.mark.parametrize(
    ("name", "error", "says"),
    [
        ("bomba_zip.xlsx", UnsafeFile, "si espanderebbe 1020 volte la sua dimensione compressa"),
        ("bomba_zip.xlsx", UnsafeFile, "il massimo ammesso è 100 volte"),
        ("bomba_zip_dichiarata.xlsx", UnsafeFile, "supererebbe 1024 MB"),
        ("miliardo_di_risate.xlsx", UnsafeFile, "dichiarazioni XML (DTD o entità)"),
        ("entita_esterna_xxe.xlsx", UnsafeFile, "dichiarazioni XML (DTD o entità)"),
        ("vecchio_formato.xls", FileRefused, "vecchio formato Excel 97-2003 (.xls)"),
        ("protetto_da_password.xlsx", FileRefused, "è protetto da password"),
        ("pagina_web.xls", FileRefused, "è in realtà una pagina web (HTML)"),
        ("foglio_xml_2003.xls", FileRefused, "«Foglio di calcolo XML 2003»"),
        ("troncato.xlsx", FileRefused, "è danneggiato o incompleto"),
        ("danneggiato.xlsx", FileRefused, "è danneggiato o incompleto"),
        (
            "excel_rinominato.csv",
            FileRefused,
            "ha estensione .csv ma in realtà è una cartella di lavoro Excel",
        ),
        ("csv_rinominato.xlsx", FileRefused, "ha estensione .xlsx ma in realtà è un file di testo"),
        ("con_byte_nulli.csv", FileRefused, "contiene caratteri nulli"),
        ("vuoto.csv", FileRefused, "è vuoto (0 byte)"),
        (
            "solo_intestazione.csv",
            FileRefused,
            "C'è l'intestazione (riga 1) ma nessuna riga di dati",
        ),
        (
            "solo_intestazione.xlsx",
            FileRefused,
            "C'è l'intestazione (riga 3) ma nessuna riga di dati",
        ),
        (
            "formule_senza_valori.xlsx",
            FileRefused,
            "Apri il file in Excel, salvalo e caricalo di nuovo",
        ),
        ("foglio_opendocument.xlsx", FileRefused, "OpenDocument"),
        ("colonne_in_piu.csv", FileRefused, "alla riga 3 ha 5 colonne invece di 3"),
        ("xml_non_valido.xlsx", FileRefused, "il suo contenuto non si riesce a leggere"),
        ("virgolette_non_chiuse.csv", FileRefused, "le virgolette aperte alla riga 3"),
    ],
)
def test_each_bad_file_is_refused_with_its_own_message(name: str, error: type, says: str) -> None:
    with pytest.raises(error) as raised:
        read_table((BAD / name).read_bytes(), name)
    message = str(raised.value)
    assert says in message
    assert "Traceback" not in message


def test_every_bad_fixture_has_a_distinct_reason() -> None:
    keys = {}
    for path in sorted(BAD.iterdir()):
        try:
            read_table(path.read_bytes(), path.name, max_rows=10)
        except FileRefused as err:
            keys[path.name] = err.key
    assert set(keys) == {p.name for p in BAD.iterdir()}
    assert (
        keys["miliardo_di_risate.xlsx"] == keys["entita_esterna_xxe.xlsx"] == "readers.xml_entities"
    )
    assert keys["troncato.xlsx"] == keys["danneggiato.xlsx"] == "readers.corrupt_zip"
    others = {
        k: v
        for k, v in keys.items()
        if k not in {"entita_esterna_xxe.xlsx", "danneggiato.xlsx", "solo_intestazione.xlsx"}
    }
    assert len(set(others.values())) == len(others)


def test_a_sheet_over_the_row_limit_names_the_sheet_and_the_limit() -> None:
    data = (BAD / "oltre_il_limite.xlsx").read_bytes()
    with pytest.raises(FileRefused) as err:
        read_table(data, "oltre_il_limite.xlsx", max_rows=10)
    assert str(err.value).startswith("Troppe righe nel foglio «Vendite»: 12 righe di dati")
    assert "il limite è 10" in str(err.value)
    assert len(read_table(data, "oltre_il_limite.xlsx", max_rows=12).frame) == 12


def test_the_upload_size_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_UPLOAD_BYTES", 1024 * 1024)
    data = b"Cliente;Importo\n" + b"00042;12,50\n" * 100_000
    with pytest.raises(FileRefused, match="il limite è 1 MB"):
        read_table(data, "vendite.csv")


def test_a_zip_member_that_inflates_past_its_declared_size_is_refused() -> None:
    data = bytearray((FILES / "libreoffice_vendite.xlsx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Say the sheet is 100 bytes long, in the local header and in the central directory.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(signature)
        while pos >= 0:
            start = pos + (30 if signature == b"PK\x03\x04" else 46)
            if data[start : start + len(info.filename)] == info.filename.encode():
                data[pos + offset : pos + offset + 4] = struct.pack("<I", 100)
            pos = data.find(signature, pos + 4)
    with pytest.raises(FileRefused, match="danneggiato o incompleto"):
        read_table(bytes(data), "vendite.xlsx")


def test_a_formula_without_value_on_another_sheet_does_not_block_this_one() -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Vendite"
    wb.active.append(["Cliente", "Importo"])
    wb.active.append(["00042", 12.5])
    calc = wb.create_sheet("Calcoli")
    calc.append(["Totale", "=SUM(Vendite!B:B)"])
    out = io.BytesIO()
    wb.save(out)
    table = read_table(out.getvalue(), "vendite.xlsx")
    assert table.frame.to_dict("records") == [{"Cliente": "00042", "Importo": 12.5}]
    with pytest.raises(FileRefused, match="Nel foglio «Calcoli»"):
        read_table(out.getvalue(), "vendite.xlsx", sheet="Calcoli")


def test_utf16_without_bom_counts_as_binary() -> None:
    data = "Cliente;Importo\r\n00042;12,50\r\n".encode("utf-16-le")
    with pytest.raises(FileRefused, match="caratteri nulli"):
        read_table(data, "vendite.csv")


def test_other_file_types_are_named() -> None:
    with pytest.raises(FileRefused, match=r"\(\.pdf\)"):
        read_table(b"%PDF-1.7\n...", "fattura.pdf")


def test_sheet_names_checks_the_file_too() -> None:
    with pytest.raises(UnsafeFile):
        sheet_names((BAD / "miliardo_di_risate.xlsx").read_bytes(), "x.xlsx")
    assert sheet_names((FILES / "virgola_utf8.csv").read_bytes(), "virgola_utf8.csv") == []


@pytest.mark.parametrize("path", sorted(FILES.iterdir()), ids=lambda p: p.name)
def test_the_good_shapes_pass_the_checks(path: Path) -> None:
    kind = safety.check_upload(path.read_bytes(), path.name)
    assert kind == ("csv" if path.suffix in (".csv", ".txt") else "xlsx")


def test_a_macro_workbook_is_read_for_its_values_only() -> None:
    data = (FILES / "con_macro.xlsm").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
    table = read_table(data, "con_macro.xlsm")
    assert table.frame["Codice cliente"].tolist() == ["00042", "00107", "00042", "00107"]


def test_refusals_speak_english_too() -> None:
    set_language("en")
    with pytest.raises(UnsafeFile) as err:
        read_table((BAD / "bomba_zip.xlsx").read_bytes(), "bomba_zip.xlsx")
    assert "refused for safety" in str(err.value)
    assert "at most 100 times" in str(err.value)


def _with_part(part: str, body: bytes) -> bytes:
    """A clean workbook with one part replaced."""
    source = (FILES / "libreoffice_vendite.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            new.writestr(info, body if info.filename == part else old.read(info))
    return out.getvalue()


def test_a_dtd_hidden_in_utf16_xml_is_refused() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE sst [<!ENTITY x SYSTEM '
        '"file:///etc/passwd">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main"><si><t>&x;</t></si></sst>'
    ).encode("utf-16")
    with pytest.raises(UnsafeFile, match="DTD"):
        read_table(_with_part("xl/sharedStrings.xml", xml), "vendite.xlsx")


def test_a_dtd_pushed_far_down_by_a_long_comment_is_refused() -> None:
    xml = (
        '<?xml version="1.0"?>\n<!--' + "x" * 200_000 + '-->\n<!DOCTYPE sst [<!ENTITY a "a">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    ).encode()
    with pytest.raises(UnsafeFile, match="DTD"):
        read_table(_with_part("xl/sharedStrings.xml", xml), "vendite.xlsx")


def test_a_shifted_row_far_down_a_csv_is_named_by_its_row() -> None:
    lines = ["Elenco", "Data;Cliente;Importo"] + [f"01/01/2025;{i:05d};1,5" for i in range(30_000)]
    lines[20_000] = "01/01/2025;Rossi; Anna;3,00"
    with pytest.raises(FileRefused, match="alla riga 20001 ha 4 colonne invece di 3"):
        read_table("\n".join(lines).encode(), "vendite.csv")


def test_many_small_bomb_parts_are_refused_together() -> None:
    source = (FILES / "libreoffice_vendite.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        for k in range(40):  # each part 1 MB of blanks: under the per-part floor
            new.writestr(f"xl/media/pad{k}.xml", b" " * (1024 * 1024), zipfile.ZIP_DEFLATED)
    with pytest.raises(UnsafeFile, match="il massimo ammesso è 100 volte"):
        read_table(out.getvalue(), "vendite.xlsx")
