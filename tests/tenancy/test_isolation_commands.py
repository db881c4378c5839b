"""A command run on one company never reaches another's data (issue 16), on a SQLite
installation and on a PostgreSQL one.

The main company's files carry a marker in every data set (customer names, complaint and
comment texts, file names); Acme's carry another. Every reading command run with
``--company acme`` prints Acme's marker where the command shows such data and never the
main company's; a change made with ``--company acme`` (an erasure, an import) leaves the
main company's data as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cx_sme.core import db
from cx_sme.core.config import store_of_argument
from cx_sme.ingest.importer import import_file
from cx_sme.tenancy.companies import add_company, store_of
from tests.cli.harness import invoke
from tests.tenancy.test_isolation_pages import SECRET, _files

ACME = "Acmeina"

# (command, does its output show data a marker is in?)
READING_COMMANDS = [
    (["history"], True),
    (["export", "sales"], True),
    (["export", "complaints"], True),
    (["export", "surveys"], True),
    (["kpi", "sales", "--period", "month"], False),
    (["kpi", "complaints", "--period", "month"], False),
    (["kpi", "surveys", "--period", "month"], False),
    (["kpi", "links", "--period", "month"], False),
    (["kpi", "cohorts"], False),
    (["touchpoints"], False),
    (["actions"], False),
    (["comments"], True),
    (["drivers"], False),
]


@pytest.fixture
def two_companies(installation: str) -> str:
    store = store_of_argument(installation)
    conn = db.connect(store)
    try:
        for dataset, data in _files(SECRET, "S").items():
            import_file(conn, dataset, f"{SECRET.lower()}_{dataset}.csv", data)
        add_company(conn, store, "acme", "Acme S.r.l.")
        acme = db.connect(store_of(conn, store, "acme"))
        try:
            for dataset, data in _files(ACME, "A").items():
                import_file(acme, dataset, f"{ACME.lower()}_{dataset}.csv", data)
        finally:
            acme.close()
    finally:
        conn.close()
    return installation


@pytest.mark.parametrize(
    ("command", "shows_data"), READING_COMMANDS, ids=[" ".join(c) for c, _ in READING_COMMANDS]
)
def test_a_reading_command_on_one_company_shows_none_of_another(
    two_companies: str, command: list[str], shows_data: bool
) -> None:
    done = invoke(["--db", two_companies, "--company", "acme", *command])
    assert done.returncode == 0, done.stderr
    assert SECRET.lower() not in done.stdout.lower()
    if shows_data:  # the same reading finds the company's own data
        assert ACME.lower() in done.stdout.lower()
    # and the other way round
    main = invoke(["--db", two_companies, *command])
    assert main.returncode == 0, main.stderr
    assert ACME.lower() not in main.stdout.lower()
    if shows_data:
        assert SECRET.lower() in main.stdout.lower()


def test_kpis_count_one_company_s_customers_only(two_companies: str) -> None:
    """Both companies sell to two customers in April 2026, 330,00 € (250 + 80): a company's
    April counts its own two, not four, and its own revenue."""
    done = invoke(["--db", two_companies, "--company", "acme", "kpi", "sales", "--period",
                   "month", "--format", "json"])  # fmt: skip
    assert done.returncode == 0, done.stderr
    april = next(r for r in json.loads(done.stdout) if r["period"] == "2026-04")
    assert april["active_customers"] == 2 and april["revenue"] == pytest.approx(330.0)


def test_changes_on_one_company_leave_the_other_as_it_was(
    two_companies: str, tmp_path: Path
) -> None:
    before = invoke(["--db", two_companies, "export", "sales"]).stdout
    erased = invoke(["--db", two_companies, "--company", "acme", "erase-customer", "S1"])
    assert erased.returncode == 2  # S1 is the main company's customer: Acme has none
    erased = invoke(["--db", two_companies, "--company", "acme", "erase-customer", "A1"])
    assert erased.returncode == 0, erased.stderr
    more = tmp_path / "maggio.csv"
    more.write_bytes(b"Data;Cliente;Importo\n05/05/2026;A9;10,00\n")
    added = invoke(["--db", two_companies, "--company", "acme", "import", "sales", str(more)])
    assert added.returncode == 0, added.stderr
    assert invoke(["--db", two_companies, "export", "sales"]).stdout == before
    acme = invoke(["--db", two_companies, "--company", "acme", "export", "sales"]).stdout
    assert "A1" not in acme.split() and "A9" in acme
