"""Untrusted files are parsed in a worker process: a file that makes the reader abort is a
refusal, and the app's process goes on reading the next file."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cx_sme.core.errors import FileRefused, UnsafeFile
from cx_sme.files.isolation import read_isolated
from cx_sme.files.readers import read_table
from cx_sme.files.safety import Upload
from cx_sme.files.worker_pool import run_isolated
from cx_sme.files.xlsx_reader import read_xlsx

PROJECT = Path(__file__).resolve().parents[2]
HOSTILE = PROJECT / "tests" / "fixtures" / "hostile"
SAMPLE = PROJECT / "sample_data"


def test_the_far_corner_cell_is_refused_before_any_reader_runs() -> None:
    for name, cell in (("far_corner.xlsx", "XFD1048576"), ("far_column.xlsx", "CV1000000")):
        with pytest.raises(UnsafeFile) as refused:
            read_table((HOSTILE / name).read_bytes(), name)
        assert cell in refused.value.message() and name in refused.value.message()


def test_a_reader_that_aborts_takes_down_only_its_worker() -> None:
    """The far-corner workbook given to the real .xlsx reader with no check before it (as
    if the checks missed it): the worker dies on the allocation; the caller gets a
    refusal and reads the next file normally."""
    data = (HOSTILE / "far_corner.xlsx").read_bytes()
    with pytest.raises(FileRefused) as refused:
        run_isolated(read_xlsx, data, "x.xlsx", Upload("xlsx", frozenset()), None, 10,
                     file_name="x.xlsx")  # fmt: skip
    assert "non si è potuto leggere in sicurezza" in refused.value.message()
    good = (SAMPLE / "questionario_google_moduli.csv").read_bytes()
    # the answers counted with the csv module (one per record after the header)
    answers = sum(1 for _ in csv.reader(io.StringIO(good.decode("utf-8-sig")))) - 1
    assert read_isolated(good, "risposte.csv", max_rows=10_000).frame.shape == (answers, 7)


def test_the_workers_noise_never_reaches_the_terminal() -> None:
    """In a fresh process (its own worker): the reader's panic and backtrace stay in the
    worker; the terminal shows only what the caller prints."""
    script = (
        "from cx_sme.files.worker_pool import run_isolated\n"
        "from cx_sme.files.safety import Upload\n"
        "from cx_sme.files.xlsx_reader import read_xlsx\n"
        f"data = open({str(HOSTILE / 'far_corner.xlsx')!r}, 'rb').read()\n"
        "try:\n"
        "    run_isolated(read_xlsx, data, 'x.xlsx', Upload('xlsx', frozenset()), None, 10,\n"
        "                 file_name='x.xlsx')\n"
        "except Exception as err:\n"
        "    print(type(err).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.stdout.strip() == "FileRefused"
    assert "panicked" not in done.stderr and "backtrace" not in done.stderr


def test_refusals_raised_in_the_worker_come_back_as_they_are() -> None:
    with pytest.raises(FileRefused) as refused:
        read_isolated(b"", "vuoto.csv", max_rows=10)
    assert refused.value.key == "readers.empty_file"


def test_the_command_line_refuses_the_far_corner_file_and_stores_nothing(tmp_path) -> None:
    store = tmp_path / "cx.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "cx_sme", "--db", str(store), "import", "sales",
         str(HOSTILE / "far_corner.xlsx")],
        cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "XFD1048576" in done.stderr and "Traceback" not in done.stderr
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    conn.close()


def test_the_import_page_survives_the_far_corner_file(make_app) -> None:
    at = make_app(lang="it")
    at.run()
    at.switch_page("app_pages/import_data.py").run()
    uploader = at.get("file_uploader")[0]
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    uploader.set_value(("far_corner.xlsx", (HOSTILE / "far_corner.xlsx").read_bytes(), xlsx))
    at.run()
    assert not at.exception
    assert any("XFD1048576" in e.value for e in at.error)
    # the same session goes on: a good file is read
    uploader = at.get("file_uploader")[0]
    uploader.set_value(("risposte.csv", (SAMPLE / "questionario_google_moduli.csv").read_bytes(),
                        "text/csv"))  # fmt: skip
    at.run()
    assert not at.exception and not at.error


def test_checks_follow_content_not_part_names() -> None:
    """A DTD in a part named ".bin", and formulas without values in a sheet part with no
    extension: refused like their ".xml" twins, whatever the workbook calls its parts."""
    with pytest.raises(UnsafeFile) as refused:
        read_table((HOSTILE / "dtd_in_bin_part.xlsx").read_bytes(), "dtd_in_bin_part.xlsx")
    assert refused.value.key == "readers.xml_entities"
    with pytest.raises(FileRefused) as refused:
        data = (HOSTILE / "formulas_no_extension.xlsx").read_bytes()
        read_table(data, "formulas_no_extension.xlsx")
    assert refused.value.key == "readers.uncached_formulas"


def test_the_worker_reads_what_this_process_would() -> None:
    from cx_sme.files.worker_parse import read_table_here

    data = (SAMPLE / "vendite_gestionale.xlsx").read_bytes()
    here = read_table_here(data, "vendite.xlsx")
    there = read_isolated(data, "vendite.xlsx", max_rows=2_000_000)
    assert (
        here.frame.equals(there.frame) and here.row_numbers.tolist() == there.row_numbers.tolist()
    )
    assert here.detected == there.detected
