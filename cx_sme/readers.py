"""Read an uploaded spreadsheet (.xlsx or .csv) into a table of raw values.

``read_table(data, file_name)`` checks the file first (``cx_sme.safety``), then finds the
sheet, the header row (below any title rows; two header rows are combined), the
separator and the encoding, and returns a :class:`RawTable`.

Values in ``RawTable.frame`` (one column per header, same order, ``RangeIndex``):

- CSV: every column is text (pandas ``str``); empty cells are missing. Nothing is
  converted: ``"1.234,56"`` and ``"31/12/2025"`` stay as typed, for the validation step.
- XLSX: a column keeps the types the sheet has. All dates → ``datetime64``; all numbers
  → ``float64``; all text → ``str``; all true/false → ``bool``; otherwise ``object``
  holding ``str``, ``float``, ``bool``, ``pandas.Timestamp`` or ``None`` cell by cell.
  Text stays text: a customer code typed as ``"00042"`` stays ``"00042"``. A number not
  formatted as a date stays a number (an Excel date serial such as ``45658.0``): turn it
  into a date with ``Detected.date_system`` (``"1900"``: day 0 is 1899-12-30; ``"1904"``:
  1904-01-01). Cells formatted as dates are already dates, in either system.

``RawTable.row_numbers`` holds, for each frame row, the row number the user sees when
the file is open in Excel: the sheet row, or for a CSV the record number (a quoted value
spanning several lines is one row, as in Excel). Empty rows are left out, and so are
columns with neither a header nor any value. A total row at the bottom ("Totale",
"Totali", "Total"...) is left out and listed in ``Detected.dropped_rows``.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from cx_sme import safety, xlsx_peek
from cx_sme.errors import FileRefused
from cx_sme.formatting import number
from cx_sme.i18n import t

MAX_ROWS = 1_048_576
"""Most data rows read from one file, CSV or sheet: as many rows as an Excel sheet has."""

SAMPLE_ROWS = 40
"""Rows with content looked at to find the header."""

_SAMPLE_BYTES = 256 * 1024

_log = logging.getLogger(__name__)
# fastexcel warns in English on stderr when a column mixes types; we handle that case.
logging.getLogger("fastexcel").setLevel(logging.ERROR)


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
    """The sheets of an .xlsx file, in workbook order (hidden sheets left out unless all
    are hidden); a CSV has none: ``[]``."""
    if safety.check_upload(data, file_name) != "xlsx":
        return []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = xlsx_peek.workbook_info(archive, file_name)
    visible = [s.name for s in book.sheets if s.visible]
    return visible or [s.name for s in book.sheets]


def read_table(
    data: bytes, file_name: str, *, sheet: str | None = None, max_rows: int = MAX_ROWS
) -> RawTable:
    """Read the table in ``data``; raise ``FileRefused`` (or ``UnsafeFile``) if it cannot."""
    upload = safety.inspect_upload(data, file_name)
    if upload.kind == "xlsx":
        return _read_xlsx(data, file_name, upload, sheet, max_rows)
    return _read_csv(data, file_name, max_rows)


# --- header detection (shared by CSV and XLSX) ---------------------------------------

_VALUE_TEXT = re.compile(
    r"""^\s*(
        [-+(]?\s*(€|eur)?\s*[-+]?\d[\d.,' ]*\s*(€|eur|%)?\s*\)?     # 1.234,56  € 12  (12,00)
      | \d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}([ T]\d{1,2}[:.]\d\d([:.]\d\d)?)?  # 31/12/2025 10:15
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and value != value


def _is_label(value: Any) -> bool:
    """Text that reads like a column title (not a number or date typed as text)."""
    return isinstance(value, str) and bool(value.strip()) and not _VALUE_TEXT.match(value)


def _find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, int]:
    """(first, last) index in ``rows`` of the header rows.

    The header is the first row whose cells are all titles and fill most of the table's
    width: title rows above it ("Elenco vendite 2025", "Periodo: gennaio") fill one or two
    cells. A second header row (SurveyMonkey: the question above, "Response" or the
    option below) is recognised by the cells it leaves empty under a filled column and
    the titles it puts over columns of numbers.
    """
    filled = [sum(not _blank(v) for v in r) for r in rows]
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
    cells = [v for v in row if not _blank(v)]
    if not cells or not all(_is_label(v) for v in cells):
        return False

    def at(r: Sequence[Any], c: int) -> Any:
        return r[c] if c < len(r) else None

    def mostly(c: int, test: Callable[[Any], bool]) -> bool:
        return sum(test(at(r, c)) for r in data) > len(data) / 2

    width = max(len(top), len(row))
    under_filled = any(
        _is_label(at(top, c)) and _blank(at(row, c)) and mostly(c, lambda v: not _blank(v))
        for c in range(width)
    )
    over_values = any(
        _is_label(at(row, c))
        and (_blank(at(top, c)) or mostly(c, lambda v: not _blank(v) and not _is_label(v)))
        for c in range(width)
    )
    return under_filled and over_values


def _header_names(
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
    if _blank(value):
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
_TOTAL_LOOKBACK = 3


def _finish(
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


def _typical_fill(frame: pd.DataFrame) -> float:
    """How many cells a data row usually fills."""
    return float(np.median(frame.notna().sum(axis=1).to_numpy())) if len(frame) else 0.0


def _total_label(values: Sequence[Any], typical: float) -> str | None:
    """The label of a total row ("Totale", "Totale generale:"...), or ``None``: the first
    filled cell says total, and the row is sparser than the data rows (or the label is
    nothing but the word, so that a customer named "Total Srl" stays)."""
    filled = [v for v in values if not _blank(v)]
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
    typical = _typical_fill(frame.iloc[-1000:])
    found: list[tuple[int, str]] = []
    for back in range(1, min(_TOTAL_LOOKBACK, len(frame) - 1) + 1):
        label = _total_label(frame.iloc[-back].tolist(), typical)
        if label is None:
            break
        found.append((int(rows[-back]), t("readers.dropped_total", label=label)))
    return found


def _total_why(frame: pd.DataFrame, pos: int, misfits: dict[tuple[int, int], str | None]) -> str:
    values = frame.iloc[pos].tolist()
    for (row, col), text in misfits.items():
        if row == pos:
            values[col] = text
    label = next((v for v in values if not _blank(v)), "")
    return t("readers.dropped_total", label=str(label).strip())


# --- CSV ------------------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_SEPARATORS = (";", ",", "\t")


def _utf8_body(data: bytes, file_name: str) -> tuple[bytes, int, str]:
    """The file as UTF-8 bytes, where its text starts (after a BOM), and the encoding it
    had. A file that is not
    UTF-8 in its first 256 KB is Windows-1252 (what Excel saves as "CSV" in Italy); one
    that turns out not to be UTF-8 further down is caught by ``_parse_csv``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-8-sig":
                return data, 3, name
            return data.decode("utf-16").encode("utf-8"), 0, name
    try:
        data[:_SAMPLE_BYTES].decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < _SAMPLE_BYTES - 4:  # not just a character cut at the sample's end
            return _cp1252(data, 0, file_name), 0, "cp1252"
    return data, 0, "utf-8"


def _cp1252(data: bytes, start: int, file_name: str) -> bytes:
    try:
        return data[start:].decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused("readers.encoding_unknown", name=file_name) from None


def _records(text: str, complete: bool) -> list[tuple[int, str]]:
    """(character offset, text) of each CSV record in ``text``, blank lines included (a
    quoted value may hold line breaks). Unless ``complete``, the last record, which may
    be cut, is left out."""
    records = []
    start = pos = quotes = 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            records.append((start, text[start:pos]))
            start, quotes = pos, 0
    if not complete and records and not records[-1][1].endswith(("\n", "\r")):
        records.pop()
    return records


def _sniff_separator(records: Sequence[str]) -> str:
    """The separator that most often splits the records into the same number of fields
    (more fields wins a tie); ``;`` when nothing splits."""
    best, best_score = ";", (0.0, 1)
    for sep in _SEPARATORS:
        counts = [len(f) for f in csv.reader(io.StringIO("".join(records)), delimiter=sep) if f]
        if not counts:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n))
        score = (counts.count(mode) / len(counts) if mode > 1 else 0.0, mode)
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_csv(data: bytes, file_name: str, max_rows: int) -> RawTable:
    body, bom, encoding = _utf8_body(data, file_name)
    try:
        return _read_utf8_csv(body, bom, encoding, file_name, max_rows)
    except _NotUtf8:
        return _read_utf8_csv(_cp1252(body, bom, file_name), 0, "cp1252", file_name, max_rows)


class _NotUtf8(Exception):
    """The file stopped being valid UTF-8 after the sample."""


def _read_utf8_csv(body: bytes, bom: int, encoding: str, file_name: str, max_rows: int) -> RawTable:
    head = body[bom : bom + _SAMPLE_BYTES]
    text = head.decode("utf-8", errors="ignore")
    records = _records(text, complete=bom + len(head) == len(body))
    sep = _sniff_separator([r for _, r in records[:200]])
    fields = [next(csv.reader(io.StringIO(r), delimiter=sep), []) for _, r in records]
    content = [i for i, f in enumerate(fields) if any(not _blank(v) for v in f)]
    if not content:
        raise FileRefused("readers.no_data", where=t("readers.where_file", name=file_name))
    sample = [fields[i] for i in content[:SAMPLE_ROWS]]
    first, last = _find_header(sample)
    header = content[last]  # 0-based record index of the (last) header row
    width = max(len(f) for f in sample[first:])
    data_start = records[header][0] + len(records[header][1])
    start = bom + len(text[:data_start].encode("utf-8"))
    frame = _parse_csv(body, start, sep, width, file_name, header + 2)
    width = frame.shape[1]
    heads = sample[first : last + 1]
    names = _header_names(heads, width, lambda c: t("readers.unnamed_column", ref=str(c + 1)))
    named = [any(c < len(r) and not _blank(r[c]) for r in heads) for c in range(width)]
    frame.columns = pd.Index(names)
    rows = np.arange(header + 2, header + 2 + len(frame), dtype=np.int64)
    _check_beyond_header(frame, rows, max(len(r) for r in heads), file_name)
    detected = Detected("csv", None, (), header + 1, encoding, sep, None, ())
    return _finish(frame, rows, detected, max_rows, named, t("readers.where_file", name=file_name))


def _check_beyond_header(
    frame: pd.DataFrame, rows: np.ndarray, header_width: int, file_name: str
) -> None:
    """Refuse a CSV whose rows hold values beyond the last header column: a separator
    inside an unquoted value has shifted them (empty trailing fields are harmless)."""
    extra = frame.iloc[:, header_width:]
    if extra.shape[1] == 0:
        return
    filled = extra.notna().to_numpy()
    hit = filled.any(axis=1)
    if not hit.any():
        return
    at = int(np.argmax(hit))
    found = header_width + int(np.nonzero(filled[at])[0].max()) + 1
    raise FileRefused(
        "readers.csv_ragged", name=file_name, row=int(rows[at]), expected=header_width, found=found
    )


def _parse_csv(
    body: bytes, start: int, sep: str, width: int, file_name: str, first_row: int
) -> pd.DataFrame:
    """All data records from byte ``start``, as text columns. pyarrow reads fast; pandas'
    C parser takes over when the data has blank lines (pyarrow skips them, which would
    shift the row numbers) or rows of uneven length."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rest = memoryview(body)[start:]
    names = [str(c) for c in range(width)]
    if not rest:
        return pd.DataFrame({n: pd.Series([], dtype="str") for n in names})
    try:
        table = pacsv.read_csv(
            pa.py_buffer(rest),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except pa.ArrowInvalid as err:  # rows of uneven length, or not UTF-8 after all
        if "UTF8" in str(err) or "UTF-8" in str(err):
            raise _NotUtf8 from None
        table = None
    if table is not None:
        # As many rows as lines: no blank line was skipped (the common case, decided
        # without searching the file); otherwise look for blank lines.
        lines = body.count(b"\n", start) + (0 if body.endswith(b"\n") else 1)
        if table.num_rows == lines or not any(
            body.find(blank, start) >= 0 for blank in (b"\n\n", b"\n\r\n", b"\r\r")
        ):
            return table.to_pandas()
    try:
        return pd.read_csv(
            io.BytesIO(rest),
            sep=sep,
            header=None,
            names=names,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            encoding="utf-8",
            engine="c",
        )
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    except pd.errors.ParserError as err:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(err))
        if found:
            expected, line, saw = (int(x) for x in found.groups())
            raise FileRefused(
                "readers.csv_ragged",
                name=file_name,
                row=first_row + line - 1,
                expected=expected,
                found=saw,
            ) from None
        raise FileRefused("readers.csv_unreadable", name=file_name) from None


# --- XLSX -----------------------------------------------------------------------------

# How fastexcel writes a number or a date into a column it reads as text because the
# column mixes kinds ("true"/"false" for booleans). Text such as "00042" never looks
# like this.
_RENDERED = r"^(?:-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?|\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d(\.\d+)?)?)$"


# fastexcel describes a cell it could not convert as ... got 'String("n/a")'
_ERROR_TEXT = re.compile(r"""got 'String\("((?:[^"\\]|\\.)*)"\)'""")


def _read_xlsx(
    data: bytes, file_name: str, upload: safety.Upload, sheet: str | None, max_rows: int
) -> RawTable:
    """Read a checked workbook; what its parsers cannot make sense of is refused with a
    message (and logged for the developers), never shown as a traceback."""
    import fastexcel
    import python_calamine

    unreadable = (
        fastexcel.FastExcelError,
        python_calamine.CalamineError,
        SyntaxError,  # xml.etree.ElementTree.ParseError
        KeyError,  # a part the workbook names is missing from the zip
        zipfile.BadZipFile,
        EOFError,
    )
    try:
        return _parse_xlsx(data, file_name, upload, sheet, max_rows)
    except unreadable:
        _log.warning("workbook %r could not be parsed", file_name, exc_info=True)
        raise FileRefused("readers.unreadable_workbook", name=file_name) from None


def _parse_xlsx(
    data: bytes, file_name: str, upload: safety.Upload, sheet: str | None, max_rows: int
) -> RawTable:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = xlsx_peek.workbook_info(archive, file_name)
        ref, peek = _choose_sheet(archive, book, sheet, file_name)
    if ref.part in upload.uncached_formula_parts:
        raise FileRefused("readers.uncached_formulas", name=file_name, sheet=ref.name)
    left = min(min(r.cells) for r in peek)
    right = max(max(r.cells) for r in peek)
    first, last = _find_header([[r.cells.get(c) for c in range(left, right + 1)] for r in peek])
    header_row = peek[last].row
    rows_from = header_row + 1
    dropped: list[tuple[int, str]] = []
    fast = _fast_sheet(data, ref.name, header_row, peek[last].cells)
    if fast is not None:
        frame, start_col, misfits, mixed = fast
        rows = np.arange(rows_from, rows_from + len(frame), dtype=np.int64)
        totals = _bottom_totals(frame, misfits) if misfits else []
        if totals is None:  # cells of another type in the data: read those columns exactly
            mixed |= {col for _, col in misfits}
        else:
            for pos in totals:
                dropped.append((int(rows[pos]), _total_why(frame, pos, misfits)))
            frame = frame.drop(index=totals).reset_index(drop=True)
            rows = np.delete(rows, totals)
        frame = _exact_mixed_columns(frame, data, ref.name, rows, start_col, mixed)
    else:
        frame, start_col = _exact_sheet(data, ref.name, header_row)
        rows = np.arange(rows_from, rows_from + len(frame), dtype=np.int64)
    width = frame.shape[1]
    heads = [[r.cells.get(start_col + c) for c in range(width)] for r in peek[first : last + 1]]
    names = _header_names(
        heads,
        width,
        lambda c: t("readers.unnamed_column", ref=xlsx_peek.column_letter(start_col + c)),
    )
    named = [any(not _blank(r[c]) for r in heads) for c in range(width)]
    frame.columns = pd.Index(names)
    detected = Detected(
        "xlsx",
        ref.name,
        tuple(s.name for s in book.sheets),
        header_row,
        None,
        None,
        book.date_system,
        (),
    )
    where = t("readers.where_sheet", sheet=ref.name)
    return _finish(frame, rows, detected, max_rows, named, where, dropped)


def _choose_sheet(
    archive: zipfile.ZipFile, book: xlsx_peek.WorkbookInfo, sheet: str | None, file_name: str
) -> tuple[xlsx_peek.SheetRef, list[xlsx_peek.PeekRow]]:
    """The named sheet, or the first visible sheet with data, and its first rows."""
    if sheet is not None:
        wanted = sheet.strip().casefold()
        match = [s for s in book.sheets if s.name == sheet] or [
            s for s in book.sheets if s.name.strip().casefold() == wanted
        ]
        if not match:
            raise FileRefused(
                "readers.sheet_not_found",
                sheet=sheet,
                sheets=", ".join(f"«{s.name}»" for s in book.sheets),
            )
        peek = xlsx_peek.first_rows(archive, book, match[0], SAMPLE_ROWS)
        if not peek:
            raise FileRefused("readers.no_data", where=t("readers.where_sheet", sheet=sheet))
        return match[0], peek
    for ref in sorted(book.sheets, key=lambda s: not s.visible):
        peek = xlsx_peek.first_rows(archive, book, ref, SAMPLE_ROWS)
        if peek:
            return ref, peek
    raise FileRefused("readers.no_data", where=t("readers.where_file", name=file_name))


def _fast_sheet(
    data: bytes, sheet: str, header_row: int, header: dict[int, Any]
) -> tuple[pd.DataFrame, int, dict[tuple[int, int], str | None], set[int]] | None:
    """The sheet below ``header_row`` through fastexcel (calamine, Arrow), the sheet
    column of its first column, the cells that do not fit their column's type
    ((row, column) → their text, when it is text), which fastexcel leaves missing, and
    the text columns that may hold numbers or dates written out as text; ``None`` if its
    header does not line up with ours.

    Column types come from the first 1000 rows; every cell further down that does not
    fit is reported, so nothing is lost silently.
    """
    import fastexcel

    try:
        loaded = fastexcel.read_excel(data).load_sheet(
            sheet, header_row=header_row - 1, dtype_coercion="coerce"
        )
        batch, errors = loaded.to_arrow_with_errors()
    except fastexcel.UnsupportedColumnTypeCombinationError:  # e.g. dates and durations
        return None
    batch, rendered = _text_columns(batch)
    frame = batch.to_pandas()
    misfits: dict[tuple[int, int], str | None] = {}
    for error in errors.errors if errors else []:
        row, col = error.offset_position
        found = _ERROR_TEXT.search(error.detail)
        text = found.group(1).replace('\\"', '"').replace("\\\\", "\\") if found else None
        misfits[(int(row), int(col))] = text
    given = [str(c) for c in frame.columns]
    labels = {c: " ".join(v.split()) for c, v in header.items() if isinstance(v, str) and v.strip()}
    for start in range(min(labels, default=0), -1, -1):
        if all(
            0 <= c - start < len(given) and " ".join(given[c - start].split()).startswith(v)
            for c, v in labels.items()
        ):
            frame.columns = pd.RangeIndex(frame.shape[1])
            return frame, start, misfits, rendered
    return None


def _text_columns(batch: Any) -> tuple[Any, set[int]]:
    """Text columns of a fastexcel batch: cells holding only spaces become missing, and
    the columns where a number, date or true/false may have been written out as text
    (fastexcel does that when a column mixes kinds) are named. Arrow compute, no loop."""
    import pyarrow as pa
    import pyarrow.compute

    pc: Any = pyarrow.compute  # its functions are generated at import: untyped
    number_start = pa.array(list("-0123456789"))
    booleans = pa.array(["true", "false"])
    arrays, rendered = [], set()
    for index, column in enumerate(batch.columns):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            blank = pc.equal(pc.utf8_trim_whitespace(column), "")
            if pc.any(blank).as_py():
                column = pc.if_else(blank, pa.scalar(None, column.type), column)
            first = pc.utf8_slice_codeunits(column, 0, 1)
            numeric = pc.fill_null(pc.is_in(first, value_set=number_start), False)
            if (
                pc.any(numeric).as_py()
                and pc.any(pc.match_substring_regex(pc.filter(column, numeric), _RENDERED)).as_py()
            ) or pc.any(pc.is_in(column, value_set=booleans)).as_py():
                rendered.add(index)
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names), rendered


def _bottom_totals(
    frame: pd.DataFrame, misfits: dict[tuple[int, int], str | None]
) -> list[int] | None:
    """Positions of the total rows at the bottom when they hold every misfit cell (the
    usual case: "Totale" typed in the date column); ``None`` otherwise."""
    if any(text is None for text in misfits.values()):
        return None
    labels: dict[int, dict[int, str]] = {}
    for (row, col), text in misfits.items():
        labels.setdefault(row, {})[col] = text or ""
    filled = frame.notna().any(axis=1).to_numpy().copy()
    filled[list(labels)] = True
    content = np.flatnonzero(filled)
    typical = _typical_fill(frame.iloc[content[-1000:]])
    found = []
    for pos in content[::-1][:_TOTAL_LOOKBACK]:
        values = frame.iloc[pos].tolist()
        for col, text in labels.get(int(pos), {}).items():
            values[col] = text
        if _total_label(values, typical) is None:
            break
        found.append(int(pos))
    return found if set(labels) <= set(found) else None


def _exact_mixed_columns(
    frame: pd.DataFrame, data: bytes, sheet: str, rows: np.ndarray, start_col: int, mixed: set[int]
) -> pd.DataFrame:
    """Read cell by cell, with python-calamine, the columns fastexcel could not give one
    type (``mixed``). Each cell keeps its own type."""
    if not mixed:
        return frame
    grid = _calamine_grid(data, sheet)
    body = [grid[r - 1] if r - 1 < len(grid) else [] for r in rows.tolist()]
    for c in sorted(mixed):
        col = start_col + c
        frame[c] = _typed([row[col] if col < len(row) else None for row in body])
    return frame


def _exact_sheet(data: bytes, sheet: str, header_row: int) -> tuple[pd.DataFrame, int]:
    """The whole sheet below ``header_row`` cell by cell with python-calamine."""
    body = _calamine_grid(data, sheet)[header_row:]
    width = max((len(r) for r in body), default=0)
    used = [c for c in range(width) if any(c < len(r) and not _blank(r[c]) for r in body)]
    start = used[0] if used else 0
    end = used[-1] + 1 if used else 0
    columns = {
        c - start: _typed([r[c] if c < len(r) else None for r in body]) for c in range(start, end)
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(len(body))), start


def _calamine_grid(data: bytes, sheet: str) -> list[list[Any]]:
    """Every row of the sheet from A1, cells as python-calamine gives them."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, datetime | date):
        return pd.Timestamp(value)
    return value


def _typed(values: list[Any]) -> pd.Series:
    """A column from single cells: one dtype when all filled cells share a kind
    (datetime64, float64, bool, str), otherwise ``object`` cell by cell."""
    cells = [_cell(v) for v in values]
    kinds = {type(v) for v in cells if v is not None}
    if kinds == {pd.Timestamp}:
        return pd.Series(pd.to_datetime(cells), dtype="datetime64[ms]")
    if kinds == {float}:
        return pd.Series([np.nan if v is None else v for v in cells], dtype="float64")
    if kinds == {str}:
        return pd.Series(cells, dtype="str")
    if kinds == {bool}:
        return pd.Series(cells, dtype="object")
    return pd.Series(cells, dtype="object")
