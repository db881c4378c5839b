"""CSV files out of the import area: the stored rows of a data set, and the rejected rows
of a file for the user to fix.

No cell of these files becomes a formula when a spreadsheet opens them: a text that starts
like one (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading apostrophe.

>>> guard_text(pd.Series(["=1+1", "Rossi", None, "-5% sconto"], dtype=object)).tolist()
["'=1+1", 'Rossi', None, "'-5% sconto"]
"""

from __future__ import annotations

import io
import sqlite3

import numpy as np
import pandas as pd

from cx_sme.core.i18n import get_language, t
from cx_sme.files.readers import RawTable
from cx_sme.ingest.mapping import columns
from cx_sme.ingest.validation import Validation, describe_errors, display_cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_SELECT = {
    "sales": (
        "SELECT date, customer_id, amount_cents, order_id, customer_name, product, category, "
        "channel, quantity FROM sales ORDER BY date, id"
    ),
    "complaints": (
        "SELECT opened, closed, customer_id, touchpoint, category, department, owner, channel, "
        "description, cost_cents FROM complaints ORDER BY opened, id"
    ),
    "surveys": (
        "SELECT date, customer_id, nps, csat, ces, touchpoint, comment FROM surveys "
        "ORDER BY date, id"
    ),
}


def guard_text(series: pd.Series) -> pd.Series:
    """Text cells that could be read as formulas, prefixed with an apostrophe."""
    text = series.astype(object)
    risky = np.array(
        [isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in text], dtype=bool
    )
    if risky.any():
        text = text.copy()
        text[risky] = "'" + text[risky].astype(str)
    return text


def money_text(cents: pd.Series) -> pd.Series:
    """Integer cents → "1234.56" (exact, dot decimals, empty when missing).

    >>> money_text(pd.Series([123456, -5, None])).tolist()
    ['1234.56', '-0.05', '']
    """
    values = pd.to_numeric(cents, errors="coerce")
    missing = values.isna().to_numpy()
    whole = np.abs(values.fillna(0).to_numpy(dtype=np.int64))
    sign = np.where(values.fillna(0).to_numpy() < 0, "-", "")
    text = (
        pd.Series(sign, dtype=object)
        + pd.Series(whole // 100).astype(str).astype(object)
        + "."
        + pd.Series(whole % 100).astype(str).str.zfill(2).astype(object)
    )
    text[missing] = ""
    return text


def export_rows(conn: sqlite3.Connection, dataset: str) -> str:
    """The stored rows of ``dataset`` as CSV: UTF-8, comma, ISO dates, dot decimals,
    canonical column names (those of spec/KPIS.md)."""
    cursor = conn.execute(_SELECT[dataset])
    names = [d[0] for d in cursor.description]
    frame = pd.DataFrame.from_records(cursor.fetchall(), columns=names)
    out = pd.DataFrame(index=frame.index)
    for col in columns(dataset):
        if col.kind == "money":
            out[col.name] = money_text(frame[col.name + "_cents"])
        elif col.kind == "score":
            out[col.name] = frame[col.name].astype("Int64")
        elif col.kind == "number":
            out[col.name] = frame[col.name].astype("float64")
        elif col.kind == "date":
            out[col.name] = frame[col.name]
        else:
            out[col.name] = guard_text(frame[col.name])
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def rejected_rows_csv(table: RawTable, validation: Validation) -> bytes:
    """One line per wrong cell: row, column, value, reason, then the row's original cells.

    Written for the spreadsheet the user fixes it in: UTF-8 with BOM, ``;`` as separator
    in Italian (what Excel expects there), ``,`` in English.
    """
    errors = validation.errors
    described = describe_errors(errors)
    head = pd.DataFrame(
        {
            t("import.rejected.row"): described["row"],
            t("import.rejected.column"): guard_text(described["column"]),
            t("import.rejected.value"): guard_text(described["value"]),
            t("import.rejected.reason"): described["reason"],
        }
    )
    positions = errors["position"].to_numpy(dtype=np.int64)
    cells = {}
    for header in table.columns:
        raw = table.frame[header].to_numpy(dtype=object)[positions]
        cells[header] = guard_text(pd.Series([display_cell(v) for v in raw], dtype=object))
    original = pd.DataFrame(cells)
    # Headers equal to the fixed ones would make duplicate columns: they are numbered.
    original.columns = [
        f"{h} ({t('import.rejected.original')})" if h in head.columns else h for h in table.columns
    ]
    out = pd.concat([head.reset_index(drop=True), original.reset_index(drop=True)], axis=1)
    sep = ";" if get_language() == "it" else ","
    return out.to_csv(index=False, sep=sep, lineterminator="\r\n").encode("utf-8-sig")
