"""The reading worker's hand-over files (the upload in, the rows out as Arrow IPC): the
rows come back as the parser read them, through memory when it has room or else the
temporary folder, the files are gone afterwards, and no folder to write them in is a plain
refusal, not a traceback."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from cx_sme.core.errors import FileRefused
from cx_sme.files import isolation
from cx_sme.files.readers import read_table
from cx_sme.files.worker_parse import read_table_here

CSV = "Data;Cliente;Importo;Nota\n01/03/2026;00042;1.234,56;\n02/03/2026;00043;10,00;prima\n"
ROWS = [["01/03/2026", "00042", "1.234,56", None], ["02/03/2026", "00043", "10,00", "prima"]]


def _rows_read() -> list[list[object]]:
    frame = read_table(CSV.encode(), "vendite.csv").frame
    return frame.astype(object).where(frame.notna(), None).values.tolist()


@pytest.fixture(autouse=True)
def _worker_started() -> None:
    """The reading worker running before a test moves the temporary folders away
    (multiprocessing needs one to start it): what a test breaks is the hand-over alone."""
    _rows_read()


def test_the_rows_come_back_as_read_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(isolation, "MEMORY_FOLDER", str(tmp_path / "no-memory-folder"))
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
    monkeypatch.setattr(isolation, "MEMORY_FOLDER", str(tmp_path / "no-memory-folder"))
    with pytest.raises(FileRefused) as refused:
        read_table(CSV.encode(), "vendite.csv")
    assert "cartella dei file temporanei" in str(refused.value)


def _folders(monkeypatch: pytest.MonkeyPatch, memory: Path, disk: Path, margin: int) -> None:
    """The memory folder, the disk's temporary folder and the room asked beyond the file."""
    monkeypatch.setattr(isolation, "MEMORY_FOLDER", str(memory))
    monkeypatch.setattr(tempfile, "tempdir", str(disk))
    monkeypatch.setattr(isolation, "ROOM_MARGIN_BYTES", margin)


def test_the_hand_over_goes_through_memory_when_it_has_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    # no temporary folder on disk: only the memory folder can carry the file
    _folders(monkeypatch, memory, tmp_path / "missing", margin=0)
    assert _rows_read() == ROWS
    assert list(memory.iterdir()) == []


def test_memory_without_room_or_failing_leaves_the_hand_over_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    not_a_folder = tmp_path / "memory"
    not_a_folder.write_text("")  # writing the hand-over files there fails
    _folders(monkeypatch, not_a_folder, disk, margin=1 << 62)  # more than any disk has
    assert _rows_read() == ROWS  # no room: not tried
    monkeypatch.setattr(isolation, "ROOM_MARGIN_BYTES", 0)
    assert _rows_read() == ROWS  # tried, failed, and the disk took over
    assert [n for n in os.listdir(disk) if n.startswith("cx_sme_read_")] == []
