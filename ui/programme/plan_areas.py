"""The plan page's six areas: maturity now and over time, the focus area in strategy, a new
assessment per area."""

from __future__ import annotations

import datetime as dt
import sqlite3

import streamlit as st

from cx_sme.company import focus_area
from cx_sme.core.formatting import date as format_date
from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.programme import six_areas
from cx_sme.programme.charts import maturity_chart
from ui.frame.widgets import apply_or_refuse, date_format, lang_key


def render(conn: sqlite3.Connection, today: dt.date) -> None:
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
        st.altair_chart(maturity_chart(story), width="stretch")

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
                    apply_or_refuse(
                        six_areas.record, conn, area, int(score), day, step, owner, note
                    )
