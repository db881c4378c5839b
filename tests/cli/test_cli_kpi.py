"""``python -m cx_sme kpi ...`` in a real subprocess: the figures equal the hand-computed
fixtures of the KPI tests (same data, stored in a real database: a SQLite file, then a
PostgreSQL company)."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
from pathlib import Path

import pytest

from cx_sme.cli import main as cli
from cx_sme.core import db
from cx_sme.kpi import engine as kpis
from tests import kpi_data
from tests.cli.harness import invoke, run_process
from tests.kpi.test_cohorts import EXPECTED as COHORTS
from tests.kpi.test_complaints import MONTHLY as COMPLAINTS
from tests.kpi.test_links import MONTHLY as LINKS
from tests.kpi.test_sales import MONTHLY as SALES
from tests.kpi.test_sales import QUARTERLY as SALES_QUARTERLY
from tests.kpi.test_surveys import MONTHLY as SURVEYS

EXPECTED = {"sales": SALES, "complaints": COMPLAINTS, "surveys": SURVEYS, "links": LINKS}


def run(store: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in this process (see tests/cli/harness.py)."""
    return invoke(["--db", store, *args])


def run_real(store: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_process(["--db", store, *args])


@pytest.fixture
def stored(fresh_db, store_address: str) -> str:
    """The KPI tests' data in a store (SQLite, then PostgreSQL): its address."""
    kpi_data.store(fresh_db, kpi_data.sales(), kpi_data.complaints(), kpi_data.surveys())
    return store_address


def _check_cell(table: str, period: str, column: str, cell: str, expected: float) -> None:
    where = (table, period, column, cell)
    if isinstance(expected, float) and math.isnan(expected):
        assert cell == "", where
    elif column in kpis.COUNTS:
        assert cell == str(int(expected)), where
    elif column in kpis.MONEY:
        assert cell == f"{expected:.2f}", where
    else:
        assert float(cell) == pytest.approx(expected, rel=1e-12), where


def _surveys_over_sales_periods() -> dict[str, dict[str, float]]:
    """The survey table covers the sales periods too: April has no answers."""
    empty = {"responses": 0, "promoters": 0, "passives": 0, "detractors": 0}
    nan = {c: math.nan for c in ("nps", "nps_margin", "csat", "ces")}
    return {**SURVEYS, "2025-04": {**empty, **nan}}


@pytest.mark.parametrize("table", ["sales", "complaints", "surveys", "links"])
def test_csv_figures_equal_the_hand_computed_fixtures(stored: str, table: str) -> None:
    result = run(stored, "kpi", table, "--period", "month")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["period", *kpis.COLUMNS[table]]
    expected = _surveys_over_sales_periods() if table == "surveys" else EXPECTED[table]
    assert [r[0] for r in rows[1:]] == list(expected)
    for row in rows[1:]:
        cells = dict(zip(rows[0], row, strict=True))
        for column, value in expected[row[0]].items():
            if column in cells:
                _check_cell(table, row[0], column, cells[column], value)
    if table == "links":
        assert "retention_all_active" not in rows[0]


def test_money_is_to_the_cent_and_counts_are_integers(stored: str) -> None:
    result = run(stored, "kpi", "sales", "--period", "quarter", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["period"] for r in rows] == list(SALES_QUARTERLY)
    assert rows[0]["revenue"] == "620.00"
    assert rows[0]["average_ticket"] == "77.50"
    assert rows[0]["orders"] == "8"
    assert rows[0]["retention_rate"] == ""
    assert rows[1]["retention_rate"] == "25.0"


def test_json_gives_the_same_keys_with_null(stored: str) -> None:
    result = run_real(stored, "kpi", "sales", "--period", "month", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [list(row) for row in data] == [["period", *kpis.COLUMNS["sales"]]] * 4
    first, march = data[0], data[2]
    assert first["period"] == "2025-01"
    assert first["revenue"] == 410.0 and first["orders"] == 4
    assert first["retention_rate"] is None
    assert first["repeat_purchase_rate"] == pytest.approx(100 / 3)
    assert march["average_ticket"] is None and march["churn_rate"] == 100.0
    links = json.loads(run(stored, "kpi", "links", "--period", "year", "--format", "json").stdout)
    assert links == [
        {
            "period": "2025",
            "retention_promoters": None,
            "retention_passives": None,
            "retention_detractors": None,
            "retention_complainers": None,
            "revenue_at_risk": 30.0,
        }
    ]


def test_sla_days_come_from_the_settings(stored: str) -> None:
    conn = db.connect(stored)
    db.set_setting(conn, "sla_days", 6)
    conn.close()
    result = run(stored, "kpi", "complaints", "--period", "month")
    rows = {r["period"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["2025-04"]["within_sla"] == "0.0"  # K7 took 7 days


def test_cohorts_csv(stored: str) -> None:
    result = run(stored, "kpi", "cohorts")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["cohort", "k0", "k1", "k2", "k3"]
    assert [r[0] for r in rows[1:]] == list(COHORTS)
    for row in rows[1:]:
        for cell, share in zip(row[1:], COHORTS[row[0]], strict=True):
            if math.isnan(share):
                assert cell == ""
            else:
                assert float(cell) == pytest.approx(share, rel=1e-12)


# The remaining checks call the same entry point in-process (cli.main), to keep the suite
# fast on a shared machine.


def test_an_empty_store_prints_the_header_only(
    store_address: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", store_address, "kpi", "complaints", "--period", "year"]) == 0
    assert capsys.readouterr().out == "period," + ",".join(kpis.COLUMNS["complaints"]) + "\n"
    args = ["--db", store_address, "kpi", "surveys", "--period", "month", "--format", "json"]
    assert cli.main(args) == 0
    assert capsys.readouterr().out == "[]\n"
    assert cli.main(["--db", store_address, "kpi", "cohorts"]) == 0
    assert capsys.readouterr().out == "cohort\n"


@pytest.mark.parametrize(
    "args",
    [
        ["kpi", "sales"],  # --period is required
        ["kpi", "sales", "--period", "week"],
        ["kpi", "sales", "--period", "month", "--format", "xlsx"],
        ["kpi", "orders", "--period", "month"],
    ],
)
def test_usage_errors_exit_2(db_path: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--db", str(db_path), *args])
    assert stop.value.code == 2


@pytest.mark.parametrize("value", ["sette", -1, 2.5, True])
def test_a_wrong_sla_setting_is_refused_in_italian(
    stored: str, value: object, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = db.connect(stored)
    db.set_setting(conn, "sla_days", value)
    conn.close()
    assert cli.main(["--db", stored, "kpi", "complaints", "--period", "month"]) == 2
    captured = capsys.readouterr()
    assert "giorni SLA" in captured.err and str(value) in captured.err
    assert captured.out == ""
