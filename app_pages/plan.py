"""The CX plan: the six areas with their maturity over time, and the five-traps check."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from cx_sme.company import focus_area
from cx_sme.core.errors import CxError
from cx_sme.core.formatting import date as format_date
from cx_sme.core.formatting import number, percent
from cx_sme.core.i18n import t
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.programme import six_areas, traps
from ui.frame.session import connection
from ui.frame.widgets import date_format
from ui.programme.widgets import escape_markdown, lang_key, refusal

conn = connection()
today = dt.date.today()
st.title(t("common.page.plan"))
st.caption(t("programme.plan.intro"))

areas_tab, traps_tab = st.tabs([t("programme.plan.tab_areas"), t("programme.plan.tab_traps")])

# =========================================================================================
# The six areas
# =========================================================================================
with areas_tab:
    latest = six_areas.current(conn)
    moves = six_areas.change(conn)
    for start in (0, 3):
        for column, area in zip(st.columns(3), six_areas.AREAS[start : start + 3], strict=True):
            item = latest[area]
            move = moves[area]
            column.metric(
                six_areas.area_name(area),
                t("programme.plan.score_of_5", score=item.score) if item else "—",
                delta=None if not move else f"{move:+d}",
                delta_description=t("programme.plan.delta_description") if move else None,
                border=True,
                height="stretch",
                help=six_areas.level_name(item.score) if item else t("programme.plan.never"),
            )
    average = six_areas.overall(conn)
    if average is None:
        st.info(t("programme.plan.start_here"), icon=":material/flag:")
    else:
        first = [six_areas.area_name(a) for a in six_areas.weakest(conn)[:2]]
        st.caption(t("programme.plan.average", score=number(average, 1), first=", ".join(first)))

    story = six_areas.history(conn)
    if len(story) > 1:
        # One row per area, one column per assessment day: the colour and the number say
        # how mature the area was that day.
        frame = pd.DataFrame(
            {
                "day": [format_date(a.assessed_on) for a in story],
                "order": [a.assessed_on for a in story],
                "area": [six_areas.area_name(a.area) for a in story],
                "score": [a.score for a in story],
            }
        )
        days = list(dict.fromkeys(frame.sort_values("order")["day"]))
        grid = alt.Chart(frame).encode(
            x=alt.X("day:O", title=None, sort=days, axis=alt.Axis(labelAngle=0, orient="top")),
            y=alt.Y(
                "area:N",
                title=None,
                sort=[six_areas.area_name(a) for a in six_areas.AREAS],
                axis=alt.Axis(labelLimit=0, labelFontSize=13, labelOverlap=False),
            ),
        )
        chart = (
            grid.mark_rect(stroke="white", strokeWidth=2).encode(
                color=alt.Color(
                    "score:Q",
                    scale=alt.Scale(domain=[1, 5], range=["#F4E3C1", "#0B6E4F"]),
                    legend=None,
                ),
                tooltip=[
                    alt.Tooltip("area:N", title=t("programme.plan.area")),
                    alt.Tooltip("day:O", title=t("programme.plan.date")),
                    alt.Tooltip("score:Q", title=t("programme.plan.axis_maturity")),
                ],
            )
            + grid.mark_text(fontSize=15, fontWeight="bold").encode(
                text="score:Q",
                color=alt.condition("datum.score >= 4", alt.value("white"), alt.value("#1B1F1D")),
            )
        ).properties(height=alt.Step(34), title=t("programme.plan.chart_title"))
        st.altair_chart(chart, width="stretch")

    level_labels = {i: f"{i} · {six_areas.level_name(i)}" for i in six_areas.LEVELS}
    for area in six_areas.AREAS:
        item = latest[area]
        heading = six_areas.area_name(area)
        if item is not None:
            heading += " — " + t("programme.plan.score_of_5", score=item.score)
        with st.expander(heading, icon=":material/flag:"):
            st.markdown(t("programme.plan.questions"))
            st.markdown("\n".join(f"- {q}" for q in six_areas.questions(area)))

            if area == "strategy":
                st.markdown(t("programme.plan.focus_title"))
                focus_labels = {c: focus_area.focus_label(c) for c in focus_area.FOCUS_AREAS}
                chosen_focus = (
                    focus_area.current_focus(conn) if focus_area.focus_is_chosen(conn) else None
                )
                picked = st.radio(
                    t("programme.plan.focus_question"),
                    focus_area.FOCUS_AREAS,
                    index=None
                    if chosen_focus is None
                    else focus_area.FOCUS_AREAS.index(chosen_focus),
                    format_func=focus_labels.__getitem__,
                    key=lang_key("plan_focus"),
                )
                if picked is not None:
                    if picked != chosen_focus:
                        focus_area.set_focus(conn, picked)
                    st.caption(focus_area.focus_description(picked))
                    headline = ", ".join(
                        kpi_catalog.label(k) for k in focus_area.headline_kpis(picked)
                    )
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
                    options=list(six_areas.LEVELS),
                    value=item.score if item else 1,
                    format_func=level_labels.__getitem__,
                    key=lang_key(f"plan_score_{area}"),
                )
                day = st.date_input(
                    t("programme.plan.date"), today, max_value=today, format=date_format()
                )
                step = st.text_area(
                    t("programme.plan.next_step"),
                    max_chars=six_areas.MAX_TEXT,
                    placeholder=t("programme.plan.next_step_placeholder"),
                    height=80,
                    key=f"plan_step_{area}",
                )
                owner = st.text_input(
                    t("programme.plan.owner"),
                    max_chars=six_areas.MAX_NAME,
                    key=f"plan_owner_{area}",
                )
                note = st.text_area(
                    t("programme.plan.note"), max_chars=six_areas.MAX_TEXT, height=68
                )
                if st.form_submit_button(
                    t("programme.plan.save"), type="primary", key=f"plan_save_{area}"
                ):
                    try:
                        six_areas.record(conn, area, int(score), day, step, owner, note)
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
    level_words = {lvl: t(f"programme.traps.level.{lvl}") for lvl in ("low", "medium", "high")}
    risk_words = {lvl: t(f"programme.traps.risk.{lvl}") for lvl in ("low", "medium", "high")}
    if last is None:
        st.info(t("programme.traps.never"), icon=":material/fact_check:")
    else:
        st.markdown(t("programme.traps.latest", day=format_date(last.checked_on)))
        risks = traps.risk_frame(conn)
        if len(risks):
            # One row per trap, one column per check: colour and number give the risk.
            risks = risks.assign(
                day=[format_date(d.date()) for d in risks["checked_on"]],
                label=[f"{r:.0f}" for r in risks["risk"]],
            )
            days = list(dict.fromkeys(risks.sort_values("checked_on")["day"]))
            grid = alt.Chart(risks).encode(
                x=alt.X("day:O", title=None, sort=days, axis=alt.Axis(labelAngle=0, orient="top")),
                y=alt.Y(
                    "name:N",
                    title=None,
                    sort=[traps.trap_name(trap) for trap in traps.TRAPS],
                    axis=alt.Axis(labelLimit=0, labelFontSize=13, labelOverlap=False),
                ),
            )
            chart = (
                grid.mark_rect(stroke="white", strokeWidth=2).encode(
                    color=alt.Color(
                        "risk:Q",
                        scale=alt.Scale(
                            domain=[0, 50, 100], range=["#CFE8DC", "#F6D58E", "#E8847A"]
                        ),
                        legend=None,
                    ),
                    tooltip=[
                        alt.Tooltip("name:N", title=t("programme.traps.trap")),
                        alt.Tooltip("day:O", title=t("programme.plan.date")),
                        alt.Tooltip("label:N", title=t("programme.traps.axis_risk")),
                    ],
                )
                + grid.mark_text(fontSize=15, fontWeight="bold", color="#1B1F1D").encode(
                    text="label:N"
                )
            ).properties(height=alt.Step(34), title=t("programme.traps.chart_title"))
            st.altair_chart(chart, width="stretch")
        to_work_on = [trap for trap in traps.TRAPS if last.level(trap) != "low"]
        if to_work_on:
            st.markdown(t("programme.traps.advice_title"))
            for trap in to_work_on:
                with st.expander(
                    f"{traps.trap_name(trap)} — {risk_words[last.level(trap)]}",
                    icon=":material/lightbulb:",
                    expanded=last.level(trap) == "high",
                ):
                    st.write(traps.advice(trap))
        else:
            st.success(t("programme.traps.all_low"), icon=":material/check_circle:")

    hints = traps.signals(conn, today)
    if hints:
        st.markdown(t("programme.traps.signals_title"))
        for hint in hints:
            st.warning(
                f"**{escape_markdown(traps.trap_name(hint.trap))}** — "
                + escape_markdown(hint.message()),
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
                        key=lang_key(f"trap_{code}"),
                    )
            checked_on = st.date_input(
                t("programme.plan.date"), today, max_value=today, format=date_format()
            )
            remark = st.text_area(t("programme.plan.note"), max_chars=traps.MAX_NOTE, height=68)
            if st.form_submit_button(t("programme.traps.save"), type="primary", key="traps_save"):
                try:
                    traps.record_check(conn, answers, checked_on, remark)
                except CxError as err:
                    refusal(err)
                else:
                    for code in answers:
                        st.session_state.pop(lang_key(f"trap_{code}"), None)
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
        st.dataframe(table, hide_index=True, width="stretch")
