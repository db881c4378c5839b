"""Read an uploaded spreadsheet (.xlsx or .csv) into a table of raw values.

``read_table(data, file_name)`` checks the file first (``cx_sme.safety``), finds the sheet,
the header row, the separator and the encoding, and returns a :class:`RawTable`.

Values in ``RawTable.frame``:

- CSV: every column is text (pandas ``str``), empty cells are missing. Nothing is
  converted: ``"1.234,56"`` and ``"31/12/2025"`` stay as typed, and the validation step
  parses them.
- XLSX: a column keeps the types the sheet has. All dates → ``datetime64``; all numbers
  → ``float64``; all text → ``str``; otherwise ``object`` holding ``str``, ``float``,
  ``bool``, ``pandas.Timestamp`` or ``None`` cell by cell. Text stays text: a customer
  code typed as ``"00042"`` stays ``"00042"``. Numbers that are not formatted as dates
  stay numbers (an Excel date serial such as ``45000.0``); turning them into dates needs
  ``Detected.date_system``.

Empty rows are left out (``row_numbers`` keeps the number the user sees in the file:
the Excel row, or the CSV record counted as Excel counts it when it opens the file), and
so are columns with neither a header nor a value. A total row at the bottom ("Totale",
"Totali", "Total") is left out and listed in ``Detected.dropped_rows``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cx_sme import safety
from cx_sme.errors import FileRefused

MAX_ROWS = 1_200_000
"""Most data rows read from one file (CSV or sheet); above this the file is refused."""

SAMPLE_ROWS = 40
"""Rows looked at to find the header."""

_SAMPLE_BYTES = 256 * 1024


@dataclass(frozen=True)
class Detected:
    """What was found out about the file while reading it."""

    kind: str
    sheet: str | None
    sheets: tuple[str, ...]
    header_row: int
    encoding: str | None
    separator: str | None
    date_system: str | None
    dropped_rows: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class RawTable:
    """The rows of the file below the header, one column per header."""

    columns: list[str]
    frame: pd.DataFrame
    row_numbers: np.ndarray
    detected: Detected


def sheet_names(data: bytes, file_name: str) -> list[str]:
    """The sheets of an .xlsx file (a CSV has none: ``[]``)."""
    kind = safety.check_upload(data, file_name)
    if kind != "xlsx":
        return []
    import fastexcel

    return list(fastexcel.read_excel(data).sheet_names)


def read_table(
    data: bytes, file_name: str, *, sheet: str | None = None, max_rows: int = MAX_ROWS
) -> RawTable:
    """Read the table in ``data``; raise ``FileRefused`` (or ``UnsafeFile``) if it cannot."""
    kind = safety.check_upload(data, file_name)
    if kind == "xlsx":
        return _read_xlsx(data, sheet, max_rows)
    return _read_csv(data, max_rows)


# --- header detection ----------------------------------------------------------------


def _find_header(rows: list[list[Any]]) -> int:
    """Index in ``rows`` of the header: the first row that fills most of the table's width
    with text. Title rows ("Elenco vendite 2025") fill one or two cells."""
    widths = [sum(1 for v in r if not _empty(v)) for r in rows]
    widest = max(widths, default=0)
    for i, row in enumerate(rows):
        texts = sum(1 for v in row if isinstance(v, str) and v.strip())
        if widths[i] and texts == widths[i] and texts >= max(2, 0.6 * widest):
            return i
    return next((i for i, w in enumerate(widths) if w), 0)


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return value != value
    return False


def _header_names(cells: list[Any]) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = "" if _empty(cell) else " ".join(str(cell).split())
        if not name:
            name = f"Colonna {i + 1}"
        count = seen.get(name.casefold(), 0) + 1
        seen[name.casefold()] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return names


# --- CSV ------------------------------------------------------------------------------


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _csv_encoding(data: bytes) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _sample_text(data: bytes, encoding: str) -> str:
    chunk = data[:_SAMPLE_BYTES]
    text = chunk.decode(encoding, errors="ignore")
    if len(chunk) < len(data):
        text = text[: text.rfind("\n") + 1] or text
    return text


def _sniff_separator(text: str) -> str:
    best, best_score = ";", (-1.0, 0)
    for sep in (";", ",", "\t"):
        counts = [len(r) for r in csv.reader(io.StringIO(text), delimiter=sep) if r]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (counts.count(mode) / len(counts) if mode > 1 else 0.0, mode)
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_csv(data: bytes, max_rows: int) -> RawTable:
    encoding = _csv_encoding(data)
    text = _sample_text(data, encoding)
    sep = _sniff_separator(text)
    sample = [r for r in csv.reader(io.StringIO(text), delimiter=sep)][:SAMPLE_ROWS]
    header = _find_header(sample)
    names = _header_names(sample[header] if sample else [])
    frame = pd.read_csv(
        io.BytesIO(data),
        sep=sep,
        encoding=encoding,
        header=None,
        skiprows=header + 1,
        names=names,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
        engine="c",
        nrows=max_rows + 1,
    )
    rows = np.arange(header + 2, header + 2 + len(frame), dtype=np.int64)
    detected = Detected("csv", None, (), header + 1, encoding, sep, None, ())
    return _finish(frame, rows, detected, max_rows)


# --- XLSX -----------------------------------------------------------------------------


def _read_xlsx(data: bytes, sheet: str | None, max_rows: int) -> RawTable:
    import fastexcel

    reader = fastexcel.read_excel(data)
    sheets = tuple(reader.sheet_names)
    name = sheet if sheet is not None else sheets[0]
    loaded = reader.load_sheet(name, header_row=0, schema_sample_rows=None)
    frame = loaded.to_pandas()
    names = _header_names(list(frame.columns))
    frame.columns = pd.Index(names)
    rows = np.arange(2, 2 + len(frame), dtype=np.int64)
    detected = Detected("xlsx", name, sheets, 1, None, None, "1900", ())
    return _finish(frame, rows, detected, max_rows)


def _finish(frame: pd.DataFrame, rows: np.ndarray, detected: Detected, max_rows: int) -> RawTable:
    keep = frame.notna().any(axis=1).to_numpy()
    frame = frame.loc[keep].reset_index(drop=True)
    rows = rows[keep]
    if len(frame) > max_rows:
        raise FileRefused("readers.too_many_rows", limit=max_rows)
    if frame.empty:
        raise FileRefused("readers.no_rows")
    return RawTable(list(frame.columns), frame, rows, detected)


_TOTAL = re.compile(r"^\s*(totale|totali|total|totals)\b", re.IGNORECASE)
