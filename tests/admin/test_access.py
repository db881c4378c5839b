"""Access modes, roles, password hashing and the lockout."""

from __future__ import annotations

import datetime as dt

import pytest

from cx_sme.admin import access as auth
from cx_sme.core.errors import InputRefused

PASSWORD = "Fiera-di-Verona-2025"


@pytest.fixture(scope="module")
def password_hash() -> str:
    return auth.hash_password(PASSWORD)


def test_no_configuration_means_open(monkeypatch) -> None:
    assert auth.load_config({}, {}).mode == "open"
    assert auth.load_config({"access": {}}, {"OTHER": "x"}).mode == "open"


def test_password_from_environment_or_secrets(password_hash: str) -> None:
    from_env = auth.load_config({}, {auth.PASSWORD_ENV: password_hash})
    from_secrets = auth.load_config({"access": {"password_hash": password_hash}}, {})
    assert from_env.mode == from_secrets.mode == "password"
    assert from_env.password_hash == password_hash
    assert from_env.problems == ()


def test_a_plain_text_password_in_the_configuration_is_flagged() -> None:
    config = auth.load_config({"access": {"password_hash": "segreto"}}, {})
    assert config.mode == "password"
    assert config.problems == ("settings.access.problem_bad_hash",)
    assert not auth.verify_password(config.password_hash or "", "segreto")


def test_hash_and_verify(password_hash: str) -> None:
    assert password_hash.startswith("$argon2id$")
    assert PASSWORD not in password_hash
    assert auth.verify_password(password_hash, PASSWORD)
    assert not auth.verify_password(password_hash, PASSWORD.lower())
    assert not auth.verify_password(password_hash, "")
    assert auth.hash_password(PASSWORD) != password_hash  # salted


def test_short_passwords_are_refused() -> None:
    with pytest.raises(InputRefused) as err:
        auth.hash_password("corta")
    assert "10" in str(err.value)


def test_oidc_with_named_providers_and_allow_list() -> None:
    secrets = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "s",
            "google": {"client_id": "g", "client_secret": "x", "server_metadata_url": "u"},
            "microsoft": {"client_id": "m", "client_secret": "x", "server_metadata_url": "u"},
        },
        "access": {
            "admins": ["Titolare@Rossi.it"],
            "editors": ["qualita@rossi.it", "@rossi-logistica.it"],
            "viewers": ["@rossi.it"],
        },
    }
    config = auth.load_config(secrets, {})
    assert config.mode == "oidc"
    assert config.providers == ("google", "microsoft")
    assert auth.role_for(config, "titolare@rossi.it") == "admin"
    assert auth.role_for(config, " QUALITA@rossi.it ") == "editor"
    assert auth.role_for(config, "magazzino@rossi-logistica.it") == "editor"
    assert auth.role_for(config, "agente@rossi.it") == "viewer"
    assert auth.role_for(config, "someone@rossi.it.evil.com") is None
    assert auth.role_for(config, "rossi.it") is None
    assert auth.role_for(config, None) is None


def test_oidc_default_provider_and_empty_allow_list_is_a_problem() -> None:
    config = auth.load_config({"auth": {"client_id": "x", "redirect_uri": "r"}}, {})
    assert config.providers == ("",)
    assert config.problems == ("settings.access.problem_no_allow_list",)
    assert auth.role_for(config, "anyone@example.com") is None


def test_a_higher_role_wins_when_listed_twice() -> None:
    config = auth.load_config(
        {"auth": {"client_id": "x"}, "access": {"viewers": ["a@b.it"], "admins": ["a@b.it"]}}, {}
    )
    assert auth.role_for(config, "a@b.it") == "admin"


@pytest.mark.parametrize(
    ("role", "read", "edit", "admin"),
    [
        ("viewer", True, False, False),
        ("editor", True, True, False),
        ("admin", True, True, True),
        (None, False, False, False),
        ("boss", False, False, False),
    ],
)
def test_permissions(role, read, edit, admin) -> None:
    assert (auth.can(role, "read"), auth.can(role, "edit"), auth.can(role, "admin")) == (
        read,
        edit,
        admin,
    )


def test_lockout_after_repeated_failures(fresh_db, password_hash: str) -> None:
    config = auth.load_config({}, {auth.PASSWORD_ENV: password_hash})
    start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    for n in range(auth.MAX_FAILURES - 1):
        result = auth.check_password(fresh_db, config, "sbagliata", start + dt.timedelta(seconds=n))
        assert not result.ok and result.locked_until is None
        assert result.attempts_left == auth.MAX_FAILURES - n - 1
    last = start + dt.timedelta(seconds=10)
    result = auth.check_password(fresh_db, config, "sbagliata", last)
    assert result.locked_until == last + auth.LOCKOUT

    # even the right password is refused while locked, and is not checked
    during = last + dt.timedelta(minutes=5)
    assert not auth.check_password(fresh_db, config, PASSWORD, during).ok
    assert auth.locked_until(fresh_db, during) == last + auth.LOCKOUT

    after = last + auth.LOCKOUT + dt.timedelta(seconds=1)
    assert auth.locked_until(fresh_db, after) is None
    assert auth.check_password(fresh_db, config, PASSWORD, after).ok
    # a success clears the failures
    assert fresh_db.execute("SELECT count(*) FROM login_failures").fetchone()[0] == 0


def test_failures_outside_the_window_do_not_lock(fresh_db, password_hash: str) -> None:
    config = auth.load_config({}, {auth.PASSWORD_ENV: password_hash})
    start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    for n in range(auth.MAX_FAILURES + 2):
        moment = start + n * (auth.FAILURE_WINDOW / 2)
        assert auth.check_password(fresh_db, config, "no", moment).locked_until is None


def test_lockout_is_shared_by_every_session(store_address: str, password_hash: str) -> None:
    from cx_sme.core import db

    config = auth.load_config({}, {auth.PASSWORD_ENV: password_hash})
    now = dt.datetime.now(dt.UTC)
    for _ in range(auth.MAX_FAILURES):
        session = db.connect(store_address)
        auth.check_password(session, config, "no", now)
        session.close()
    session = db.connect(store_address)
    assert auth.locked_until(session, now) is not None
    session.close()


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("127.0.1.1", True),
        ("", False),
        (None, False),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("nas.local", False),
    ],
)
def test_local_addresses(address, local) -> None:
    assert auth.is_local_address(address) is local


def test_twenty_sessions_guessing_at_once_get_five_tries_between_them(store_address) -> None:
    """Each session has its own connection; they all try a wrong password at the same
    instant. Only five attempts reach the password check; the others find sign-in locked."""
    import threading

    from cx_sme.admin import access
    from cx_sme.core import db

    config = access.load_config({}, {"CX_SME_PASSWORD_HASH": access.hash_password("giusta-123456")})
    db.connect(store_address).close()
    start = threading.Barrier(20)
    results: list[access.PasswordCheck] = []
    lock = threading.Lock()

    def guess() -> None:
        conn = db.connect(store_address)
        try:
            start.wait()
            found = access.check_password(conn, config, "sbagliata")
        finally:
            conn.close()
        with lock:
            results.append(found)

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 20 and not any(r.ok for r in results)
    verified = [r for r in results if r.attempts_left is not None]  # reached the check
    assert len(verified) == access.MAX_FAILURES
    assert sum(r.locked_until is not None for r in results) >= 20 - access.MAX_FAILURES
    conn = db.connect(store_address)
    assert access.check_password(conn, config, "giusta-123456").locked_until is not None
    conn.close()
