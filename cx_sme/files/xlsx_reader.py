"""Read one sheet of an .xlsx workbook into a :class:`~cx_sme.files.table_shape.RawTable`.

The first rows come from ``cx_sme.files.xlsx_peek`` (straight from the XML) to find the sheet
and its header row; then fastexcel (calamine, Arrow output) reads the sheet once, below
the header. Column types come from the sheet: cells that do not fit their column's type
(text among numbers, "Totale" in a date column) are reported by fastexcel, and their
columns are read again cell by cell with python-calamine, so nothing is lost; a
"Totale" row at the bottom is simply left out.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from cx_sme.core.errors import FileRefused
from cx_sme.core.i18n import t
from cx_sme.files import safety, table_shape, xlsx_peek
from cx_sme.files.table_shape import Detected, RawTable

_log = logging.getLogger(__name__)


class _OtherThreads(logging.Filter):
    """Lets through the records of every thread but one."""

    def __init__(self, thread: int) -> None:
        super().__init__()
        self.thread = thread

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self.thread


@contextmanager
def _quiet_fastexcel() -> Iterator[None]:
    """fastexcel warns in English on stderr when a column mixes types, a case this reader
    handles and reports itself: while this thread reads, its fastexcel warnings are
    dropped. The logger's level and other threads' records are left alone."""
    logger = logging.getLogger("fastexcel")
    only_here = _OtherThreads(threading.get_ident())
    logger.addFilter(only_here)
    try:
        yield
    finally:
        logger.removeFilter(only_here)


# How fastexcel writes a number or a date into a column it reads as text because the
# column mixes kinds ("true"/"false" for booleans). Text such as "00042" never looks
# like this.
_RENDERED = r"^(?:-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?|\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d(\.\d+)?)?)$"


# fastexcel describes a cell it could not convert as ... got 'String("n/a")'
_ERROR_TEXT = re.compile(r"""got 'String\("((?:[^"\\]|\\.)*)"\)'""")


def read_xlsx(
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
    first, last = table_shape.find_header(
        [[r.cells.get(c) for c in range(left, right + 1)] for r in peek]
    )
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
    names = table_shape.header_names(
        heads,
        width,
        lambda c: t("readers.unnamed_column", ref=xlsx_peek.column_letter(start_col + c)),
    )
    named = [any(not table_shape.is_blank(r[c]) for r in heads) for c in range(width)]
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
    return table_shape.finish(frame, rows, detected, max_rows, named, where, dropped)


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
        peek = xlsx_peek.first_rows(archive, book, match[0], table_shape.SAMPLE_ROWS)
        if not peek:
            raise FileRefused("readers.no_data", where=t("readers.where_sheet", sheet=sheet))
        return match[0], peek
    for ref in sorted(book.sheets, key=lambda s: not s.visible):
        peek = xlsx_peek.first_rows(archive, book, ref, table_shape.SAMPLE_ROWS)
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
        with _quiet_fastexcel():
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
    typical = table_shape.typical_fill(frame.iloc[content[-1000:]])
    found = []
    for pos in content[::-1][: table_shape.TOTAL_LOOKBACK]:
        values = frame.iloc[pos].tolist()
        for col, text in labels.get(int(pos), {}).items():
            values[col] = text
        if table_shape.total_label(values, typical) is None:
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
    used = [
        c for c in range(width) if any(c < len(r) and not table_shape.is_blank(r[c]) for r in body)
    ]
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


def _total_why(frame: pd.DataFrame, pos: int, misfits: dict[tuple[int, int], str | None]) -> str:
    values = frame.iloc[pos].tolist()
    for (row, col), text in misfits.items():
        if row == pos:
            values[col] = text
    label = next((v for v in values if not table_shape.is_blank(v)), "")
    return t("readers.dropped_total", label=str(label).strip())
