"""The alerts panel: unowned complaints and detractors to call back, each with an owner,
a follow-up status and a note that are stored (close the loop).

The tables are built once per view (the view's key includes a fingerprint of the stored
follow-ups, so saving one rebuilds them); comments and descriptions are shown in a data
editor, as plain cell text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.formatting import date, money, number
from cx_sme.core.i18n import t
from cx_sme.dashboards import alerts, followups
from ui.dashboards.blocks import builder, memo
from ui.dashboards.view import View, alert_lists, catalogue
from ui.frame.widgets import refusal, table_height

EDITABLE = ("owner", "status", "note")
FIRST_ROWS = 15  # the oldest complaints / latest detractors first; the rest on request


@dataclass(frozen=True)
class Panel:
    kind: str
    intro: str  # Markdown built from numbers and our own words only
    empty: bool  # no alert of this kind at all
    table: pd.DataFrame  # shown columns, index = follow-up key
    solved: frozenset[str]  # keys marked solved (hidden unless asked)
    customers: dict[str, str | None]
    summaries: dict[str, str]


def _customer(name: object, code: object) -> str:
    name = None if name is None or pd.isna(name) else str(name)  # type: ignore[call-overload]
    code = None if code is None or pd.isna(code) else str(code)  # type: ignore[call-overload]
    if name and code:
        return f"{name} ({code})"
    return name or code or "—"


def _summary(kind: str, row: pd.Series) -> str:
    """What the follow-up was about, kept with it (the data may change later)."""
    if kind == "complaint":
        parts = [str(row["opened"]), row["touchpoint"], row["category"]]
    else:
        parts = [str(row["answered"]), f"NPS {row['nps']}", row["touchpoint"]]
    return " · ".join(str(p) for p in parts if p is not None and not pd.isna(p))


@builder
def alert_panel(v: View, kind: str) -> Panel:
    lists = alert_lists(v.db, v.version, catalogue(v, "touchpoint"))
    source = lists.complaints if kind == "complaint" else lists.detractors
    rows = alerts.with_followups(source, followups.followups(v.conn, kind))
    pending = alerts.pending(rows)
    untouched = len(alerts.without_followup(pending))
    if kind == "complaint":
        oldest = int(pending["days_open"].max()) if len(pending) else 0
        intro = t("dash.alerts.complaints_intro", count=len(pending), untouched=untouched,
                  days=oldest)  # fmt: skip
    else:
        revenue = money(float(pending["revenue_12m"].sum()) if len(pending) else 0.0, 0)
        intro = t("dash.alerts.detractors_intro", count=len(pending), untouched=untouched,
                  revenue=revenue)  # fmt: skip
    labels = {s: t(f"dash.followup.status.{s}") for s in followups.STATUSES}
    shown: dict[str, object] = {}
    customers = [_customer(n, c) for n, c in zip(rows["customer_name"], rows["customer_id"],
                                                   strict=True)]  # fmt: skip
    follow_up = {
        t("dash.alerts.col.owner"): rows["owner"].to_numpy(),
        t("dash.alerts.col.status"): [labels[s] for s in rows["status"]],
        t("dash.alerts.col.note"): rows["note"].to_numpy(),
    }
    # The columns to fill come right after who the customer is, before the long texts:
    # no sideways scrolling to find where to type.
    if kind == "complaint":
        shown[t("dash.alerts.col.opened")] = [date(x) for x in rows["opened"]]
        shown[t("dash.alerts.col.days_open")] = rows["days_open"].to_numpy()
        shown[t("dash.alerts.col.customer")] = customers
        shown.update(follow_up)
        shown[t("dash.alerts.col.touchpoint")] = rows["touchpoint"].to_numpy()
        shown[t("dash.alerts.col.category")] = rows["category"].to_numpy()
        shown[t("dash.alerts.col.description")] = rows["description"].to_numpy()
    else:
        shown[t("dash.alerts.col.answered")] = [date(x) for x in rows["answered"]]
        shown[t("dash.alerts.col.nps")] = rows["nps"].to_numpy()
        shown[t("dash.alerts.col.customer")] = customers
        shown[t("dash.alerts.col.revenue_12m")] = [money(x, 0) for x in rows["revenue_12m"]]
        shown.update(follow_up)
        shown[t("dash.alerts.col.open_complaints")] = [
            number(n) if n else "" for n in rows["open_complaints"]
        ]
        shown[t("dash.alerts.col.touchpoint")] = rows["touchpoint"].to_numpy()
        shown[t("dash.alerts.col.comment")] = rows["comment"].to_numpy()
    # Text cells left empty by the file or by the team show empty, never "None".
    table = pd.DataFrame(shown, index=pd.Index(rows["key"].astype(str), name="key"))
    table = table.astype({c: object for c in table.columns if table[c].dtype == object})
    table = table.fillna("")
    return Panel(
        kind=kind,
        intro=intro,
        empty=rows.empty,
        table=table,
        solved=frozenset(rows.loc[rows["status"] == "solved", "key"].astype(str)),
        customers={
            str(k): (None if pd.isna(c) else str(c))
            for k, c in zip(rows["key"], rows["customer_id"], strict=True)
        },
        summaries={
            str(k): _summary(kind, r)
            for k, (_, r) in zip(rows["key"], rows.iterrows(), strict=True)
        },
    )


def render(v: View) -> None:
    """The panel with its two tabs; saving writes the follow-ups in one transaction."""
    complaints: Panel = memo(v, "alert_panel", "complaint")
    detractors: Panel = memo(v, "alert_panel", "detractor")
    st.subheader(t("dash.alerts.title"), anchor="alerts")
    as_of = alert_lists(v.db, v.version, catalogue(v, "touchpoint")).as_of
    if as_of:
        st.caption(t("dash.alerts.as_of", date=date(as_of)))
    done = st.session_state.pop("_followups_saved", None)
    if done is not None:
        message = t("dash.alerts.saved_one") if done == 1 else t("dash.alerts.saved", count=done)
        st.success(message, icon=":material/check_circle:")
    counts = [len(p.table) - len(p.solved) for p in (complaints, detractors)]
    tab_c, tab_d = st.tabs(
        [
            t("dash.alerts.tab_complaints", count=counts[0]),
            t("dash.alerts.tab_detractors", count=counts[1]),
        ]
    )
    with tab_c:
        _panel(v, complaints, t("dash.alerts.no_complaints"))
    with tab_d:
        _panel(v, detractors, t("dash.alerts.no_detractors"))


def _panel(v: View, panel: Panel, nothing: str) -> None:
    if panel.empty:
        st.success(nothing, icon=":material/check_circle:")
        return
    st.markdown(panel.intro)
    with st.container(horizontal=True):
        show_solved = st.toggle(t("dash.alerts.show_solved"), key=f"_solved_{panel.kind}")
        show_all = st.toggle(
            t("dash.alerts.show_all", count=len(panel.table)), key=f"_all_{panel.kind}"
        )
    table = panel.table
    if not show_solved:
        table = table[~table.index.isin(panel.solved)]
    if table.empty:
        st.info(t("dash.alerts.all_solved"), icon=":material/check_circle:")
        return
    if not show_all and len(table) > FIRST_ROWS:
        st.caption(t("dash.alerts.first_rows", shown=FIRST_ROWS, count=len(table)))
        table = table.head(FIRST_ROWS)
    labels = {s: t(f"dash.followup.status.{s}") for s in followups.STATUSES}
    back = {text: code for code, text in labels.items()}
    owner, status, note = (t(f"dash.alerts.col.{c}") for c in EDITABLE)
    with st.form(f"_followups_{panel.kind}", border=False):
        edited = st.data_editor(
            table,
            hide_index=True,
            disabled=[c for c in table.columns if c not in (owner, status, note)],
            num_rows="fixed",
            placeholder="",
            key=f"_editor_{panel.kind}",
            column_config={
                owner: st.column_config.TextColumn(
                    owner, max_chars=followups.MAX_OWNER, width="medium"
                ),
                status: st.column_config.SelectboxColumn(
                    status, options=list(labels.values()), required=True, width=120
                ),
                note: st.column_config.TextColumn(
                    note, max_chars=followups.MAX_NOTE, width="medium"
                ),
            },
            height=table_height(len(table), most=11),
        )
        submitted = st.form_submit_button(
            t("dash.alerts.save"), icon=":material/save:", type="primary"
        )
    if not submitted:
        return
    updates = [
        followups.Update(
            key=str(key),
            owner=_clean(row[owner]),
            status=back.get(row[status], "to_call"),
            note=_clean(row[note]),
            customer_id=panel.customers.get(str(key)),
            summary=panel.summaries.get(str(key)),
        )
        for key, row in edited.iterrows()
    ]
    try:
        count = followups.save(v.conn, panel.kind, updates)
    except CxError as err:
        refusal(err)
        return
    st.session_state["_followups_saved"] = count
    st.rerun()


def _clean(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None
