"""Settings for the dashboards: the focus area, the days to close a complaint (SLA), the
traffic-light tolerance and the targets per KPI (``render(conn)``, placed in Settings)."""

from __future__ import annotations

import math
import sqlite3

import pandas as pd
import streamlit as st

from cx_sme.company import focus_area
from cx_sme.core.errors import CxError, InputRefused
from cx_sme.core.formatting import figure, typed_number
from cx_sme.core.i18n import t
from cx_sme.core.periods import GRANULARITIES
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.kpi import targets
from cx_sme.kpi.catalog import format_change
from ui.frame.widgets import refusal


def render(conn: sqlite3.Connection) -> None:
    _focus_and_sla(conn)
    st.divider()
    _targets(conn)


def _focus_and_sla(conn: sqlite3.Connection) -> None:
    st.subheader(t("dash.settings.focus_title"))
    st.caption(t("dash.settings.focus_caption"))
    labels = {code: focus_area.focus_label(code) for code in focus_area.FOCUS_AREAS}
    descriptions = {code: focus_area.focus_description(code) for code in focus_area.FOCUS_AREAS}
    # One source of truth with the plan's strategy area: a focus never chosen shows as such.
    current = focus_area.current_focus(conn) if focus_area.focus_is_chosen(conn) else None
    with st.form("_dash_focus_form", border=False):
        chosen = st.radio(
            t("dash.settings.focus_label"),
            focus_area.FOCUS_AREAS,
            index=None if current is None else focus_area.FOCUS_AREAS.index(current),
            format_func=labels.__getitem__,
            captions=[descriptions[c] for c in focus_area.FOCUS_AREAS],
        )
        left, right = st.columns(2)
        with left:
            sla = st.number_input(
                t("dash.settings.sla_label"),
                min_value=1,
                max_value=365,
                value=targets.sla_days(conn),
                step=1,
                help=t("dash.settings.sla_help"),
            )
        with right:
            tolerance = st.number_input(
                t("dash.settings.tolerance_label"),
                min_value=0.0,
                max_value=50.0,
                value=targets.tolerance(conn),
                step=1.0,
                format="%.0f",
                help=t("dash.settings.tolerance_help"),
            )
        if st.form_submit_button(t("dash.settings.save"), icon=":material/save:"):
            try:
                if chosen is not None:
                    focus_area.set_focus(conn, str(chosen))
                targets.set_sla_days(conn, int(sla))
                targets.set_tolerance(conn, float(tolerance))
            except CxError as err:
                refusal(err)
            else:
                st.success(t("dash.settings.saved"), icon=":material/check_circle:")


def _default_text(key: str, step: float | None) -> str:
    if step is None:
        return "—"
    info = kpi_catalog.info(key)
    points = info.unit == "percent" or info.change == "points"
    return t("dash.settings.default_step", step=format_change(key, step, relative=not points))


def _direction(key: str) -> str:
    better = kpi_catalog.info(key).higher_is_better
    return t("dash.settings.higher") if better else t("dash.settings.lower")


def _typed(value: object, kpi: str, period: str) -> float | None:
    """A target cell as typed; refused with the KPI, the period and the text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        return typed_number(str(value))
    except ValueError:
        raise InputRefused(
            "dash.settings.bad_target", value=value, kpi=kpi, period=period
        ) from None


def _targets(conn: sqlite3.Connection) -> None:
    st.subheader(t("dash.settings.targets_title"))
    st.caption(t("dash.settings.targets_caption"))
    mine = targets.user_targets(conn)
    steps = focus_area.default_steps(focus_area.current_focus(conn))
    columns = {g: t(f"common.period.{g}") for g in GRANULARITIES}
    kpi_col, way_col, default_col = (
        t("dash.settings.col.kpi"),
        t("dash.settings.col.direction"),
        t("dash.settings.col.default"),
    )
    keys = list(kpi_catalog.TARGETABLE)
    table = pd.DataFrame(
        {
            kpi_col: [kpi_catalog.label(k, sla_days=targets.sla_days(conn)) for k in keys],
            way_col: [_direction(k) for k in keys],
            # Typed and shown in the language's format (79,4 in Italian), as text cells.
            **{columns[g]: [figure(mine.get(k, {}).get(g)) for k in keys] for g in GRANULARITIES},
            default_col: [_default_text(k, steps.get(k)) for k in keys],
        },
        index=pd.Index(keys, name="key"),
    )
    with st.form("_dash_targets_form", border=False):
        edited = st.data_editor(
            table,
            hide_index=True,
            disabled=[kpi_col, way_col, default_col],
            num_rows="fixed",
            placeholder="",
            key="_dash_targets_editor",
            column_config={
                columns[g]: st.column_config.TextColumn(columns[g], max_chars=20)
                for g in GRANULARITIES
            },
            height=38 + 35 * len(table),
        )
        submitted = st.form_submit_button(
            t("dash.settings.save_targets"), icon=":material/save:", type="primary"
        )
    if submitted:
        try:
            wanted = {
                str(key): {
                    g: _typed(row[columns[g]], row[kpi_col], columns[g]) for g in GRANULARITIES
                }
                for key, row in edited.iterrows()
            }
            targets.save_targets(conn, wanted)
        except CxError as err:
            refusal(err)
        else:
            st.success(t("dash.settings.targets_saved"), icon=":material/check_circle:")
