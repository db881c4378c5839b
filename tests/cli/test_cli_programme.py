"""``python -m cx_sme roi`` in a real subprocess: the public contract, on a SQLite file and
on a PostgreSQL company."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.harness import filled, invoke, run_process
from tests.programme_data import store

PROJECT = Path(__file__).resolve().parents[2]


def run(store: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in this process (see tests/cli/harness.py)."""
    return invoke(["--db", store, "roi", *args])


def run_real(store: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_process(["--db", store, "roi", *args])


@pytest.fixture
def stored(store_address: str) -> str:
    """The programme tests' data in a store (SQLite, then PostgreSQL): its address."""
    return filled(store_address, store)


def test_roi_prints_every_figure_as_json(stored: str) -> None:
    done = run_real(
        stored, "--retention-gain", "3", "--ticket-gain", "2,5", "--complaint-reduction", "40"
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["first_month"] == "2024-07" and figures["last_month"] == "2025-06"
    assert figures["retention_gain_points"] == 3.0
    assert figures["ticket_gain_percent"] == 2.5
    assert figures["complaint_reduction_percent"] == 40.0
    assert figures["active_customers_12m"] == 4
    assert figures["revenue_12m"] == 3000.0
    assert figures["revenue_per_customer_12m"] == 750.0
    assert figures["complaint_cost_12m"] == 200.0
    assert figures["retention_extra_revenue"] == 90.0
    assert figures["ticket_extra_revenue"] == 75.0
    assert figures["complaint_savings"] == 80.0
    assert figures["extra_revenue_per_year"] == 245.0
    assert figures["revenue_at_risk"] == 2850.5


def test_left_out_gains_count_as_zero(stored: str) -> None:
    done = run(stored, "--ticket-gain", "10")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["retention_extra_revenue"] == 0.0
    assert figures["extra_revenue_per_year"] == 300.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--retention-gain", "-2"), "negativo"),
        (("--complaint-reduction", "150"), "non è realistico"),
        (("--ticket-gain", "tanto"), "non è un numero"),
        (("--ticket-gain", "nan"), "non è un numero"),
    ],
)
def test_bad_gains_exit_2_with_an_italian_message(stored: str, args, message) -> None:
    done = run(stored, *args)
    assert done.returncode == 2
    assert message in done.stderr and done.stdout == ""
    assert "Traceback" not in done.stderr


def test_no_sales_exits_2(store_address: str) -> None:
    done = run(store_address, "--retention-gain", "1")
    assert done.returncode == 2
    assert "Non ci sono vendite" in done.stderr
