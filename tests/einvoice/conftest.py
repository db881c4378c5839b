"""The automatic backups of PostgreSQL companies (taken before months are replaced) go to
a temporary folder in these tests (``CX_SME_BACKUP_DIR``, which the command line's real
processes inherit), never to the project's ``data/backups``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_sme.admin import backup


@pytest.fixture(autouse=True)
def postgres_backups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder of PostgreSQL companies' automatic backups for this test."""
    folder = tmp_path / "postgres-backups"
    monkeypatch.setenv(backup.BACKUP_DIR_ENV, str(folder))
    return folder
