"""CX per PMI: import an SME's monthly spreadsheets, store them in SQLite, compute the KPIs
that link customer experience to money, and run the CX programme around them.

This package never imports streamlit: everything here runs and is tested without a
browser. The public API is ``__all__`` (checked by a test).
"""

import logging

from cx_sme.datasets import Frames, load_frames
from cx_sme.db import connect, data_version, write_transaction
from cx_sme.errors import (
    BackupRefused,
    CxError,
    FileRefused,
    ImportConflict,
    InputRefused,
    RowsRefused,
    UnsafeFile,
)
from cx_sme.i18n import get_language, set_language, t

__version__ = "0.1.0"

# A library logs for developers only: nothing reaches a user's terminal unless the program
# using cx_sme configures logging (Python's last-resort handler would print tracebacks).
logging.getLogger("cx_sme").addHandler(logging.NullHandler())

__all__ = [
    "BackupRefused",
    "CxError",
    "FileRefused",
    "Frames",
    "ImportConflict",
    "InputRefused",
    "RowsRefused",
    "UnsafeFile",
    "__version__",
    "connect",
    "data_version",
    "get_language",
    "load_frames",
    "set_language",
    "t",
    "write_transaction",
]
