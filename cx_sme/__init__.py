"""CX per PMI: import an SME's monthly spreadsheets, store them in SQLite, compute the KPIs
that link customer experience to money, and run the CX programme around them.

This package never imports streamlit: everything here runs and is tested without a
browser. The public API is ``__all__`` (checked by a test).
"""

import importlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names below are loaded on first use (see __getattr__)
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

del TYPE_CHECKING

__version__ = "0.1.0"

# A library logs for developers only: nothing reaches a user's terminal unless the program
# using cx_sme configures logging (Python's last-resort handler would print tracebacks).
logging.getLogger("cx_sme").addHandler(logging.NullHandler())

# Public name -> (module, attribute). Resolved on first use, so that importing cx_sme (and
# starting the command line) does not load pandas and the readers.
_EXPORTS: dict[str, tuple[str, str]] = {
    "BackupRefused": ("cx_sme.core.errors", "BackupRefused"),
    "CxError": ("cx_sme.core.errors", "CxError"),
    "FileRefused": ("cx_sme.core.errors", "FileRefused"),
    "ImportConflict": ("cx_sme.core.errors", "ImportConflict"),
    "InputRefused": ("cx_sme.core.errors", "InputRefused"),
    "RowsRefused": ("cx_sme.core.errors", "RowsRefused"),
    "UnsafeFile": ("cx_sme.core.errors", "UnsafeFile"),
    "Frames": ("cx_sme.core.frames", "Frames"),
    "load_frames": ("cx_sme.core.frames", "load_frames"),
    "connect": ("cx_sme.core.db", "connect"),
    "data_version": ("cx_sme.core.db", "data_version"),
    "write_transaction": ("cx_sme.core.db", "write_transaction"),
    "get_language": ("cx_sme.core.i18n", "get_language"),
    "set_language": ("cx_sme.core.i18n", "set_language"),
    "t": ("cx_sme.core.i18n", "t"),
    "ImportResult": ("cx_sme.ingest.importer", "ImportResult"),
    "import_file": ("cx_sme.ingest.importer", "import_file"),
    "list_imports": ("cx_sme.ingest.importer", "list_imports"),
    "undo_import": ("cx_sme.ingest.importer", "undo_import"),
    "KpiSet": ("cx_sme.kpi.engine", "KpiSet"),
    "compute_kpis": ("cx_sme.kpi.engine", "compute"),
    "compute_all_kpis": ("cx_sme.kpi.engine", "compute_all"),
    "load_sample": ("cx_sme.sample.loader", "load_sample"),
}


def __getattr__(name: str) -> object:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'cx_sme' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # later uses skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


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
