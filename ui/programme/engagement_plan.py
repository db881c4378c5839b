"""The engagement page's plan: the internal actions that make CX everyone's business."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
import streamlit as st

from cx_sme.core.formatting import date as format_date
from cx_sme.core.i18n import t
from cx_sme.programme import engagement
from ui.frame.widgets import apply_or_refuse, date_format
from ui.programme.widgets import lang_key


def render(conn: sqlite3.Connection, today: dt.date) -> None:
    kind_labels = {k: engagement.kind_name(k) for k in engagement.KINDS}
    status_labels = {s: engagement.status_name(s) for s in engagement.STATUSES}
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
                apply_or_refuse(engagement.add_action, conn, kind, title, owner, due, note)

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
                apply_or_refuse(
                    engagement.update_action,
                    conn, item.id, new_kind, new_title, new_owner, new_due, new_status, new_note,
                )  # fmt: skip
            if removed:
                engagement.delete_action(conn, item.id)
                st.rerun()
