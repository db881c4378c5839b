"""Settings › Access › People and roles (AppTest): the installation's administrator adds a
person on one company, who can then sign in to that company only, and removes them again;
a company user does not see the section."""

from __future__ import annotations

import re
from pathlib import Path

from cx_sme.core import db
from cx_sme.tenancy.companies import add_company
from cx_sme.tenancy.people import add_person
from tests.pages.test_security import OIDC, signed_in

SIGN_IN = {
    "auth": OIDC["auth"],
    "access": {
        "admins": ["studio@consulenza.it"],
        "companies": {"acme": {"editors": ["@acme.it"]}},
    },
}
WHO = "Indirizzo e-mail o @dominio"


def _installation(db_path: Path) -> None:
    conn = db.connect(db_path)
    add_company(conn, db_path, "acme", "Acme S.r.l.")
    conn.close()


def _settings(at):  # type: ignore[no-untyped-def]
    at.run()
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, at.exception
    return at


def _people(at) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = next(d.value for d in at.dataframe if "Origine" in d.value.columns)
    return table.values.tolist()


def _said(elements) -> list[str]:  # type: ignore[no-untyped-def]
    """The messages' text as the reader sees it (user text in them is escaped)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


def _main_select(at, label: str):  # type: ignore[no-untyped-def]
    return next(s for s in at.main.selectbox if s.label == label)


def test_the_installation_admin_adds_and_removes_a_person(make_app, db_path) -> None:
    _installation(db_path)
    at = _settings(signed_in(make_app, "studio@consulenza.it", SIGN_IN))
    assert any(s.value == "Persone e ruoli" for s in at.subheader)
    assert _people(at) == [
        [
            "studio@consulenza.it",
            "Tutte le aziende",
            "Amministratore",
            "Dal file di configurazione",
        ],
        ["@acme.it", "Acme S.r.l.", "Modifica", "Dal file di configurazione"],
    ]
    assert not at.checkbox  # nothing added in the app: nothing to remove here
    # an address that is not one
    next(x for x in at.text_input if x.label == WHO).input("revisore")
    next(b for b in at.button if b.label == "Aggiungi").click().run()
    assert any("«revisore» non sembra un indirizzo e-mail" in e for e in _said(at.error))
    # a viewer on Acme
    next(x for x in at.text_input if x.label == WHO).input("Revisore@Esempio.it")
    _main_select(at, "Azienda").set_value("acme")
    _main_select(at, "Ruolo").set_value("viewer")
    next(b for b in at.button if b.label == "Aggiungi").click().run()
    assert not at.exception, at.exception
    assert _people(at)[2] == ["revisore@esempio.it", "Acme S.r.l.", "Lettura", "Aggiunto nell'app"]
    assert "Ora revisore@esempio.it ha il ruolo «Lettura» sull'azienda «acme»." in _said(at.success)

    # the person signs in: Acme only, as a viewer
    guest = signed_in(make_app, "revisore@esempio.it", SIGN_IN)
    guest.run()
    assert not guest.exception and not guest.error
    assert all(s.label != "Azienda" for s in guest.sidebar.selectbox)  # one company
    assert any(x.value == "Connesso come revisore@esempio.it (Lettura)" for x in guest.sidebar.text)

    # removed: only the entry added in the app can be chosen, after a confirmation
    picker = _main_select(at, "Ruolo da togliere")
    assert picker.options == ["revisore@esempio.it · Acme S.r.l. · Lettura"]
    go = next(b for b in at.button if b.label == "Togli il ruolo")
    assert go.disabled
    next(c for c in at.checkbox if c.label == "Sì, togli questo ruolo").check().run()
    next(b for b in at.button if b.label == "Togli il ruolo").click().run()
    assert not at.exception, at.exception
    assert len(_people(at)) == 2
    assert "revisore@esempio.it non ha più il ruolo «Lettura» sull'azienda «acme»." in _said(
        at.success
    )
    guest = signed_in(make_app, "revisore@esempio.it", SIGN_IN)
    guest.run()
    assert "non è tra quelli autorizzati" in guest.error[0].value


def test_a_company_user_does_not_see_people(make_app, db_path) -> None:
    _installation(db_path)
    at = _settings(signed_in(make_app, "anna@acme.it", SIGN_IN))
    assert not any(s.value == "Persone e ruoli" for s in at.subheader)
    assert not any(x.label == WHO for x in at.text_input)
    assert not any("Origine" in d.value.columns for d in at.dataframe)
    assert not any(b.label == "Aggiungi" for b in at.button)


def test_on_this_computer_alone_the_page_says_people_do_not_count_yet(make_app) -> None:
    at = _settings(make_app())
    assert any(s.value == "Persone e ruoli" for s in at.subheader)
    assert any("contano solo con l'accesso tramite account aziendale" in i.value for i in at.info)
    assert not any("Origine" in d.value.columns for d in at.dataframe)  # nobody yet


def test_an_administrator_cannot_remove_their_own_administration(make_app, db_path) -> None:
    """Marta administers the installation only through a role added in the app: she may
    not remove it (nobody could then manage the installation from the app), while the
    administrator from the configuration file may."""
    _installation(db_path)
    conn = db.connect(db_path)
    add_person(conn, "marta@consulenza.it", "admin")
    conn.close()
    at = _settings(signed_in(make_app, "marta@consulenza.it", SIGN_IN))
    assert _main_select(at, "Ruolo da togliere").options == [
        "marta@consulenza.it · Tutte le aziende · Amministratore"
    ]
    next(c for c in at.checkbox if c.label == "Sì, togli questo ruolo").check().run()
    next(b for b in at.button if b.label == "Togli il ruolo").click().run()
    assert not at.exception, at.exception
    assert any("Non puoi togliere questo ruolo" in e for e in _said(at.error))
    assert ["marta@consulenza.it", "Tutte le aziende", "Amministratore", "Aggiunto nell'app"] in (
        _people(at)
    )
    # the administrator from the configuration file removes it
    boss = _settings(signed_in(make_app, "studio@consulenza.it", SIGN_IN))
    next(c for c in boss.checkbox if c.label == "Sì, togli questo ruolo").check().run()
    next(b for b in boss.button if b.label == "Togli il ruolo").click().run()
    assert not boss.exception, boss.exception
    assert not any(p[0] == "marta@consulenza.it" for p in _people(boss))
