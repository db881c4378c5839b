"""The engagement page's newsletter: a draft from one month's data, edited and downloaded."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zlib

import pandas as pd
import streamlit as st

from cx_sme.core import db
from cx_sme.core.formatting import month_label
from cx_sme.core.i18n import LANGUAGE_NAMES, LANGUAGES, t
from cx_sme.kpi import targets
from cx_sme.programme import newsletter
from ui.frame.session import db_path
from ui.programme.widgets import lang_key, month_surveys, monthly_kpis


def render(conn: sqlite3.Connection, today: dt.date) -> None:
    st.caption(t("programme.eng.newsletter_intro"))
    version = db.data_version(conn)
    tables = monthly_kpis(db_path(), version, targets.sla_days(conn))
    data_months = sorted({*tables.sales.index, *tables.surveys.index})
    if not data_months:
        st.info(t("programme.eng.newsletter_no_data"), icon=":material/info:")
        return
    months = newsletter.months(conn, data_months, today)
    month_labels = {m: month_label(m) for m in months}
    left, right = st.columns(2)
    month = left.selectbox(
        t("programme.eng.month"),
        months,
        index=months.index(data_months[-1]),
        format_func=month_labels.__getitem__,
        key=lang_key("eng_month"),
        help=t("programme.eng.month_help"),
    )
    language_labels = dict(LANGUAGE_NAMES)
    lang = right.selectbox(
        t("programme.eng.language"),
        LANGUAGES,
        format_func=language_labels.__getitem__,
        key="eng_letter_lang",
    )
    choices = newsletter.comments(month_surveys(db_path(), version), month)
    comment = None
    if choices:
        comment_labels = {
            i: c.text[:110] + ("…" if len(c.text) > 110 else "") for i, c in enumerate(choices)
        }
        comment_labels[-1] = t("programme.eng.no_comment")
        chosen = st.selectbox(
            t("programme.eng.comment"),
            [*range(len(choices)), -1],
            format_func=comment_labels.__getitem__,
            key=f"eng_comment_{month}",
            help=t("programme.eng.comment_help"),
        )
        comment = choices[chosen] if chosen >= 0 else None
    else:
        st.caption(t("programme.eng.no_comments"))
    table = pd.concat([tables.sales, tables.complaints, tables.surveys, tables.links], axis=1)
    table = table.loc[:, ~table.columns.duplicated()]
    text = newsletter.draft(conn, month, table, comment=comment, lang=lang)
    edited = st.text_area(
        t("programme.eng.draft"),
        text,
        height=480,
        # a new draft (other month, language, comment or data) replaces the edited one
        key=f"eng_draft_{zlib.crc32(text.encode('utf-8'))}",
        help=t("programme.eng.draft_help"),
    )
    st.download_button(
        t("programme.eng.download"),
        lambda: edited.encode("utf-8"),
        file_name=newsletter.file_name(month),
        mime="text/plain",
        icon=":material/download:",
        on_click="ignore",
        key="eng_download",
    )
