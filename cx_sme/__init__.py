"""CX per PMI: import an SME's monthly spreadsheets, store them in SQLite, compute the KPIs
that link customer experience to money, and run the CX programme around them.

This package never imports streamlit: everything here runs and is tested without a
browser. The public API is ``__all__`` (checked by a test).
"""

import logging

from cx_sme.core.db import connect, data_version, write_transaction
from cx_sme.core.errors import (
    BackupRefused,
    CxError,
    FileRefused,
    ImportConflict,
    InputRefused,
    RowsRefused,
    UnsafeFile,
)
from cx_sme.core.frames import Frames, load_frames
from cx_sme.core.i18n import get_language, set_language, t
from cx_sme.ingest.importer import ImportResult, import_file, list_imports, undo_import
from cx_sme.kpi.engine import KpiSet
from cx_sme.kpi.engine import compute as compute_kpis
from cx_sme.kpi.engine import compute_all as compute_all_kpis
from cx_sme.sample.loader import load_sample

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
    "ImportResult",
    "InputRefused",
    "KpiSet",
    "RowsRefused",
    "UnsafeFile",
    "__version__",
    "compute_all_kpis",
    "compute_kpis",
    "connect",
    "data_version",
    "get_language",
    "import_file",
    "list_imports",
    "load_frames",
    "load_sample",
    "set_language",
    "t",
    "undo_import",
    "write_transaction",
]
