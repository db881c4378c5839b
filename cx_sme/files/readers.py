"""Read an uploaded spreadsheet (.xlsx or .csv) into a table of raw values.

``read_table(data, file_name)`` checks the file first (``cx_sme.files.safety``), then finds the
sheet, the header row (below any title rows; two header rows are combined), the
separator and the encoding, and returns a :class:`RawTable`.

Values in ``RawTable.frame`` (one column per header, same order, ``RangeIndex``):

- CSV: every column is text (pandas ``str``); empty cells are missing. Nothing is
  converted: ``"1.234,56"`` and ``"31/12/2025"`` stay as typed, for the validation step.
- XLSX: a column keeps the types the sheet has. All dates → ``datetime64``; all numbers
  → ``float64``; all text → ``str``; all true/false → ``bool``; otherwise ``object``
  holding ``str``, ``float``, ``bool``, ``pandas.Timestamp`` or ``None`` cell by cell.
  Text stays text: a customer code typed as ``"00042"`` stays ``"00042"``; a cell
  holding only spaces counts as empty. A number not
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

import io
import zipfile

from cx_sme.files import safety, xlsx_peek
from cx_sme.files.isolation import read_isolated
from cx_sme.files.table_shape import Detected, RawTable
from cx_sme.files.worker_parse import MAX_ROWS

__all__ = ["MAX_ROWS", "Detected", "RawTable", "read_table", "sheet_names"]


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
    """Read the table in ``data``; raise ``FileRefused`` (or ``UnsafeFile``) if it cannot.

    The cheap checks run here (most refusals need no worker: the size, what the bytes
    are, a workbook's zip directory); inflating and scanning a workbook's parts, and the
    parse itself, run in a worker process with a memory and a time limit
    (:mod:`cx_sme.files.isolation`)."""
    safety.inspect_upload(data, file_name, deep=False)
    return read_isolated(data, file_name, sheet=sheet, max_rows=max_rows)
