"""Governance: who leads the CX programme, the roster, and every department's share."""

import pandas as pd
import streamlit as st

from cx_sme.company import touchpoints
from cx_sme.company.departments import list_departments
from cx_sme.core.errors import CxError
from cx_sme.core.i18n import t
from cx_sme.programme import governance
from ui.frame.session import connection
from ui.frame.widgets import apply_or_refuse
from ui.programme.widgets import SEVERITY_BOX, SEVERITY_ICON, escape_markdown, lang_key, refusal

conn = connection()
st.title(t("common.page.governance"))
st.caption(t("programme.gov.intro"))

# --- the model ----------------------------------------------------------------------------
st.subheader(t("programme.gov.model_title"))
model_labels = {m: t(f"programme.gov.model.{m}") for m in governance.MODELS}
current_model = governance.get_model(conn)
chosen = st.radio(
    t("programme.gov.model_question"),
    governance.MODELS,
    index=None if current_model is None else governance.MODELS.index(current_model),
    format_func=model_labels.__getitem__,
    horizontal=True,
    # the language is part of the key: a translated widget is a new widget, and must start
    # from the stored choice rather than from an empty state
    key=lang_key("gov_model"),
)
if chosen is not None and chosen != current_model:
    governance.set_model(conn, chosen)
    current_model = chosen
left, right = st.columns(2)
left.caption(t("programme.gov.model.lead.help"))
right.caption(t("programme.gov.model.team.help"))

# --- what is wrong ------------------------------------------------------------------------
problems = governance.warnings(conn)
if problems:
    for problem in problems:
        SEVERITY_BOX[problem.severity](
            escape_markdown(problem.message()), icon=SEVERITY_ICON[problem.severity]
        )
else:
    st.success(t("programme.gov.all_good"), icon=":material/check_circle:")

# --- the roster ---------------------------------------------------------------------------
st.subheader(t("programme.gov.roster_title"))
members = governance.list_members(conn)
if members:
    st.dataframe(
        pd.DataFrame(
            {
                t("programme.gov.col.name"): [m.name for m in members],
                t("programme.gov.col.role"): [m.role for m in members],
                t("programme.gov.col.department"): [m.department_label(conn) for m in members],
                t("programme.gov.col.lead"): [m.is_lead for m in members],
                t("programme.gov.col.sponsor"): [m.is_sponsor for m in members],
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(t("programme.gov.roster_empty"), icon=":material/group_add:")

departments = list_departments(conn)
department_options: list[str] = ["", *[d.code for d in departments]]
department_labels = {"": t("programme.gov.management_option")} | {
    d.code: d.name for d in departments
}
lead_label = t(f"programme.gov.is_lead.{current_model or 'team'}")

with st.expander(t("programme.gov.add_title"), expanded=not members, icon=":material/person_add:"):
    with st.form("gov_add", clear_on_submit=True):
        name = st.text_input(
            t("programme.gov.col.name"), max_chars=governance.MAX_TEXT, key="gov_name"
        )
        role = st.text_input(
            t("programme.gov.col.role"),
            max_chars=governance.MAX_TEXT,
            placeholder=t("programme.gov.role_placeholder"),
            key="gov_role",
        )
        department = st.selectbox(
            t("programme.gov.col.department"),
            department_options,
            index=1 if len(department_options) > 1 else 0,
            format_func=department_labels.__getitem__,
            key=lang_key("gov_department"),
        )
        is_lead = st.checkbox(lead_label, key="gov_lead")
        is_sponsor = st.checkbox(
            t("programme.gov.is_sponsor"), help=t("programme.gov.sponsor_help"), key="gov_sponsor"
        )
        if st.form_submit_button(t("programme.gov.add_button"), type="primary", key="gov_add_btn"):
            try:
                added = governance.add_member(
                    conn, name, role, department or None, is_lead=is_lead, is_sponsor=is_sponsor
                )
            except CxError as err:
                refusal(err)
            else:
                st.toast(t("programme.gov.added", name=added.name))
                st.rerun()

if members:
    with st.expander(t("programme.gov.edit_title"), icon=":material/edit:"):
        by_id = {m.id: m for m in members}
        member_labels = {m.id: f"{m.name} — {m.department_label(conn)}" for m in members}
        picked = st.selectbox(
            t("programme.gov.pick_member"),
            list(by_id),
            format_func=member_labels.__getitem__,
            key=lang_key("gov_pick"),
        )
        member = by_id[picked]
        with st.form(f"gov_edit_{member.id}"):
            new_name = st.text_input(
                t("programme.gov.col.name"), member.name, max_chars=governance.MAX_TEXT
            )
            new_role = st.text_input(
                t("programme.gov.col.role"), member.role, max_chars=governance.MAX_TEXT
            )
            current_dept = member.department or ""
            new_department = st.selectbox(
                t("programme.gov.col.department"),
                department_options,
                index=department_options.index(current_dept)
                if current_dept in department_options
                else 0,
                format_func=department_labels.__getitem__,
            )
            new_lead = st.checkbox(lead_label, member.is_lead)
            new_sponsor = st.checkbox(t("programme.gov.is_sponsor"), member.is_sponsor)
            save, remove = st.columns(2)
            saved = save.form_submit_button(t("programme.gov.save_button"), type="primary")
            removed = remove.form_submit_button(t("programme.gov.remove_button"))
        if saved:
            apply_or_refuse(
                governance.update_member,
                conn,
                member.id,
                new_name,
                new_role,
                new_department or None,
                is_lead=new_lead,
                is_sponsor=new_sponsor,
            )
        if removed:
            governance.remove_member(conn, member.id)
            st.rerun()

# --- every department and its touchpoints -------------------------------------------------
st.subheader(t("programme.gov.departments_title"))
st.caption(t("programme.gov.departments_caption"))
owned: dict[str, list[str]] = {}
for point in touchpoints.list_touchpoints(conn):
    if point.department:
        owned.setdefault(point.department, []).append(point.name)
views = governance.department_view(conn, owned)
per_row = 4
for start in range(0, len(views), per_row):
    columns = st.columns(per_row)
    for column, view in zip(columns, views[start : start + per_row], strict=False):
        with column.container(border=True, height="stretch"):
            st.markdown(f"**{escape_markdown(view.name)}**")
            if view.members:
                st.caption(t("programme.gov.people"))
                st.text("\n".join(view.members))
            else:
                st.warning(t("programme.gov.nobody"), icon=":material/person_off:")
            st.caption(t("programme.gov.touchpoints", count=len(view.touchpoints)))
            st.text("\n".join(f"• {name}" for name in view.touchpoints) or "—")
