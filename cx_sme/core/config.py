"""Where things live: the database path and the project folder."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_DIR / "data" / "cx_sme.sqlite"
DB_ENV_VAR = "CX_SME_DB"


def db_path() -> Path:
    """The SQLite file to use: ``$CX_SME_DB`` or ``data/cx_sme.sqlite`` in the project."""
    value = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(value).expanduser() if value else DEFAULT_DB_PATH
