"""The Import page for e-invoices: what the upload holds (invoices, credit notes, lines,
customers, months, files left out and why) and, once, whose invoices they are."""

from __future__ import annotations

import sqlite3

import pandas as pd
import streamlit as st

from cx_sme.core.errors import CxError
from cx_sme.core.formatting import month_label, number
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.einvoice.reader import LeftOut
from cx_sme.einvoice.selection import Selection, confirm_company
from cx_sme.ingest.importer import Prepared
from ui.frame.widgets import refusal, table_height


def _reason(item: LeftOut) -> str:
    family = "broken" if item.broken else "left"
    return t(f"einvoice.{family}.{item.reason}", **dict(item.params))


def summary(selection: Selection) -> None:
    st.subheader(t("einvoice.summary.title"))
    with st.container(horizontal=True, gap="small"):
        for key, value in (
            ("invoices", selection.invoices),
            ("credit_notes", selection.credit_notes),
            ("lines", selection.lines),
            ("customers", selection.customers),
            ("months", len(selection.months)),
        ):
            st.metric(t(f"einvoice.summary.{key}"), number(value), border=True)
    if selection.months:
        st.caption(escape_markdown(", ".join(month_label(m) for m in selection.months)))
    if selection.seller:
        st.caption(
            escape_markdown(
                t("einvoice.summary.seller", name=selection.seller_name, vat=selection.seller)
            )
        )
    for key, count in (
        ("supplier", selection.supplier_invoices),
        ("other_sellers", selection.other_sellers),
        ("repeated", selection.repeated),
        ("already", selection.already_stored),
    ):
        if count:
            st.info(t(f"einvoice.summary.{key}", count=number(count)), icon=":material/info:")
    left = selection.facts.left_out
    if left:
        with st.expander(t("einvoice.summary.left_out", count=number(len(left))),
                         expanded=bool(selection.facts.broken)):  # fmt: skip
            table = pd.DataFrame(
                {
                    t("einvoice.summary.col_file"): [x.file for x in left],
                    t("einvoice.summary.col_reason"): [_reason(x) for x in left],
                }
            )
            st.dataframe(table, hide_index=True, width="stretch",
                         height=table_height(len(table), most=12))  # fmt: skip


def company_confirmed(conn: sqlite3.Connection, selection: Selection, sha: str) -> bool:
    """True once the company's VAT number is set; until then, the question."""
    if selection.confirmed:
        return True
    with st.container(border=True):
        st.markdown(
            t(
                "einvoice.confirm.question",
                name=escape_markdown(selection.seller_name or "—"),
                vat=escape_markdown(selection.seller or "—"),
            )
        )
        if selection.seller and st.button(
            t("einvoice.confirm.yes"), type="primary", key=f"einvoice_yes_{sha[:12]}"
        ):
            _confirm(conn, selection.seller)
        typed = st.text_input(t("einvoice.confirm.other"), key=f"einvoice_vat_{sha[:12]}")
        if st.button(t("einvoice.confirm.save"), key=f"einvoice_save_{sha[:12]}") and typed:
            _confirm(conn, typed)
    return False


def _confirm(conn: sqlite3.Connection, vat: str) -> None:
    try:
        confirm_company(conn, vat)
    except CxError as err:
        refusal(err)
        return
    st.session_state.pop("import_recognised", None)
    st.rerun()


def show(conn: sqlite3.Connection, prepared: Prepared) -> bool:
    """The summary and the company question; True when the upload can be planned."""
    assert prepared.einvoice is not None
    summary(prepared.einvoice)
    return company_confirmed(conn, prepared.einvoice, prepared.sha256)
