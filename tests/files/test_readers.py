"""Reading the spreadsheets real users upload: every value comes out as they typed it,
in the right column, with the row number they see in Excel."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from cx_sme.core.errors import FileRefused
from cx_sme.core.i18n import set_language
from cx_sme.files.readers import MAX_ROWS, RawTable, read_table, sheet_names

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "files"
SALES = [
    "Data documento",
    "Numero documento",
    "Codice cliente",
    "Ragione sociale",
    "Quantità",
    "Imponibile",
]
SALES_VALUES = [
    [datetime(2025, 1, 7), "FT 2025/001", "00042", "Bianchi Arredamenti S.r.l.", 3.0, 1234.56],
    [datetime(2025, 1, 9), "FT 2025/002", "00107", "Caffè Centrale di Rossi Anna", 1.0, 89.9],
    [datetime(2025, 1, 15), "FT 2025/003", "00042", "Bianchi Arredamenti S.r.l.", 12.0, 15230.0],
    [datetime(2025, 1, 31), "NC 2025/001", "00107", "Caffè Centrale di Rossi Anna", -1.0, -89.9],
]


def read(name: str, **kwargs: object) -> RawTable:
    return read_table((FILES / name).read_bytes(), name, **kwargs)  # type: ignore[arg-type]


def cells(table: RawTable) -> list[list[object]]:
    """The frame as plain Python values, missing cells as None."""
    out = []
    for row in table.frame.itertuples(index=False):
        out.append(
            [
                None if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)) else v
                for v in row
            ]
        )
    return [[v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in r] for r in out]


def xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- workbooks from the programs people use ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "sheet", "header_row", "first_row"),
    [
        ("excel_vendite_titoli_totale.xlsx", "Vendite", 4, 5),
        ("libreoffice_vendite.xlsx", "Foglio1", 2, 3),
        ("gestionale_senza_riferimenti.xlsx", "Export", 1, 2),
        ("con_macro.xlsm", "Vendite", 1, 2),
    ],
)
def test_sales_workbooks_read_cell_by_cell(
    name: str, sheet: str, header_row: int, first_row: int
) -> None:
    table = read(name)
    assert table.columns == SALES
    assert cells(table) == SALES_VALUES
    assert table.row_numbers.tolist() == list(range(first_row, first_row + 4))
    assert table.detected.kind == "xlsx"
    assert table.detected.sheet == sheet
    assert table.detected.header_row == header_row
    assert table.detected.date_system == "1900"


def test_title_rows_are_skipped_and_the_total_row_is_left_out_and_reported() -> None:
    table = read("excel_vendite_titoli_totale.xlsx")
    assert "Fatturato clienti - gennaio 2025" not in table.columns
    assert table.detected.dropped_rows[0][0] == 9
    assert "Totale" in table.detected.dropped_rows[0][1]
    assert len(table.detected.dropped_rows) == 1
    # The date column is a real date column once the "Totale" label is gone.
    assert table.frame["Data documento"].dtype.kind == "M"
    assert table.frame["Imponibile"].dtype == np.float64


def test_customer_codes_keep_their_leading_zeros() -> None:
    table = read("excel_vendite_titoli_totale.xlsx")
    assert table.frame["Codice cliente"].tolist() == ["00042", "00107", "00042", "00107"]


def test_google_sheets_dates_with_times_and_empty_cells() -> None:
    table = read("google_sheets_reclami.xlsx")
    assert table.columns == [
        "Aperto il",
        "Cliente",
        "Punto di contatto",
        "Reparto",
        "Responsabile",
        "Chiuso il",
    ]
    assert cells(table) == [
        [
            datetime(2025, 2, 3, 9, 15),
            "00042",
            "Fattura",
            "Amministrazione",
            "Giulia",
            datetime(2025, 2, 5, 17),
        ],
        [datetime(2025, 2, 10, 14, 40), "00107", "Consegna e magazzino", "Produzione", None, None],
    ]


def excel_serial_to_date(serial: float, system: str) -> date:
    epoch = date(1899, 12, 30) if system == "1900" else date(1904, 1, 1)
    return epoch + timedelta(days=int(serial))


def test_real_dates_text_dates_and_serial_numbers() -> None:
    table = read("date_testo_e_seriali.xlsx")
    assert table.frame["Data"].tolist() == [pd.Timestamp(2025, 3, 1), pd.Timestamp(2025, 3, 31)]
    assert table.frame["Data testo"].tolist() == ["01/03/2025", "31/03/2025"]
    serials = table.frame["Data seriale"].tolist()
    assert serials == [45717.0, 45747.0]
    assert [excel_serial_to_date(s, table.detected.date_system) for s in serials] == [
        date(2025, 3, 1),
        date(2025, 3, 31),
    ]


def test_the_1904_date_system_is_detected_and_dates_are_right() -> None:
    table = read("data_1904.xlsx")
    assert table.detected.date_system == "1904"
    assert table.frame["Data"].tolist() == [pd.Timestamp(2025, 3, 1), pd.Timestamp(2024, 2, 29)]
    converted = [excel_serial_to_date(s, "1904") for s in table.frame["Data seriale"]]
    assert converted == [date(2025, 3, 1), date(2024, 2, 29)]


def test_several_sheets_first_with_data_or_the_named_one() -> None:
    data = (FILES / "piu_fogli.xlsx").read_bytes()
    assert sheet_names(data, "piu_fogli.xlsx") == ["Vuoto", "Vendite 2024", "Vendite 2025"]
    first = read_table(data, "piu_fogli.xlsx")
    assert first.detected.sheet == "Vendite 2024"
    assert first.detected.sheets == ("Vuoto", "Vendite 2024", "Vendite 2025")
    assert first.frame["Numero documento"].tolist() == ["FT 2024/350"]
    named = read_table(data, "piu_fogli.xlsx", sheet="Vendite 2025")
    assert cells(named) == SALES_VALUES
    assert (
        read_table(data, "piu_fogli.xlsx", sheet="vendite 2025 ").detected.sheet == "Vendite 2025"
    )


def test_a_missing_sheet_is_named_with_the_sheets_there_are() -> None:
    data = (FILES / "piu_fogli.xlsx").read_bytes()
    with pytest.raises(FileRefused) as err:
        read_table(data, "piu_fogli.xlsx", sheet="Vendite 2026")
    assert "«Vendite 2026»" in str(err.value)
    assert "«Vendite 2024», «Vendite 2025»" in str(err.value)
    with pytest.raises(FileRefused, match="Non c'è nessun dato nel foglio «Vuoto»"):
        read_table(data, "piu_fogli.xlsx", sheet="Vuoto")


def test_a_hand_kept_log_keeps_each_cell_as_typed() -> None:
    table = read("registro_a_mano.xlsx")
    assert table.columns == [
        "Data apertura",
        "Cliente",
        "Descrizione",
        "Importo rimborso",
        "Note",
        "Note (2)",
        "Colonna G",
    ]
    assert cells(table) == [
        [datetime(2025, 1, 3), "00042", "Fattura sbagliata", 120.0, None, None, None],
        ["15/01/2025", "00107", "Consegna in ritardo", "n/a", "chiamare", None, None],
        [datetime(2025, 2, 1), "42", "Imballo rotto", "35", None, "urgente", "x"],
    ]
    assert table.row_numbers.tolist() == [2, 3, 5]  # the blank row 4 is left out


def test_surveymonkey_two_header_rows_are_combined() -> None:
    table = read("surveymonkey_due_intestazioni.xlsx")
    nps = "Quanto è probabile che consiglierebbe la nostra azienda a un amico o collega? - Response"
    touch = "Quale punto di contatto riguarda la sua risposta?"
    assert table.columns == [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        nps,
        "Quanto è soddisfatto del servizio? - Response",
        f"{touch} - Response",
        f"{touch} - Altro (specificare)",
        "Cosa possiamo migliorare? - Open-Ended Response",
    ]
    assert table.detected.header_row == 2
    assert table.row_numbers.tolist() == [3, 4]
    assert table.frame[nps].tolist() == [9.0, 3.0]
    assert table.frame["Start Date"].tolist() == [
        pd.Timestamp(2025, 3, 3, 10, 1),
        pd.Timestamp(2025, 3, 4, 18, 30),
    ]
    assert table.frame[f"{touch} - Altro (specificare)"].tolist()[1] == "Il call center"


def test_a_column_mixing_numbers_and_text_far_down_keeps_both() -> None:
    rows: list[list[object]] = [["Data", "Cliente", "Importo"]]
    rows += [
        [datetime(2025, 1, 1) + timedelta(days=i % 300), f"{i:05d}", float(i)] for i in range(3000)
    ]
    rows[2500][2] = "n/a"
    table = read_table(xlsx(rows), "vendite.xlsx")
    amounts = table.frame["Importo"].tolist()
    assert amounts[2499] == "n/a"
    assert amounts[2498] == 2498.0 and isinstance(amounts[2498], float)
    assert table.row_numbers[2499] == 2501
    assert table.frame["Cliente"].tolist()[:2] == ["00000", "00001"]
    assert table.frame["Data"].dtype.kind == "M"


def test_a_customer_called_total_is_not_a_total_row() -> None:
    data = xlsx(
        [["Cliente", "Città", "Importo"], ["Rossi", "Roma", 10.0], ["Total Srl", "Milano", 5.0]]
    )
    table = read_table(data, "clienti.xlsx")
    assert table.frame["Cliente"].tolist() == ["Rossi", "Total Srl"]
    assert table.detected.dropped_rows == ()


# --- CSV ---------------------------------------------------------------------------------

CSV_VALUES = [
    ["07/01/2025", "00042", "Bianchi Arredamenti S.r.l.", "1.234,56"],
    ["09/01/2025", "00107", "Caffè Centrale di Rossi Anna", "89,90"],
    ["31/01/2025", "00107", "Caffè Centrale; Rossi", "-89,90"],
]


@pytest.mark.parametrize(
    ("name", "encoding", "separator"),
    [
        ("excel_punto_e_virgola_cp1252.csv", "cp1252", ";"),
        ("excel_csv_utf8_bom.csv", "utf-8-sig", ";"),
        ("virgola_utf8.csv", "utf-8", ","),
        ("testo_unicode_tab.txt", "utf-16", "\t"),
    ],
)
def test_csv_in_every_encoding_and_separator(name: str, encoding: str, separator: str) -> None:
    table = read(name)
    assert table.columns == ["Data documento", "Codice cliente", "Ragione sociale", "Imponibile"]
    expected = [list(r) for r in CSV_VALUES]
    if separator == ",":
        expected[2][2] = "Caffè Centrale, Rossi"
    assert cells(table) == expected
    assert table.detected.encoding == encoding
    assert table.detected.separator == separator
    assert table.row_numbers.tolist() == [2, 3, 4]
    assert table.detected.dropped_rows[0][0] == 5


def test_csv_title_rows_and_blank_lines_keep_the_row_numbers_of_the_file() -> None:
    table = read("titoli_e_righe_vuote.csv")
    assert table.detected.header_row == 4
    assert cells(table) == CSV_VALUES
    assert table.row_numbers.tolist() == [5, 7, 8]
    assert [n for n, _ in table.detected.dropped_rows] == [9]


def test_google_forms_italian_export() -> None:
    table = read("google_moduli_risposte.csv")
    assert table.columns[0] == "Informazioni cronologiche"
    assert (
        table.columns[2]
        == "Quanto è probabile che consiglieresti Rossi Forniture a un amico o collega?"
    )
    assert table.frame["Informazioni cronologiche"].tolist() == [
        "15/01/2025 10.32.11",
        "16/01/2025 08.05.47",
        "17/01/2025 19.41.02",
    ]
    comments = table.frame["Vuoi dirci qualcosa di più?"].tolist()
    assert comments[1] == 'La fattura era sbagliata.\nHo dovuto chiamare due volte, "assurdo"'
    assert pd.isna(comments[2])
    assert pd.isna(table.frame["Indirizzo email"].tolist()[1])
    assert table.row_numbers.tolist() == [2, 3, 4]  # a comment over two lines is one row


def test_csv_columns_are_text_with_missing_empty_cells() -> None:
    data = b"Cliente;Importo;Note\n00042;1.234,56;\n00043;;ok\n"
    table = read_table(data, "vendite.csv")
    assert all(pd.api.types.is_string_dtype(table.frame[c]) for c in table.columns)
    assert cells(table) == [["00042", "1.234,56", None], ["00043", None, "ok"]]


def test_a_large_csv_is_read_whole_with_its_row_numbers() -> None:
    lines = ["Data;Cliente;Importo"] + [
        f"{1 + i % 28:02d}/01/2025;{i:05d};{i},50" for i in range(200_000)
    ]
    table = read_table("\n".join(lines).encode(), "vendite.csv")
    assert len(table.frame) == 200_000
    assert table.frame["Cliente"].iloc[-1] == "199999"
    assert table.frame["Importo"].iloc[12345] == "12345,50"
    assert table.row_numbers[-1] == 200_001


def test_a_csv_over_the_row_limit_is_refused_with_the_limit() -> None:
    data = b"Cliente;Importo\n" + b"1;2\n" * (MAX_ROWS + 1)
    with pytest.raises(FileRefused) as err:
        read_table(data, "enorme.csv")
    assert "1.048.577 righe di dati" in str(err.value)
    assert "il limite è 1.048.576" in str(err.value)


def test_a_csv_not_utf8_after_the_first_block_is_read_as_windows_1252() -> None:
    data = b"Cliente;Citta\n" + b"00001;Roma\n" * 40_000 + b"00002;Forl\xec\n"
    table = read_table(data, "clienti.csv")
    assert table.frame["Citta"].iloc[-1] == "Forlì"
    assert table.detected.encoding == "cp1252"


def test_messages_follow_the_language() -> None:
    set_language("en")
    with pytest.raises(FileRefused, match="There is a header"):
        read_table(b"Cliente;Importo\n", "vuoto.csv")


def test_a_column_the_fast_reader_cannot_type_is_read_cell_by_cell() -> None:
    data = xlsx(
        [
            ["Registro interventi"],
            ["Data", "Durata"],
            [datetime(2025, 1, 1), timedelta(hours=3)],
            [datetime(2025, 1, 2), datetime(2025, 1, 3)],
        ]
    )
    table = read_table(data, "interventi.xlsx")
    assert table.columns == ["Data", "Durata"]
    assert table.frame["Data"].tolist() == [pd.Timestamp(2025, 1, 1), pd.Timestamp(2025, 1, 2)]
    assert table.frame["Durata"].tolist()[1] == pd.Timestamp(2025, 1, 3)
    assert table.row_numbers.tolist() == [3, 4]


def test_odd_characters_inside_values_do_not_shift_rows() -> None:
    data = "Titolo\nCliente;Nota\n00042;pagina\x0cdue\n00043;riga\u2028separata\n".encode()
    table = read_table(data, "note.csv")
    assert table.frame["Nota"].tolist() == ["pagina\x0cdue", "riga\u2028separata"]
    assert table.row_numbers.tolist() == [3, 4]


def test_excel_sep_line_chooses_the_separator_and_is_not_a_row() -> None:
    data = b"sep=,\r\nCliente,Importo\r\n00042,12;50\r\n"
    table = read_table(data, "vendite.csv")
    assert table.detected.separator == ","
    assert table.frame.to_dict("records") == [{"Cliente": "00042", "Importo": "12;50"}]
    assert table.row_numbers.tolist() == [3]


def test_importing_the_readers_leaves_other_loggers_alone() -> None:
    """Importing cx_sme's readers in a fresh interpreter changes no logger's level."""
    import subprocess
    import sys

    code = (
        "import logging\n"
        "before = {n: logging.getLogger(n).level for n in ('fastexcel', 'pyarrow', '')}\n"
        "import cx_sme.files.readers, cx_sme.files.xlsx_reader, cx_sme.files.csv_reader\n"
        "after = {n: logging.getLogger(n).level for n in ('fastexcel', 'pyarrow', '')}\n"
        "assert before == after, (before, after)\n"
        "assert not logging.getLogger('fastexcel').filters\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_fastexcel_warnings_of_other_threads_still_reach_their_handlers() -> None:
    import logging
    import threading

    from cx_sme.files.xlsx_reader import _quiet_fastexcel

    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger = logging.getLogger("fastexcel")
    handler = Keep()
    logger.addHandler(handler)
    try:
        with _quiet_fastexcel():
            logger.warning("from the reading thread")
            other = threading.Thread(target=lambda: logger.warning("from another thread"))
            other.start()
            other.join()
        logger.warning("after reading")
    finally:
        logger.removeHandler(handler)
    assert seen == ["from another thread", "after reading"]
