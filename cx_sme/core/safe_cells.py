"""Text for spreadsheet cells that stays text.

Whatever a user typed (a complaint description, a survey comment, a customer name) goes
into the workbook as a string cell, never as a formula: Excel and LibreOffice evaluate a
cell that starts with ``=``, ``+``, ``-`` or ``@`` (and a leading tab or carriage return
hides such a start), which is how "CSV/formula injection" runs commands or leaks data.
Characters that XML forbids are dropped, and a cell longer than Excel's limit of 32,767
characters is cut with a note saying how much was left out.

>>> clean_text("a\\x00b\\x1bc")
'abc'
>>> [is_formula_like(s) for s in ("=HYPERLINK(\\"http://x\\")", "-5% sconto", "Ok")]
[True, True, False]
>>> csv_text("=1+1")
"'=1+1"
>>> len(clean_text("x" * 40_000)) == MAX_CELL_CHARS
True
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from cx_sme.core.formatting import number
from cx_sme.core.i18n import t

# Excel's limit on the characters in one cell.
MAX_CELL_CHARS = 32_767

# A cell whose text starts with one of these may be read as a formula by a spreadsheet
# (a line break first hides the rest from a quick look, so it counts too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Characters XML 1.0 does not allow (control characters except tab, LF, CR; surrogates;
# U+FFFE/U+FFFF): openpyxl refuses them and Excel reports the file as damaged.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: Any) -> str:
    """``value`` as text a workbook accepts: illegal characters dropped, line breaks
    made plain ``\\n``, capped in length.

    A cut text ends with a note in the current language saying how many characters were
    left out; the result is never longer than :data:`MAX_CELL_CHARS`.
    """
    text = _ILLEGAL.sub("", "" if value is None else str(value))
    # XML turns a carriage return into a line feed anyway: do it here, predictably.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) <= MAX_CELL_CHARS:
        return text
    # The note's length depends on the number it states; two passes settle it.
    omitted = len(text) - MAX_CELL_CHARS
    for _ in range(3):
        note = t("reports.cell_truncated", omitted=_grouped(omitted))
        keep = MAX_CELL_CHARS - len(note)
        if len(text) - keep == omitted:
            break
        omitted = len(text) - keep
    return text[:keep] + note


def _grouped(value: int) -> str:

    return number(value)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could evaluate ``text`` (or show it as a formula)."""
    return text.startswith(FORMULA_STARTS)


def write_text(cell: Any, value: Any) -> None:
    """Store ``value`` in an openpyxl ``cell`` as a plain string, never a formula.

    The cell keeps the user's exact text (cleaned and capped); a formula-looking text is
    typed as a string and marked with Excel's "quote prefix", so that editing the cell
    in Excel does not turn it into a formula either.
    """
    text = clean_text(value)
    cell.value = text
    # openpyxl infers a formula from a leading "="; force the string type whatever it is.
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def write_value(cell: Any, value: Any) -> None:
    """Store a number, date or text: numbers and dates keep their type, anything else is
    written with :func:`write_text`. Missing values (None, NaN, NaT) leave the cell empty.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        cell.value = None
    elif isinstance(value, pd.Timestamp):
        cell.value = value.to_pydatetime()
    elif isinstance(value, bool | int | float | dt.date):
        cell.value = value
    else:
        write_text(cell, value)


def csv_text(value: Any) -> str:
    """Text for a CSV cell: cleaned like :func:`clean_text`, and a formula-looking text
    prefixed with an apostrophe (a CSV has no cell types, so the prefix is the only
    protection spreadsheets honour)."""
    text = clean_text(value)
    return "'" + text if is_formula_like(text) else text
