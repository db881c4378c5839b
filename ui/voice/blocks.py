"""The voice page's analytics blocks: what drives detractors, the tone of the comments
and the theme suggestions. Computing is in :mod:`cx_sme.voice`; here caching and layout.
User text (comments, theme names) is shown only in dataframes or escaped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from cx_sme.admin import access
from cx_sme.core.db import data_version
from cx_sme.core.formatting import date, number, percent
from cx_sme.core.i18n import get_language, t
from cx_sme.core.markup import escape_markdown
from cx_sme.core.periods import period_end, period_key, period_start, shift_period
from cx_sme.dashboards.breakdowns import Catalogue, touchpoint_catalogue
from cx_sme.voice.analysis import (
    ModelQuality,
    accept_theme,
    accepted_themes,
    analyse,
    driver_sentence,
    what_to_work_on,
)
from cx_sme.voice.charts import drivers_chart
from cx_sme.voice.drivers import Driver
from cx_sme.voice.sentiment import MIN_PER_CLASS
from cx_sme.voice.suggestions import Suggestion, suggest_themes
from ui.dashboards import view as dashboard_view
from ui.dashboards.view import CACHE_TTL, View
from ui.frame import access_gate
from ui.frame.session import connection, db_path
from ui.frame.widgets import apply_or_refuse, table_height


@dataclass(frozen=True)
class VoiceBlocks:
    drivers: list[Driver]
    comments: pd.DataFrame
    quality: ModelQuality | None
    answers: int
    suggestions: list[Suggestion]


@st.cache_data(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def voice_blocks(
    path: str,
    version: int,
    start: dt.date,
    end: dt.date,
    catalogue: Catalogue,
    custom: tuple[tuple[str, tuple[str, ...]], ...],
    language: str,  # sentences and theme names are in the session's language
) -> VoiceBlocks:
    surveys = dashboard_view.frames(path, version).surveys
    themes = dict(custom)
    report = analyse(surveys, catalogue, start, end, custom=themes)
    comments = report.comments
    suggestions = suggest_themes(comments["comment"], themes) if len(comments) else []
    return VoiceBlocks(report.drivers, comments, report.quality, report.answers, suggestions)


def _blocks(v: View) -> VoiceBlocks:
    conn = connection()
    win = dashboard_view.window(v)
    custom = tuple(sorted(accepted_themes(conn).items()))
    return voice_blocks(
        v.db, v.version, win.start, win.end, touchpoint_catalogue(conn), custom, get_language()
    )


@st.cache_data(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def _work_on(
    path: str,
    version: int,
    start: dt.date,
    end: dt.date,
    catalogue: Catalogue,
    custom: tuple[tuple[str, tuple[str, ...]], ...],
    language: str,  # the sentences are in the session's language
) -> list[str]:
    surveys = dashboard_view.frames(path, version).surveys
    report = analyse(surveys, catalogue, start, end, custom=dict(custom), learn=False)
    return what_to_work_on(report)


def work_on_block(period: str) -> None:
    """Meeting mode's "what to work on": the clear drivers of detractors over the twelve
    months ending with ``period``."""
    conn = connection()
    end = period_end(period)
    start = period_start(shift_period(period_key(end, "month"), -11))
    sentences = _work_on(
        db_path(),
        data_version(conn),
        start,
        end,
        touchpoint_catalogue(conn),
        tuple(sorted(accepted_themes(conn).items())),
        get_language(),
    )
    if not sentences:
        return
    with st.container(border=True, key="meeting_work_on"):
        st.markdown("**" + escape_markdown(t("voice.work_on.title")) + "**")
        st.caption(t("voice.work_on.caption"))
        for sentence in sentences:
            st.markdown("- " + escape_markdown(sentence))


def drivers_block(v: View) -> None:
    """The ranked chart of drivers and the clear ones in plain words."""
    found = _blocks(v)
    win = dashboard_view.window(v)
    st.subheader(t("voice.drivers.title"))
    st.caption(t("voice.drivers.caption", span=dashboard_view.window_text(win)))
    if not found.answers:
        st.info(t("voice.drivers.none"), icon=":material/info:")
        return
    chart = drivers_chart(found.drivers)
    if chart is not None:
        st.altair_chart(chart, width="stretch")
    clear = [d for d in found.drivers if d.clear][:3]
    if not clear:
        st.info(t("voice.drivers.no_clear"), icon=":material/info:")
    for driver in clear:
        st.markdown("- " + escape_markdown(driver_sentence(driver)))


def _label(code: str) -> str:
    return t(f"voice.label.{code}")


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("voice.col.date"): [date(pd.Timestamp(d).date()) for d in frame["date"]],
            t("voice.col.nps"): ["" if pd.isna(n) else str(int(n)) for n in frame["nps"]],
            t("voice.col.touchpoint"): frame["touchpoint"].tolist(),
            t("voice.col.comment"): frame["comment"].tolist(),
            t("voice.col.tone"): [number(s, 2) for s in frame["sentiment"]],
            t("voice.col.label"): [_label(c) for c in frame["sentiment_label"]],
            t("voice.col.themes"): frame["themes"].tolist(),
        }
    )


def tone_block(v: View) -> None:
    """Counts by tone, the model's accuracy, the disagreements and every comment."""
    found = _blocks(v)
    comments = found.comments
    st.subheader(t("voice.tone.title"))
    st.caption(t("voice.tone.caption"))
    quality = found.quality
    if quality is None:
        st.caption(t("voice.tone.lexicon_only", count=number(MIN_PER_CLASS)))
    else:
        key = "voice.tone.model" if quality.used else "voice.tone.model_unused"
        st.caption(
            t(
                key,
                trained=number(quality.trained_on),
                held=number(quality.held_out),
                accuracy=percent(quality.accuracy * 100, 0),
                lexicon=percent(quality.lexicon_accuracy * 100, 0),
            )
        )
    if comments.empty:
        return
    counts = comments["sentiment_label"].value_counts()
    st.markdown(
        t(
            "voice.tone.counts",
            negative=number(int(counts.get("negativo", 0))),
            neutral=number(int(counts.get("neutro", 0))),
            positive=number(int(counts.get("positivo", 0))),
        )
    )
    flagged = comments[comments["disagrees"]]
    with st.expander(t("voice.tone.disagree_title", count=number(len(flagged))), expanded=False):
        st.caption(t("voice.tone.disagree_caption"))
        if len(flagged):
            st.dataframe(
                _table(flagged),
                hide_index=True,
                width="stretch",
                height=table_height(len(flagged), most=10),
            )
    with st.expander(t("voice.tone.all_title", count=number(len(comments))), expanded=False):
        st.dataframe(
            _table(comments),
            hide_index=True,
            width="stretch",
            height=table_height(len(comments), most=10),
        )


def suggestions_block(v: View) -> None:
    """Frequent uncovered phrases; an editor picks one, names it and adds it as a theme."""
    found = _blocks(v)
    st.subheader(t("voice.suggest.title"))
    st.caption(t("voice.suggest.caption"))
    if not found.suggestions:
        st.caption(t("voice.suggest.none"))
        return
    lines = {
        s.phrase: t("voice.suggest.line", phrase=s.phrase, count=number(s.comments))
        for s in found.suggestions
    }
    if not access.can(access_gate.current_role(), "edit"):
        st.markdown("\n".join("- " + escape_markdown(line) for line in lines.values()))
        return
    with st.form(key="voice_suggest", border=True):
        left, middle, right = st.columns([3, 3, 2], vertical_alignment="bottom")
        phrase = left.selectbox(
            t("voice.suggest.pick"), list(lines), format_func=lambda p: lines[p]
        )
        name = middle.text_input(t("voice.suggest.name"), placeholder=t("voice.suggest.name_hint"))
        if right.form_submit_button(t("voice.suggest.accept"), width="stretch"):
            label = name.strip() or str(phrase)
            apply_or_refuse(
                accept_theme,
                connection(),
                label,
                [str(phrase)],
                on_done=lambda _: st.toast(escape_markdown(t("voice.suggest.added", name=label))),
            )
