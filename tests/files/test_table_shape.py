"""Finding the header, naming the columns and spotting total rows on plain rows of
cells, the way they come out of any file."""

from __future__ import annotations

from datetime import datetime

import pytest

from cx_sme.files.table_shape import find_header, header_names, total_label


def unnamed(c: int) -> str:
    return f"Colonna {c + 1}"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # header on the first row
        ([["Data", "Cliente", "Importo"], [datetime(2025, 1, 3), "00042", 12.5]], (0, 0)),
        # a title, a subtitle and a blank row above the header
        (
            [
                ["Fatturato clienti - gennaio 2025"],
                ["Periodo:", "gennaio 2025"],
                [],
                ["Data", "Cliente", "Ragione sociale", "Importo", "Agente"],
                ["31/01/2025", "00042", "Bianchi", "1.234,56", "Rossi"],
            ],
            (3, 3),
        ),
        # CSV text: dates and amounts typed as text are data, not titles
        (
            [
                ["Data;"],
                ["Data", "Importo"],
                ["31/01/2025", "€ 1.234,56"],
                ["01/02/2025", "(12,00)"],
            ],
            (1, 1),
        ),
        # SurveyMonkey: the question above, "Response" below, a column with no sub-header
        (
            [
                ["Respondent ID", "Start Date", "Quanto ci consiglierebbe?", "Commento"],
                [None, None, "Response", "Open-Ended Response"],
                [1001.0, datetime(2025, 3, 3), 9.0, "ok"],
                [1002.0, datetime(2025, 3, 4), 3.0, None],
            ],
            (0, 1),
        ),
    ],
)
def test_the_header_is_found(rows: list[list[object]], expected: tuple[int, int]) -> None:
    assert find_header(rows) == expected


def test_a_first_data_row_of_text_is_not_taken_for_a_second_header() -> None:
    rows = [
        ["Cliente", "Città", "Note"],
        ["Rossi", "Roma", "chiamare"],
        ["Bianchi", "Milano", None],
    ]
    assert find_header(rows) == (0, 0)


def test_two_header_rows_make_one_name_per_column() -> None:
    rows = [
        ["Respondent ID", "Quale punto di contatto?", None, "Commento"],
        [None, "Response", "Altro (specificare)", "Open-Ended Response"],
    ]
    assert header_names(rows, 4, unnamed) == [
        "Respondent ID",
        "Quale punto di contatto? - Response",
        "Quale punto di contatto? - Altro (specificare)",
        "Commento - Open-Ended Response",
    ]


def test_names_are_tidy_unique_and_never_empty() -> None:
    rows = [["  Data\n documento ", "Note", "note", None, 2025.0]]
    assert header_names(rows, 6, unnamed) == [
        "Data documento",
        "Note",
        "note (2)",
        "Colonna 4",
        "2025",
        "Colonna 6",
    ]


@pytest.mark.parametrize(
    ("values", "label"),
    [
        (["Totale", None, None, 1234.5], "Totale"),
        ([None, "TOTALE GENERALE:", None, 99.0], "TOTALE GENERALE:"),
        (["Totali", None, 3.0, 1234.5], "Totali"),
        (["Total", "x", "y", 1.0], "Total"),  # just the word: a total even if full
        (["Totale fatture gennaio", None, None, 10.0], "Totale fatture gennaio"),
        (["Total Srl", "Milano", "00042", 10.0], None),  # a customer, the row is full
        ([datetime(2025, 1, 1), "Totale", None, 1.0], None),  # a date comes first
        (["Rossi", None, None, 5.0], None),
    ],
)
def test_total_rows_are_told_from_data_rows(values: list[object], label: str | None) -> None:
    assert total_label(values, typical=4) == label
