"""Which data set a file holds, without asking: the layouts already confirmed first, then
the headers and values.

A layout confirmed before (the same headers, in any order: :func:`mapping.signature`) is
that data set again. Otherwise each data set's guessed mapping is weighed: a sales file
has an amount per line and a customer; a complaints log has an opening date and usually
a closing date, a description or a category; a survey has score columns (NPS, CSAT, CES)
whose values are scores. When no data set stands out, the answer is None and the user is
asked for that file only.

>>> import pandas as pd
>>> frame = pd.DataFrame({"Data apertura": ["01/03/2025"], "Data chiusura": ["04/03/2025"],
...                       "Cliente": ["00042"], "Descrizione": ["Fattura errata"]})
>>> guess_dataset(frame)
'complaints'
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pandas as pd

from cx_sme.core.datasets import DATASETS
from cx_sme.einvoice.reader import COLUMNS as EINVOICE_COLUMNS
from cx_sme.ingest import mapping as column_mapping


@dataclass(frozen=True)
class Recognition:
    """The data set found for a file: ``dataset`` (None when unsure), ``source``
    ("remembered": a layout confirmed before; "headers": guessed; "unsure"), and
    ``remembered``: the data sets this exact layout was confirmed for."""

    dataset: str | None
    source: str
    remembered: tuple[str, ...] = ()


def remembered_datasets(conn: sqlite3.Connection, headers: list[object]) -> tuple[str, ...]:
    """The data sets this header layout was confirmed for (newest first), whose remembered
    mapping still fits the headers."""
    rows = conn.execute(
        "SELECT dataset FROM mappings WHERE signature = ? ORDER BY updated_at DESC, dataset",
        (column_mapping.signature(headers),),
    ).fetchall()
    out = []
    for (dataset,) in rows:
        if dataset in DATASETS and column_mapping.recall_mapping(conn, dataset, headers):
            out.append(str(dataset))
    return tuple(out)


def guess_dataset(frame: pd.DataFrame) -> str | None:
    """The data set the headers and values point to, or None when none or several do.

    Complaints: a closing-date column, or an opening date named as such ("Data
    apertura", "Aperto il"; a bare "Data" is any dated list). Surveys: a score column
    (NPS, CSAT, CES) with scores in it, which no complaints log has (a survey export
    may have "Start Date"/"End Date", which look like opening and closing). Sales: an
    amount; a complaints log may hold a cost, so sales come last. A file with none of
    these signs is left to the user.
    """
    headers = list(frame.columns)
    guesses = {d: column_mapping.guess_mapping(d, headers, frame) for d in DATASETS}
    complaints = guesses["complaints"]
    opened = complaints.get("opened")
    sales_date = column_mapping.column("sales", "date")
    complaint_signs = bool(complaints.get("closed")) or bool(
        opened and _score(opened, sales_date) < column_mapping.EXACT
    )
    survey_signs = any(guesses["surveys"].get(s) for s in column_mapping.SCORE_COLUMNS)
    if survey_signs:
        return "surveys"
    if complaint_signs:
        return "complaints"
    if guesses["sales"].get("amount"):
        return "sales"
    return None


def _score(header: str, col: column_mapping.Column) -> int:
    return column_mapping.header_score(column_mapping.normalise(header), col)


def recognise(conn: sqlite3.Connection, frame: pd.DataFrame) -> Recognition:
    """The data set of a file read as ``frame``: remembered layout, else the headers."""
    headers = list(frame.columns)
    if set(EINVOICE_COLUMNS) <= set(headers):  # read from e-invoices: the company's sales
        return Recognition("sales", "content", ())
    remembered = remembered_datasets(conn, headers)
    if remembered:
        return Recognition(remembered[0], "remembered", remembered)
    guessed = guess_dataset(frame)
    return Recognition(guessed, "headers" if guessed else "unsure", ())
