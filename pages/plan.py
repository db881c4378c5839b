"""The CX plan: the six areas with their maturity over time, and the five-traps check."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from cx_sme import focus, kpi_catalog, maturity, traps
from cx_sme.errors import CxError
from cx_sme.formatting import date as format_date
from cx_sme.formatting import number, percent
from cx_sme.i18n import t
from ui.programme_widgets import plain, refusal
from ui.session import connection, init

init()
conn = connection()
today = dt.date.today()
st.title(t("common.page.plan"))
st.caption(t("programme.plan.intro"))

areas_tab, traps_tab = st.tabs([t("programme.plan.tab_areas"), t("programme.plan.tab_traps")])

# =========================================================================================
# The six areas
# =========================================================================================
with areas_tab:
    latest = maturity.current(conn)
    moves = maturity.change(conn)
    with st.container(horizontal=True):
        for area in maturity.AREAS:
            item = latest[area]
            move = moves[area]
            st.metric(
                maturity.area_name(area),
                t("programme.plan.score_of_5", score=item.score) if item else "—",
                delta=None if move is None else f"{move:+d}",
                border=True,
                help=maturity.level_name(item.score) if item else t("programme.plan.never"),
            )
    average = maturity.overall(conn)
    if average is None:
        st.info(t("programme.plan.start_here"), icon=":material/flag:")
    else:
        first = [maturity.area_name(a) for a in maturity.weakest(conn)[:2]]
        st.caption(t("programme.plan.average", score=number(average, 1), first=", ".join(first)))

    story = maturity.history(conn)
    if len(story) > 1:
        frame = pd.DataFrame(
            {
                "day": [pd.Timestamp(a.assessed_on) for a in story],
                "area": [maturity.area_name(a.area) for a in story],
                "score": [a.score for a in story],
            }
        )
        chart = (
            alt.Chart(frame)
            .mark_line(point=True, interpolate="step-after")
            .encode(
                x=alt.X("day:T", title=None, axis=alt.Axis(format="%d/%m/%Y")),
                y=alt.Y(
                    "score:Q",
                    title=t("programme.plan.axis_maturity"),
                    scale=alt.Scale(domain=[1, 5]),
                    axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
                ),
                color=alt.Color("area:N", title=None, legend=alt.Legend(orient="bottom")),
                tooltip=[
                    alt.Tooltip("area:N", title=t("programme.plan.area")),
                    alt.Tooltip("day:T", title=t("programme.plan.date"), format="%d/%m/%Y"),
                    alt.Tooltip("score:Q", title=t("programme.plan.axis_maturity")),
                ],
            )
            .properties(height=260, title=t("programme.plan.chart_title"))
        )
        st.altair_chart(chart, use_container_width=True)

    level_labels = {i: f"{i} · {maturity.level_name(i)}" for i in maturity.LEVELS}
    for area in maturity.AREAS:
        item = latest[area]
        heading = maturity.area_name(area)
        if item is not None:
            heading += " — " + t("programme.plan.score_of_5", score=item.score)
        with st.expander(heading, icon=":material/flag:"):
            st.markdown(t("programme.plan.questions"))
            st.markdown("\n".join(f"- {q}" for q in maturity.questions(area)))

            if area == "strategy":
                st.markdown(t("programme.plan.focus_title"))
                focus_labels = {c: focus.focus_label(c) for c in focus.FOCUS_AREAS}
                chosen_focus = focus.current_focus(conn) if focus.focus_is_chosen(conn) else None
                picked = st.radio(
                    t("programme.plan.focus_question"),
                    focus.FOCUS_AREAS,
                    index=None if chosen_focus is None else focus.FOCUS_AREAS.index(chosen_focus),
                    format_func=focus_labels.__getitem__,
                    key="plan_focus",
                )
                if picked is not None:
                    if picked != chosen_focus:
                        focus.set_focus(conn, picked)
                    st.caption(focus.focus_description(picked))
                    headline = ", ".join(kpi_catalog.label(k) for k in focus.headline_kpis(picked))
                    st.caption(t("programme.plan.focus_headlines", kpis=headline))
                else:
                    st.caption(t("programme.plan.focus_none"))

            if item is not None:
                st.markdown(
                    t(
                        "programme.plan.latest",
                        day=format_date(item.assessed_on),
                        level=level_labels[item.score],
                    )
                )
                if item.next_step:
                    st.caption(t("programme.plan.next_step"))
                    st.text(item.next_step + (f"  ({item.owner})" if item.owner else ""))
                if item.note:
                    st.caption(t("programme.plan.note"))
                    st.text(item.note)

            with st.form(f"plan_assess_{area}", clear_on_submit=True):
                st.markdown(t("programme.plan.new_assessment"))
                score = st.select_slider(
                    t("programme.plan.maturity"),
                    options=list(maturity.LEVELS),
                    value=item.score if item else 1,
                    format_func=level_labels.__getitem__,
                )
                day = st.date_input(
                    t("programme.plan.date"), today, max_value=today, format="DD/MM/YYYY"
                )
                step = st.text_area(
                    t("programme.plan.next_step"),
                    max_chars=maturity.MAX_TEXT,
                    placeholder=t("programme.plan.next_step_placeholder"),
                    height=80,
                )
                owner = st.text_input(t("programme.plan.owner"), max_chars=maturity.MAX_NAME)
                note = st.text_area(
                    t("programme.plan.note"), max_chars=maturity.MAX_TEXT, height=68
                )
                if st.form_submit_button(t("programme.plan.save"), type="primary"):
                    try:
                        maturity.record(conn, area, int(score), day, step, owner, note)
                    except CxError as err:
                        refusal(err)
                    else:
                        st.rerun()

# =========================================================================================
# The five traps
# =========================================================================================
with traps_tab:
    st.caption(t("programme.traps.intro"))
    last = traps.latest(conn)
    change = traps.trend(conn)
    level_words = {lvl: t(f"programme.traps.level.{lvl}") for lvl in ("low", "medium", "high")}
    if last is None:
        st.info(t("programme.traps.never"), icon=":material/fact_check:")
    else:
        st.markdown(t("programme.traps.latest", day=format_date(last.checked_on)))
        with st.container(horizontal=True):
            for trap in traps.TRAPS:
                moved = change[trap]
                st.metric(
                    traps.trap_name(trap),
                    level_words[last.level(trap)],
                    delta=None
                    if moved is None or round(moved) == 0
                    else t("programme.traps.delta", value=f"{moved:+.0f}"),
                    delta_color="inverse",
                    border=True,
                    help=t("programme.traps.risk_help", risk=percent(last.risks[trap], 0)),
                )
        risks = traps.risk_frame(conn)
        if len(risks["checked_on"].unique()) > 1:
            chart = (
                alt.Chart(risks)
                .mark_line(point=True)
                .encode(
                    x=alt.X("checked_on:T", title=None, axis=alt.Axis(format="%d/%m/%Y")),
                    y=alt.Y(
                        "risk:Q",
                        title=t("programme.traps.axis_risk"),
                        scale=alt.Scale(domain=[0, 100]),
                    ),
                    color=alt.Color("name:N", title=None, legend=alt.Legend(orient="bottom")),
                    tooltip=[
                        alt.Tooltip("name:N", title=t("programme.traps.trap")),
                        alt.Tooltip(
                            "checked_on:T", title=t("programme.plan.date"), format="%d/%m/%Y"
                        ),
                        alt.Tooltip("risk:Q", title=t("programme.traps.axis_risk"), format=".0f"),
                    ],
                )
                .properties(height=260, title=t("programme.traps.chart_title"))
            )
            st.altair_chart(chart, use_container_width=True)
        to_work_on = [trap for trap in traps.TRAPS if last.level(trap) != "low"]
        if to_work_on:
            st.markdown(t("programme.traps.advice_title"))
            for trap in to_work_on:
                with st.expander(
                    f"{traps.trap_name(trap)} — {level_words[last.level(trap)]}",
                    icon=":material/lightbulb:",
                ):
                    st.write(traps.advice(trap))
        else:
            st.success(t("programme.traps.all_low"), icon=":material/check_circle:")

    hints = traps.signals(conn, today)
    if hints:
        st.markdown(t("programme.traps.signals_title"))
        for hint in hints:
            st.warning(
                f"**{plain(traps.trap_name(hint.trap))}** — {plain(hint.message())}",
                icon=":material/visibility:",
            )

    answer_labels = {
        2: t("programme.traps.answer.yes"),
        1: t("programme.traps.answer.partly"),
        0: t("programme.traps.answer.no"),
    }
    with st.expander(
        t("programme.traps.new_check"), expanded=last is None, icon=":material/fact_check:"
    ):
        with st.form("traps_check"):
            answers: dict[str, int | None] = {}
            for trap in traps.TRAPS:
                st.markdown(f"**{traps.trap_name(trap)}**")
                for code, question in traps.questions(trap):
                    answers[code] = st.radio(
                        question,
                        (2, 1, 0),
                        index=None,
                        format_func=answer_labels.__getitem__,
                        horizontal=True,
                        key=f"trap_{code}",
                    )
            checked_on = st.date_input(
                t("programme.plan.date"), today, max_value=today, format="DD/MM/YYYY"
            )
            remark = st.text_area(t("programme.plan.note"), max_chars=traps.MAX_NOTE, height=68)
            if st.form_submit_button(t("programme.traps.save"), type="primary"):
                try:
                    traps.record_check(conn, answers, checked_on, remark)
                except CxError as err:
                    refusal(err)
                else:
                    for code in answers:
                        st.session_state.pop(f"trap_{code}", None)
                    st.rerun()

    past = traps.checks(conn)
    if past:
        st.markdown(t("programme.traps.history"))
        table = pd.DataFrame(
            {
                t("programme.plan.date"): [format_date(c.checked_on) for c in reversed(past)],
                **{
                    traps.trap_name(trap): [percent(c.risks[trap], 0) for c in reversed(past)]
                    for trap in traps.TRAPS
                },
                t("programme.plan.note"): [c.note for c in reversed(past)],
            }
        )
        st.dataframe(table, hide_index=True, use_container_width=True)
