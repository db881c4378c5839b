"""The parse itself, as the reading worker process runs it (see
:mod:`cx_sme.files.isolation`): the checks again, then the .xlsx or CSV reader."""

from __future__ import annotations

from typing import Any

from cx_sme.einvoice.reader import read_einvoices
from cx_sme.files import safety
from cx_sme.files.csv_reader import read_csv
from cx_sme.files.table_shape import Detected, RawTable
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


def read_table_files(
    source: str,
    target: str,
    file_name: str,
    *,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
) -> RawTable | tuple[list[str], Any, Detected]:
    """The worker's side of :func:`cx_sme.files.isolation.read_isolated`: the upload is
    read from the file ``source``, and the table's rows written to ``target`` in Arrow's
    IPC format, which the caller reads back in one go (a million rows of text come back
    in a tenth of a second instead of seconds of pickling). Returns the
    columns, row numbers and what was detected; a table whose columns Arrow cannot hold
    (a workbook column mixing dates and text) comes back whole, pickled as before."""
    import pyarrow as pa

    with open(source, "rb") as upload:
        data = upload.read()
    table = read_table_here(data, file_name, sheet=sheet, max_rows=max_rows)
    try:
        rows = pa.Table.from_pandas(table.frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return table
    with pa.OSFile(target, "wb") as sink, pa.ipc.new_file(sink, rows.schema) as writer:
        writer.write_table(rows)
    return list(table.columns), table.row_numbers, table.detected
