"""Parse an untrusted file in a reading worker process (:mod:`cx_sme.files.worker_pool`):
the upload goes over in a private temporary file, the rows come back as an Arrow IPC file.
"""

from __future__ import annotations

import os
import tempfile

from cx_sme.core.errors import FileRefused
from cx_sme.files.table_shape import RawTable
from cx_sme.files.worker_parse import read_table_files
from cx_sme.files.worker_pool import run_isolated


def read_isolated(
    data: bytes, file_name: str, *, sheet: str | None = None, max_rows: int
) -> RawTable:
    """Check and parse ``data`` in a worker process (see :func:`run_isolated`).

    The bytes go over in a private temporary file and the rows come back as an Arrow IPC
    file read in one go (:func:`cx_sme.files.worker_parse.read_table_files`), not pickled
    through a pipe; both files are removed before this returns."""
    try:
        return _read_through_files(data, file_name, sheet=sheet, max_rows=max_rows)
    except OSError:  # no room or no right to write the hand-over files: say so, plainly
        raise FileRefused("readers.no_temporary_room", name=file_name) from None


def _read_through_files(
    data: bytes, file_name: str, *, sheet: str | None, max_rows: int
) -> RawTable:
    import pyarrow as pa

    # a private folder (mode 0700, random name) in the system's temporary directory
    with tempfile.TemporaryDirectory(prefix="cx_sme_read_") as folder:
        source, target = os.path.join(folder, "upload"), os.path.join(folder, "rows.arrow")
        with open(source, "wb") as upload:
            upload.write(data)
        found = run_isolated(read_table_files, source, target, file_name, file_name=file_name,
                             sheet=sheet, max_rows=max_rows)  # fmt: skip
        if isinstance(found, RawTable):
            return found
        columns, row_numbers, detected = found
        with pa.OSFile(target, "rb") as stored:  # one read into Arrow's memory
            rows = pa.ipc.open_file(stored.read_buffer()).read_all()
        frame = rows.to_pandas()
    frame.columns = columns
    return RawTable(columns, frame, row_numbers, detected)
