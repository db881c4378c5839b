"""Many companies in one installation (issue 16), on SQLite and on PostgreSQL: each
company has a store of its own (a file beside the installation's; a schema in its
database); `companies` lists them (CSV code,name,created), `companies add` creates one,
`--company CODE` (or CX_SME_COMPANY) runs any command on it; without it, the main
company works as before. Nothing one company stores is visible from another."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cx_sme.core import config, db, postgres
from cx_sme.core.errors import CxError, InputRefused
from cx_sme.tenancy.companies import MAIN, add_company, folder_of, list_companies, store_of
from tests.cli.harness import invoke, run_process

SALES = b"Data;Cliente;Importo\n03/11/2026;C1;1.000,00\n04/11/2026;C2;250,00\n"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_each_company_has_its_own_store(installation: str) -> None:
    store = config.store_of_argument(installation)
    conn = db.connect(store)
    assert [c.code for c in list_companies(conn)] == [MAIN]
    acme = add_company(conn, store, "acme", "  Acme   S.r.l. ")
    assert acme.name == "Acme S.r.l."
    assert [c.code for c in list_companies(conn)] == [MAIN, "acme"]
    path = store_of(conn, store, "acme")
    if db.is_postgres(conn):
        assert postgres.schema_in(str(path)) == "cx_acme"
    else:
        assert path == folder_of(Path(store)) / "acme.sqlite" and Path(path).exists()
    assert store_of(conn, store, None) == store and store_of(conn, store, MAIN) == store
    # the new store is migrated and empty: its own companies list is its own company only
    other = db.connect(path)
    assert db.schema_version(other) == db.latest_version() and not db.has_data(other)
    assert [c.code for c in list_companies(other)] == [MAIN]
    # what one company stores, the other does not see
    with db.write_transaction(other):
        other.execute("INSERT INTO settings (key, value) VALUES ('marker', '\"acme\"')")
    assert db.get_setting(other, "marker") == "acme" and db.get_setting(conn, "marker") is None
    other.close()
    conn.close()


@pytest.mark.parametrize("code", ["../x", "A", "con spazio", "a" * 40, "-x"])
def test_a_code_is_never_a_path(installation: str, code: str) -> None:
    store = config.store_of_argument(installation)
    conn = db.connect(store)
    with pytest.raises(InputRefused):
        add_company(conn, store, code, "Nome")
    if db.is_postgres(conn):
        schemas = conn.execute(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'cx%'"
        ).fetchall()
        assert schemas == [("cx_principale",)]
    else:
        folder = folder_of(Path(store))
        assert not folder.exists() or list(folder.iterdir()) == []
    with pytest.raises(CxError):
        store_of(conn, store, code)
    conn.close()


def test_duplicates_and_unknown_codes_are_refused(installation: str) -> None:
    store = config.store_of_argument(installation)
    conn = db.connect(store)
    add_company(conn, store, "acme", "Acme")
    for code in ("acme", MAIN):
        with pytest.raises(InputRefused):
            add_company(conn, store, code, "Altra")
    with pytest.raises(CxError) as unknown:
        store_of(conn, store, "nope")
    assert "principale, acme" in str(unknown.value)
    conn.close()


def test_command_line_companies_and_company_option(installation: str, tmp_path: Path) -> None:
    store = installation
    sales = tmp_path / "vendite.csv"
    sales.write_bytes(SALES)
    listed = invoke(["--db", str(store), "companies"])
    assert listed.returncode == 0 and [r["code"] for r in rows(listed.stdout)] == [MAIN]
    assert list(rows(listed.stdout)[0]) == ["code", "name", "created"]
    added = invoke(["--db", str(store), "companies", "add", "acme", "Acme S.r.l."])
    assert added.returncode == 0, added.stderr
    listed = rows(invoke(["--db", str(store), "companies"]).stdout)
    assert [(r["code"], r["name"]) for r in listed] == [(MAIN, "Azienda principale"),
                                                         ("acme", "Acme S.r.l.")]  # fmt: skip
    done = invoke(["--db", str(store), "--company", "acme", "import", "sales", str(sales)])
    assert done.returncode == 0, done.stderr
    # the sales are the company's only
    acme_kpi = rows(invoke(["--db", str(store), "--company", "acme", "kpi", "sales",
                            "--period", "month"]).stdout)  # fmt: skip
    assert [(r["period"], r["revenue"]) for r in acme_kpi] == [("2026-11", "1250.00")]
    main_history = invoke(["--db", str(store), "history"])
    assert main_history.returncode == 0 and main_history.stdout == ""
    refused = invoke(["--db", str(store), "--company", "nope", "history"])
    assert refused.returncode == 2 and "nope" in refused.stderr
    bad = invoke(["--db", str(store), "companies", "add", "../x", "X"])
    assert bad.returncode == 2


def test_the_environment_chooses_the_company_in_a_real_process(
    installation: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = config.store_of_argument(installation)
    sales = tmp_path / "vendite.csv"
    sales.write_bytes(SALES)
    assert invoke(["--db", str(store), "companies", "add", "acme", "Acme"]).returncode == 0
    monkeypatch.setenv("CX_SME_COMPANY", "acme")
    done = run_process(["--db", str(store), "import", "sales", str(sales)])
    assert done.returncode == 0, done.stderr
    main = db.connect(store)
    conn = db.connect(store_of(main, store, "acme"))
    main.close()
    assert conn.execute("SELECT count(*) FROM sales").fetchone()[0] == 2
    conn.close()
    main = db.connect(store)
    assert main.execute("SELECT count(*) FROM sales").fetchone()[0] == 0
    main.close()


def test_a_company_moves_to_another_installation_whole(tmp_path: Path) -> None:
    """Its backup is a standalone store: restored into a company of another installation,
    everything comes with it."""
    store, elsewhere = tmp_path / "studio.sqlite", tmp_path / "cliente.sqlite"
    sales = tmp_path / "vendite.csv"
    sales.write_bytes(SALES)
    assert invoke(["--db", str(store), "companies", "add", "acme", "Acme"]).returncode == 0
    assert invoke(["--db", str(store), "--company", "acme", "import", "sales",
                   str(sales)]).returncode == 0  # fmt: skip
    copy = tmp_path / "acme_backup.sqlite"
    saved = invoke(["--db", str(store), "--company", "acme", "backup", str(copy)])
    assert saved.returncode == 0, saved.stderr
    # the client's own installation: its main company takes the whole store
    back = invoke(["--db", str(elsewhere), "restore", str(copy)])
    assert back.returncode == 0, back.stderr
    history = invoke(["--db", str(elsewhere), "history"]).stdout
    assert "vendite.csv" in history
    assert invoke(["--db", str(store), "history"]).stdout == ""  # the studio's own: untouched
