"""The alerts panel: unowned complaints and detractors to call back, each with an owner,
a follow-up status and a note that are stored (close the loop)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cx_sme import alerts, followups
from cx_sme.errors import CxError
from cx_sme.formatting import date, money, number
from cx_sme.i18n import t
from ui.dashboard import View, alert_lists


def _status_labels() -> dict[str, str]:
    return {s: t(f"dash.followup.status.{s}") for s in followups.STATUSES}


def render(v: View) -> None:
    """The panel with its two tabs; saving writes the follow-ups in one transaction."""
    lists = alert_lists(v.db, v.version)
    stored_c = followups.followups(v.conn, "complaint")
    stored_d = followups.followups(v.conn, "detractor")
    complaints = alerts.with_followups(lists.complaints, stored_c)
    detractors = alerts.with_followups(lists.detractors, stored_d)
    open_c = alerts.pending(complaints)
    open_d = alerts.pending(detractors)

    st.subheader(t("dash.alerts.title"), anchor="alerts")
    if lists.as_of:
        st.caption(t("dash.alerts.as_of", date=date(lists.as_of)))
    done = st.session_state.pop("_followups_saved", None)
    if done is not None:
        st.success(t("dash.alerts.saved", count=done), icon=":material/check_circle:")

    tab_c, tab_d = st.tabs(
        [
            t("dash.alerts.tab_complaints", count=len(open_c)),
            t("dash.alerts.tab_detractors", count=len(open_d)),
        ]
    )
    with tab_c:
        if complaints.empty:
            st.success(t("dash.alerts.no_complaints"), icon=":material/check_circle:")
        else:
            oldest = int(open_c["days_open"].max()) if len(open_c) else 0
            st.markdown(
                t(
                    "dash.alerts.complaints_intro",
                    count=len(open_c),
                    untouched=len(alerts.without_followup(open_c)),
                    days=oldest,
                )
            )
            _editor(v, "complaint", complaints, _complaint_columns())
    with tab_d:
        if detractors.empty:
            st.success(t("dash.alerts.no_detractors"), icon=":material/check_circle:")
        else:
            at_risk = float(open_d["revenue_12m"].sum()) if len(open_d) else 0.0
            st.markdown(
                t(
                    "dash.alerts.detractors_intro",
                    count=len(open_d),
                    untouched=len(alerts.without_followup(open_d)),
                    revenue=money(at_risk, 0),
                )
            )
            _editor(v, "detractor", detractors, _detractor_columns())


def _complaint_columns() -> dict[str, str]:
    return {
        "opened": t("dash.alerts.col.opened"),
        "days_open": t("dash.alerts.col.days_open"),
        "customer": t("dash.alerts.col.customer"),
        "touchpoint": t("dash.alerts.col.touchpoint"),
        "category": t("dash.alerts.col.category"),
        "description": t("dash.alerts.col.description"),
    }


def _detractor_columns() -> dict[str, str]:
    return {
        "answered": t("dash.alerts.col.answered"),
        "nps": t("dash.alerts.col.nps"),
        "customer": t("dash.alerts.col.customer"),
        "revenue": t("dash.alerts.col.revenue_12m"),
        "open_complaints": t("dash.alerts.col.open_complaints"),
        "touchpoint": t("dash.alerts.col.touchpoint"),
        "comment": t("dash.alerts.col.comment"),
    }


def _customer(row: pd.Series) -> str:
    name, code = row.get("customer_name"), row.get("customer_id")
    if name and code:
        return f"{name} ({code})"
    return str(name or code or "—")


def _editor(v: View, kind: str, frame: pd.DataFrame, shown: dict[str, str]) -> None:
    labels = _status_labels()
    back = {text: code for code, text in labels.items()}
    show_solved = st.toggle(t("dash.alerts.show_solved"), key=f"_solved_{kind}")
    rows = frame if show_solved else alerts.pending(frame)
    if rows.empty:
        st.info(t("dash.alerts.all_solved"), icon=":material/check_circle:")
        return
    table = pd.DataFrame(index=pd.Index(rows["key"], name="key"))
    customer = [_customer(r) for _, r in rows.iterrows()]
    if kind == "complaint":
        table[shown["opened"]] = [date(d) for d in rows["opened"]]
        table[shown["days_open"]] = rows["days_open"].to_numpy()
        table[shown["customer"]] = customer
        table[shown["touchpoint"]] = rows["touchpoint"].to_numpy()
        table[shown["category"]] = rows["category"].to_numpy()
        table[shown["description"]] = rows["description"].to_numpy()
    else:
        table[shown["answered"]] = [date(d) for d in rows["answered"]]
        table[shown["nps"]] = rows["nps"].to_numpy()
        table[shown["customer"]] = customer
        table[shown["revenue"]] = [money(x, 0) for x in rows["revenue_12m"]]
        table[shown["open_complaints"]] = [number(n) if n else "" for n in rows["open_complaints"]]
        table[shown["touchpoint"]] = rows["touchpoint"].to_numpy()
        table[shown["comment"]] = rows["comment"].to_numpy()
    owner_col = t("dash.alerts.col.owner")
    status_col = t("dash.alerts.col.status")
    note_col = t("dash.alerts.col.note")
    table[owner_col] = rows["owner"].to_numpy()
    table[status_col] = [labels[s] for s in rows["status"]]
    table[note_col] = rows["note"].to_numpy()
    read_only = [c for c in table.columns if c not in (owner_col, status_col, note_col)]
    with st.form(f"_followups_{kind}", border=False):
        edited = st.data_editor(
            table,
            hide_index=True,
            disabled=read_only,
            num_rows="fixed",
            key=f"_editor_{kind}",
            column_config={
                owner_col: st.column_config.TextColumn(
                    owner_col, max_chars=followups.MAX_OWNER, width="small"
                ),
                status_col: st.column_config.SelectboxColumn(
                    status_col, options=list(labels.values()), required=True, width="small"
                ),
                note_col: st.column_config.TextColumn(
                    note_col, max_chars=followups.MAX_NOTE, width="medium"
                ),
            },
            height=min(420, 38 + 35 * len(table)),
        )
        submitted = st.form_submit_button(
            t("dash.alerts.save"), icon=":material/save:", type="primary"
        )
    if submitted:
        updates = []
        for key, row in edited.iterrows():
            source = rows.loc[rows["key"] == key].iloc[0]
            updates.append(
                followups.Update(
                    key=str(key),
                    owner=_clean(row[owner_col]),
                    status=back.get(row[status_col], "to_call"),
                    note=_clean(row[note_col]),
                    customer_id=source.get("customer_id") or None,
                    summary=_summary(kind, source),
                )
            )
        try:
            count = followups.save(v.conn, kind, updates)
        except CxError as err:
            st.error(err.message(), icon=":material/error:")
            return
        st.session_state["_followups_saved"] = count
        st.rerun()


def _clean(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _summary(kind: str, row: pd.Series) -> str:
    """What the follow-up was about, kept with it (the data may change later)."""
    if kind == "complaint":
        parts = [str(row.get("opened")), row.get("touchpoint"), row.get("category")]
    else:
        parts = [str(row.get("answered")), f"NPS {row.get('nps')}", row.get("touchpoint")]
    return " · ".join(str(p) for p in parts if p)
