"""The report and password-hash commands, run as real processes (the report on a SQLite
file and on a PostgreSQL company). Backup, restore and erase-customer, on both databases:
tests/admin/test_cli_store.py."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl
import pypdf
import pytest

from cx_sme.admin import access as auth
from tests.cli.harness import filled, invoke, run_process
from tests.report_store import REPORT_MONTH, fill

PROJECT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command in this process (see tests/cli/harness.py)."""
    return invoke(list(args), stdin=stdin)


def run_real(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_process(list(args), stdin=stdin)


@pytest.fixture
def report_store(store_address: str) -> str:
    """The report's store (SQLite, then PostgreSQL): its address."""
    return filled(store_address, fill)


def test_report_writes_both_files(report_store: str, tmp_path: Path) -> None:
    store = report_store
    xlsx, pdf = tmp_path / "out" / "report.xlsx", tmp_path / "out" / "report.pdf"
    done = run("--db", str(store), "report", "--month", REPORT_MONTH, "--xlsx", str(xlsx),
               "--pdf", str(pdf))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert str(xlsx) in done.stdout and str(pdf) in done.stdout
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames[0] == "Indicatori"
    assert len(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages) == 1


def test_report_refusals_exit_2_in_italian(report_store: str, tmp_path: Path) -> None:
    store = report_store
    bad = run_real(
        "--db", str(store), "report", "--month", "marzo", "--xlsx", str(tmp_path / "a.xlsx")
    )
    assert bad.returncode == 2
    assert "Il mese «marzo» non è valido" in bad.stderr
    assert not (tmp_path / "a.xlsx").exists()

    outside = run(
        "--db", str(store), "report", "--month", "2019-01", "--pdf", str(tmp_path / "a.pdf")
    )
    assert outside.returncode == 2 and "Non ci sono dati per gennaio 2019" in outside.stderr

    nothing = run("--db", str(store), "report", "--month", REPORT_MONTH)
    assert nothing.returncode == 2 and "--xlsx" in nothing.stderr

    missing = run("--db", str(store), "report", "--xlsx", str(tmp_path / "a.xlsx"))
    assert missing.returncode == 2  # argparse: --month is required


def test_password_hash_reads_stdin(tmp_path: Path) -> None:
    done = run_real(
        "--db", str(tmp_path / "x.sqlite"), "password-hash", stdin="Una-password-lunga\n"
    )
    assert done.returncode == 0, done.stderr
    hashed = done.stdout.strip()
    assert auth.verify_password(hashed, "Una-password-lunga")
    short = run("--db", str(tmp_path / "x.sqlite"), "password-hash", stdin="corta\n")
    assert short.returncode == 2 and "almeno 10 caratteri" in short.stderr
