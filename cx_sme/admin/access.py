"""Who may use the app, and what they may do.

Three access modes, chosen by configuration (``.streamlit/secrets.toml`` or the
environment), never by code:

``open``
    Nothing configured. Anyone who reaches the app is an administrator, so the app must
    listen on this computer only (``server.address = "127.0.0.1"``); the gate refuses to
    show anything when an open app is reachable from the network.
``password``
    A password whose Argon2 hash is in ``CX_SME_PASSWORD_HASH`` or in
    ``[access] password_hash``. Whoever knows it is an administrator. Argon2 verification
    compares in constant time; after :data:`MAX_FAILURES` wrong passwords within
    :data:`FAILURE_WINDOW` the app refuses every attempt for :data:`LOCKOUT`.
``oidc``
    Sign-in with the company's Google Workspace or Microsoft 365 (``st.login``, OpenID
    Connect, configured in ``[auth]``). Only e-mails on the allow-list get in, each with
    a role: ``viewer`` reads, ``editor`` also imports and edits, ``admin`` also changes
    settings, backs up, restores and erases. A list entry may be a whole domain
    (``"@azienda.it"``); an exact address wins over its domain. An administrator of the
    installation may add people from the app too (:mod:`cx_sme.tenancy.people`), merged
    with :func:`with_grants`: they count like the configuration's lists.

>>> config = load_config({"access": {"admins": ["Anna@Rossi.it"], "viewers": ["@rossi.it"]},
...     "auth": {"redirect_uri": "x", "cookie_secret": "y", "google": {"client_id": "z"}}}, {})
>>> config.mode, config.providers
('oidc', ('google',))
>>> [role_for(config, e) for e in ("anna@rossi.it", "marco@rossi.it", "x@y.it")]
['admin', 'viewer', None]
>>> can("editor", "edit"), can("editor", "admin")
(True, False)
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from cx_sme.core import db
from cx_sme.core.errors import InputRefused

Mode = Literal["open", "password", "oidc"]
ROLES = ("viewer", "editor", "admin")
# What each role may do; every role may read.
PERMISSIONS = {"read": "viewer", "edit": "editor", "admin": "admin"}
PASSWORD_ENV = "CX_SME_PASSWORD_HASH"  # noqa: S105 - the variable's name, not a secret
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10

_HASHER = PasswordHasher()


@dataclass(frozen=True)
class AccessConfig:
    """The access mode and its settings, read from secrets and the environment."""

    mode: Mode
    password_hash: str | None = None
    providers: tuple[str, ...] = ()
    # lower-case address or "@domain" -> role, on every company of the installation
    allow: dict[str, str] = field(default_factory=dict)
    # company code -> (address or "@domain" -> role) on that company only
    companies: dict[str, dict[str, str]] = field(default_factory=dict)
    # configuration mistakes to show an administrator (catalog keys)
    problems: tuple[str, ...] = ()


def _section(mapping: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = mapping.get(name)
    return value if isinstance(value, Mapping) else {}


def load_config(secrets: Mapping[str, Any], environ: Mapping[str, str]) -> AccessConfig:
    """The access configuration from ``st.secrets`` (as a mapping) and ``os.environ``."""
    access = _section(secrets, "access")
    password_hash = (environ.get(PASSWORD_ENV) or str(access.get("password_hash") or "")).strip()
    problems: list[str] = []
    allow, companies = listed(secrets)
    auth = _section(secrets, "auth")
    providers: tuple[str, ...] = ()
    if auth:
        if "client_id" in auth:
            providers = ("",)
        else:
            providers = tuple(
                sorted(
                    name
                    for name, value in auth.items()
                    if isinstance(value, Mapping) and "client_id" in value
                )
            )
    if providers:
        if not allow and not any(companies.values()):
            problems.append("settings.access.problem_no_allow_list")
        return AccessConfig(
            "oidc", password_hash or None, providers, allow, companies, tuple(problems)
        )
    if password_hash:
        if not password_hash.startswith("$argon2"):
            problems.append("settings.access.problem_bad_hash")
        return AccessConfig("password", password_hash, (), {}, {}, tuple(problems))
    return AccessConfig("open")


def listed(secrets: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The ``[access]`` lists of the configuration, whatever the mode: (address or
    "@domain" -> role on every company, company code -> (address -> role on it))."""
    access = _section(secrets, "access")
    companies = {
        str(code).strip(): _allow_list(section)
        for code, section in _section(access, "companies").items()
        if isinstance(section, Mapping)
    }
    return _allow_list(access), companies


def with_grants(
    config: AccessConfig, grants: Iterable[tuple[str, str | None, str]]
) -> AccessConfig:
    """``config`` with more entries, each (address or "@domain", company code or None for
    every company, role), counted exactly like the configuration's lists: the higher of
    two roles wins, and the "nobody is allowed" problem goes when there are some.

    Only a company sign-in reads them: on this computer alone or with the password,
    whoever gets in is an administrator of everything, and nobody else gets in.

    >>> oidc = load_config({"access": {"viewers": ["@acme.it"]},
    ...     "auth": {"redirect_uri": "x", "cookie_secret": "y", "client_id": "z"}}, {})
    >>> merged = with_grants(oidc, [("anna@acme.it", None, "editor"), ("x@b.it", "b", "admin")])
    >>> role_for(merged, "anna@acme.it"), role_for(merged, "x@b.it", "b"), role_for(oidc, "x@b.it")
    ('editor', 'admin', None)
    >>> with_grants(AccessConfig("open"), [("x@b.it", None, "viewer")]).allow
    {}
    """
    if config.mode != "oidc":
        return config
    allow = dict(config.allow)
    companies = {code: dict(entries) for code, entries in config.companies.items()}
    added = False
    for who, company, role in grants:
        if role not in ROLES:
            continue
        entries = allow if company is None else companies.setdefault(company, {})
        address = who.strip().lower()
        if address not in entries or ROLES.index(role) > ROLES.index(entries[address]):
            entries[address] = role
        added = True
    if not added:
        return config
    problems = tuple(p for p in config.problems if p != "settings.access.problem_no_allow_list")
    return replace(config, allow=allow, companies=companies, problems=problems)


def _allow_list(section: Mapping[str, Any]) -> dict[str, str]:
    allow: dict[str, str] = {}
    # Lower roles first, so a higher role listed too wins.
    for role in ROLES:
        entries = section.get(role + "s", [])
        if isinstance(entries, str):
            entries = [entries]
        for entry in entries:
            allow[str(entry).strip().lower()] = role
    return allow


def _lookup(allow: Mapping[str, str], address: str) -> str | None:
    if address in allow:
        return allow[address]
    if "@" in address:
        return allow.get("@" + address.rsplit("@", 1)[1])
    return None


def role_for(config: AccessConfig, email: str | None, company: str | None = None) -> str | None:
    """The role of a signed-in e-mail, or None when it is not on the allow-list.

    ``[access]`` lists give a role on every company of the installation;
    ``[access.companies.CODE]`` lists a role on that company only (the higher of the two
    counts). Without ``company``: the highest role on any company (may the user sign in?).

    >>> config = load_config({"access": {"admins": ["studio@consulenza.it"],
    ...     "companies": {"acme": {"editors": ["@acme.it"]}, "beta": {"viewers": ["x@beta.it"]}}},
    ...     "auth": {"redirect_uri": "x", "cookie_secret": "y", "client_id": "z"}}, {})
    >>> role_for(config, "anna@acme.it", "acme"), role_for(config, "anna@acme.it", "beta")
    ('editor', None)
    >>> role_for(config, "studio@consulenza.it", "beta"), role_for(config, "x@beta.it")
    ('admin', 'viewer')
    """
    if not email:
        return None
    address = email.strip().lower()
    found = [_lookup(config.allow, address)]
    if company is None:
        found += [_lookup(allow, address) for allow in config.companies.values()]
    else:
        found.append(_lookup(config.companies.get(company, {}), address))
    roles = [r for r in found if r is not None]
    return max(roles, key=ROLES.index) if roles else None


def installation_role(config: AccessConfig, email: str | None) -> str | None:
    """The role a signed-in e-mail has on every company (the ``[access]`` lists, and the
    people added for every company): an ``admin`` there administers the installation
    (adds companies and people)."""
    return _lookup(config.allow, email.strip().lower()) if email else None


def can(role: str | None, permission: str) -> bool:
    """Whether ``role`` has ``permission`` ("read", "edit" or "admin")."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(PERMISSIONS[permission])


# --- passwords ---------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` to put in the configuration."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputRefused("settings.access.password_too_short", minimum=MIN_PASSWORD_LENGTH)
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; Argon2 compares the digests in constant time."""
    try:
        return bool(_HASHER.verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class PasswordCheck:
    ok: bool
    locked_until: dt.datetime | None = None
    attempts_left: int | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def locked_until(conn: sqlite3.Connection, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lockout ends, or None when passwords may be tried."""
    now = now or _now()
    since = (now - FAILURE_WINDOW).isoformat()
    rows = conn.execute(
        "SELECT at FROM login_failures WHERE at >= ? ORDER BY at DESC", (since,)
    ).fetchall()
    if len(rows) < MAX_FAILURES:
        return None
    until = dt.datetime.fromisoformat(rows[0][0]) + LOCKOUT
    return until if until > now else None


def check_password(
    conn: sqlite3.Connection,
    config: AccessConfig,
    attempt: str,
    now: dt.datetime | None = None,
) -> PasswordCheck:
    """Verify a password attempt with the lockout applied (failures are stored in the
    database, so they count across browser sessions and restarts).

    The attempt is counted before the password is verified, in the same write transaction
    as the lockout check: sessions guessing at the same instant get :data:`MAX_FAILURES`
    tries between them, not one each. A right password then clears the count."""
    now = now or _now()
    with db.write_transaction(conn):
        until = locked_until(conn, now)
        if until is not None:
            return PasswordCheck(False, locked_until=until)
        conn.execute("INSERT INTO login_failures (at) VALUES (?)", (now.isoformat(),))
        conn.execute(
            "DELETE FROM login_failures WHERE at < ?", ((now - dt.timedelta(days=1)).isoformat(),)
        )
    if config.password_hash and verify_password(config.password_hash, attempt):
        with db.write_transaction(conn):
            conn.execute("DELETE FROM login_failures")
        return PasswordCheck(True)
    until = locked_until(conn, now)
    recent = conn.execute(
        "SELECT count(*) FROM login_failures WHERE at >= ?", ((now - FAILURE_WINDOW).isoformat(),)
    ).fetchone()[0]
    return PasswordCheck(False, locked_until=until, attempts_left=max(0, MAX_FAILURES - recent))


# --- where the app listens ---------------------------------------------------------------


# Headers a reverse proxy adds to what it passes on: a request that carries one came from
# another computer through the proxy, even if the proxy itself is on this one.
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip", "x-forwarded-host")


def came_through_proxy(headers: Mapping[str, str] | None) -> bool:
    """Whether a request's headers show a reverse proxy in front of the app.

    >>> came_through_proxy({"Host": "127.0.0.1:8501"})
    False
    >>> came_through_proxy({"X-Forwarded-For": "203.0.113.5"}), came_through_proxy(None)
    (True, False)
    """
    if not headers:
        return False
    names = {str(name).lower() for name in headers}
    return any(name in names for name in FORWARDING_HEADERS)


def is_local_address(address: str | None) -> bool:
    """True for an address that only this computer can reach.

    >>> is_local_address("127.0.0.1"), is_local_address("localhost"), is_local_address(None)
    (True, True, False)
    >>> is_local_address("0.0.0.0"), is_local_address("192.168.1.10")
    (False, False)
    """
    if not address:
        return False  # Streamlit then listens on every interface
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False
