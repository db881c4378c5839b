"""The action plan page: its state loaded once per run, the summary with filters and the
table, and the forms to add and edit an action."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from cx_sme.company import departments, touchpoints
from cx_sme.core import formatting
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.kpi.trends import value_at
from cx_sme.team import actions
from ui.frame.widgets import apply_or_refuse
from ui.frame.widgets import date_format as widgets_date_format
from ui.team import widgets as team_widgets

OWN = "__own__"


@dataclass(frozen=True)
class ActionPage:
    conn: sqlite3.Connection
    today: dt.date
    date_format: str
    all_departments: list[Any]
    dept_names: dict[str, str]
    active_labels: dict[str, str]
    everything: list[Any]
    tp_names: dict[int, str]
    status_labels: dict[str, str]
    outcome_labels: dict[str, str]
    kpi_now: dict[str, float]
    where: Any  # (granularity, period) of the latest data, or None


def load(conn: sqlite3.Connection) -> ActionPage:
    """Departments, touchpoints, labels and where each indicator stands now (the baseline
    offered for a new action)."""
    all_departments = departments.list_departments(conn, include_retired=True)
    everything = touchpoints.list_touchpoints(conn, include_retired=True)
    data = team_widgets.frames()
    where = team_widgets.current_period(data)
    kpi_now: dict[str, float] = {}
    if where is not None:
        kset = team_widgets.kpi_set(where[0])
        for key in kpi_catalog.TARGETABLE:
            value = value_at(getattr(kset, kpi_catalog.info(key).dataset), key, where[1])
            if value is not None:
                kpi_now[key] = value
    return ActionPage(
        conn=conn,
        today=dt.date.today(),
        date_format=widgets_date_format(),
        all_departments=all_departments,
        dept_names={d.code: d.name for d in all_departments},
        active_labels={d.code: d.name for d in all_departments if d.active},
        everything=everything,
        tp_names={tp.id: tp.name for tp in everything},
        status_labels={s: actions.status_label(s) for s in actions.STATUSES},
        outcome_labels={
            "reached": t("team.act.outcome_reached"),
            "not_reached": t("team.act.outcome_not_reached"),
        },
        kpi_now=kpi_now,
        where=where,
    )


def indicator_name(kpi: str | None) -> str:
    if not kpi:
        return ""
    return kpi_catalog.label(kpi) if kpi in kpi_catalog.CATALOG else kpi


def plan_overview(page: ActionPage) -> None:
    """The counts, the filters and the table of actions."""
    conn = page.conn
    today = page.today
    dept_names = page.dept_names
    tp_names = page.tp_names
    status_labels = page.status_labels
    outcome_labels = page.outcome_labels
    plan = actions.list_actions(conn)
    with st.container(horizontal=True, gap="small"):
        st.metric(t("team.act.open"), len([a for a in plan if a.is_open]), border=True)
        st.metric(
            t("team.act.overdue"),
            len([a for a in plan if a.is_overdue(today)]),
            border=True,
            help=t("team.act.overdue_help"),
        )
        st.metric(t("team.act.done"), len([a for a in plan if a.status == "done"]), border=True)
        st.metric(
            t("team.act.reached"),
            len([a for a in plan if a.outcome() == "reached"]),
            border=True,
            help=t("team.act.reached_help"),
        )

    owner_options = ["", *actions.owners(conn)]
    dept_filter_labels = {"": t("team.act.all")} | dept_names
    with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        chosen_dept = st.selectbox(
            t("team.act.filter_department"),
            list(dept_filter_labels),
            format_func=dept_filter_labels.__getitem__,
            key=team_widgets.lang_key("act_f_dept"),
        )
        owner_labels = {o: o or t("team.act.all") for o in owner_options}
        chosen_owner = st.selectbox(
            t("team.act.filter_owner"),
            owner_options,
            format_func=owner_labels.__getitem__,
            key=team_widgets.lang_key("act_f_owner"),
        )
        chosen_status = st.multiselect(
            t("team.act.filter_status"),
            list(actions.STATUSES),
            default=list(actions.OPEN_STATUSES),
            format_func=status_labels.__getitem__,
            key=team_widgets.lang_key("act_f_status"),
        )
        only_late = st.toggle(t("team.act.filter_overdue"), key="act_f_late")

    shown = actions.list_actions(
        conn,
        department=chosen_dept or None,
        owner=chosen_owner or None,
        statuses=chosen_status or None,
        overdue_only=only_late,
        today=today,
    )

    if not plan:
        st.info(t("team.act.empty"), icon=":material/info:")
    elif not shown:
        st.info(t("team.act.none_match"), icon=":material/filter_alt_off:")
    else:
        late_mark = "⚠ " + t("team.act.late")
        table = pd.DataFrame(
            {
                t("team.act.col_late"): [late_mark if a.is_overdue(today) else "" for a in shown],
                t("team.act.col_title"): [a.title for a in shown],
                t("team.act.col_owner"): [a.owner or "" for a in shown],
                t("team.act.col_department"): [
                    dept_names.get(a.department or "", "") for a in shown
                ],
                t("team.act.col_due"): [formatting.date(a.due) if a.due else "" for a in shown],
                t("team.act.col_status"): [status_labels[a.status] for a in shown],
                t("team.act.col_touchpoint"): [
                    tp_names.get(a.touchpoint_id or -1, "") for a in shown
                ],
                t("team.act.col_indicator"): [indicator_name(a.kpi) for a in shown],
                t("team.act.col_baseline"): [formatting.figure(a.baseline) for a in shown],
                t("team.act.col_target"): [formatting.figure(a.target) for a in shown],
                t("team.act.col_result"): [formatting.figure(a.result) for a in shown],
                t("team.act.col_outcome"): [
                    outcome_labels.get(a.outcome() or "", "") for a in shown
                ],
            }
        )
        late_rows = [a.is_overdue(today) for a in shown]
        styled = table.style.apply(
            lambda row: (
                ["background-color: #fde2df; color: #7f1d1d" if late_rows[row.name] else ""]
                * len(row)
            ),
            axis=1,
        )
        st.dataframe(
            styled,
            hide_index=True,
            column_config={
                t("team.act.col_title"): st.column_config.TextColumn(width="large"),
                t("team.act.col_department"): st.column_config.TextColumn(width="medium"),
            },
        )
        st.caption(t("team.act.shown", shown=len(shown), total=len(plan)))


def action_forms(page: ActionPage) -> None:
    """Add an action; edit one (status, result)."""
    plan = actions.list_actions(page.conn)
    where = page.where
    conn = page.conn
    today = page.today
    date_format = page.date_format
    dept_names = page.dept_names
    active_labels = page.active_labels
    everything = page.everything
    tp_names = page.tp_names
    status_labels = page.status_labels
    outcome_labels = page.outcome_labels
    kpi_now = page.kpi_now
    new_tab, edit_tab = st.tabs([t("team.act.new_title"), t("team.act.edit_title")])

    kpi_keys = ["", *kpi_catalog.TARGETABLE, OWN]
    kpi_labels = {"": t("team.act.no_indicator"), OWN: t("team.act.own_indicator")}
    for key in kpi_catalog.TARGETABLE:
        now = kpi_now.get(key)
        kpi_labels[key] = kpi_catalog.label(key) + (
            " — " + t("team.act.now", value=kpi_catalog.format_value(key, now))
            if now is not None
            else ""
        )
    tp_options = [0] + [tp.id for tp in everything if tp.active]
    tp_labels = {0: t("team.act.no_touchpoint")} | tp_names
    dept_options = ["", *active_labels]
    dept_labels = {"": t("team.act.no_department")} | active_labels

    with new_tab:
        with st.form("act_new", clear_on_submit=True):
            title = st.text_input(t("team.act.title"), key="act_new_title")
            c1, c2 = st.columns(2)
            touchpoint_id = c1.selectbox(
                t("team.act.touchpoint"), tp_options, format_func=tp_labels.__getitem__
            )
            kpi_choice = c2.selectbox(
                t("team.act.indicator"),
                kpi_keys,
                format_func=kpi_labels.__getitem__,
                help=t("team.act.indicator_help"),
            )
            own_indicator = c2.text_input(t("team.act.own_indicator_text"))
            c1, c2, c3 = st.columns(3)
            owner = c1.text_input(t("team.act.owner"), key="act_new_owner")
            department = c2.selectbox(
                t("team.act.department"), dept_options, format_func=dept_labels.__getitem__
            )
            due = c3.date_input(
                t("team.act.due"),
                value=None,
                min_value=today - dt.timedelta(days=365),
                format=date_format,
            )
            c1, c2, c3 = st.columns(3)
            baseline = c1.number_input(
                t("team.act.baseline"), value=None, format="%g", help=t("team.act.baseline_help")
            )
            target = c2.number_input(t("team.act.target"), value=None, format="%g")
            status = c3.selectbox(
                t("team.act.status"), list(actions.STATUSES), format_func=status_labels.__getitem__
            )
            notes = st.text_area(t("team.act.notes"), height=90)
            if st.form_submit_button(t("team.act.add"), type="primary"):
                kpi = own_indicator.strip() if kpi_choice == OWN else (kpi_choice or None)
                if baseline is None and kpi in kpi_now:
                    baseline = kpi_now[kpi]
                try:
                    added = actions.add_action(
                        conn,
                        title,
                        touchpoint_id=touchpoint_id or None,
                        kpi=kpi,
                        owner=owner,
                        department=department or None,
                        due=due,
                        status=status,
                        baseline=baseline,
                        target=target,
                        notes=notes,
                    )
                except CxError as err:
                    team_widgets.refusal(err)
                else:
                    team_widgets.flash(t("team.act.added", title=added.title))
                    st.rerun()

    with edit_tab:
        if not plan:
            st.caption(t("team.act.empty"))
        else:
            edit_labels = {
                a.id: f"{a.title} · {status_labels[a.status]}"
                + (f" · {a.owner}" if a.owner else "")
                for a in plan
            }
            edit_id = st.selectbox(
                t("team.act.pick"),
                list(edit_labels),
                format_func=edit_labels.__getitem__,
                key=team_widgets.lang_key("act_pick"),
            )
            current = actions.get_action(conn, edit_id)
            if current.kpi in kpi_now and where is not None:
                st.caption(
                    escape_markdown(
                        t(
                            "team.act.measure_now",
                            indicator=indicator_name(current.kpi),
                            value=kpi_catalog.format_value(current.kpi, kpi_now[current.kpi]),
                            period=formatting.period_label(where[1]),
                        )
                    )
                )
            with st.form(f"act_edit_{current.id}"):
                title = st.text_input(t("team.act.title"), value=current.title)
                c1, c2 = st.columns(2)
                edit_tp_options = list(tp_options)
                if current.touchpoint_id and current.touchpoint_id not in edit_tp_options:
                    edit_tp_options.append(current.touchpoint_id)
                touchpoint_id = c1.selectbox(
                    t("team.act.touchpoint"),
                    edit_tp_options,
                    index=edit_tp_options.index(current.touchpoint_id or 0),
                    format_func=tp_labels.__getitem__,
                )
                kpi_text = c2.text_input(
                    t("team.act.indicator"),
                    value=indicator_name(current.kpi),
                    help=t("team.act.indicator_edit_help"),
                )
                c1, c2, c3 = st.columns(3)
                owner = c1.text_input(t("team.act.owner"), value=current.owner or "")
                edit_dept_options = list(dept_options)
                if current.department and current.department not in edit_dept_options:
                    edit_dept_options.append(current.department)
                edit_dept_labels = dept_labels | {
                    code: dept_names.get(code, code) for code in edit_dept_options if code
                }
                department = c2.selectbox(
                    t("team.act.department"),
                    edit_dept_options,
                    index=edit_dept_options.index(current.department or ""),
                    format_func=edit_dept_labels.__getitem__,
                )
                due = c3.date_input(
                    t("team.act.due"),
                    value=dt.date.fromisoformat(current.due) if current.due else None,
                    format=date_format,
                )
                c1, c2, c3 = st.columns(3)
                status = c1.selectbox(
                    t("team.act.status"),
                    list(actions.STATUSES),
                    index=actions.STATUSES.index(current.status),
                    format_func=status_labels.__getitem__,
                )
                baseline = c2.number_input(
                    t("team.act.baseline"), value=current.baseline, format="%g"
                )
                target = c3.number_input(t("team.act.target"), value=current.target, format="%g")
                c1, c2 = st.columns(2)
                result = c1.number_input(
                    t("team.act.result"),
                    value=current.result,
                    format="%g",
                    help=t("team.act.result_help"),
                )
                measured_on = c2.date_input(
                    t("team.act.measured_on"),
                    value=dt.date.fromisoformat(current.measured_on)
                    if current.measured_on
                    else None,
                    format=date_format,
                )
                notes = st.text_area(t("team.act.notes"), value=current.notes, height=90)
                if st.form_submit_button(t("team.act.save"), type="primary"):
                    # the indicator keeps its KPI key while its shown name is unchanged
                    kpi = current.kpi if kpi_text == indicator_name(current.kpi) else kpi_text
                    apply_or_refuse(
                        actions.update_action,
                        conn,
                        current.id,
                        title=title,
                        touchpoint_id=touchpoint_id or None,
                        kpi=kpi,
                        owner=owner,
                        department=department or None,
                        due=due,
                        status=status,
                        baseline=baseline,
                        target=target,
                        result=result,
                        measured_on=(measured_on or today) if result is not None else None,
                        notes=notes,
                        on_done=lambda _: team_widgets.flash(t("team.act.saved", title=title)),
                    )
            if current.outcome():
                st.caption(
                    t(
                        "team.act.outcome_line",
                        outcome=outcome_labels[current.outcome() or ""],
                        baseline=formatting.number(current.baseline, 2)
                        if current.baseline is not None
                        else "—",
                        target=formatting.number(current.target, 2),
                        result=formatting.number(current.result, 2),
                    )
                )
