"""A user of one company cannot reach another company's data from any page (AppTest).

Two companies with distinctive names in every data set; a user with a role on Acme only
visits every page of the app, also with a session state forged to ask for the main
company and with the address asking for it; nothing the main company holds appears
anywhere on screen (text, tables, options), while Acme's own data does."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_sme.core import db
from cx_sme.core.config import store_of_argument
from cx_sme.ingest.importer import import_file
from cx_sme.tenancy.companies import add_company, store_of
from tests.pages.test_security import OIDC, signed_in

PAGES = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "app_pages").glob("*.py"))
ACME_USER = {"auth": OIDC["auth"], "access": {"companies": {"acme": {"editors": ["anna@acme.it"]}}}}
SECRET = "Segretissima"  # in every data set of the main company, nowhere in Acme's


def _files(name: str, customer: str) -> dict[str, bytes]:
    return {
        "sales": (
            "Data;Cliente;Ragione sociale;Importo\n"
            f"03/03/2026;{customer}1;{name} Uno Srl;100,00\n"
            f"10/04/2026;{customer}2;{name} Due Spa;250,00\n"
            f"12/04/2026;{customer}1;{name} Uno Srl;80,00\n"
        ).encode(),
        "complaints": (
            "Data apertura;Cliente;Categoria;Descrizione\n"
            f"05/04/2026;{customer}1;Consegna;Pacco di {name} arrivato rotto\n"
        ).encode(),
        "surveys": (
            f"Data;Cliente;NPS;Commento\n06/04/2026;{customer}2;3;Servizio {name} lento\n"
        ).encode(),
    }


@pytest.fixture
def two_companies(installation: str, app_env: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The installation (a SQLite file, or a PostgreSQL database: the pages run on both)
    with the main company and Acme, the app pointed at it."""
    store = store_of_argument(installation)
    monkeypatch.setenv("CX_SME_DB", installation)
    conn = db.connect(store)
    for dataset, data in _files(SECRET, "S").items():
        import_file(conn, dataset, f"{SECRET.lower()}_{dataset}.csv", data)
    add_company(conn, store, "acme", "Acme S.r.l.")
    acme = db.connect(store_of(conn, store, "acme"))
    for dataset, data in _files("Acmeina", "A").items():
        import_file(acme, dataset, f"acme_{dataset}.csv", data)
    acme.close()
    conn.close()
    return installation


def visible(at) -> str:  # type: ignore[no-untyped-def]
    """Everything the page shows as text: elements, tables, options, labels."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "text", "title", "header", "subheader", "info",
                 "success", "warning", "error", "code", "latex"):  # fmt: skip
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [d.value.to_csv() for d in at.dataframe]
    parts += [t.value.to_csv() for t in at.table]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in getattr(at, kind):
            parts += [widget.label, *map(str, widget.options)]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_a_company_user_sees_no_other_company_on_any_page(
    make_app, two_companies: str, page: str
) -> None:
    at = signed_in(make_app, "anna@acme.it", ACME_USER, timeout=120)
    at.query_params["company"] = "principale"  # the address asks for the other company
    at.run()
    at.session_state["company"] = "principale"  # and so does a forged session state
    at.switch_page(f"app_pages/{page}").run()
    assert not at.exception, at.exception
    shown = visible(at)
    assert SECRET not in shown
    assert SECRET.lower() not in shown.lower()


def test_the_check_sees_a_company_s_own_data(make_app, two_companies: str) -> None:
    """The same reading of the screen finds Acme's data for Acme's user (so the test above
    would see the main company's if it leaked)."""
    at = signed_in(make_app, "anna@acme.it", ACME_USER, timeout=120)
    at.run()
    seen = {}
    for page in ("import_history.py", "complaints.py", "links.py"):
        at.switch_page(f"app_pages/{page}").run()
        assert not at.exception, at.exception
        seen[page] = visible(at)
    assert "acme_sales.csv" in seen["import_history.py"]
    assert "Acmeina" in "".join(seen.values())
