"""The shape of a table, whatever the file: which rows are titles, which are the header
(one or two rows), what the columns are called, which rows at the bottom are totals; and
the finished :class:`RawTable` the readers return.

Works on plain rows of cell values (``str``, ``float``, dates, ``None``), so the same
rules hold for a CSV and a sheet.

>>> title, header = ["Elenco vendite 2025"], ["Data", "Cliente", "Importo"]
>>> find_header([title, [], header, ["31/12/2025", "00042", "1,5"]])
(2, 2)
>>> header_names([["Data", None, "Data"]], 3, lambda c: f"Colonna {c + 1}")
['Data', 'Colonna 2', 'Data (2)']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from cx_sme.core.errors import FileRefused
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t

SAMPLE_ROWS = 40
"""Rows with content looked at to find the header."""


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
    # e-invoices only (kind "einvoice"): documents read, files left out and why
    einvoice: Any = None


@dataclass(frozen=True)
class RawTable:
    """The rows of the file below the header, one column per header."""

    columns: list[str]
    frame: pd.DataFrame
    row_numbers: np.ndarray
    detected: Detected


# --- header ---------------------------------------------------------------------------

_VALUE_TEXT = re.compile(
    r"""^\s*(
        [-+(]?\s*(€|eur)?\s*[-+]?\d[\d.,' ]*\s*(€|eur|%)?\s*\)?     # 1.234,56  € 12  (12,00)
      | \d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}([ T]\d{1,2}[:.]\d\d([:.]\d\d)?)?  # 31/12/2025 10:15
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and value != value


def _is_label(value: Any) -> bool:
    """Text that reads like a column title (not a number or date typed as text)."""
    return isinstance(value, str) and bool(value.strip()) and not _VALUE_TEXT.match(value)


def find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, int]:
    """(first, last) index in ``rows`` of the header rows.

    The header is the first row whose cells are all titles and fill most of the table's
    width: title rows above it ("Elenco vendite 2025", "Periodo: gennaio") fill one or two
    cells. A second header row (SurveyMonkey: the question above, "Response" or the
    option below) is recognised by the cells it leaves empty under a filled column and
    the titles it puts over columns of numbers.
    """
    filled = [sum(not is_blank(v) for v in r) for r in rows]
    widest = max(filled, default=0)
    first = None
    for i, row in enumerate(rows):
        labels = sum(_is_label(v) for v in row)
        if filled[i] and labels == filled[i] and labels >= max(min(2, widest), 0.6 * widest):
            first = i
            break
    if first is None:
        first = next((i for i, n in enumerate(filled) if n >= 0.6 * widest), 0)
    if first + 2 < len(rows) and _is_second_header(rows[first], rows[first + 1], rows[first + 2 :]):
        return first, first + 1
    return first, first


def _is_second_header(
    top: Sequence[Any], row: Sequence[Any], data: Sequence[Sequence[Any]]
) -> bool:
    cells = [v for v in row if not is_blank(v)]
    if not cells or not all(_is_label(v) for v in cells):
        return False

    def at(r: Sequence[Any], c: int) -> Any:
        return r[c] if c < len(r) else None

    def mostly(c: int, test: Callable[[Any], bool]) -> bool:
        return sum(test(at(r, c)) for r in data) > len(data) / 2

    width = max(len(top), len(row))
    under_filled = any(
        _is_label(at(top, c)) and is_blank(at(row, c)) and mostly(c, lambda v: not is_blank(v))
        for c in range(width)
    )
    over_values = any(
        _is_label(at(row, c))
        and (is_blank(at(top, c)) or mostly(c, lambda v: not is_blank(v) and not _is_label(v)))
        for c in range(width)
    )
    return under_filled and over_values


def header_names(
    rows: Sequence[Sequence[Any]], width: int, unnamed: Callable[[int], str]
) -> list[str]:
    """Column names from one or two header rows: "Domanda - Risposta" when two rows are
    given (a question spanning several answer columns is carried to the right), unique
    (a repeated name gets " (2)"), "Colonna C" for a column with no title."""
    top = [_text(rows[0][c]) if c < len(rows[0]) else "" for c in range(width)]
    if len(rows) > 1:
        bottom = [_text(rows[1][c]) if c < len(rows[1]) else "" for c in range(width)]
        carried = ""
        for c in range(width):
            if top[c]:
                carried = top[c]
            elif bottom[c] and carried:
                top[c] = carried
        top = [
            f"{a} - {b}" if a and b and a != b else a or b for a, b in zip(top, bottom, strict=True)
        ]
    names: list[str] = []
    seen: dict[str, int] = {}
    for c, name in enumerate(top):
        name = name or unnamed(c)
        count = seen.get(name.casefold(), 0) + 1
        seen[name.casefold()] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return names


def _text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


# --- totals and the finishing touches --------------------------------------------------

_TOTAL = re.compile(r"^\s*(totale|totali|total|totals|tot\.|tot|grand total)\b", re.IGNORECASE)
_TOTAL_ONLY = re.compile(
    r"^\s*(totale|totali|total|totals|tot\.?)(\s+(generale|complessivo|general|overall))?\s*:?\s*$",
    re.IGNORECASE,
)
TOTAL_LOOKBACK = 3


def finish(
    frame: pd.DataFrame,
    rows: np.ndarray,
    detected: Detected,
    max_rows: int,
    named: Sequence[bool],
    where: str,
    dropped: Sequence[tuple[int, str]] = (),
) -> RawTable:
    """Drop empty rows, unnamed empty columns and total rows at the bottom (added to
    those already ``dropped``); enforce the row limit."""
    keep_cols = [
        c
        for c, has_name in zip(frame.columns, named, strict=True)
        if has_name or frame[c].notna().any()
    ]
    if len(keep_cols) < frame.shape[1]:
        frame = frame[keep_cols]
    keep = frame.notna().any(axis=1).to_numpy()
    if not keep.all():
        frame = frame.loc[keep].reset_index(drop=True)
        rows = rows[keep]
    if frame.shape[1] == 0:
        raise FileRefused("readers.no_data", where=where)
    if len(frame) > max_rows:
        raise FileRefused(
            "readers.too_many_rows", where=where, rows=number(len(frame)), limit=number(max_rows)
        )
    totals = _total_rows(frame, rows)
    if totals:
        frame = frame.iloc[: len(frame) - len(totals)].reset_index(drop=True)
        rows = rows[: len(rows) - len(totals)]
        frame = _retyped(frame)
    if frame.empty:
        raise FileRefused("readers.no_rows", where=where, header_row=detected.header_row)
    columns = list(frame.columns)
    left_out = tuple(sorted([*dropped, *totals]))
    detected = Detected(**{**detected.__dict__, "dropped_rows": left_out})
    return RawTable(columns, frame, np.asarray(rows, dtype=np.int64), detected)


def _retyped(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a single dtype back to object columns that held one kind of value apart from
    the rows just left out (a "Totale" label in a date column)."""
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        kind = pd.api.types.infer_dtype(column, skipna=True)
        if kind in ("datetime", "datetime64", "date"):
            frame[name] = pd.to_datetime(column).astype("datetime64[ms]")
        elif kind in ("floating", "integer", "mixed-integer-float"):
            frame[name] = column.astype("float64")
        elif kind == "string":
            frame[name] = column.astype("str")
    return frame


def typical_fill(frame: pd.DataFrame) -> float:
    """How many cells a data row usually fills."""
    return float(np.median(frame.notna().sum(axis=1).to_numpy())) if len(frame) else 0.0


def total_label(values: Sequence[Any], typical: float) -> str | None:
    """The label of a total row ("Totale", "Totale generale:"...), or ``None``: the first
    filled cell says total, and the row is sparser than the data rows (or the label is
    nothing but the word, so that a customer named "Total Srl" stays)."""
    filled = [v for v in values if not is_blank(v)]
    label = filled[0] if filled else None
    if not isinstance(label, str) or not _TOTAL.match(label):
        return None
    if not _TOTAL_ONLY.match(label) and len(filled) >= typical:
        return None
    return label.strip()


def _total_rows(frame: pd.DataFrame, rows: np.ndarray) -> list[tuple[int, str]]:
    """The total rows at the bottom of ``frame`` (row number, why)."""
    if len(frame) < 2:
        return []
    typical = typical_fill(frame.iloc[-1000:])
    found: list[tuple[int, str]] = []
    for back in range(1, min(TOTAL_LOOKBACK, len(frame) - 1) + 1):
        label = total_label(frame.iloc[-back].tolist(), typical)
        if label is None:
            break
        found.append((int(rows[-back]), t("readers.dropped_total", label=label)))
    return found
