"""The company picker (AppTest): hidden with one company; with more, the sidebar offers
them and every page shows the chosen company's data only. On a SQLite installation and on
a PostgreSQL one (a database of the test cluster, a schema per company)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cx_sme.core import db
from cx_sme.core.config import store_of_argument
from cx_sme.ingest.importer import import_file
from cx_sme.tenancy.companies import add_company, store_of
from tests.pages.test_security import OIDC, signed_in


@pytest.fixture
def store(installation: str, app_env: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The installation the app runs on, on each database in turn."""
    monkeypatch.setenv("CX_SME_DB", installation)
    return installation


MARCH = b"Data;Cliente;Importo\n03/03/2026;C1;10,00\n"
APRIL = b"Data;Cliente;Importo\n03/04/2026;C9;20,00\n05/04/2026;C8;30,00\n"


def test_one_company_no_picker(make_app, store) -> None:
    at = make_app()
    at.run()
    assert not at.exception
    assert all(s.label != "Azienda" for s in at.sidebar.selectbox)
    assert not any("Azienda:" in c.value for c in at.caption)


def test_the_picker_shows_each_company_s_own_data(make_app, store) -> None:
    _two_companies(store)
    at = make_app()
    at.run()
    at.switch_page("app_pages/import_history.py").run()
    assert not at.exception, at.exception
    picker = next(s for s in at.sidebar.selectbox if s.label == "Azienda")
    assert picker.options == ["Azienda principale", "Acme S.r.l."]
    assert at.dataframe[0].value["File"].tolist() == ["marzo.csv"]
    assert any("Azienda: **Azienda principale**" in c.value for c in at.caption)
    picker.set_value("acme").run()
    assert not at.exception, at.exception
    assert at.dataframe[0].value["File"].tolist() == ["aprile.csv"]
    assert any("Azienda: **Acme S.r.l.**" in re.sub(r"\\(.)", r"\1", c.value) for c in at.caption)
    at.switch_page("app_pages/sales.py").run()
    assert not at.exception, at.exception
    figures = {m.label: m.value for m in at.metric}
    assert figures["Fatturato"] == "50\xa0€"  # April's 20 + 30 euros, not March's 10
    assert figures["Clienti attivi"] == "2"


SIGN_IN = {
    "auth": OIDC["auth"],
    "access": {
        "admins": ["studio@consulenza.it"],
        "companies": {"acme": {"editors": ["@acme.it"]}},
    },
}


def _two_companies(address: str) -> None:
    installation = store_of_argument(address)
    conn = db.connect(installation)
    import_file(conn, "sales", "marzo.csv", MARCH)
    add_company(conn, installation, "acme", "Acme S.r.l.")
    other = db.connect(store_of(conn, installation, "acme"))
    import_file(other, "sales", "aprile.csv", APRIL)
    other.close()
    conn.close()


def test_a_company_user_sees_only_their_company(make_app, store) -> None:
    _two_companies(store)
    at = signed_in(make_app, "anna@acme.it", SIGN_IN)
    at.run()
    at.switch_page("app_pages/import_history.py").run()
    assert not at.exception, at.exception
    assert all(s.label != "Azienda" for s in at.sidebar.selectbox)  # one company: no picker
    assert at.dataframe[0].value["File"].tolist() == ["aprile.csv"]
    assert any(x.value == "Connesso come anna@acme.it (Modifica)" for x in at.sidebar.text)
    # a session that asks for the other company (a forged state) still gets its own
    at.session_state["company"] = "principale"
    at.run()
    assert at.dataframe[0].value["File"].tolist() == ["aprile.csv"]


def test_the_installation_admin_sees_every_company(make_app, store) -> None:
    _two_companies(store)
    at = signed_in(make_app, "studio@consulenza.it", SIGN_IN)
    at.run()
    picker = next(s for s in at.sidebar.selectbox if s.label == "Azienda")
    assert picker.options == ["Azienda principale", "Acme S.r.l."]


def test_an_address_on_no_list_gets_nothing(make_app, store) -> None:
    _two_companies(store)
    at = signed_in(make_app, "intruso@altra.it", SIGN_IN)
    at.run()
    assert "non è tra quelli autorizzati" in at.error[0].value
    assert not at.dataframe


def test_the_installation_admin_adds_a_company_in_settings(make_app, store) -> None:
    at = make_app()
    at.run()
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, at.exception
    code = next(x for x in at.text_input if x.label == "Codice della nuova azienda")
    code.input("../fuori")
    next(x for x in at.text_input if x.label == "Nome").input("Fuori")
    next(b for b in at.button if b.label == "Crea l'azienda").click().run()
    assert any("non va bene come codice azienda" in e.value for e in at.error)
    next(x for x in at.text_input if x.label == "Codice della nuova azienda").input("beta")
    next(x for x in at.text_input if x.label == "Nome").input("Beta S.p.A.")
    next(b for b in at.button if b.label == "Crea l'azienda").click().run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "Codice" in d.value.columns)
    assert table["Codice"].tolist() == ["principale", "beta"]
    assert next(s for s in at.sidebar.selectbox if s.label == "Azienda").options == [
        "Azienda principale", "Beta S.p.A.",
    ]  # fmt: skip


def test_a_company_user_cannot_add_companies(make_app, store) -> None:
    _two_companies(store)
    at = signed_in(make_app, "anna@acme.it", SIGN_IN)
    at.run()
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, at.exception
    assert not any(b.label == "Crea l'azienda" for b in at.button)
