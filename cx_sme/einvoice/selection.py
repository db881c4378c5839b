"""Which e-invoice lines are the company's sales, and which are new to the store.

The company is the seller: its VAT number is the setting ``company_vat`` (Settings).
When it is not set, the seller of most invoices in the upload is proposed, and nothing
is stored until it is confirmed once (:func:`confirm_company`). Invoices the company
received (supplier invoices that end up in the same folder) and invoices of other
sellers are left out and counted.

The same invoice (same seller, number and date) is stored once: a second copy in the
upload is dropped, and so is an invoice an earlier e-invoice import already stored. The
months whose stored sales all come from e-invoices are *added to* (new invoices join
them); a month held by a spreadsheet import is compared and replaced as usual.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from cx_sme.core.db import get_setting, set_setting
from cx_sme.core.errors import InputRefused
from cx_sme.einvoice.reader import HEADERS, KIND, SELLER, SELLER_NAME, SOURCE, EInvoiceFacts
from cx_sme.files.table_shape import RawTable

COMPANY_VAT = "company_vat"
IMPORT_NOTE = "fatturapa"
_VAT = re.compile(r"^[A-Z]{2}[A-Z0-9]{2,28}$")
BUYER = HEADERS["customer_id"]


def normal_vat(text: str) -> str:
    """A VAT number as the invoices write it: country prefix, no spaces or dots; an
    Italian number typed without its prefix gets ``IT``.

    >>> normal_vat(" it 01234567890 "), normal_vat("01234567890"), normal_vat("DE123456789")
    ('IT01234567890', 'IT01234567890', 'DE123456789')
    """
    cleaned = re.sub(r"[\s.\-]", "", str(text)).upper()
    if cleaned.isdigit() and len(cleaned) == 11:
        cleaned = "IT" + cleaned
    if not _VAT.match(cleaned):
        raise InputRefused("einvoice.bad_vat", value=text)
    return cleaned


def company_vat(conn: sqlite3.Connection) -> str | None:
    value = get_setting(conn, COMPANY_VAT)
    return str(value) if value else None


def confirm_company(conn: sqlite3.Connection, vat: str) -> str:
    """Store the company's VAT number (the seller of its e-invoices)."""
    clean = normal_vat(vat)
    set_setting(conn, COMPANY_VAT, clean)
    return clean


@dataclass(frozen=True)
class Selection:
    """The company's lines of an upload (``table``) and what the preview tells."""

    table: RawTable
    facts: EInvoiceFacts
    company: str | None  # the confirmed VAT number, None while to be confirmed
    seller: str | None  # the seller whose invoices are kept (company, or the proposal)
    seller_name: str
    invoices: int
    credit_notes: int
    lines: int
    customers: int
    months: tuple[str, ...]
    supplier_invoices: int  # the company is the buyer
    other_sellers: int
    repeated: int  # the same invoice twice in the upload
    already_stored: int  # invoices an earlier import stored
    additive_months: frozenset[str] = frozenset()
    duplicates_by_month: dict[str, int] = field(default_factory=dict)

    @property
    def confirmed(self) -> bool:
        return self.company is not None


def _invoice_keys(frame: pd.DataFrame) -> pd.Series:
    date = frame[HEADERS["date"]].dt.strftime("%Y-%m-%d")
    return date + "\x1f" + frame[HEADERS["order_id"]].astype(str)


def _stored_einvoice_keys(conn: sqlite3.Connection, months: list[str]) -> set[str]:
    if not months:
        return set()
    marks = ", ".join("?" for _ in months)
    rows = conn.execute(
        "SELECT DISTINCT s.date, s.order_id FROM sales s JOIN imports i ON i.id = s.import_id "
        f"WHERE i.note = ? AND substr(s.date, 1, 7) IN ({marks})",
        [IMPORT_NOTE, *months],
    )
    return {f"{d}\x1f{n}" for d, n in rows}


def einvoice_only_months(conn: sqlite3.Connection, months: list[str]) -> set[str]:
    """Months whose stored sales all come from e-invoice imports."""
    if not months:
        return set()
    marks = ", ".join("?" for _ in months)
    rows = conn.execute(
        "SELECT substr(s.date, 1, 7) AS month, "
        "sum(CASE WHEN coalesce(i.note, '') = ? THEN 0 ELSE 1 END) "
        "FROM sales s JOIN imports i ON i.id = s.import_id "
        f"WHERE substr(s.date, 1, 7) IN ({marks}) GROUP BY month",
        [IMPORT_NOTE, *months],
    )
    return {str(m) for m, others in rows if not others}


def select(conn: sqlite3.Connection, table: RawTable) -> Selection:
    frame = table.frame
    facts = table.detected.einvoice or EInvoiceFacts()
    company = company_vat(conn)
    keys = _invoice_keys(frame) if len(frame) else pd.Series(dtype=str)
    sellers = frame[SELLER].astype(str) if len(frame) else pd.Series(dtype=str)
    per_invoice = pd.DataFrame({"key": sellers + "\x1f" + keys, "seller": sellers})
    counts = Counter(per_invoice.drop_duplicates("key")["seller"])
    seller = company or (counts.most_common(1)[0][0] if counts else None)
    names = frame.loc[sellers == seller, SELLER_NAME] if seller else pd.Series(dtype=str)
    mine = (sellers == seller).to_numpy() if seller else (sellers != sellers).to_numpy()
    bought = (frame[BUYER].astype(str) == seller).to_numpy() if seller else mine
    invoice_of = per_invoice.assign(mine=mine, bought=bought).drop_duplicates("key")
    supplier = int((invoice_of["bought"] & ~invoice_of["mine"]).sum())
    other = int((~invoice_of["bought"] & ~invoice_of["mine"]).sum())

    kept = frame[mine]
    kept_keys = keys[mine]
    # the same invoice twice in the upload: the rows of its first file only
    first_file = kept.assign(_key=kept_keys.to_numpy()).groupby("_key", sort=False)[SOURCE].first()
    own_file = kept[SOURCE].to_numpy() == first_file.reindex(kept_keys.to_numpy()).to_numpy()
    repeated = int(kept_keys[~own_file].nunique())
    kept, kept_keys = kept[own_file], kept_keys[own_file]
    months_all = sorted(set(kept[HEADERS["date"]].dt.strftime("%Y-%m"))) if len(kept) else []
    stored = _stored_einvoice_keys(conn, months_all)
    old = kept_keys.isin(stored).to_numpy()
    duplicates_by_month = (
        Counter(kept.loc[old, HEADERS["date"]].dt.strftime("%Y-%m")) if old.any() else Counter()
    )
    already = int(kept_keys[old].nunique())
    new = kept[~old]
    new_keys = kept_keys[~old]
    months = tuple(sorted(set(new[HEADERS["date"]].dt.strftime("%Y-%m")))) if len(new) else ()
    numbers = new.assign(_key=new_keys.to_numpy()).drop_duplicates("_key")
    credit = int((numbers[KIND] == "TD04").sum()) if len(numbers) else 0
    positions = table.row_numbers[mine][own_file][~old]
    chosen = RawTable(table.columns, new.reset_index(drop=True), positions, table.detected)
    return Selection(
        table=chosen, facts=facts, company=company, seller=seller,
        seller_name=str(names.iloc[0]) if len(names) else "",
        invoices=len(numbers) - credit, credit_notes=credit, lines=len(new),
        customers=int(new[BUYER].nunique()) if len(new) else 0, months=months,
        supplier_invoices=supplier, other_sellers=other, repeated=repeated,
        already_stored=already,
        additive_months=frozenset(einvoice_only_months(conn, list(months_all))),
        duplicates_by_month=dict(duplicates_by_month),
    )  # fmt: skip


def sales_from_einvoices(conn: sqlite3.Connection) -> bool:
    """True when some stored sales come from e-invoices (their amounts exclude VAT)."""
    row = conn.execute(
        "SELECT 1 FROM imports WHERE dataset = 'sales' AND status = 'active' AND note = ? LIMIT 1",
        (IMPORT_NOTE,),
    ).fetchone()
    return row is not None
