"""The touchpoints page: its state (catalogue, departments, scores, evidence) loaded once
per run, the journey map, the checklist with the evidence beside each touchpoint, and the
catalogue editor."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from cx_sme.company import departments, touchpoints
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.team import actions, evidence
from ui.frame import access_gate as auth_ui
from ui.frame.widgets import apply_or_refuse, table_height
from ui.frame.widgets import date_format as widgets_date_format
from ui.team import style as team_style
from ui.team import widgets as team_widgets


@dataclass(frozen=True)
class TouchpointPage:
    conn: sqlite3.Connection
    can_edit: bool
    everything: list[touchpoints.Touchpoint]
    catalogue: list[touchpoints.Touchpoint]
    all_departments: list[Any]
    dept_names: dict[str, str]
    active_departments: list[Any]
    scores: dict[int, Any]
    data: Any
    window: Any
    report: Any
    today: dt.date
    date_format: str
    phase_labels: dict[str, str]

    def dept_of(self, tp: touchpoints.Touchpoint) -> str:
        return self.dept_names.get(tp.department or "", t("team.tp_page.no_department"))


def load(conn: sqlite3.Connection, can_edit: bool) -> TouchpointPage:
    """Everything the page's tabs show, read once per run."""
    everything = touchpoints.list_touchpoints(conn, include_retired=True)
    all_departments = departments.list_departments(conn, include_retired=True)
    data = team_widgets.frames()
    window = team_widgets.evidence_window(data)
    return TouchpointPage(
        conn=conn,
        can_edit=can_edit,
        everything=everything,
        catalogue=[tp for tp in everything if tp.active],
        all_departments=all_departments,
        dept_names={d.code: d.name for d in all_departments},
        active_departments=[d for d in all_departments if d.active],
        scores=touchpoints.latest_scores(conn),
        data=data,
        window=window,
        report=team_widgets.evidence_report(everything, window),
        today=dt.date.today(),
        date_format=widgets_date_format(),
        phase_labels={p: touchpoints.phase_label(p) for p in touchpoints.PHASES},
    )


def score_form(page: TouchpointPage, tp: touchpoints.Touchpoint) -> None:
    """The team's score, its date and the notes of one touchpoint."""
    conn, today, date_format = page.conn, page.today, page.date_format
    with st.form(f"tp_form_{tp.id}", border=False):
        score = st.segmented_control(
            t("team.check.score"),
            [1, 2, 3, 4, 5],
            key=f"tp_score_{tp.id}",
            help=t("team.check.score_help"),
        )
        day = st.date_input(
            t("team.check.scored_on"),
            value=today,
            max_value=today,
            format=date_format,
            key=f"tp_day_{tp.id}",
        )
        notes = st.text_area(
            t("team.check.notes"),
            value=tp.notes,
            key=f"tp_notes_{tp.id}",
            height=160,
            help=t("team.check.notes_help"),
        )
        if st.form_submit_button(t("team.check.save"), type="primary", key=f"tp_save_{tp.id}"):
            try:
                if score is not None:
                    touchpoints.record_score(conn, tp.id, score, day)
                if notes != tp.notes:
                    touchpoints.set_notes(conn, tp.id, notes)
            except CxError as err:
                team_widgets.refusal(err)
            else:
                team_widgets.flash(t("team.check.saved", name=tp.name))
                st.rerun()


def journey_map(page: TouchpointPage) -> None:
    """Phases as columns, one card per touchpoint coloured by score."""
    catalogue = page.catalogue
    scores = page.scores
    report = page.report
    phase_labels = page.phase_labels
    dept_of = page.dept_of
    attention = evidence.needs_attention(catalogue, scores, report)
    if attention:
        with st.container(border=True, key="tp_start_here"):
            st.markdown("**" + t("team.map.start_here") + "**")
            for item in attention[:3]:
                st.text(f"• {item.touchpoint.name} — {'; '.join(item.reasons)}")
    if not scores:
        st.info(t("team.map.no_scores"), icon=":material/info:")
    team_style.legend()
    columns = st.columns(3, gap="medium")
    for phase, column in zip(touchpoints.PHASES, columns, strict=True):
        with column:
            st.subheader(phase_labels[phase])
            for tp in [x for x in catalogue if x.phase == phase]:
                change = scores.get(tp.id)
                level = change.latest.score if change else 0
                with st.container(border=True, key=f"tpcard_s{level}_{tp.id}"):
                    st.text(tp.name)
                    st.text(dept_of(tp))
                    st.text(team_widgets.score_text(change))
                    summary = team_widgets.evidence_summary(report.get(tp.id), report)
                    if summary:
                        st.text(summary)


def checklist(page: TouchpointPage) -> None:
    """Questions, score, notes and the evidence of each touchpoint."""
    conn = page.conn
    can_edit = page.can_edit
    catalogue = page.catalogue
    dept_names = page.dept_names
    active_departments = page.active_departments
    scores = page.scores
    report = page.report
    date_format = page.date_format
    phase_labels = page.phase_labels
    dept_of = page.dept_of
    filter_labels = {"": t("team.check.all_departments")} | {
        d.code: d.name for d in active_departments
    }
    chosen_dept = st.selectbox(
        t("team.check.department_filter"),
        list(filter_labels),
        format_func=filter_labels.__getitem__,
        key=team_widgets.lang_key("tp_dept_filter"),
    )
    open_by_tp: dict[int, list[actions.Action]] = {}
    for action in actions.list_actions(conn, statuses=actions.OPEN_STATUSES):
        if action.touchpoint_id is not None:
            open_by_tp.setdefault(action.touchpoint_id, []).append(action)

    for phase in touchpoints.PHASES:
        shown = [
            tp
            for tp in catalogue
            if tp.phase == phase and (not chosen_dept or tp.department == chosen_dept)
        ]
        if not shown:
            continue
        st.subheader(phase_labels[phase])
        for tp in shown:
            change = scores.get(tp.id)
            label = " · ".join([escape_markdown(tp.name), escape_markdown(dept_of(tp))])
            label += " · " + escape_markdown(team_widgets.score_text(change))
            with st.expander(label):
                left, right = st.columns([3, 2], gap="large")
                with left:
                    st.markdown("**" + t("team.check.questions") + "**")
                    if tp.questions:
                        for question in tp.questions:
                            st.text(f"• {question}")
                    else:
                        st.caption(t("team.check.no_questions"))
                    if not can_edit:
                        st.markdown("**" + t("team.check.notes") + "**")
                        st.text(tp.notes or "—")
                    else:
                        score_form(page, tp)
                with right:
                    st.markdown("**" + t("team.check.evidence") + "**")
                    team_widgets.evidence_panel(report.get(tp.id), report, key=f"tp_{tp.id}")
                    history = touchpoints.score_history(conn, tp.id)
                    if history:
                        st.markdown("**" + t("team.check.history") + "**")
                        st.dataframe(
                            team_widgets.history_frame(history).iloc[::-1],
                            hide_index=True,
                            column_config={
                                t("team.score.date"): st.column_config.DateColumn(
                                    format=date_format
                                )
                            },
                            height=table_height(len(history), most=5),
                        )
                    related = open_by_tp.get(tp.id, [])
                    if related:
                        st.markdown("**" + t("team.check.open_actions") + "**")
                        for action in related:
                            st.text(team_widgets.action_line(action, dept_names))
                    st.page_link(
                        "app_pages/actions.py",
                        label=t("team.check.to_actions"),
                        icon=":material/add_task:",
                    )


def catalogue_editor(page: TouchpointPage) -> None:
    """Add, rename, move and retire touchpoints; their names in the data files; departments."""
    conn = page.conn
    everything = page.everything
    catalogue = page.catalogue
    all_departments = page.all_departments
    dept_names = page.dept_names
    active_departments = page.active_departments
    report = page.report
    phase_labels = page.phase_labels
    dept_of = page.dept_of
    if auth_ui.require("edit"):
        phase_options = list(touchpoints.PHASES)
        dept_options = [d.code for d in active_departments]
        active_labels = {d.code: d.name for d in active_departments}

        st.subheader(t("team.manage.add_title"))
        with st.form("tp_add", clear_on_submit=True):
            new_name = st.text_input(t("team.manage.name"), key="tp_add_name")
            c1, c2 = st.columns(2)
            new_phase = c1.selectbox(
                t("team.manage.phase"), phase_options, format_func=phase_labels.__getitem__
            )
            new_dept = c2.selectbox(
                t("team.manage.department"), dept_options, format_func=active_labels.__getitem__
            )
            new_questions = st.text_area(
                t("team.manage.questions"), help=t("team.manage.questions_help"), key="tp_add_q"
            )
            if st.form_submit_button(t("team.manage.add"), type="primary"):
                try:
                    added = touchpoints.add_touchpoint(
                        conn, new_name, new_phase, new_dept, new_questions
                    )
                except CxError as err:
                    team_widgets.refusal(err)
                else:
                    team_widgets.flash(t("team.manage.added", name=added.name))
                    st.rerun()

        st.subheader(t("team.manage.edit_title"))
        edit_labels = {
            tp.id: tp.name + ("" if tp.active else " " + t("team.manage.retired_mark"))
            for tp in everything
        }
        edit_id = st.selectbox(
            t("team.manage.pick"),
            list(edit_labels),
            format_func=edit_labels.__getitem__,
            key=team_widgets.lang_key("tp_edit"),
        )
        current = next(tp for tp in everything if tp.id == edit_id)
        with st.form(f"tp_edit_form_{current.id}"):
            name = st.text_input(t("team.manage.name"), value=current.name)
            c1, c2 = st.columns(2)
            phase = c1.selectbox(
                t("team.manage.phase"),
                phase_options,
                index=phase_options.index(current.phase),
                format_func=phase_labels.__getitem__,
            )
            owner_options = list(dept_options)
            if current.department and current.department not in owner_options:
                owner_options.append(current.department)
            owner_labels = {code: dept_names.get(code, code) for code in owner_options}
            dept = c2.selectbox(
                t("team.manage.department"),
                owner_options,
                index=owner_options.index(current.department)
                if current.department in owner_options
                else 0,
                format_func=owner_labels.__getitem__,
            )
            questions = st.text_area(
                t("team.manage.questions"),
                value="\n".join(current.questions),
                help=t("team.manage.questions_help"),
                height=150,
            )
            is_default = current.code in touchpoints.DEFAULT_CODES
            restore = (
                st.checkbox(t("team.manage.restore_questions"), value=False)
                if is_default and current.custom_questions
                else False
            )
            aliases = st.text_area(
                t("team.manage.aliases"),
                value="\n".join(current.aliases),
                help=t("team.manage.aliases_help"),
                height=90,
            )
            if st.form_submit_button(t("team.manage.save"), type="primary"):
                apply_or_refuse(
                    touchpoints.edit_touchpoint,
                    conn,
                    current.id,
                    name=name,
                    phase=phase,
                    department=dept,
                    questions=None if restore else questions,
                    aliases=aliases.splitlines(),
                    on_done=lambda _: team_widgets.flash(t("team.manage.saved", name=name)),
                )
        if current.active:
            if st.button(t("team.manage.retire"), key=f"tp_retire_{current.id}"):
                touchpoints.set_active(conn, current.id, False)
                team_widgets.flash(t("team.manage.retired", name=current.name))
                st.rerun()
            st.caption(t("team.manage.retire_help"))
        elif st.button(t("team.manage.restore"), key=f"tp_restore_{current.id}"):
            touchpoints.set_active(conn, current.id, True)
            team_widgets.flash(t("team.manage.restored", name=current.name))
            st.rerun()

        st.subheader(t("team.manage.unmatched_title"))
        if not report.unmatched:
            st.caption(t("team.manage.unmatched_none"))
        else:
            st.caption(t("team.manage.unmatched_help"))
            unmatched = pd.DataFrame(
                {
                    t("team.manage.unmatched_text"): list(report.unmatched),
                    t("team.manage.unmatched_rows"): list(report.unmatched.values()),
                }
            )
            st.dataframe(unmatched, hide_index=True)
            with st.form("tp_alias"):
                c1, c2 = st.columns(2)
                text = c1.selectbox(t("team.manage.unmatched_text"), list(report.unmatched))
                target_labels = {tp.id: tp.name for tp in catalogue}
                target = c2.selectbox(
                    t("team.manage.unmatched_target"),
                    list(target_labels),
                    format_func=target_labels.__getitem__,
                )
                if st.form_submit_button(t("team.manage.unmatched_link")):
                    apply_or_refuse(
                        touchpoints.add_alias,
                        conn,
                        target,
                        text,
                        on_done=lambda _: team_widgets.flash(
                            t("team.manage.linked", text=text, name=target_labels[target])
                        ),
                    )

        st.subheader(t("team.manage.departments_title"))
        st.caption(t("team.manage.departments_help"))
        with st.form("tp_departments"):
            edited: dict[str, tuple[str, bool]] = {}
            for d in all_departments:
                c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
                edited[d.code] = (
                    c1.text_input(
                        t("team.manage.department_name"),
                        value=d.name,
                        key=team_widgets.lang_key(f"dept_{d.code}"),
                    ),
                    c2.toggle(
                        t("team.manage.department_active"),
                        value=d.active,
                        key=team_widgets.lang_key(f"dact_{d.code}"),
                    ),
                )
            if st.form_submit_button(t("team.manage.departments_save")):
                try:
                    for d in all_departments:
                        new_name, active = edited[d.code]
                        if new_name.strip() != d.name:
                            departments.rename_department(conn, d.code, new_name)
                        if active != d.active:
                            departments.set_department_active(conn, d.code, active)
                except CxError as err:
                    team_widgets.refusal(err)
                else:
                    team_widgets.flash(t("team.manage.departments_saved"))
                    st.rerun()
        with st.form("tp_add_department", clear_on_submit=True):
            c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
            new_department = c1.text_input(t("team.manage.new_department"))
            if c2.form_submit_button(t("team.manage.add_department")):
                try:
                    made = departments.add_department(conn, new_department)
                except CxError as err:
                    team_widgets.refusal(err)
                else:
                    team_widgets.flash(t("team.manage.department_added", name=made.name))
                    st.rerun()
        orphans = [tp for tp in catalogue if tp.department and tp.department not in active_labels]
        if orphans:
            st.warning(
                t(
                    "team.manage.orphans",
                    names=escape_markdown(
                        ", ".join(f"{tp.name} ({dept_of(tp)})" for tp in orphans)
                    ),
                )
            )
