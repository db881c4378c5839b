"""``import-month`` as scripts use it, in a real process: recognition, new/unchanged/
changed months, the guard, --dry-run, --format json, and nothing stored on exit 2; on a
SQLite file and on a PostgreSQL company (``store_address``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cx_sme.cli.month import EXIT_REFUSED
from cx_sme.core import db
from cx_sme.sample.files import write_all
from cx_sme.sample.generator import simulate
from tests.cli.harness import invoke, run_process

HEAD = "Data documento;Cod. cliente;Totale;N. fattura\n"
MARCH = HEAD + "03/03/2025;C1;100,00;F1\n10/03/2025;C2;50,00;F2\n17/03/2025;C3;25,00;F3\n"
APRIL = HEAD + "02/04/2025;C1;10,00;F4\n"


def count(store: str, sql: str) -> object:
    conn = db.connect(store)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("marzo.csv", MARCH), ("aprile.csv", APRIL),
                       ("marzo_meta.csv", HEAD + "03/03/2025;C1;100,00;F1\n"),
                       ("strano.csv", "A;B\n1;2\n")):  # fmt: skip
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def test_the_months_files_in_a_real_process_then_again_safely(
    store_address: str, tmp_path: Path
) -> None:
    sample = write_all(simulate("2026-10"), tmp_path / "ottobre")
    result = run_process(["--db", str(store_address), "import-month", *map(str, sample),
                          "--format", "json"])  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["stored"] is True
    by_dataset = {f["dataset"]: f for f in report["files"]}
    assert sorted(by_dataset) == ["complaints", "sales", "surveys"]
    assert len(by_dataset["sales"]["months_new"]) == 24
    assert by_dataset["sales"]["rows_added"] == count(store_address, "SELECT COUNT(*) FROM sales")
    # the same files again: every month unchanged, nothing stored, exit 0
    again = run_process(["--db", str(store_address), "import-month", *map(str, sample),
                         "--format", "json"])  # fmt: skip
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    assert second["stored"] is False
    assert all(len(f["months_unchanged"]) == 24 and f["rows_added"] == 0 for f in second["files"])
    assert count(store_address, "SELECT COUNT(*) FROM imports") == 3


def test_new_months_added_changed_ones_kept_unless_asked(
    store_address: str, files: dict[str, Path]
) -> None:
    assert (
        invoke(["--db", str(store_address), "import-month", str(files["marzo.csv"])]).returncode
        == 0
    )
    changed = files["marzo.csv"].with_name("marzo_bis.csv")
    changed.write_text(MARCH.replace("50,00", "55,00"), encoding="utf-8")
    result = invoke(
        ["--db", str(store_address), "import-month", str(changed), str(files["aprile.csv"])]
    )
    assert result.returncode == 0, result.stderr
    assert "marzo_bis.csv: vendite, 3 righe; mesi nuovi: nessuno; invariati: 0; " \
        "cambiati: marzo 2025; righe aggiunte: 0" in result.stdout  # fmt: skip
    assert "aprile.csv: vendite, 1 righe; mesi nuovi: aprile 2025" in result.stdout
    assert count(store_address, "SELECT SUM(amount_cents) FROM sales") == 17500 + 1000
    result = invoke(["--db", str(store_address), "import-month", str(changed), "--replace-changed"])
    assert result.returncode == 0, result.stderr
    assert count(store_address, "SELECT SUM(amount_cents) FROM sales") == 18000 + 1000


def test_the_guard_refuses_a_shrinking_month_unless_replace_changed(
    store_address: str, files: dict[str, Path]
) -> None:
    invoke(["--db", str(store_address), "import-month", str(files["marzo.csv"])])
    result = run_process(["--db", str(store_address), "import-month", str(files["marzo_meta.csv"]),
                          str(files["aprile.csv"])])  # fmt: skip
    assert result.returncode == EXIT_REFUSED == 2 and "Traceback" not in result.stderr
    assert "«marzo_meta.csv», marzo 2025: il file ha 1 righe contro le 3" in result.stderr
    assert "--replace-changed" in result.stderr
    assert count(store_address, "SELECT COUNT(*) FROM sales") == 3  # April not stored either
    result = invoke(["--db", str(store_address), "import-month", str(files["marzo_meta.csv"]),
                     "--replace-changed"])  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert count(store_address, "SELECT COUNT(*) FROM sales") == 1


def test_dry_run_stores_nothing_and_an_unknown_file_is_named(
    store_address: str, files: dict[str, Path]
) -> None:
    result = invoke(["--db", str(store_address), "import-month", str(files["marzo.csv"]),
                     "--dry-run", "--format", "json"])  # fmt: skip
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report == {"files": [{
        "file": "marzo.csv", "dataset": "sales", "rows": 3, "months_new": ["2025-03"],
        "months_unchanged": [], "months_changed": [], "rows_added": 3,
    }], "stored": False}  # fmt: skip
    assert count(store_address, "SELECT COUNT(*) FROM sales") == 0
    result = invoke(["--db", str(store_address), "import-month", str(files["marzo.csv"]),
                     str(files["strano.csv"])])  # fmt: skip
    assert result.returncode == 2 and "«strano.csv»" in result.stderr
    assert count(store_address, "SELECT COUNT(*) FROM sales") == 0
