"""The sample company's three files, in the shapes real users have.

* ``vendite_gestionale.xlsx``: an invoicing-software export: two title rows above the
  Italian header, real Excel dates, customer codes as text, a "Totale" row at the bottom.
* ``registro_reclami.xlsx``: a complaints log kept by hand, with the messy cells such logs
  have (some dates typed as text dd/mm/yyyy, stray spaces, inconsistent capitals, empty
  owner cells) and a second sheet with the drop-down lists.
* ``questionario_google_moduli.csv``: a Google Forms export in Italian ("Informazioni
  cronologiche", the questions as headers, comma-separated, utf-8).

Every writer is deterministic: the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cx_sme.sample import texts as sample_texts
from cx_sme.sample.generator import SampleData

SALES_FILE = "vendite_gestionale.xlsx"
COMPLAINTS_FILE = "registro_reclami.xlsx"
SURVEYS_FILE = "questionario_google_moduli.csv"

# Each file's header, with the canonical column each header holds (None: not imported).
SALES_COLUMNS: dict[str, str | None] = {
    "Data documento": "date", "Tipo documento": None, "N. documento": "order_id",
    "Codice cliente": "customer_id", "Ragione sociale": "customer_name",
    "Articolo": "product", "Categoria": "category", "Canale": "channel",
    "Quantità": "quantity", "Prezzo unitario": None, "Sconto %": None, "Imponibile": "amount",
}  # fmt: skip
COMPLAINTS_COLUMNS: dict[str, str | None] = {
    "N.": None, "Data apertura": "opened", "Codice cliente": "customer_id",
    "Ragione sociale": None, "Canale": "channel", "Punto di contatto": "touchpoint",
    "Reparto": "department", "Categoria": "category", "Descrizione": "description",
    "Responsabile": "owner", "Data chiusura": "closed", "Stato": None, "Costo (€)": "cost",
}  # fmt: skip
SURVEYS_COLUMNS: dict[str, str | None] = {
    "Informazioni cronologiche": "date",
    "Codice cliente (lo trova in alto a destra sulla fattura)": "customer_id",
    "Quale momento del nostro servizio vuole valutare?": "touchpoint",
    f"Da 0 a 10, quanto consiglierebbe {sample_texts.COMPANY_SHORT} a un collega?": "nps",
    "Da 1 a 5, quanto è soddisfatto di questo servizio?": "csat",
    "Da 1 a 7, quanto è stato facile ottenere quello che le serviva?": "ces",
    "Vuole lasciarci un commento?": "comment",
}
SALES_HEADER = tuple(SALES_COLUMNS)
COMPLAINTS_HEADER = tuple(COMPLAINTS_COLUMNS)
SURVEYS_HEADER = tuple(SURVEYS_COLUMNS)
# (data set, file name) of the three files, in the order they are loaded.
FILES = (("sales", SALES_FILE), ("complaints", COMPLAINTS_FILE), ("surveys", SURVEYS_FILE))
COLUMNS = {"sales": SALES_COLUMNS, "complaints": COMPLAINTS_COLUMNS, "surveys": SURVEYS_COLUMNS}


def mapping_of(columns: dict[str, str | None]) -> dict[str, str]:
    """Canonical column -> header, the mapping the importer takes.

    >>> mapping_of({"Data": "date", "Note": None})
    {'date': 'Data'}
    """
    return {canonical: header for header, canonical in columns.items() if canonical}


_FIXED_ZIP_TIME = (2026, 11, 2, 8, 30, 0)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_DATE = "dd/mm/yyyy"
_MONEY = "#,##0.00"


def _it_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _save(workbook: Workbook, as_of: dt.date) -> bytes:
    """Workbook bytes with fixed timestamps inside, so that the output is reproducible."""
    stamp = dt.datetime.combine(as_of + dt.timedelta(days=2), dt.time(8, 30))
    workbook.properties.creator = sample_texts.COMPANY
    workbook.properties.created = stamp
    raw = io.BytesIO()
    workbook.save(raw)
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rf"\g<1>{fixed}\g<2>",
                    text,
                )
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def _widths(sheet: Worksheet, widths: Iterable[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def sales_xlsx(data: SampleData) -> bytes:
    """The invoicing-software export of every invoice and credit-note line."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Venduto"
    sheet.append([sample_texts.COMPANY])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [
            "Analisi del venduto per riga documento - dal "
            f"{_it_date(data.first_day)} al {_it_date(data.as_of)}"
        ]
    )
    sheet.append([])
    sheet.append(list(SALES_HEADER))
    for cell in sheet[4]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    total = 0.0
    row = 4
    for line in data.sales:
        quantity = int(line.quantity) if line.quantity == int(line.quantity) else line.quantity
        sheet.append(
            [
                line.date, line.doc_type, line.doc, line.code, line.name, line.article,
                line.category, line.channel, quantity, line.unit_price,
                line.discount or None, line.amount,
            ]
        )  # fmt: skip
        total += line.amount
        row += 1
        sheet.cell(row, 1).number_format = _DATE
        sheet.cell(row, 4).number_format = "@"
        for column in (10, 12):
            sheet.cell(row, column).number_format = _MONEY
    sheet.append(["Totale", None, None, None, None, None, None, None, None, None, None,
                  round(total, 2)])  # fmt: skip
    last = sheet.max_row
    sheet.cell(last, 1).font = _BOLD
    sheet.cell(last, 12).font = _BOLD
    sheet.cell(last, 12).number_format = _MONEY
    _widths(sheet, (14, 15, 15, 13, 40, 40, 24, 16, 10, 14, 10, 14))
    sheet.freeze_panes = "A5"
    return _save(workbook, data.as_of)


def _messy_text(rng: random.Random, text: str) -> str:
    """How a touchpoint or department looks when typed by hand."""
    roll = rng.random()
    if roll < 0.025:
        return text.lower()
    if roll < 0.035:
        return text.upper()
    if roll < 0.06:
        return text + " "
    if roll < 0.07:
        return " " + text
    return text


def _date_cell(rng: random.Random, day: dt.date) -> dt.date | str:
    """Mostly real dates; some typed as text, as people do when the cell is not formatted."""
    return _it_date(day) if rng.random() < 0.06 else day


def complaints_xlsx(data: SampleData, seed: int = 7) -> bytes:
    """The complaints log kept by hand in Excel, with a sheet of drop-down lists."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Reclami"
    sheet.append(list(COMPLAINTS_HEADER))
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    row = 1
    for number, item in enumerate(data.complaints, start=1):
        # Each row's quirks come from the row itself, drawn in a fixed order: next month's
        # log shows the same rows typed the same way (a closing date added changes only
        # the closing cells).
        rng = random.Random(f"{seed}|{item.opened}|{item.code}|{item.description}")  # noqa: S311
        department = sample_texts.DEPT[sample_texts.TP_DEPT[item.touchpoint]]
        owner = item.owner
        if rng.random() < 0.06 and owner:
            owner += " "
        lower_state = rng.random() < 0.05
        opened = _date_cell(rng, item.opened)
        touchpoint = _messy_text(rng, sample_texts.TP[item.touchpoint])
        department = _messy_text(rng, department)
        closed_cell = _date_cell(rng, item.closed) if item.closed else None
        if item.closed is not None:
            state = "chiuso" if lower_state else "Chiuso"
        else:
            state = "In lavorazione" if owner else "Aperto"
        sheet.append(
            [
                number, opened, item.code, item.name, item.channel, touchpoint, department,
                item.category, item.description, owner or None, closed_cell, state, item.cost,
            ]
        )  # fmt: skip
        row += 1
        for column in (2, 11):
            sheet.cell(row, column).number_format = _DATE
        sheet.cell(row, 3).number_format = "@"
        sheet.cell(row, 13).number_format = _MONEY
        sheet.cell(row, 9).alignment = Alignment(wrap_text=True)
    _widths(sheet, (6, 13, 13, 34, 12, 26, 30, 22, 48, 18, 13, 15, 11))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:M{sheet.max_row}"

    lists = workbook.create_sheet("Elenchi")
    columns = {
        "Punti di contatto": list(sample_texts.TP.values()),
        "Reparti": list(sample_texts.DEPT.values()),
        "Responsabili": [name for names in sample_texts.OWNERS.values() for name in names],
        "Canali": sorted(set(sample_texts.COMPLAINT_CHANNELS)),
        "Stati": ["Aperto", "In lavorazione", "Chiuso"],
    }
    for index, (title, values) in enumerate(columns.items(), start=1):
        lists.cell(1, index, title).font = _BOLD
        for offset, value in enumerate(values, start=2):
            lists.cell(offset, index, value)
    _widths(lists, (28, 32, 20, 14, 16))
    last = sheet.max_row + 200
    for letter, source in (("F", "A"), ("G", "B"), ("J", "C"), ("L", "E")):
        size = len(list(columns.values())["ABCDE".index(source)]) + 1
        validation = DataValidation(
            type="list", formula1=f"Elenchi!${source}$2:${source}${size}", allow_blank=True
        )
        validation.showErrorMessage = False
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)
    return _save(workbook, data.as_of)


def _timestamp(moment: dt.datetime) -> str:
    """A timestamp as Google Sheets in Italian writes it: ``14/03/2025 9.05.12``."""
    return f"{moment:%d/%m/%Y} {moment.hour}.{moment:%M.%S}"


def surveys_csv(data: SampleData) -> bytes:
    """The Google Forms responses, downloaded as CSV from the Italian interface."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SURVEYS_HEADER)
    for answer in data.surveys:
        writer.writerow(
            [
                _timestamp(answer.timestamp), answer.code, sample_texts.TP[answer.touchpoint],
                answer.nps, answer.csat, "" if answer.ces is None else answer.ces,
                answer.comment,
            ]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def write_all(data: SampleData, folder: Path) -> list[Path]:
    """Write the three files into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in (
        (SALES_FILE, sales_xlsx(data)),
        (COMPLAINTS_FILE, complaints_xlsx(data)),
        (SURVEYS_FILE, surveys_csv(data)),
    ):
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written
