"""The reading worker's hand-over files (the upload in, the rows out as Arrow IPC): the
rows come back as the parser read them, the files are gone afterwards, and a temporary
folder that cannot be written is a plain refusal, not a traceback."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from cx_sme.core.errors import FileRefused
from cx_sme.files.readers import read_table
from cx_sme.files.worker_parse import read_table_here

CSV = "Data;Cliente;Importo;Nota\n01/03/2026;00042;1.234,56;\n02/03/2026;00043;10,00;prima\n"


def test_the_rows_come_back_as_read_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = CSV.encode()
    through = read_table(data, "vendite.csv")
    here = read_table_here(data, "vendite.csv")
    assert through.columns == here.columns
    assert through.frame.astype(object).where(through.frame.notna(), None).values.tolist() == (
        here.frame.astype(object).where(here.frame.notna(), None).values.tolist()
    )
    assert through.row_numbers.tolist() == here.row_numbers.tolist() == [2, 3]
    # the hand-over folder is removed (multiprocessing may keep its own "pymp-" folder)
    assert [n for n in os.listdir(tmp_path) if n.startswith("cx_sme_read_")] == []


def test_a_temporary_folder_that_cannot_be_written_is_a_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    with pytest.raises(FileRefused) as refused:
        read_table(CSV.encode(), "vendite.csv")
    assert "cartella dei file temporanei" in str(refused.value)
