"""The data commands as a user scripts them: a real ``python -m cx_sme`` subprocess, exit
codes, stdout/stderr, and the store unchanged after every refusal; on a SQLite file and
on a PostgreSQL company (``store_address``)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from cx_sme.core import db
from cx_sme.ingest.importer import import_file
from tests.cli.harness import invoke, run_process

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BAD_ROWS = FIXTURES / "bad_rows"
BAD_FILES = FIXTURES / "bad"
EXPECTED = json.loads((BAD_ROWS / "expected.json").read_text(encoding="utf-8"))

MARCH = "Data;Cliente;Importo\r\n03/03/2025;00042;1.234,56\r\n31/03/2025;00043;-12,00\r\n"
APRIL = "Data;Cliente;Importo\r\n01/04/2025;00042;100,00\r\n"


def cli(store: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in this process (see tests/cli/harness.py)."""
    return invoke(["--db", str(store), *args])


def cli_process(store: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in a real process: exit codes as a shell script sees them."""
    return run_process(["--db", str(store), *args])


def state(store: Path | str) -> tuple:
    conn = db.connect(store)
    try:
        return tuple(
            conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("imports", "sales", "complaints", "surveys", "mappings", "meta")
        )
    finally:
        conn.close()


@pytest.fixture
def march(tmp_path: Path) -> Path:
    path = tmp_path / "vendite marzo.csv"
    path.write_text(MARCH, encoding="utf-8")
    return path


def test_import_history_export(store_address: str, march: Path, tmp_path: Path) -> None:
    done = cli_process(store_address, "import", "sales", str(march))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Righe importate: 2 (vendite, file «vendite marzo.csv»")
    assert "dal 03/03/2025 al 31/03/2025" in lines[0]

    april = tmp_path / "aprile.csv"
    april.write_text(APRIL, encoding="utf-8")
    assert cli(store_address, "import", "sales", str(april)).returncode == 0

    history = cli(store_address, "history")
    assert history.returncode == 0
    rows = [line.split("\t") for line in history.stdout.strip().splitlines()]
    assert [r[0] for r in rows] == ["2", "1"]
    assert rows[1][2:9] == [
        "sales", "vendite marzo.csv", "2", "0", "2025-03-03", "2025-03-31", "active",
    ]  # fmt: skip
    assert len(rows[1][9]) == 64

    export = cli(store_address, "export", "sales")
    assert export.returncode == 0
    table = list(csv.reader(io.StringIO(export.stdout)))
    assert table[0][:3] == ["date", "customer_id", "amount"]
    assert [r[:3] for r in table[1:]] == [
        ["2025-03-03", "00042", "1234.56"],
        ["2025-03-31", "00043", "-12.00"],
        ["2025-04-01", "00042", "100.00"],
    ]


def test_identical_file_refused(store_address: str, march: Path) -> None:
    assert cli_process(store_address, "import", "sales", str(march)).returncode == 0
    before = state(store_address)
    again = cli_process(store_address, "import", "sales", str(march))
    assert again.returncode == 2
    assert "è già stato importato" in again.stderr
    assert again.stdout == ""
    assert state(store_address) == before


def test_overlap_refused_without_replace_then_replaced(
    store_address: str, march: Path, tmp_path: Path
) -> None:
    assert cli(store_address, "import", "sales", str(march)).returncode == 0
    before = state(store_address)
    fixed = tmp_path / "marzo corretto.csv"
    fixed.write_text("Data;Cliente;Importo\r\n10/03/2025;00042;5,00\r\n", encoding="utf-8")
    refused = cli(store_address, "import", "sales", str(fixed))
    assert refused.returncode == 2
    assert "mesi già importati: marzo 2025" in refused.stderr
    assert state(store_address) == before
    replaced = cli(store_address, "import", "sales", str(fixed), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert "Mesi sostituiti: 2025-03." in replaced.stdout
    history = cli(store_address, "history").stdout.strip().splitlines()
    assert [line.split("\t")[8] for line in history] == ["active", "replaced"]


def test_sheet_option(store_address: str, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Note"
    book.active.append(["Questo foglio non contiene dati"])
    sheet = book.create_sheet("Vendite")
    sheet.append(["Data", "Cliente", "Importo"])
    sheet.append(["03/03/2025", "00042", 10.5])
    path = tmp_path / "vendite.xlsx"
    book.save(path)
    done = cli(store_address, "import", "sales", str(path), "--sheet", "Vendite")
    assert done.returncode == 0, done.stderr
    assert "Righe importate: 1" in done.stdout


def test_missing_file_is_a_refusal(db_path: Path, tmp_path: Path) -> None:
    done = cli(db_path, "import", "sales", str(tmp_path / "nessuno.csv"))
    assert done.returncode == 2
    assert "Impossibile aprire il file" in done.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_rows_fixture_refused_then_valid_only(store_address: str, name: str) -> None:
    expected = EXPECTED[name]
    path = BAD_ROWS / name
    db.connect(store_address).close()
    before = state(store_address)
    refused = cli(store_address, "import", expected["dataset"], str(path))
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert "Traceback" not in refused.stderr
    assert state(store_address) == before
    if "refused" in expected:
        assert "manca una colonna obbligatoria" in refused.stderr
        return
    first = expected["errors"][0]
    assert f"riga {first[0]}, colonna «{first[1]}», valore «{first[2]}»" in refused.stderr
    partial = cli(store_address, "import", expected["dataset"], str(path), "--valid-only")
    if expected["valid"] == 0:
        assert partial.returncode == 2
        assert "Nessuna riga del file è valida" in partial.stderr
        assert state(store_address) == before
    else:
        assert partial.returncode == 0, partial.stderr
        assert f"Righe importate: {expected['valid']} " in partial.stdout
        rejected = len({e[0] for e in expected["errors"]})
        assert f"righe scartate: {rejected}." in partial.stdout


# Refused only under a test-sized row limit (tests/files/test_safety.py reads it with max_rows=10);
# at the real limit it is a small valid sheet.
NEEDS_A_SMALL_LIMIT = {"oltre_il_limite.xlsx"}


def _bad_files() -> list[Path]:
    if not BAD_FILES.is_dir():
        return []
    return sorted(
        p
        for p in BAD_FILES.iterdir()
        if p.is_file() and not p.name.endswith(".json") and p.name not in NEEDS_A_SMALL_LIMIT
    )


@pytest.mark.parametrize("path", _bad_files(), ids=lambda p: p.name)
def test_every_bad_file_is_refused_with_nothing_stored(store_address: str, path: Path) -> None:
    conn = db.connect(store_address)
    import_file(conn, "sales", "marzo.csv", MARCH.encode())
    conn.close()
    before = state(store_address)
    done = cli(store_address, "import", "sales", str(path))
    assert done.returncode == 2, done.stdout
    assert done.stdout == ""
    assert done.stderr.strip() and "Traceback" not in done.stderr
    assert state(store_address) == before


def test_bad_files_exist_once_the_readers_land() -> None:
    """The parametrised test above must not pass vacuously once A1's fixtures exist."""
    if BAD_FILES.is_dir():
        assert _bad_files(), "tests/fixtures/bad is empty"


def test_history_of_an_empty_store(store_address: str) -> None:
    done = cli(store_address, "history")
    assert (done.returncode, done.stdout) == (0, "")


def test_unknown_dataset_is_a_usage_error(db_path: Path, march: Path) -> None:
    done = cli(db_path, "import", "orders", str(march))
    assert done.returncode == 2


def test_store_untouched_by_export(store_address: str, march: Path) -> None:
    assert cli(store_address, "import", "sales", str(march)).returncode == 0
    before = state(store_address)
    exported = cli(store_address, "export", "complaints")
    assert exported.stdout.startswith("opened,closed,customer_id")
    assert state(store_address) == before


@pytest.mark.sqlite_only
def test_sqlite_untouched_by_export(store_address: str, march: Path) -> None:
    db_path = Path(store_address)
    assert cli(db_path, "import", "sales", str(march)).returncode == 0
    assert cli(db_path, "export", "complaints").returncode == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_an_unclosed_quote_is_always_a_refusal(db_path: Path, tmp_path: Path) -> None:
    """A CSV whose quote never closes, large enough for the reader to work in several
    blocks: every real run ends in exit 2 with the Italian message (never an abort)."""
    lines = ["Data;Cliente;Importo;Prodotto"]
    lines += [f"0{1 + i % 9}/03/2026;C{i};{i},50;articolo {i}" for i in range(160_000)]
    lines.insert(80_000, '02/03/2026;"Rossi;12,00;x')
    path = tmp_path / "virgolette.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = state(db_path)
    for _ in range(6):
        done = cli_process(db_path, "import", "sales", str(path))
        assert done.returncode == 2, (done.returncode, done.stderr[-500:])
        assert "virgolette aperte alla riga 80001" in done.stderr
    assert state(db_path) == before


def test_history_prints_one_safe_line_per_import(store_address: str, tmp_path: Path) -> None:
    """A file name with a tab, a line break, or a formula look: one line per import, the
    name flattened and made safe for spreadsheets."""
    body = "Data;Codice cliente;Importo\n03/03/2026;C1;Eur 5,00\n04/04/2026;C2;12,00 euro\n"
    odd = tmp_path / "marzo\tvendite\nbis.csv"
    odd.write_text(body, encoding="utf-8")
    formula = tmp_path / '=HYPERLINK("x").csv'
    formula.write_text(body.replace("2026", "2025"), encoding="utf-8")
    assert cli(store_address, "import", "sales", str(odd)).returncode == 0
    assert cli(store_address, "import", "sales", str(formula)).returncode == 0
    lines = cli(store_address, "history").stdout.splitlines()
    assert len(lines) == 2
    names = [line.split("\t")[3] for line in lines]
    assert "marzo vendite bis.csv" in names
    assert '\'=HYPERLINK("x").csv' in names
    exported = cli(store_address, "export", "sales").stdout
    assert "5.00" in exported and "12.00" in exported  # the euro words were read as amounts


def test_a_50_mb_single_line_file_is_refused_for_what_it_is(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "una_riga.csv"
    path.write_bytes(b"Data;Cliente;Importo;" + b"x" * 50_000_000)
    done = cli(db_path, "import", "sales", str(path))
    assert done.returncode == 2
    assert "non va mai a capo" in done.stderr and "(50 MB)" in done.stderr
    assert "celle sono vuote" not in done.stderr


MISREAD = FIXTURES / "misread"


def test_import_of_dates_that_read_two_ways_is_exit_2_naming_the_options(
    store_address: str,
) -> None:
    file = MISREAD / "inglese_giorni_fino_a_12.csv"
    before = state(store_address)
    result = cli_process(store_address, "import", "sales", str(file))
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "«02/03/2027» può essere 2 marzo 2027 (giorno/mese)" in result.stderr
    assert "3 febbraio 2027 (mese/giorno)" in result.stderr
    assert "--dates dmy|mdy|ymd" in result.stderr and "--decimal comma|dot" in result.stderr
    assert state(store_address) == before


def test_import_dates_and_decimal_options_force_the_reading(store_address: str) -> None:
    result = cli(store_address, "import", "sales", str(MISREAD / "inglese_giorni_fino_a_12.csv"),
                 "--dates", "mdy")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "dal 03/02/2027 al 12/11/2027" in result.stdout
    result = cli(store_address, "import", "sales",
                 str(MISREAD / "inglese_migliaia_senza_indizi.csv"),
                 "--decimal", "dot", "--replace")  # fmt: skip
    assert result.returncode == 0, result.stderr
    exported = list(csv.DictReader(io.StringIO(cli(store_address, "export", "sales").stdout)))
    amounts = {row["date"]: row["amount"] for row in exported}
    assert amounts["2027-03-02"] == "1234.00" and amounts["2027-03-05"] == "2500.00"
    assert amounts["2027-02-03"] == "1234.50"


@pytest.mark.parametrize("option", [["--dates", "dym"], ["--decimal", "point"]])
def test_import_reading_options_take_only_their_choices(db_path: Path, option: list[str]) -> None:
    result = cli(db_path, "import", "sales", str(MISREAD / "inglese_giorni_fino_a_12.csv"), *option)
    assert result.returncode == 2 and "invalid choice" in result.stderr
