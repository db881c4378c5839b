"""Per-session state: language, period choice and this session's database connection."""

from __future__ import annotations

import os
import sqlite3

import streamlit as st

from cx_sme.admin import backup
from cx_sme.core import config, db
from cx_sme.core.errors import CxError
from cx_sme.core.frames import sales_date_span
from cx_sme.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, set_language, t
from cx_sme.tenancy.companies import COMPANY_ENV_VAR, MAIN, Company, list_companies, store_of
from ui.frame.widgets import refusal


def init() -> None:
    """Set the session defaults once, and the thread's language for this run."""
    if "lang" not in st.session_state:
        # A reload or a bookmark keeps the language through the address (?lang=en).
        asked = st.query_params.get("lang", DEFAULT_LANGUAGE)
        st.session_state["lang"] = asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    st.session_state.setdefault("granularity", "month")
    set_language(st.session_state["lang"])


def _kept(key: str, path: str) -> sqlite3.Connection:
    """The connection this session keeps under ``key``, opened (and migrated) again when
    the store it should reach is another."""
    conn = st.session_state.get(key)
    if conn is None or st.session_state.get(f"{key}_path") != path or db.is_lost(conn):
        conn = db.open_connection(path)
        try:
            if 0 < db.schema_version(conn) < db.latest_version():
                # after an upgrade: a backup, then the new tables (seconds on a big store)
                with st.spinner(t("common.store_upgrading")):
                    db.migrate(conn, before_migrate=backup.before_migrate)
            else:
                db.migrate(conn)
        except BaseException:  # a refused migration (a newer store…) keeps no connection
            conn.close()
            raise
        st.session_state[key] = conn
        st.session_state[f"{key}_path"] = path
    return conn


def installation() -> sqlite3.Connection:
    """This session's connection to the installation's store, which lists the companies
    (the same as :func:`connection` while the main company is chosen)."""
    return _kept("_installation", str(config.db_path()))


def company() -> str:
    """The company this session works on: chosen in the sidebar, else ``CX_SME_COMPANY``,
    else the main one; never one the signed-in user has no role on (with a company
    sign-in, the gate keeps ``auth_roles``: then the first company they may see)."""
    chosen = str(st.session_state.get("company") or os.environ.get(COMPANY_ENV_VAR) or MAIN)
    allowed = st.session_state.get("auth_roles")
    if allowed is not None and chosen not in allowed:
        return str(next(iter(allowed), MAIN))
    return chosen


def visible_companies() -> list[Company]:
    """The installation's companies this session may see (with a company sign-in, those
    the user has a role on)."""
    allowed = st.session_state.get("auth_roles")
    return [c for c in list_companies(installation()) if allowed is None or c.code in allowed]


def db_path() -> str:
    """The store of the session's company (the installation's own for the main one)."""
    return str(store_of(installation(), config.db_path(), company()))


def connection() -> sqlite3.Connection:
    """This session's connection to its company's store (opened and migrated on first use).

    Kept in session state rather than shared: a sqlite3 connection carries its own
    transaction, so sessions must not share one.
    """
    path = db_path()
    if path == str(config.db_path()):
        return installation()  # the main company: one connection serves both
    return _kept("_conn", path)


def reachable() -> bool:
    """Open this session's stores; when one cannot be (a PostgreSQL server that does not
    answer, a store newer than this app), say so in Italian and return False."""
    try:
        connection()
    except CxError as err:
        refusal(err)
        return False
    return True


def has_data() -> bool:
    """True when at least one import is stored."""
    return db.has_data(connection())


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False)
def _sales_span(path: str, version: int) -> tuple[str, str] | None:
    conn = db.open_connection(path)
    try:
        return sales_date_span(conn)
    finally:
        conn.close()


def sales_span(conn: sqlite3.Connection) -> tuple[str, str] | None:
    """The first and last sales dates of ``conn``'s store, read once per data version
    (the sidebar and every dashboard ask at each rerun; with a million lines the query
    scans them all)."""
    path: object = db.database_file(conn)
    if path is None and db.is_postgres(conn) and conn is connection():
        path = db_path()  # the company's PostgreSQL address, a key like a file's path
    if path is None:
        return sales_date_span(conn)
    return _sales_span(str(path), db.data_version(conn))
