"""A PostgreSQL database that does not answer, or an address naming a schema that is no
company's: the app and the command line say so in Italian (where, and what failed), with no
traceback, and never show the address's password."""

from __future__ import annotations

import pytest

from tests.cli.harness import invoke, run_process

# Nothing listens on port 1 of this computer: the connection is refused at once.
UNREACHABLE = "postgresql://cx:segreto-di-prova@127.0.0.1:1/crm"
NOT_A_COMPANY = "postgresql://cx@127.0.0.1:1/crm?options=-csearch_path%3Dpublic"


def test_the_app_says_the_database_does_not_answer(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CX_SME_DB", UNREACHABLE)
    at = make_app()
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")  # markdown escapes
    assert "Il database PostgreSQL crm @ 127.0.0.1:1 non risponde" in shown
    assert "Connection refused" in shown
    assert "segreto" not in shown
    assert not at.metric and not at.dataframe  # nothing else is drawn


def test_the_app_refuses_a_schema_that_is_no_company_s(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CX_SME_DB", NOT_A_COMPANY)
    at = make_app(lang="en")
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert "schema «public», which is not a company's" in shown


@pytest.mark.parametrize(
    "address", [UNREACHABLE, NOT_A_COMPANY, "postgresql://cx@127.0.0.1:1/crm?nonsense=1"]
)
def test_the_command_line_exits_2_in_italian(address: str) -> None:
    done = invoke(["--db", address, "history"])
    assert done.returncode == 2
    assert done.stderr.startswith(("Il database PostgreSQL", "L'indirizzo del database"))
    assert "Traceback" not in done.stderr and "segreto" not in done.stderr


def test_a_real_process_exits_2_without_a_traceback() -> None:
    done = run_process(["--db", UNREACHABLE, "kpi", "sales", "--period", "month"])
    assert done.returncode == 2, done.stderr
    assert "non risponde" in done.stderr and "Traceback" not in done.stderr
