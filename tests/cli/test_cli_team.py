"""The public contract of ``python -m cx_sme touchpoints`` and ``actions``, run for real,
on a SQLite file and on a PostgreSQL company."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
from pathlib import Path

import pytest

from cx_sme.cli.main import main
from cx_sme.company import touchpoints
from cx_sme.team import actions
from tests.cli.harness import filled, run_process
from tests.team_data import add_complaints, add_sales, add_surveys

PROJECT = Path(__file__).resolve().parents[2]


def run(store: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in a real process (exit codes as a shell script sees them)."""
    return run_process(["--db", store, *args])


def call(capsys: pytest.CaptureFixture[str], store: str, *args: str) -> tuple[int, str, str]:
    """The same command in this process (faster), for the options."""
    code = main(["--db", store, *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


@pytest.fixture
def store(store_address: str) -> str:
    """Sales, complaints, answers, scores and actions (SQLite, then PostgreSQL)."""
    return filled(store_address, fill)


def fill(conn: sqlite3.Connection) -> None:
    add_sales(conn, ["2024-04-10", "2025-03-20"])
    add_complaints(
        conn,
        [
            ("2025-03-02", None, "Consegna e magazzino"),
            ("2024-05-02", "2024-05-03", "consegna e magazzino"),
            ("2024-03-31", "2024-04-03", "Consegna e magazzino"),  # before the 12 months
        ],
    )
    add_surveys(
        conn, [("2025-01-05", 9, 4, "Consegna e magazzino"), ("2025-02-05", 3, 1, "delivery")]
    )
    delivery = touchpoints.by_code(conn, "delivery")
    touchpoints.record_score(conn, delivery.id, 3, "2025-02-10")
    touchpoints.record_score(conn, delivery.id, 2, "2025-03-12")
    actions.add_action(
        conn, "Avvisare via SMS", touchpoint_id=delivery.id, kpi="complaints", owner="Luca",
        department="production", due="2025-04-30", baseline=14, target=8,
    )  # fmt: skip
    actions.add_action(conn, '=HYPERLINK("http://x","clic")', owner="Anna", status="done")


def test_touchpoints_csv(store: str) -> None:
    done = run(store, "touchpoints")
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.splitlines()[0] == "name,phase,department,score,scored_on,complaints,mean_csat"
    )
    found = rows(done.stdout)
    assert len(found) == 18
    delivery = next(r for r in found if r["name"] == "Consegna e magazzino")
    assert delivery == {
        "name": "Consegna e magazzino", "phase": "during", "department": "production",
        "score": "2", "scored_on": "2025-03-12", "complaints": "2", "mean_csat": "2.5",
    }  # fmt: skip
    video = next(r for r in found if r["name"] == "Video")
    assert (video["score"], video["complaints"], video["mean_csat"]) == ("", "0", "")


def test_touchpoints_evidence_window(store: str, capsys) -> None:
    _, out, _ = call(capsys, store, "touchpoints", "--from", "2025-03", "--to", "2025-03")
    delivery = next(r for r in rows(out) if r["name"] == "Consegna e magazzino")
    assert (delivery["complaints"], delivery["mean_csat"]) == ("1", "")


def test_touchpoints_in_english_and_a_bad_period(store: str, capsys) -> None:
    assert "Delivery and warehouse" in call(capsys, store, "--lang", "en", "touchpoints")[1]
    code, out, err = call(capsys, store, "touchpoints", "--from", "marzo")
    assert code == 2 and "Periodo «marzo» non valido" in err and out == ""


def test_actions_csv(store: str) -> None:
    done = run(store, "actions")
    assert done.returncode == 0, done.stderr
    header = "title,touchpoint,kpi,owner,department,due,status,baseline,target,result"
    assert done.stdout.splitlines()[0] == header
    first, second = rows(done.stdout)
    assert first == {
        "title": "Avvisare via SMS", "touchpoint": "Consegna e magazzino", "kpi": "complaints",
        "owner": "Luca", "department": "production", "due": "2025-04-30",
        "status": "proposed", "baseline": "14.0", "target": "8.0", "result": "",
    }  # fmt: skip
    # a title that looks like a formula stays text in a spreadsheet
    assert second["title"] == '\'=HYPERLINK("http://x","clic")'


def test_actions_filters(store: str, capsys) -> None:
    def titles(*args: str) -> list[str]:
        return [r["title"] for r in rows(call(capsys, store, "actions", *args)[1])]

    assert titles("--owner", "luca") == ["Avvisare via SMS"]
    assert titles("--department", "sales") == []
    assert titles("--status", "done", "--status", "dropped") == ['\'=HYPERLINK("http://x","clic")']
    assert titles("--overdue") == ["Avvisare via SMS"]


def test_an_empty_store(store_address: str, capsys) -> None:
    code, out, _ = call(capsys, store_address, "touchpoints")
    assert code == 0 and len(rows(out)) == 18
    assert {r["complaints"] for r in rows(out)} == {""}
    assert call(capsys, store_address, "actions")[1].strip() == (
        "title,touchpoint,kpi,owner,department,due,status,baseline,target,result"
    )
