"""People engagement: the internal plan and the monthly CX newsletter draft."""

import datetime as dt
import zlib

import pandas as pd
import streamlit as st

from cx_sme.core import db
from cx_sme.core.errors import CxError
from cx_sme.core.formatting import date as format_date
from cx_sme.core.formatting import month_label
from cx_sme.core.i18n import LANGUAGE_NAMES, LANGUAGES, t
from cx_sme.kpi import targets
from cx_sme.programme import engagement, newsletter
from ui.frame.session import connection, db_path
from ui.frame.widgets import date_format
from ui.programme.widgets import lang_key, month_surveys, monthly_kpis, refusal

conn = connection()
today = dt.date.today()
st.title(t("common.page.engagement"))
st.caption(t("programme.eng.intro"))

plan_tab, letter_tab = st.tabs([t("programme.eng.tab_plan"), t("programme.eng.tab_newsletter")])
kind_labels = {k: engagement.kind_name(k) for k in engagement.KINDS}
status_labels = {s: engagement.status_name(s) for s in engagement.STATUSES}

# =========================================================================================
# The plan
# =========================================================================================
with plan_tab:
    covered = engagement.coverage(conn)
    st.markdown(t("programme.eng.ideas_title"))
    badge_colors = {"done": "green", "in_progress": "blue", "planned": "orange", "dropped": "gray"}
    ideas = engagement.KINDS[:-1]
    for start in range(0, len(ideas), 4):
        for column, kind in zip(st.columns(4), ideas[start : start + 4], strict=True):
            with column.container(border=True, height="stretch"):
                st.markdown(f"**{kind_labels[kind]}**")
                state = covered[kind]
                if state is None:
                    st.badge(t("programme.eng.not_planned"), color="gray", icon=":material/remove:")
                else:
                    st.badge(status_labels[state], color=badge_colors[state])

    items = engagement.list_actions(conn)
    late = [a for a in items if a.overdue(today)]
    if late:
        st.warning(t("programme.eng.overdue", count=len(late)), icon=":material/schedule:")
    if items:
        st.dataframe(
            pd.DataFrame(
                {
                    t("programme.eng.col.title"): [a.title for a in items],
                    t("programme.eng.col.kind"): [kind_labels[a.kind] for a in items],
                    t("programme.eng.col.owner"): [a.owner for a in items],
                    t("programme.eng.col.due"): [format_date(a.due) for a in items],
                    t("programme.eng.col.status"): [
                        status_labels[a.status]
                        + (" · " + t("programme.eng.late") if a.overdue(today) else "")
                        for a in items
                    ],
                    t("programme.eng.col.note"): [a.note for a in items],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(t("programme.eng.empty"), icon=":material/campaign:")

    with st.expander(t("programme.eng.add_title"), expanded=not items, icon=":material/add:"):
        kind = st.selectbox(
            t("programme.eng.col.kind"),
            engagement.KINDS,
            format_func=kind_labels.__getitem__,
            key=lang_key("eng_kind"),
        )
        with st.form("eng_add", clear_on_submit=True):
            title = st.text_input(
                t("programme.eng.col.title"),
                engagement.suggestion(kind),
                max_chars=engagement.MAX_TITLE,
                key=lang_key(f"eng_title_{kind}"),
            )
            owner = st.text_input(
                t("programme.eng.col.owner"), max_chars=engagement.MAX_NAME, key="eng_owner"
            )
            due = st.date_input(
                t("programme.eng.col.due"), today + dt.timedelta(days=30), format=date_format()
            )
            note = st.text_area(
                t("programme.eng.col.note"), max_chars=engagement.MAX_NOTE, height=68
            )
            if st.form_submit_button(
                t("programme.eng.add_button"), type="primary", key="eng_add_btn"
            ):
                try:
                    engagement.add_action(conn, kind, title, owner, due, note)
                except CxError as err:
                    refusal(err)
                else:
                    st.rerun()

    if items:
        with st.expander(t("programme.eng.edit_title"), icon=":material/edit:"):
            by_id = {a.id: a for a in items}
            item_labels = {a.id: f"{a.title} — {a.owner}, {format_date(a.due)}" for a in items}
            picked = st.selectbox(
                t("programme.eng.pick"),
                list(by_id),
                format_func=item_labels.__getitem__,
                key=lang_key("eng_pick"),
            )
            item = by_id[picked]
            with st.form(f"eng_edit_{item.id}"):
                new_kind = st.selectbox(
                    t("programme.eng.col.kind"),
                    engagement.KINDS,
                    index=engagement.KINDS.index(item.kind),
                    format_func=kind_labels.__getitem__,
                )
                new_title = st.text_input(
                    t("programme.eng.col.title"), item.title, max_chars=engagement.MAX_TITLE
                )
                new_owner = st.text_input(
                    t("programme.eng.col.owner"), item.owner, max_chars=engagement.MAX_NAME
                )
                new_due = st.date_input(
                    t("programme.eng.col.due"),
                    dt.date.fromisoformat(item.due),
                    format=date_format(),
                )
                new_status = st.radio(
                    t("programme.eng.col.status"),
                    engagement.STATUSES,
                    index=engagement.STATUSES.index(item.status),
                    format_func=status_labels.__getitem__,
                    horizontal=True,
                )
                new_note = st.text_area(
                    t("programme.eng.col.note"), item.note, max_chars=engagement.MAX_NOTE, height=68
                )
                save, remove = st.columns(2)
                saved = save.form_submit_button(t("programme.eng.save_button"), type="primary")
                removed = remove.form_submit_button(t("programme.eng.delete_button"))
            if saved:
                try:
                    engagement.update_action(
                        conn, item.id, new_kind, new_title, new_owner, new_due, new_status, new_note
                    )
                except CxError as err:
                    refusal(err)
                else:
                    st.rerun()
            if removed:
                engagement.delete_action(conn, item.id)
                st.rerun()

# =========================================================================================
# The newsletter
# =========================================================================================
with letter_tab:
    st.caption(t("programme.eng.newsletter_intro"))
    version = db.data_version(conn)
    tables = monthly_kpis(db_path(), version, targets.sla_days(conn))
    data_months = sorted({*tables.sales.index, *tables.surveys.index})
    if not data_months:
        st.info(t("programme.eng.newsletter_no_data"), icon=":material/info:")
        st.stop()
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
        edited.encode("utf-8"),
        file_name=newsletter.file_name(month),
        mime="text/plain",
        icon=":material/download:",
        key="eng_download",
    )
