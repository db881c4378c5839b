"""Meeting mode's screens: its state loaded once per run, the set-up of the next meeting
with the minutes of past ones, and the open meeting one step per screen."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

import streamlit as st

from cx_sme.company import departments, focus_area, touchpoints
from cx_sme.core import formatting
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.kpi import targets
from cx_sme.programme import governance
from cx_sme.team import actions, evidence, meetings
from ui.frame import access_gate as auth_ui
from ui.frame.widgets import apply_or_refuse
from ui.frame.widgets import date_format as widgets_date_format
from ui.team import widgets as team_widgets
from ui.voice.blocks import work_on_block


@dataclass(frozen=True)
class MeetingPage:
    conn: sqlite3.Connection
    today: dt.date
    date_format: str
    all_departments: list[Any]
    dept_names: dict[str, str]
    active_departments: list[Any]
    catalogue: list[touchpoints.Touchpoint]
    tp_names: dict[int, str]
    status_labels: dict[str, str]
    data: Any
    meeting: meetings.Meeting | None
    roster: list[governance.Member]


def load(conn: sqlite3.Connection) -> MeetingPage:
    all_departments = departments.list_departments(conn, include_retired=True)
    return MeetingPage(
        conn=conn,
        today=dt.date.today(),
        date_format=widgets_date_format(),
        all_departments=all_departments,
        dept_names={d.code: d.name for d in all_departments},
        active_departments=[d for d in all_departments if d.active],
        catalogue=touchpoints.list_touchpoints(conn),
        tp_names={
            tp.id: tp.name for tp in touchpoints.list_touchpoints(conn, include_retired=True)
        },
        status_labels={s: actions.status_label(s) for s in actions.STATUSES},
        data=team_widgets.frames(),
        meeting=meetings.open_meeting(conn),
        roster=governance.list_members(conn),
    )


def table_date(day: Any) -> str:
    """A date for the projector's tables: its hyphens (ISO, in English) do not break."""
    return formatting.date(day).replace("-", "\u2011")


def go(step: int) -> None:
    st.session_state["meeting_step"] = step


def minutes_downloads(minutes: meetings.Minutes, held: meetings.Meeting, key: str) -> None:
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            t("team.meet.download_txt"),
            lambda: meetings.minutes_txt(minutes),
            file_name=meetings.minutes_file_name(held, "txt"),
            mime="text/plain",
            icon=":material/description:",
            on_click="ignore",
            key=f"m_txt_{key}",
        )
        st.download_button(
            t("team.meet.download_eml"),
            lambda: meetings.minutes_eml(minutes, held),
            file_name=meetings.minutes_file_name(held, "eml"),
            mime="message/rfc822",
            icon=":material/mail:",
            on_click="ignore",
            key=f"m_eml_{key}",
            help=t("team.meet.download_eml_help"),
        )


def headline_figures(page: MeetingPage) -> tuple[str | None, list[meetings.HeadlineFigure]]:
    conn = page.conn
    where = team_widgets.current_period(page.data)
    if where is None:
        return None, []
    granularity, period = where
    keys = meetings.headline_keys(focus_area.current_focus(conn))
    figures = meetings.headline(
        team_widgets.kpi_set(granularity), period, keys, sla_days=targets.sla_days(conn)
    )
    return period, figures


def attendee_inputs(
    page: MeetingPage, prefix: str, current: meetings.Meeting | None, *, live: bool
) -> list[tuple[str | None, str]]:
    """Who is there, by department. The governance roster's members are listed with a
    box each, ticked present (at the set-up, everyone; in a meeting, those recorded),
    with a box for other people; a department with nobody on the roster has a text box
    of names, comma-separated, filled from ``current``."""
    given: dict[str | None, list[str]] = {}
    for person in current.attendees if current else ():
        given.setdefault(person.department, []).append(person.name)
    roster: dict[str | None, list[governance.Member]] = {}
    for member in page.roster:
        roster.setdefault(member.department, []).append(member)
    groups: list[str | None] = [None] if roster.get(None) or given.get(None) else []
    groups += [d.code for d in page.active_departments]
    names = {None: t("programme.governance.management")} | {
        d.code: d.name for d in page.active_departments
    }
    found: list[tuple[str | None, str]] = []
    columns = st.columns(2)
    for n, code in enumerate(groups):
        key = f"{prefix}_{code or 'management'}"
        members = roster.get(code, [])
        with columns[n % 2]:
            if not members:
                typed = st.text_input(
                    escape_markdown(names[code]),
                    value=", ".join(given.get(code, [])),
                    key=key,
                    placeholder=t("team.meet.nobody_placeholder"),
                )
                found.append((code, typed))
                continue
            st.markdown("**" + escape_markdown(names[code]) + "**")
            on_roster = {m.name for m in members}
            present = [
                member.name
                for member in members
                if st.checkbox(
                    escape_markdown(member.name + (f" · {member.role}" if member.role else "")),
                    value=member.name in given.get(code, []) if live else True,
                    key=f"{prefix}_member_{member.id}",
                )
            ]
            others = [p for p in given.get(code, []) if p not in on_roster] if live else []
            guests = st.text_input(
                t("team.meet.guests", department=names[code]),
                value=", ".join(others),
                key=key,
                placeholder=t("team.meet.guests_placeholder"),
            )
            found.append((code, ", ".join([*present, guests])))
    return found


def setup(page: MeetingPage) -> None:
    """No meeting open: the minutes just written, the set-up of the next one, past minutes."""
    conn = page.conn
    today = page.today
    date_format = page.date_format
    catalogue = page.catalogue
    data = page.data
    st.title(t("common.page.meeting"))
    st.caption(t("team.meet.intro"))
    team_widgets.show_flash()
    done_id = st.session_state.get("meeting_done")
    if done_id:
        held = meetings.get_meeting(conn, done_id)
        minutes = meetings.get_minutes(conn, done_id)
        if minutes is not None:
            with st.container(border=True, key="meeting_minutes"):
                st.subheader(t("team.meet.minutes_title", date=formatting.date(held.held_on)))
                st.caption(t("team.meet.minutes_stored"))
                minutes_downloads(minutes, held, "done")
                st.text(minutes.body)
            if st.button(t("team.meet.prepare_next"), icon=":material/arrow_forward:"):
                st.session_state.pop("meeting_done", None)
                st.rerun()

    if auth_ui.require("edit"):
        st.subheader(t("team.meet.setup_title"))
        scores = touchpoints.latest_scores(conn)
        where = team_widgets.current_period(data)
        report = team_widgets.evidence_report(
            catalogue, evidence.Window.of(where[1], where[1]) if where else None
        )
        previous = next((m for m in meetings.list_meetings(conn) if not m.is_open), None)
        suggested = evidence.needs_attention(catalogue, scores, report)
        focus_labels = {tp.id: tp.name for tp in catalogue}
        if where is not None:
            st.caption(t("team.meet.setup_period", period=formatting.period_label(where[1])))
        with st.form("meeting_setup"):
            held_on = st.date_input(
                t("team.meet.held_on"), value=today, max_value=today, format=date_format
            )
            st.markdown("**" + t("team.meet.attendees") + "**")
            st.caption(t("team.meet.attendees_help"))
            people = attendee_inputs(page, "m_att", previous, live=False)
            chosen = st.multiselect(
                t("team.meet.focus"),
                list(focus_labels),
                default=[a.touchpoint.id for a in suggested[: meetings.MAX_FOCUS]],
                max_selections=meetings.MAX_FOCUS,
                format_func=focus_labels.__getitem__,
                help=t("team.meet.focus_help"),
                key=team_widgets.lang_key("m_focus"),
            )
            if suggested:
                st.caption(t("team.meet.suggested"))
                for item in suggested[: meetings.MAX_FOCUS]:
                    st.text(f"• {item.touchpoint.name}: {'; '.join(item.reasons)}")
            if st.form_submit_button(
                t("team.meet.start"), type="primary", icon=":material/play_arrow:"
            ):
                try:
                    meetings.start_meeting(conn, held_on=held_on, attendees=people, focus=chosen)
                except CxError as err:
                    team_widgets.refusal(err)
                else:
                    st.session_state["meeting_step"] = 0
                    st.session_state.pop("meeting_done", None)
                    st.rerun()

    past = [m for m in meetings.list_meetings(conn) if not m.is_open and m.id != done_id]
    if past:
        st.subheader(t("team.meet.past_title"))
        for held in past:
            minutes = meetings.get_minutes(conn, held.id)
            if minutes is None:
                continue
            with st.expander(t("team.meet.minutes_title", date=formatting.date(held.held_on))):
                minutes_downloads(minutes, held, str(held.id))
                st.text(minutes.body)


CLOSE_ASKED = "m_close_asked"
_CLOSE_REQUESTED = "m_close_requested"
_DECISION_ERROR = "m_decision_error"
_DECISION_KEYS = {
    "m_decision_title": "",
    "m_decision_owner": "",
    "m_decision_department": "",
    "m_decision_due": None,
    "m_decision_indicator": "",
}


def ask_close() -> None:
    st.session_state[_CLOSE_REQUESTED] = True


def typed_decision() -> str:
    """The decision typed on the last step and not added yet ("" when none)."""
    return " ".join(str(st.session_state.get("m_decision_title") or "").split())


def add_typed_decision(conn: sqlite3.Connection, meeting_id: int) -> bool:
    """Store the decision typed in the boxes of the last step and empty them; a refusal
    is kept to be shown above the boxes. Runs as a button callback, before the boxes are
    drawn again, so that it may empty them."""
    state = st.session_state
    try:
        meetings.add_decision(
            conn,
            meeting_id,
            state.get("m_decision_title") or "",
            owner=state.get("m_decision_owner") or None,
            department=state.get("m_decision_department") or None,
            due=state.get("m_decision_due"),
            touchpoint_id=state.get("m_decision_touchpoint") or None,
            kpi=state.get("m_decision_indicator") or None,
        )
    except CxError as err:
        state[_DECISION_ERROR] = err.message()
        return False
    state.pop(_DECISION_ERROR, None)
    for key, empty in _DECISION_KEYS.items():
        state[key] = empty
    return True


def close_meeting(page: MeetingPage) -> None:
    """Write the minutes and close: the headline and the alerts as they stand now."""
    conn, meeting = page.conn, page.meeting
    assert meeting is not None
    period, figures = headline_figures(page)
    lines = [f.line() for f in figures]
    if period is not None:
        lines.insert(
            0, meetings.HeadlineLine(t("team.meet.period_line"), formatting.period_label(period))
        )
    summary = meetings.alert_summary(conn, page.data, today=page.today)
    meetings.close_meeting(conn, meeting.id, headline=lines, alerts=summary.lines())
    for key in (CLOSE_ASKED, _CLOSE_REQUESTED, _DECISION_ERROR, *_DECISION_KEYS):
        st.session_state.pop(key, None)
    st.session_state["meeting_done"] = meeting.id
    st.session_state["meeting_step"] = 0
    st.rerun()


def _add_then_close(conn: sqlite3.Connection, meeting_id: int) -> None:
    if add_typed_decision(conn, meeting_id):
        st.session_state[_CLOSE_REQUESTED] = True
    st.session_state.pop(CLOSE_ASKED, None)


def _close_without() -> None:
    for key, empty in _DECISION_KEYS.items():
        st.session_state[key] = empty
    st.session_state.pop(CLOSE_ASKED, None)
    st.session_state[_CLOSE_REQUESTED] = True


def handle_close_request(page: MeetingPage) -> None:
    """Close at once, unless a decision is typed and not added: then ask first."""
    if not st.session_state.pop(_CLOSE_REQUESTED, False):
        return
    if typed_decision():
        st.session_state[CLOSE_ASKED] = True
        return
    close_meeting(page)


def close_question(page: MeetingPage) -> None:
    """The typed decision would be lost: add it and close, close without it, or go on."""
    assert page.meeting is not None
    st.warning(
        t("team.meet.unsaved_decision", title=escape_markdown(typed_decision())),
        icon=":material/edit_note:",
    )
    with st.container(horizontal=True, gap="medium", key="meeting_close_question"):
        st.button(
            t("team.meet.add_and_close"),
            type="primary",
            key="m_add_close",
            on_click=_add_then_close,
            args=(page.conn, page.meeting.id),
        )
        st.button(t("team.meet.close_without"), key="m_close_without", on_click=_close_without)
        st.button(
            t("team.meet.keep_editing"),
            key="m_keep_editing",
            on_click=lambda: st.session_state.pop(CLOSE_ASKED, None),
        )


def meeting_tools(page: MeetingPage) -> None:
    """Below the step: the meeting's date, who is there and its settings, then the
    departments with nobody present."""
    conn, meeting = page.conn, page.meeting
    assert meeting is not None
    st.divider()
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.caption(t("team.meet.progress_date", date=formatting.date(meeting.held_on)))
        with st.popover(t("team.meet.edit_attendees"), icon=":material/group:"):
            with st.form("meeting_people"):
                people = attendee_inputs(page, "m_live", meeting, live=True)
                if st.form_submit_button(t("team.meet.save_attendees")):
                    apply_or_refuse(meetings.set_attendees, conn, meeting.id, people)
        with st.popover(t("team.meet.settings"), icon=":material/tune:"):
            live_labels = {tp.id: tp.name for tp in page.catalogue} | {
                i: page.tp_names.get(i, str(i)) for i in meeting.focus
            }
            with st.form("meeting_focus"):
                new_focus = st.multiselect(
                    t("team.meet.focus"),
                    list(live_labels),
                    default=list(meeting.focus),
                    max_selections=meetings.MAX_FOCUS,
                    format_func=live_labels.__getitem__,
                )
                if st.form_submit_button(t("team.meet.save_focus")):
                    apply_or_refuse(meetings.set_focus, conn, meeting.id, new_focus)
            st.divider()
            sure = st.checkbox(t("team.meet.discard_confirm"), key="m_discard_sure")
            if st.button(t("team.meet.discard"), disabled=not sure, key="m_discard"):
                meetings.discard_meeting(conn, meeting.id)
                st.session_state["meeting_step"] = 0
                team_widgets.flash(t("team.meet.discarded"))
                st.rerun()
    absent = meetings.absent_departments(conn, meeting)
    if absent:
        st.caption(escape_markdown(t("team.meet.absent", names=", ".join(d.name for d in absent))))


def stage(page: MeetingPage) -> None:
    """A meeting is open: one step per screen."""
    conn = page.conn
    today = page.today
    date_format = page.date_format
    dept_names = page.dept_names
    active_departments = page.active_departments
    catalogue = page.catalogue
    tp_names = page.tp_names
    status_labels = page.status_labels
    data = page.data
    meeting = page.meeting
    assert meeting is not None
    steps: list[tuple[str, int | None]] = [("headline", None), ("alerts", None)]
    steps += [("focus", tp_id) for tp_id in meeting.focus]
    steps += [("actions", None), ("decisions", None)]
    index = min(max(int(st.session_state.get("meeting_step", 0)), 0), len(steps) - 1)
    handle_close_request(page)
    kind, focus_id = steps[index]
    focus_number = meeting.focus.index(focus_id) + 1 if focus_id is not None else 0

    with st.container(key="meeting_stage"):
        # The way through the meeting comes first, so that it is on screen at every
        # step without scrolling, whatever the projector.
        with st.container(
            horizontal=True, vertical_alignment="center", gap="medium", key="meeting_nav"
        ):
            st.button(
                t("team.meet.previous"),
                icon=":material/arrow_back:",
                disabled=index == 0,
                on_click=go,
                args=(index - 1,),
                key="m_prev",
            )
            if index < len(steps) - 1:
                st.button(
                    t("team.meet.next"),
                    icon=":material/arrow_forward:",
                    type="primary",
                    on_click=go,
                    args=(index + 1,),
                    key="m_next",
                )
            else:
                st.button(
                    t("team.meet.close"),
                    icon=":material/done_all:",
                    type="primary",
                    key="m_close",
                    on_click=ask_close,
                )
            with st.container(key="meeting_step", width="content"):
                st.text(t("team.meet.step_of", step=index + 1, steps=len(steps)))
        st.progress((index + 1) / len(steps))
        if st.session_state.get(CLOSE_ASKED):
            close_question(page)

        title = {
            "headline": t("team.meet.step_headline"),
            "alerts": t("team.meet.step_alerts"),
            "focus": t("team.meet.step_focus", n=focus_number, total=len(meeting.focus)),
            "actions": t("team.meet.step_actions"),
            "decisions": t("team.meet.step_decisions"),
        }[kind]
        with st.container(key="meeting_title"):
            st.header(title, anchor=False)

        if kind == "headline":
            period, figures = headline_figures(page)
            if period is None:
                st.info(t("team.meet.no_data"), icon=":material/info:")
            else:
                st.text(t("team.meet.headline_period", period=formatting.period_label(period)))
                # One wrapping row: as many figures side by side as fit at full size
                # (two on a projector with the sidebar open, four on a wide screen).
                with st.container(horizontal=True, gap="medium", key="meeting_headline"):
                    for figure in figures:
                        colour = {True: "normal", False: "inverse"}.get(
                            figure.higher_is_better, "off"
                        )
                        st.metric(
                            figure.label,
                            figure.value,
                            delta=figure.change if figure.change != "—" else None,
                            delta_color=colour,  # type: ignore[arg-type]
                            help=figure.caption,
                            border=True,
                            width="stretch",
                        )
                st.text(t("team.meet.headline_hint"))
                work_on_block(period)

        elif kind == "alerts":
            if len(data.complaints) == 0 and len(data.surveys) == 0:
                st.info(t("team.meet.no_data"), icon=":material/info:")
            summary = meetings.alert_summary(conn, data, today=today)
            with st.container(horizontal=True, gap="medium", key="meeting_alert_figures"):
                st.metric(
                    t("team.alerts.complaints"),
                    len(summary.complaints),
                    help=t("team.alerts.complaints_help"),
                    border=True,
                    width="stretch",
                )
                st.metric(
                    t("team.alerts.detractors"),
                    len(summary.detractors),
                    help=t("team.alerts.detractors_help"),
                    border=True,
                    width="stretch",
                )
                st.metric(
                    t("team.alerts.overdue"), summary.overdue_actions, border=True, width="stretch"
                )
            untouched = summary.complaints_untouched + summary.detractors_untouched
            if untouched:
                st.text(t("team.alerts.untouched", n=untouched))
            if len(summary.complaints):
                rows = summary.complaints.head(6)
                st.subheader(t("team.alerts.complaints"), anchor=False)
                team_widgets.big_table(
                    {
                        t("team.alerts.col_opened"): [table_date(d) for d in rows["opened"]],
                        t("team.alerts.col_days"): [
                            formatting.number(d) for d in rows["days_open"]
                        ],
                        t("team.alerts.col_customer"): rows["customer_name"].fillna(
                            rows["customer_id"]
                        ),
                        t("team.alerts.col_touchpoint"): rows["touchpoint"],
                        t("team.alerts.col_description"): rows["description"],
                    }
                )
            if len(summary.detractors):
                rows = summary.detractors.head(6)
                st.subheader(t("team.alerts.detractors"), anchor=False)
                team_widgets.big_table(
                    {
                        t("team.alerts.col_customer"): rows["customer_name"].fillna(
                            rows["customer_id"]
                        ),
                        t("team.alerts.col_answered"): [table_date(d) for d in rows["answered"]],
                        t("team.alerts.col_nps"): rows["nps"],
                        t("team.alerts.col_revenue"): [
                            formatting.money(v, 0) for v in rows["revenue_12m"]
                        ],
                        t("team.alerts.col_comment"): rows["comment"],
                    }
                )
            st.page_link(
                "app_pages/overview.py",
                label=t("team.alerts.to_overview"),
                icon=":material/dashboard:",
            )

        elif kind == "focus" and focus_id is not None:
            tp = touchpoints.get_touchpoint(conn, focus_id)
            change = touchpoints.latest_scores(conn).get(tp.id)
            with st.container(key="meeting_tpname"):
                st.text(tp.name)
            st.text(
                " · ".join(
                    [
                        dept_names.get(tp.department or "", "—"),
                        touchpoints.phase_label(tp.phase),
                        team_widgets.score_text(change),
                    ]
                )
            )
            where = team_widgets.current_period(data)
            window = evidence.Window.of(where[1], where[1]) if where else None
            report = team_widgets.evidence_report([tp], window)
            left, right = st.columns([1, 1], gap="large")
            with left:
                st.subheader(t("team.check.questions"), anchor=False)
                for question in tp.questions:
                    st.text(f"• {question}")
            with right:
                st.subheader(t("team.check.evidence"), anchor=False)
                if window is not None:
                    st.text(team_widgets.window_caption(window))
                team_widgets.evidence_panel(report.get(tp.id), report, key=f"m_{tp.id}", big=True)
            given = {s[0]: s[1] for s in meetings.scores_given(conn, meeting.id)}
            with st.form(f"meeting_score_{tp.id}", border=False):
                score = st.segmented_control(
                    t("team.check.score"),
                    [1, 2, 3, 4, 5],
                    default=given.get(tp.id),
                    key=f"m_score_{tp.id}",
                )
                notes = st.text_area(
                    t("team.check.notes"), value=tp.notes, key=f"m_notes_{tp.id}", height=150
                )
                if st.form_submit_button(t("team.meet.save_score"), type="primary"):
                    try:
                        if score is not None and score != given.get(tp.id):
                            touchpoints.record_score(
                                conn, tp.id, score, meeting.held_on, meeting_id=meeting.id
                            )
                        if notes != tp.notes:
                            touchpoints.set_notes(conn, tp.id, notes)
                    except CxError as err:
                        team_widgets.refusal(err)
                    else:
                        st.rerun()
            if tp.id in given:
                st.success(t("team.meet.scored", score=given[tp.id]), icon=":material/check:")

        elif kind == "actions":
            still_open = actions.list_actions(conn, statuses=actions.OPEN_STATUSES)
            still_open = [a for a in still_open if a.meeting_id != meeting.id]
            if not still_open:
                st.info(t("team.meet.no_open_actions"), icon=":material/task_alt:")
            else:
                late = [a.is_overdue(today) for a in still_open]
                team_widgets.big_table(
                    {
                        t("team.act.col_late"): ["⚠" if x else "" for x in late],
                        t("team.act.col_title"): [a.title for a in still_open],
                        t("team.act.col_owner"): [a.owner or "" for a in still_open],
                        t("team.act.col_department"): [
                            dept_names.get(a.department or "", "") for a in still_open
                        ],
                        t("team.act.col_due"): [formatting.date(a.due) for a in still_open],
                        t("team.act.col_status"): [status_labels[a.status] for a in still_open],
                    },
                    highlight=late,
                )
                labels = {a.id: a.title for a in still_open}
                c1, c2, c3, c4 = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
                chosen = c1.selectbox(
                    t("team.act.pick"),
                    list(labels),
                    format_func=labels.__getitem__,
                    key=team_widgets.lang_key("m_update_pick"),
                )
                current = actions.get_action(conn, chosen)
                status = c2.selectbox(
                    t("team.act.status"),
                    list(actions.STATUSES),
                    index=actions.STATUSES.index(current.status),
                    format_func=status_labels.__getitem__,
                    key=team_widgets.lang_key(f"m_update_status_{chosen}"),
                )
                result = c3.number_input(
                    t("team.act.result"),
                    value=current.result,
                    format="%g",
                    key=f"m_result_{chosen}",
                )
                if c4.button(t("team.meet.update_action"), key="m_update"):
                    try:
                        actions.set_status(conn, chosen, status, meeting_id=meeting.id)
                        if result != current.result:
                            actions.record_result(conn, chosen, result)
                    except CxError as err:
                        team_widgets.refusal(err)
                    else:
                        st.rerun()

        elif kind == "decisions":
            focus_options = [0, *meeting.focus] + [
                tp.id for tp in catalogue if tp.id not in meeting.focus
            ]
            focus_labels = {0: t("team.act.no_touchpoint")} | tp_names
            dept_labels = {"": t("team.act.no_department")} | {
                d.code: d.name for d in active_departments
            }
            # Plain widgets, not a form: what is typed reaches the app at once, so closing
            # the meeting can see a decision typed and not added yet.
            refused = st.session_state.get(_DECISION_ERROR)
            if refused:
                st.error(escape_markdown(refused), icon=":material/error:")
            st.text_input(t("team.meet.decision_title"), key="m_decision_title")
            c1, c2, c3 = st.columns(3)
            c1.text_input(t("team.act.owner"), key="m_decision_owner")
            c2.selectbox(
                t("team.act.department"),
                list(dept_labels),
                format_func=dept_labels.__getitem__,
                key="m_decision_department",
            )
            c3.date_input(t("team.act.due"), value=None, format=date_format, key="m_decision_due")
            c1, c2 = st.columns(2)
            c1.selectbox(
                t("team.act.touchpoint"),
                focus_options,
                index=1 if meeting.focus else 0,
                format_func=focus_labels.__getitem__,
                key="m_decision_touchpoint",
            )
            c2.text_input(
                t("team.act.indicator"),
                help=t("team.meet.indicator_help"),
                key="m_decision_indicator",
            )
            st.button(
                t("team.meet.add_decision"),
                type="primary",
                icon=":material/add:",
                key="m_add_decision",
                on_click=add_typed_decision,
                args=(conn, meeting.id),
            )
            decided = meetings.decisions(conn, meeting.id)
            if decided:
                st.subheader(t("team.meet.decided", n=len(decided)), anchor=False)
                for action in decided:
                    st.text(team_widgets.action_line(action, dept_names))
            else:
                st.text(t("team.meet.no_decisions"))

        meeting_tools(page)
