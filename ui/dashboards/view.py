"""Streamlit side of the dashboards: the current selection (:class:`View`) and the caches.

Two cache levels, both ``st.cache_data`` with ``max_entries`` and a ``ttl``:

- data: the stored data sets, the KPI tables, breakdowns and themes, keyed by (database
  file, data version, …). They are computed once per change of the stored data.
- views: what a page shows (card texts, chart specs, tables), keyed by :attr:`View.key`,
  which adds the range, the language and a fingerprint of the settings and follow-ups.

A rerun with nothing changed reads three small values from SQLite (data version, settings
and follow-ups fingerprints) and takes everything else from the caches.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from cx_sme.core import db
from cx_sme.core.formatting import date, period_label
from cx_sme.core.frames import DASHBOARD_SALES_COLUMNS, Frames, load_frames
from cx_sme.core.i18n import get_language, t
from cx_sme.core.periods import (
    default_range,
    granularity_of,
    period_end,
    period_keys_between,
    period_start,
    previous_period,
    same_period_last_year,
)
from cx_sme.dashboards import alerts, breakdowns, themes
from cx_sme.dashboards.cards import short_period
from cx_sme.dashboards.fingerprint import settings_fingerprint
from cx_sme.kpi import engine as kpis
from cx_sme.kpi import links as kpi_links
from cx_sme.kpi import targets
from cx_sme.kpi.cohorts import matrix as cohorts_of
from cx_sme.kpi.engine import encode
from ui.frame.session import connection, db_path, sales_span

CACHE_TTL = "1h"

__all__ = ["CACHE_TTL", "View", "short_period", "view"]


@dataclass(frozen=True)
class View:
    """What a dashboard page looks at: the data version, the range, the settings."""

    conn: sqlite3.Connection
    db: str
    version: int
    granularity: str
    periods: tuple[str, ...]  # the selected range, oldest first
    current: str  # the last period of the range
    sla_days: int
    lang: str
    fingerprint: str  # settings (targets, focus, …) and follow-ups as they are now

    @cached_property
    def key(self) -> str:
        """Everything a page's content depends on, as one short digest (the cache key of
        the view caches: hashing it is cheap)."""
        parts = (self.db, self.version, self.granularity, self.periods, self.sla_days,
                 self.lang, self.fingerprint)  # fmt: skip
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:24]


def view() -> View | None:
    """The current selection, or ``None`` when no sales are loaded yet."""
    conn = connection()
    granularity = st.session_state.get("granularity", "month")
    if "period_range" in st.session_state:
        chosen = st.session_state["period_range"]
    else:  # the page runs without the sidebar (opened alone): its default range
        chosen = _default_range(conn, granularity)
    if not chosen or granularity_of(chosen[0]) != granularity:
        return None
    first, last = chosen
    periods = tuple(period_keys_between(period_start(first), period_start(last), granularity))
    return View(
        conn=conn,
        db=db_path(),
        version=db.data_version(conn),
        granularity=granularity,
        periods=periods,
        current=periods[-1],
        sla_days=targets.sla_days(conn),
        lang=get_language(),
        fingerprint=settings_fingerprint(conn),
    )


def _default_range(conn: sqlite3.Connection, granularity: str) -> tuple[str, str] | None:
    """The sidebar's default: the last 12 periods with sales."""
    span = sales_span(conn)
    if span is None:
        return None
    return default_range(period_keys_between(span[0], span[1], granularity))


# -- data caches (by data version) ----------------------------------------------------------


@st.cache_data(max_entries=2, ttl=CACHE_TTL, show_spinner=False)
def frames(path: str, version: int) -> Frames:
    """The stored data sets at one data version (the base of every other cache)."""
    conn = db.open_connection(path)
    try:
        return load_frames(conn, DASHBOARD_SALES_COLUMNS)
    finally:
        conn.close()


@st.cache_data(max_entries=12, ttl=CACHE_TTL, show_spinner=False)
def kpi_set(path: str, version: int, granularity: str, sla_days: int) -> kpis.KpiSet:
    """All KPI tables of one granularity, computed once per data version."""
    return kpis.compute(frames(path, version), granularity, sla_days=sla_days)


def kpis_for(v: View) -> kpis.KpiSet:
    return kpi_set(v.db, v.version, v.granularity, v.sla_days)


def tables_of(kset: kpis.KpiSet) -> dict[str, pd.DataFrame]:
    return {"sales": kset.sales, "complaints": kset.complaints, "surveys": kset.surveys,
            "links": kset.links}  # fmt: skip


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def alert_lists(path: str, version: int, touchpoints: breakdowns.Catalogue) -> alerts.Alerts:
    """Unowned complaints and detractors, without their follow-ups; touchpoints by the
    catalogue's names (the catalogue, in the session's language, is part of the key)."""
    return alerts.collect(frames(path, version), touchpoints)


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def complaints_over_time(
    path: str, version: int, column: str, periods: tuple[str, ...], catalogue: breakdowns.Catalogue
) -> pd.DataFrame:
    data = frames(path, version)
    return breakdowns.complaints_over_time(data.complaints, column, catalogue, list(periods))


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def complaints_by(
    path: str,
    version: int,
    column: str,
    win: breakdowns.Window,
    sla_days: int,
    catalogue: breakdowns.Catalogue,
) -> pd.DataFrame:
    data = frames(path, version)
    return breakdowns.complaints_by(data.complaints, column, catalogue, win, sla_days=sla_days)


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def surveys_by(
    path: str, version: int, win: breakdowns.Window, catalogue: breakdowns.Catalogue
) -> pd.DataFrame:
    data = frames(path, version)
    return breakdowns.surveys_by(data.surveys, "touchpoint", catalogue, win)


@st.cache_data(max_entries=2, ttl=CACHE_TTL, show_spinner=False)
def cohorts(path: str, version: int) -> tuple[pd.DataFrame, pd.Series]:
    """The cohort matrix and the size of each cohort."""
    return cohorts_of(encode(frames(path, version)))


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def at_risk(path: str, version: int, period: str) -> pd.DataFrame:
    """The customers behind revenue at risk at the end of ``period``."""
    data = frames(path, version)
    return kpi_links.revenue_at_risk_customers(data.sales, data.complaints, data.surveys, period)


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def comment_themes(path: str, version: int, win: breakdowns.Window) -> themes.ThemeReport:
    """Comment themes of the answers in the window."""
    surveys = frames(path, version).surveys
    inside = surveys[
        (surveys["date"] >= pd.Timestamp(win.start)) & (surveys["date"] <= pd.Timestamp(win.end))
    ]
    return themes.find_themes(inside)


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def theme_trend(path: str, version: int, granularity: str) -> pd.DataFrame:
    return themes.theme_counts_by_period(frames(path, version).surveys, granularity)


# -- catalogues and small helpers -------------------------------------------------------------


def catalogue(v: View, column: str) -> breakdowns.Catalogue:
    """How the data's free text maps to names for ``column`` (touchpoint, department or
    category). Built inside the view caches: the view's fingerprint covers renames."""
    if column == "touchpoint":
        return breakdowns.touchpoint_catalogue(v.conn)
    if column == "department":
        return breakdowns.department_catalogue(v.conn)
    return breakdowns.text_catalogue()


def window(v: View) -> breakdowns.Window:
    return breakdowns.Window(v.periods[0], v.periods[-1])


def window_text(win: breakdowns.Window) -> str:
    """``nov 2025 – ott 2026``"""
    if win.first == win.last:
        return short_period(win.first)
    return f"{short_period(win.first)} – {short_period(win.last)}"


def group_names(frame: pd.DataFrame, catalogue: breakdowns.Catalogue) -> pd.DataFrame:
    """The breakdown with the names shown in the current language."""
    return breakdowns.named(
        frame, catalogue, t("dash.breakdown.unstated"), t("dash.breakdown.others")
    )


# -- page furniture -------------------------------------------------------------------------


def empty_state() -> None:
    """The friendly message of a dashboard with nothing to show yet."""
    st.info(t("dash.empty"), icon=":material/info:")
    st.page_link("app_pages/welcome.py", label=t("dash.empty_link"), icon=":material/waving_hand:")


def section(title: str, caption: str | None = None) -> None:
    st.subheader(title)
    if caption:
        st.caption(caption)


def title(text: str) -> None:
    st.markdown(f"**{text}**")


def period_header(v: View) -> None:
    """One line saying which period the cards show and what they are compared with, and a
    note when that period is not over in the data yet (a year with ten months)."""
    previous, last_year = previous_period(v.current), same_period_last_year(v.current)
    key = "dash.period_header_year" if previous == last_year else "dash.period_header"
    st.caption(
        t(
            key,
            current=period_label(v.current),
            previous=period_label(previous),
            last_year=period_label(last_year),
            first=period_label(v.periods[0]),
        )
    )
    span = sales_span(v.conn)
    if span and span[1] < period_end(v.current).isoformat():
        st.info(
            t("dash.partial_period", period=period_label(v.current), date=date(span[1])),
            icon=":material/date_range:",
        )
