"""CSV files that used to be stored wrong without a word (issue 10 §3): line endings of
old Macs, files glued from two encodings, a quote that swallows forty rows. Each is read
right, or refused naming the row or line and the reason. The fixtures are written by
``tests/fixtures/misread/make_misread.py``; the expected values come from its rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_sme.core.errors import FileRefused
from cx_sme.files.readers import RawTable, read_table

MISREAD = Path(__file__).resolve().parents[1] / "fixtures" / "misread"


def read(name: str) -> RawTable:
    return read_table((MISREAD / name).read_bytes(), name)


def values(table: RawTable, column: str) -> list[object]:
    return table.frame[column].tolist()


def test_old_mac_line_endings_are_read_row_by_row() -> None:
    table = read("fine_riga_solo_cr.csv")
    assert list(table.frame.columns) == [
        "Data documento", "Cod. cliente", "Ragione sociale", "Totale",
    ]  # fmt: skip
    assert values(table, "Cod. cliente") == ["C001", "C002", "C003"]
    assert values(table, "Totale") == ["1.234,50", "89,90", "15,00"]
    assert table.row_numbers.tolist() == [2, 3, 4]


def test_a_carriage_return_inside_a_quoted_value_stays_in_that_value() -> None:
    table = read("cr_dentro_un_valore.csv")
    assert values(table, "Descrizione") == ["Consegna in ritardo\rdi tre giorni", "Prodotto rotto"]
    assert table.row_numbers.tolist() == [2, 3]


@pytest.mark.parametrize("name", ["utf8_poi_windows.csv", "utf8_poi_windows_dopo_256kb.csv"])
def test_a_file_glued_from_utf8_and_windows_1252_reads_both_parts_right(name: str) -> None:
    table = read(name)
    names = values(table, "Ragione sociale")
    assert not any("Ã" in str(n) for n in names)  # no mojibake anywhere
    if name == "utf8_poi_windows.csv":
        assert names == ["Caffè Centrale", "Pasticceria Ferré", "Bar Città"]
    else:
        assert names[0] == "Cliente è numero 0" and names[-1] == "Caffè Ultimo"
        assert len(names) == 6_001
    assert table.detected.encoding == "utf-8+cp1252"


def test_a_line_in_no_known_encoding_is_refused_by_its_number() -> None:
    with pytest.raises(FileRefused) as err:
        read("byte_indefinito_riga_3.csv")
    assert "alla riga 3" in str(err.value) and "byte_indefinito_riga_3.csv" in str(err.value)


def test_a_quote_that_swallows_forty_rows_is_refused_with_its_rows() -> None:
    with pytest.raises(FileRefused) as err:
        read("virgolette_per_40_righe.csv")
    message = str(err.value)
    # the quote opens in the third line (row 3 in a spreadsheet) in the name column, and
    # the value runs over the 40 records and the line that closes it: 41 more lines
    assert "alla riga 3" in message
    assert "«Ragione sociale»" in message
    assert "41 righe di testo più sotto" in message
    assert "righe 3–44 del testo" in message


def test_a_comment_written_on_two_lines_is_not_mistaken_for_swallowed_rows() -> None:
    table = read("commento_su_due_righe.csv")
    assert values(table, "Comment") == [
        "Great service, thanks!\nWill come back, for sure",
        "Slow delivery",
    ]


def test_swallowed_rows_are_named_by_the_row_a_spreadsheet_shows() -> None:
    # A legitimate two-line comment before the broken quote: the spreadsheet row of the
    # broken record is 4 (records 2, 3, 4), its first text line is 5.
    data = (
        b"Date;Customer;Amount;Note\n"
        b'2025-02-01;C1;10;"two\nlines"\n'
        b"2025-02-02;C2;11;ok\n"
        b'2025-02-03;"C3;12;x\n2025-02-04;C4;13;y\n2025-02-05;C5";14;z\n'
    )
    with pytest.raises(FileRefused) as err:
        read_table(data, "note.csv")
    assert "alla riga 4" in str(err.value) and "righe 5–7 del testo" in str(err.value)
