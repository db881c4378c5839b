"""Reading real spreadsheets: the values the user typed come out cell by cell."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from cx_sme.errors import FileRefused
from cx_sme.readers import read_table


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_clean_xlsx_keeps_types_and_leading_zeros() -> None:
    data = _xlsx(
        [
            ["Data", "Cliente", "Importo"],
            [datetime(2025, 1, 3), "00042", 1234.56],
            [datetime(2025, 1, 4), "00043", 12.0],
        ]
    )
    table = read_table(data, "vendite.xlsx")
    assert table.columns == ["Data", "Cliente", "Importo"]
    assert table.frame["Cliente"].tolist() == ["00042", "00043"]
    assert table.frame["Importo"].tolist() == [1234.56, 12.0]
    assert table.frame["Data"].tolist() == [datetime(2025, 1, 3), datetime(2025, 1, 4)]
    assert table.row_numbers.tolist() == [2, 3]


def test_semicolon_csv_stays_text() -> None:
    data = b"Data;Cliente;Importo\n31/12/2025;00042;1.234,56\n"
    table = read_table(data, "vendite.csv")
    assert table.frame.to_dict("records") == [
        {"Data": "31/12/2025", "Cliente": "00042", "Importo": "1.234,56"}
    ]
    assert table.detected.separator == ";"


def test_empty_file_is_refused() -> None:
    with pytest.raises(FileRefused, match="vuoto"):
        read_table(b"", "vendite.csv")
