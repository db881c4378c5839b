"""Parse an untrusted file in a reading worker process (:mod:`cx_sme.files.worker_pool`):
the upload goes over in a private temporary file, the rows come back as an Arrow IPC file.

The two hand-over files live in memory (Linux's ``/dev/shm``) when it has room for them:
a million-line CSV (120 MB) and its rows then cross in a few hundredths of a second,
instead of the tenths a disk's writes take. Without that room, or where there is no such
folder, they go to the system's temporary folder.
"""

from __future__ import annotations

import os
import tempfile

from cx_sme.core.errors import FileRefused
from cx_sme.files.table_shape import RawTable
from cx_sme.files.worker_parse import read_table_files
from cx_sme.files.worker_pool import run_isolated

# Only a parent: the files go in a private folder made there (random name, mode 0700).
MEMORY_FOLDER = "/dev/shm"  # noqa: S108
# Room asked of the memory folder: the upload, its rows in Arrow's form (text columns take
# about as much again, with their offsets), and a margin for everyone else using it.
ROOM_FACTOR = 4
ROOM_MARGIN_BYTES = 256 * 1024**2


def memory_folder(size: int) -> str | None:
    """The in-memory folder for hand-over files of an upload of ``size`` bytes, or None
    when there is none, it cannot be written, or it lacks the room."""
    try:
        stats = os.statvfs(MEMORY_FOLDER)
    except OSError:
        return None
    free = stats.f_bavail * stats.f_frsize
    if free < ROOM_FACTOR * size + ROOM_MARGIN_BYTES or not os.access(
        MEMORY_FOLDER, os.W_OK | os.X_OK
    ):
        return None
    return MEMORY_FOLDER


def read_isolated(
    data: bytes, file_name: str, *, sheet: str | None = None, max_rows: int
) -> RawTable:
    """Check and parse ``data`` in a worker process (see :func:`run_isolated`).

    The bytes go over in a private temporary file and the rows come back as an Arrow IPC
    file read in one go (:func:`cx_sme.files.worker_parse.read_table_files`), not pickled
    through a pipe; both files are removed before this returns."""
    in_memory = memory_folder(len(data))
    if in_memory is not None:
        try:
            return _read_through_files(data, file_name, in_memory, sheet=sheet, max_rows=max_rows)
        except OSError:  # filled up meanwhile: the disk's temporary folder next
            pass
    try:
        return _read_through_files(data, file_name, None, sheet=sheet, max_rows=max_rows)
    except OSError:  # no room or no right to write the hand-over files: say so, plainly
        raise FileRefused("readers.no_temporary_room", name=file_name) from None


def _read_through_files(
    data: bytes, file_name: str, parent: str | None, *, sheet: str | None, max_rows: int
) -> RawTable:
    import pyarrow as pa

    # a private folder (mode 0700, random name) in ``parent`` (None: the system's temporary
    # folder)
    with tempfile.TemporaryDirectory(prefix="cx_sme_read_", dir=parent) as folder:
        source, target = os.path.join(folder, "upload"), os.path.join(folder, "rows.arrow")
        with open(source, "wb") as upload:
            upload.write(data)
        found = run_isolated(read_table_files, source, target, file_name, file_name=file_name,
                             sheet=sheet, max_rows=max_rows)  # fmt: skip
        if isinstance(found, RawTable):
            return found
        columns, row_numbers, detected = found
        # Mapped, not read: the columns point into the file's pages (in memory when the
        # hand-over is), which stay until the table is dropped, after the file is removed.
        with pa.memory_map(target, "r") as stored:
            rows = pa.ipc.open_file(stored).read_all()
        frame = rows.to_pandas()
    frame.columns = columns
    return RawTable(columns, frame, row_numbers, detected)
