"""Where the store lives: the project folder by default, CX_SME_DB when set."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_sme.core import config


def test_default_store_is_under_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CX_SME_DB", raising=False)
    project = Path(__file__).resolve().parents[2]
    assert config.PROJECT_DIR == project
    assert Path(config.db_path()) == project / "data" / "cx_sme.sqlite"


def test_the_environment_chooses_another_store(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CX_SME_DB", str(tmp_path / "altro.sqlite"))
    assert Path(config.db_path()) == tmp_path / "altro.sqlite"
