"""The parse itself, as the reading worker process runs it (see
:mod:`cx_sme.files.isolation`): the checks again, then the .xlsx or CSV reader."""

from __future__ import annotations

from cx_sme.einvoice.reader import read_einvoices
from cx_sme.files import safety
from cx_sme.files.csv_reader import read_csv
from cx_sme.files.table_shape import RawTable
from cx_sme.files.xlsx_reader import read_xlsx

MAX_ROWS = 1_048_576
"""Most data rows read from one file, CSV or sheet: as many rows as an Excel sheet has."""


def read_table_here(
    data: bytes, file_name: str, *, sheet: str | None = None, max_rows: int = MAX_ROWS
) -> RawTable:
    """Check and parse ``data`` in this process."""
    upload = safety.inspect_upload(data, file_name)
    if upload.kind == "einvoice":
        return read_einvoices(data, file_name)
    if upload.kind == "xlsx":
        return read_xlsx(data, file_name, upload, sheet, max_rows)
    return read_csv(data, file_name, max_rows)
