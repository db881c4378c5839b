"""People added from the app or the command line (issue 16): a role on one company or on
every company, stored in the installation's store, counted with a company sign-in exactly
like the configuration file's lists (the higher role wins), and never without one."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from cx_sme.admin import access
from cx_sme.core import db
from cx_sme.core.config import store_of_argument
from cx_sme.core.errors import CxError, InputRefused
from cx_sme.tenancy.companies import MAIN, add_company
from cx_sme.tenancy.people import (
    SOURCE_APP,
    SOURCE_FILE,
    Person,
    add_person,
    file_people,
    list_people,
    remove_person,
    with_people,
)
from tests.cli.harness import invoke, run_process

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s",
        "google": {"client_id": "g", "client_secret": "x", "server_metadata_url": "u"}}  # fmt: skip
SECRETS = {
    "auth": AUTH,
    "access": {
        "admins": ["studio@consulenza.it"],
        "companies": {"acme": {"editors": ["@acme.it"]}},
    },
}


@pytest.fixture
def store(installation: str) -> Path | str:
    """A new installation, on SQLite and on PostgreSQL."""
    return store_of_argument(installation)


@pytest.fixture
def conn(store: Path | str) -> Iterator[sqlite3.Connection]:
    """An installation with two companies: its own (principale) and acme."""
    found = db.connect(store)
    add_company(found, store, "acme", "Acme S.r.l.")
    yield found
    found.close()


def _plain(found: list[Person]) -> list[tuple[str, str | None, str, str]]:
    return [(p.who, p.company, p.role, p.source) for p in found]


# --- the list --------------------------------------------------------------------------


def test_add_a_person_on_one_company_and_a_domain_on_every_company(conn) -> None:
    anna = add_person(conn, "  Anna.Rossi@Acme.IT ", "editor", "acme", by="studio@consulenza.it")
    assert (anna.who, anna.company, anna.role) == ("anna.rossi@acme.it", "acme", "editor")
    add_person(conn, "@Consulenza.it", "viewer")
    add_person(conn, "capo@rossi.it", "admin", MAIN)  # the installation's own company
    assert _plain(list_people(conn)) == [
        ("@consulenza.it", None, "viewer", SOURCE_APP),
        ("anna.rossi@acme.it", "acme", "editor", SOURCE_APP),
        ("capo@rossi.it", "principale", "admin", SOURCE_APP),
    ]
    stored = list_people(conn)[1]
    assert stored.added_by == "studio@consulenza.it" and stored.added_at[:2] == "20"


def test_the_same_person_may_have_a_role_on_another_company_but_not_two_on_one(conn) -> None:
    add_person(conn, "anna@acme.it", "viewer", "acme")
    add_person(conn, "anna@acme.it", "viewer")  # every company: another entry
    with pytest.raises(InputRefused) as twice:
        add_person(conn, "ANNA@acme.it", "admin", "acme")
    assert str(twice.value) == (
        "anna@acme.it ha già il ruolo «Lettura» sull'azienda «acme»: "
        "per cambiarlo, togli quello e aggiungi il nuovo."
    )
    with pytest.raises(InputRefused) as every:
        add_person(conn, "anna@acme.it", "editor")
    assert "su tutte le aziende" in str(every.value)
    assert [p.role for p in list_people(conn)] == ["viewer", "viewer"]
    # the store itself refuses a second role on every company (NULL counts as one company)
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        conn.execute(
            "INSERT INTO people (who, company, role, added_at) VALUES (?, NULL, 'admin', 'x')",
            ("anna@acme.it",),
        )


@pytest.mark.parametrize(
    "who",
    ["anna", "anna@", "@", "anna@acme", "anna rossi@acme.it", "=1+1@acme.it", ".anna@acme.it",
     "anna@@acme.it", "<b>@acme.it", "anna@acme.it;x@y.it", "a" * 250 + "@acme.it", ""],
)  # fmt: skip
def test_an_implausible_address_is_refused(conn, who: str) -> None:
    with pytest.raises(InputRefused) as err:
        add_person(conn, who, "viewer")
    assert "non sembra un indirizzo e-mail" in str(err.value)
    assert list_people(conn) == []


def test_a_role_that_does_not_exist_is_refused(conn) -> None:
    with pytest.raises(InputRefused) as err:
        add_person(conn, "anna@acme.it", "owner")
    assert str(err.value) == (
        "«owner» non è un ruolo: usa viewer (lettura), editor (modifica) o admin (amministratore)."
    )
    assert list_people(conn) == []


def test_a_company_that_does_not_exist_is_refused(conn) -> None:
    with pytest.raises(CxError) as err:
        add_person(conn, "anna@acme.it", "viewer", "beta")
    assert "beta" in str(err.value) and "principale, acme" in str(err.value)
    with pytest.raises(CxError):
        add_person(conn, "anna@acme.it", "viewer", "../acme")
    assert list_people(conn) == []


def test_remove_takes_away_one_entry_only(conn) -> None:
    add_person(conn, "anna@acme.it", "editor", "acme")
    add_person(conn, "anna@acme.it", "viewer")
    gone = remove_person(conn, "Anna@Acme.it", "acme")
    assert (gone.who, gone.company, gone.role) == ("anna@acme.it", "acme", "editor")
    assert _plain(list_people(conn)) == [("anna@acme.it", None, "viewer", SOURCE_APP)]
    with pytest.raises(InputRefused) as again:
        remove_person(conn, "anna@acme.it", "acme")
    assert "non ha un ruolo sull'azienda «acme»" in str(again.value)
    remove_person(conn, "anna@acme.it")
    assert list_people(conn) == []


def test_the_configuration_file_s_entries_are_listed_as_such() -> None:
    assert _plain(file_people(SECRETS)) == [
        ("studio@consulenza.it", None, "admin", SOURCE_FILE),
        ("@acme.it", "acme", "editor", SOURCE_FILE),
    ]
    assert file_people({}) == []


# --- what they count for ---------------------------------------------------------------


def test_people_count_with_a_company_sign_in_like_the_file_s_lists(conn) -> None:
    add_person(conn, "revisore@esempio.it", "viewer", "acme")
    add_person(conn, "anna@acme.it", "admin", "acme")  # the file gives @acme.it editor
    add_person(conn, "@acme.it", "viewer", "acme")  # lower than the file's editor
    add_person(conn, "socio@consulenza.it", "admin")  # every company
    config = with_people(access.load_config(SECRETS, {}), conn)
    assert config.mode == "oidc"
    assert access.role_for(config, "revisore@esempio.it", "acme") == "viewer"
    assert access.role_for(config, "revisore@esempio.it", MAIN) is None  # A, not B
    assert access.role_for(config, "revisore@esempio.it") == "viewer"  # may sign in
    assert access.role_for(config, "anna@acme.it", "acme") == "admin"  # the higher wins
    assert access.role_for(config, "luca@acme.it", "acme") == "editor"  # the file's, kept
    assert access.role_for(config, "luca@acme.it", MAIN) is None
    assert access.role_for(config, "socio@consulenza.it", MAIN) == "admin"
    assert access.role_for(config, "socio@consulenza.it", "acme") == "admin"
    assert access.installation_role(config, "socio@consulenza.it") == "admin"
    assert access.installation_role(config, "anna@acme.it") is None
    assert access.installation_role(config, "studio@consulenza.it") == "admin"
    assert access.role_for(config, "intruso@altra.it") is None


def test_without_a_company_sign_in_people_let_nobody_in(conn) -> None:
    add_person(conn, "anna@acme.it", "admin")
    add_person(conn, "revisore@esempio.it", "viewer", "acme")
    password = {"access": {"password_hash": "$argon2id$x"}}
    for config in (access.load_config({}, {}), access.load_config(password, {})):
        merged = with_people(config, conn)
        assert merged == config and merged.allow == {} and merged.companies == {}
        assert access.role_for(merged, "anna@acme.it") is None
        assert access.installation_role(merged, "anna@acme.it") is None


def test_people_in_the_store_are_an_allow_list(conn) -> None:
    bare = access.load_config({"auth": AUTH}, {})
    assert bare.problems == ("settings.access.problem_no_allow_list",)
    assert with_people(bare, conn).problems == bare.problems  # nobody yet
    add_person(conn, "titolare@rossi.it", "admin")
    merged = with_people(bare, conn)
    assert merged.problems == ()
    assert access.role_for(merged, "titolare@rossi.it", "acme") == "admin"


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def secrets_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with its own .streamlit/secrets.toml, and a home without one."""
    home, work = tmp_path / "home", tmp_path / "work"
    (work / ".streamlit").mkdir(parents=True)
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    path = work / ".streamlit" / "secrets.toml"
    path.write_text(
        '[access]\nadmins = ["studio@consulenza.it"]\n'
        '[access.companies.acme]\neditors = ["@acme.it"]\n',
        encoding="utf-8",
    )
    return path


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_command_line_people(store: Path | str, secrets_here: Path) -> None:
    at = ["--db", str(store)]
    assert invoke([*at, "companies", "add", "acme", "Acme S.r.l."]).returncode == 0
    listed = invoke([*at, "people"])
    assert listed.returncode == 0, listed.stderr
    assert _rows(listed.stdout) == [
        ["who", "company", "role", "source"],
        ["studio@consulenza.it", "", "admin", "file"],
        ["@acme.it", "acme", "editor", "file"],
    ]
    added = invoke([*at, "people", "add", "Revisore@Esempio.it", "viewer", "--for-company", "acme"])
    assert added.returncode == 0, added.stderr
    assert added.stdout == "Ora revisore@esempio.it ha il ruolo «Lettura» sull'azienda «acme».\n"
    assert invoke([*at, "people", "add", "@rossi.it", "admin"]).returncode == 0
    assert _rows(invoke([*at, "people"]).stdout)[3:] == [
        ["@rossi.it", "", "admin", "app"],
        ["revisore@esempio.it", "acme", "viewer", "app"],
    ]
    removed = invoke([*at, "people", "remove", "@rossi.it"])
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout == "@rossi.it non ha più il ruolo «Amministratore» su tutte le aziende.\n"
    assert len(_rows(invoke([*at, "people"]).stdout)) == 4


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["people", "add", "anna", "viewer"], "non sembra un indirizzo e-mail"),
        (["people", "add", "anna@acme.it", "owner"], "non è un ruolo"),
        (["people", "add", "anna@acme.it", "viewer", "--for-company", "beta"], "beta"),
        (["people", "add", "x@acme.it", "viewer", "--for-company", "acme"], "ha già il ruolo"),
        (["people", "remove", "studio@consulenza.it"], "si toglie da lì"),
    ],
)
def test_command_line_refusals_exit_2_in_italian(
    store: Path | str, secrets_here: Path, argv: list[str], says: str
) -> None:
    assert invoke(["--db", str(store), "companies", "add", "acme", "Acme"]).returncode == 0
    assert invoke(["--db", str(store), "people", "add", "x@acme.it", "viewer",
                   "--for-company", "acme"]).returncode == 0  # fmt: skip
    refused = invoke(["--db", str(store), *argv])
    assert refused.returncode == 2 and says in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert len(_rows(invoke(["--db", str(store), "people"]).stdout)) == 4  # nothing changed


def test_an_unreadable_configuration_file_is_a_refusal(
    store: Path | str, secrets_here: Path
) -> None:
    secrets_here.write_text("[access\nadmins = [", encoding="utf-8")
    refused = invoke(["--db", str(store), "people"])
    assert refused.returncode == 2 and "non si legge" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_command_line_people_in_a_real_process(store: Path | str, secrets_here: Path) -> None:
    done = run_process(["--db", str(store), "people", "add", "anna@acme.it", "editor"])
    assert done.returncode == 0, done.stderr
    refused = run_process(["--db", str(store), "people", "add", "anna@acme.it", "admin"])
    assert refused.returncode == 2 and "ha già il ruolo «Modifica»" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_removing_one_s_own_administration_is_refused(conn) -> None:
    """Worked out by hand: anna administers the installation only through @acme.it's
    admin role added in the app; removing it would leave her no way back from the app."""
    config = access.load_config(
        {"auth": SECRETS["auth"], "access": {"admins": ["studio@esempio.it"]}}, {}
    )
    add_person(conn, "@acme.it", "admin")
    add_person(conn, "luca@acme.it", "viewer", MAIN)
    with pytest.raises(InputRefused) as refused:
        remove_person(conn, "@acme.it", signed_in=(config, "anna@acme.it"))
    assert "ti rende amministratore" in refused.value.message()
    assert [p.who for p in list_people(conn)] == ["@acme.it", "luca@acme.it"]
    # someone else's role, or by the administrator from the file: allowed
    remove_person(conn, "luca@acme.it", MAIN, signed_in=(config, "anna@acme.it"))
    remove_person(conn, "@acme.it", signed_in=(config, "studio@esempio.it"))
    assert list_people(conn) == []
