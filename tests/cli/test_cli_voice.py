"""The ``drivers`` and ``comments`` commands: columns, order, safe text, exit codes.

Expected values are worked out by hand from the small file below."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cx_sme.cli.main import main
from cx_sme.core import db
from cx_sme.ingest.importer import import_file

PROJECT = Path(__file__).resolve().parents[2]

# 10 answers: the 4 about «Fattura» have 3 detractors; the 6 others 1.
SURVEYS = """Data;Codice cliente;Punto di contatto;NPS;CSAT;Commento
03/02/2026;C1;Fattura;2;1;Fattura sbagliata, mai più
05/02/2026;C2;Fattura;3;2;Ennesimo errore in fattura
07/02/2026;C3;Fattura;1;1;
09/02/2026;C4;Fattura;9;5;=HYPERLINK("http://x","clic")
10/03/2026;C5;Consegna;10;5;Corriere puntuale e gentile
11/03/2026;C6;Consegna;9;5;
12/03/2026;C7;Consegna;4;2;Tutto perfetto, bravissimi
13/03/2026;C8;Banco;10;5;
14/03/2026;C9;Banco;8;4;Ho ritirato al banco
15/03/2026;;Banco;9;4;
"""


@pytest.fixture
def store(store_address: str) -> str:
    """The answers above, imported (SQLite, then PostgreSQL)."""
    conn = db.connect(store_address)
    try:
        import_file(conn, "surveys", "risposte.csv", SURVEYS.encode("utf-8"))
    finally:
        conn.close()
    return store_address


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_drivers_csv_columns_and_order(store: str, capsys) -> None:
    code, out, err = run(capsys, "--db", store, "drivers")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "driver", "kind", "answers", "detractor_share", "impact", "impact_low", "impact_high"
    ]  # fmt: skip
    by_name = {(r["driver"], r["kind"]): r for r in rows}
    invoice = by_name[("Fattura", "touchpoint")]
    assert invoice["answers"] == "4"
    assert float(invoice["detractor_share"]) == pytest.approx(75.0)
    # 3 of 4 against 1 of 6: (3/4) / (1/6) = 4.5
    assert float(invoice["impact"]) == pytest.approx(4.5)
    assert float(invoice["impact_low"]) < 4.5 < float(invoice["impact_high"])
    impacts = [float(r["impact"]) for r in rows]
    assert impacts == sorted(impacts, reverse=True)
    assert rows[0]["driver"] == "Fattura"
    assert {r["kind"] for r in rows} == {"touchpoint", "theme"}


def test_drivers_json_and_span(store: str, capsys) -> None:
    code, out, _ = run(capsys, "--db", store, "drivers", "--from", "2026-03",
                       "--to", "2026-03", "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    names = {d["driver"] for d in data if d["kind"] == "touchpoint"}
    assert names == {"Consegna", "Banco"}  # February's «Fattura» is outside the span
    consegna = next(d for d in data if d["driver"] == "Consegna")
    assert consegna["answers"] == 3 and consegna["detractor_share"] == pytest.approx(100 / 3)


def test_comments_rows_safe_text_and_disagreement(store: str, capsys) -> None:
    code, out, err = run(capsys, "--db", store, "comments")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "date", "customer_id", "nps", "csat", "touchpoint", "comment", "sentiment",
        "sentiment_label", "themes", "disagrees",
    ]  # fmt: skip
    assert len(rows) == 6  # answers with a comment
    first = rows[0]
    assert first["date"] == "2026-02-03" and first["customer_id"] == "C1"
    assert (first["nps"], first["csat"]) == ("2", "1")
    assert first["sentiment_label"] == "negativo" and float(first["sentiment"]) < 0
    assert first["themes"] == "Fatture ed errori amministrativi"
    formula = next(r for r in rows if "HYPERLINK" in r["comment"])
    assert formula["comment"].startswith("'=")  # never a formula in a spreadsheet
    praise = next(r for r in rows if r["comment"].startswith("Tutto perfetto"))
    assert praise["disagrees"] == "true"  # a 4 with words of praise
    delivery = next(r for r in rows if r["comment"].startswith("Corriere"))
    assert delivery["disagrees"] == "false" and delivery["sentiment_label"] == "positivo"
    assert set(delivery["themes"].split(";")) == {"Consegna e corriere", "Personale e agenti"}


@pytest.mark.parametrize(
    "args",
    [("--from", "2026-13"), ("--to", "marzo"), ("--from", "2026-04", "--to", "2026-03")],
)
def test_bad_spans_exit_2_with_an_italian_message(store: str, capsys, args) -> None:
    for command in ("drivers", "comments"):
        code, out, err = run(capsys, "--db", store, command, *args)
        assert code == 2 and out == ""
        assert "mese" in err or "periodo" in err
        assert "Traceback" not in err


def test_empty_store_prints_the_header_only(store_address: str, capsys) -> None:
    code, out, _ = run(capsys, "--db", store_address, "drivers")
    assert (
        code == 0
        and out.strip() == "driver,kind,answers,detractor_share,impact,impact_low,impact_high"
    )


def test_real_process(store: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cx_sme", "--db", store, "comments", "--format", "json"],
        capture_output=True, text=True, cwd=PROJECT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data) == 6 and data[0]["disagrees"] is False and data[0]["nps"] == 2
    bad = subprocess.run(
        [sys.executable, "-m", "cx_sme", "--db", store, "drivers", "--from", "2026-00"],
        capture_output=True, text=True, cwd=PROJECT, timeout=120, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "2026-00" in bad.stderr and "Traceback" not in bad.stderr
