"""The plan page's five traps: the latest check, risk over time, advice, signals from the
data, a new check and the history."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
import streamlit as st

from cx_sme.core.formatting import date as format_date
from cx_sme.core.formatting import percent
from cx_sme.core.i18n import t
from cx_sme.programme import traps
from cx_sme.programme.charts import trap_risk_chart
from ui.frame.widgets import apply_or_refuse, date_format, escape_markdown, lang_key


def render(conn: sqlite3.Connection, today: dt.date) -> None:
    st.caption(t("programme.traps.intro"))
    last = traps.latest(conn)
    risk_words = {lvl: t(f"programme.traps.risk.{lvl}") for lvl in ("low", "medium", "high")}
    if last is None:
        st.info(t("programme.traps.never"), icon=":material/fact_check:")
    else:
        st.markdown(t("programme.traps.latest", day=format_date(last.checked_on)))
        risks = traps.risk_frame(conn)
        if len(risks):
            st.altair_chart(trap_risk_chart(risks), width="stretch")
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
                apply_or_refuse(
                    traps.record_check,
                    conn,
                    answers,
                    checked_on,
                    remark,
                    on_done=lambda _: [
                        st.session_state.pop(lang_key(f"trap_{code}"), None) for code in answers
                    ],
                )

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
