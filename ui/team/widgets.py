"""Streamlit helpers shared by the CX-team pages (touchpoints, actions, meeting).

User text (touchpoint names, notes, titles, owners) is only ever shown with ``st.text``,
in dataframes, as a widget value, or escaped by :func:`plain` where Streamlit reads
Markdown (labels, messages). The CSS here is our own constant text and never contains
what a user typed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cx_sme.company import touchpoints
from cx_sme.core import db, formatting
from cx_sme.core.frames import Frames
from cx_sme.core.i18n import t
from cx_sme.team import actions, evidence
from ui.frame.session import connection, db_path
from ui.frame.widgets import escape_markdown as escape_markdown
from ui.frame.widgets import lang_key as lang_key
from ui.frame.widgets import refusal as refusal


def _frames(path: str, version: int) -> Frames:
    # Shared with the dashboards: one cached copy of the data per data version.
    from ui.dashboards import view as dashboard

    return dashboard.frames(path, version)


def frames() -> Frames:
    """The stored data sets, read once per data version."""
    return _frames(db_path(), db.data_version(connection()))


def evidence_window(data: Frames) -> evidence.Window | None:
    """The window the sidebar selected (the latest 12 months by default)."""
    chosen = st.session_state.get("period_range")
    if chosen:
        return evidence.Window.of(chosen[0], chosen[1])
    return evidence.default_window(data, "month", 12)


def window_caption(window: evidence.Window | None) -> str:
    if window is None:
        return t("team.ev.no_data")
    if window.first == window.last:
        return t("team.ev.window_one", period=formatting.period_label(window.first))
    return t(
        "team.ev.window",
        first=formatting.period_label(window.first),
        last=formatting.period_label(window.last),
    )


def evidence_panel(
    found: evidence.Evidence, report: evidence.EvidenceReport, *, key: str, big: bool = False
) -> None:
    """The data beside a touchpoint: complaints with their trend, CSAT and NPS."""
    if report.window is None:
        st.caption(t("team.ev.no_data"))
        return
    with st.container(horizontal=True, gap="small", key=f"ev_{key}"):
        if report.has_complaints:
            change = found.complaints_change
            st.metric(
                t("team.ev.complaints"),
                formatting.number(found.complaints),
                # an ASCII sign: Streamlit reads "-" (not "−") as a fall
                delta=f"{change:+d}" if change else None,
                delta_color="inverse",
                delta_description=t("team.ev.vs_before") if change else None,
                help=t("team.ev.complaints_help"),
                border=True,
            )
            st.metric(
                t("team.ev.open"),
                formatting.number(found.open_complaints),
                help=t("team.ev.open_help"),
                border=True,
            )
        if report.has_surveys:
            st.metric(
                t("team.ev.mean_csat"),
                formatting.number(found.mean_csat, 1) if found.mean_csat is not None else "—",
                help=t("team.ev.mean_csat_help", n=found.csat_answers),
                border=True,
            )
            st.metric(
                t("team.ev.nps"),
                formatting.signed(found.nps, 0) if found.nps is not None else "—",
                help=t("team.ev.nps_help", n=found.nps_answers),
                border=True,
            )
    notes = []
    if not report.has_complaints:
        notes.append(t("team.ev.no_complaints_file"))
    if not report.has_surveys:
        notes.append(t("team.ev.no_surveys_file"))
    elif 0 < max(found.csat_answers, found.nps_answers) < evidence.FEW_ANSWERS:
        notes.append(t("team.ev.few_answers", n=max(found.csat_answers, found.nps_answers)))
    if notes and not big:
        st.caption(" ".join(notes))
    elif notes:
        st.text(" ".join(notes))


def score_text(change: touchpoints.ScoreChange | None) -> str:
    """``3/5 il 12/03/2026 (▲ +1)`` or "not scored yet"."""
    if change is None:
        return t("team.score.none")
    text = t(
        "team.score.on",
        score=change.latest.score,
        date=formatting.date(change.latest.scored_on),
    )
    if change.delta:
        arrow = "▲" if change.delta > 0 else "▼"
        text += f" ({arrow} {formatting.signed(change.delta, 0)})"
    elif change.previous is not None:
        text += " " + t("team.score.same")
    return text


def history_frame(history: list[touchpoints.Score]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("team.score.date"): [dt.date.fromisoformat(s.scored_on) for s in history],
            t("team.score.score"): [s.score for s in history],
        }
    )


def flash(message: str) -> None:
    """A confirmation to show after the rerun that follows a save."""
    st.session_state["team_flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("team_flash", None)
    if message:
        st.success(escape_markdown(message), icon=":material/check_circle:")


def evidence_summary(found: evidence.Evidence, report: evidence.EvidenceReport) -> str:
    """One line for a journey-map card: ``12 reclami (▲ +4) · CSAT 3,2 · NPS −8``."""
    if report.window is None:
        return ""
    parts = []
    if report.has_complaints:
        text = (
            t("team.ev.one_complaint")
            if found.complaints == 1
            else t("team.ev.n_complaints", n=formatting.number(found.complaints))
        )
        if found.complaints_change:
            arrow = "▲" if found.complaints_change > 0 else "▼"
            text += f" ({arrow} {formatting.signed(found.complaints_change, 0)})"
        parts.append(text)
    if found.mean_csat is not None:
        parts.append(t("team.ev.csat_short", value=formatting.number(found.mean_csat, 1)))
    if found.nps is not None:
        parts.append(t("team.ev.nps_short", value=formatting.signed(found.nps, 0)))
    return " · ".join(parts)


def action_line(action: actions.Action, dept_names: dict[str, str]) -> str:
    """``• Title — Owner (Department), entro il 30/06/2026 — IN RITARDO``."""
    who = action.owner or t("team.minutes.no_owner")
    if action.department:
        who += f" ({dept_names.get(action.department, action.department)})"
    parts = [f"• {action.title}", who]
    if action.due:
        parts.append(t("team.minutes.due", due=formatting.date(action.due)))
    if action.is_overdue():
        parts.append(t("team.minutes.overdue"))
    return " — ".join(parts)


def kpi_set(granularity: str):  # type: ignore[no-untyped-def]
    """The KPI tables of one granularity, computed once per data version (the dashboards'
    cache, so the meeting's headline costs nothing after the overview)."""
    from cx_sme.kpi import targets
    from ui.dashboards import view as dashboard

    conn = connection()
    return dashboard.kpi_set(db_path(), db.data_version(conn), granularity, targets.sla_days(conn))


def current_period(data: Frames) -> tuple[str, str] | None:
    """(granularity, period) the KPIs are read at: the end of the sidebar's range, or
    the last month loaded."""
    chosen = st.session_state.get("period_range")
    granularity = st.session_state.get("granularity", "month")
    if chosen:
        return granularity, chosen[1]
    last = evidence.last_period(data, "month")
    return ("month", last) if last else None


@st.cache_data(max_entries=16, ttl="1h", show_spinner=False)
def _evidence(
    path: str,
    version: int,
    catalogue: tuple[touchpoints.Touchpoint, ...],
    window: evidence.Window | None,
) -> evidence.EvidenceReport:
    return evidence.collect(_frames(path, version), catalogue, window)


def evidence_report(
    catalogue: list[touchpoints.Touchpoint], window: evidence.Window | None
) -> evidence.EvidenceReport:
    """The evidence beside each touchpoint, computed once per data version, catalogue
    (names and aliases decide the matching) and window."""
    return _evidence(db_path(), db.data_version(connection()), tuple(catalogue), window)


def big_table(columns: dict[str, object], *, highlight: list[bool] | None = None) -> None:
    """A static table for the projector (its type follows the meeting's CSS, unlike a
    dataframe's canvas). Cells are text escaped for Markdown, so a customer's comment
    or an action title shows exactly as typed; ``highlight`` marks rows (overdue)."""
    frame = pd.DataFrame(columns)
    frame = frame.map(
        lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else escape_markdown(v)
    )
    if highlight is None:
        st.table(frame, hide_index=True)
        return
    marks = list(highlight)
    styled = frame.style.apply(
        lambda row: (
            ["background-color: #fde2df; color: #7f1d1d" if marks[row.name] else ""] * len(row)
        ),
        axis=1,
    )
    st.table(styled, hide_index=True)
