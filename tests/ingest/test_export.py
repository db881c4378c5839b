"""CSV out of the import area: exact money, formula-looking text kept as text."""

from __future__ import annotations

import csv
import io
import sqlite3

import pandas as pd

from cx_sme.ingest.export import export_rows, guard_text, money_text
from cx_sme.ingest.importer import import_file


def test_money_text_is_exact_to_the_cent() -> None:
    cents = pd.Series([0, 1, -1, 10, 123456789, -100, None])
    assert money_text(cents).tolist() == [
        "0.00", "0.01", "-0.01", "0.10", "1234567.89", "-1.00", "",
    ]  # fmt: skip


def test_guard_text_prefixes_every_formula_start() -> None:
    cells = pd.Series(["=SUM(A1)", "+39 02", "-x", "@cmd", "\tx", "\rx", "ok", None, 5])
    assert guard_text(cells).tolist() == [
        "'=SUM(A1)", "'+39 02", "'-x", "'@cmd", "'\tx", "'\rx", "ok", None, 5,
    ]  # fmt: skip


def test_complaints_and_surveys_export(fresh_db: sqlite3.Connection) -> None:
    import_file(
        fresh_db,
        "complaints",
        "r.csv",
        b"Data apertura;Data chiusura;Descrizione;Costo\n"
        b'01/03/2025;04/03/2025;=HYPERLINK("x");12,5\n',
    )
    rows = list(csv.reader(io.StringIO(export_rows(fresh_db, "complaints"))))
    assert rows[0] == [
        "opened", "closed", "customer_id", "touchpoint", "category", "department", "owner",
        "channel", "description", "cost",
    ]  # fmt: skip
    assert rows[1] == [
        "2025-03-01",
        "2025-03-04",
        "",
        "",
        "",
        "",
        "",
        "",
        '\'=HYPERLINK("x")',
        "12.50",
    ]
    import_file(fresh_db, "surveys", "s.csv", b"Data;NPS;CSAT\n01/03/2025;9;\n")
    rows = list(csv.reader(io.StringIO(export_rows(fresh_db, "surveys"))))
    assert rows[0] == ["date", "customer_id", "nps", "csat", "ces", "touchpoint", "comment"]
    assert rows[1] == ["2025-03-01", "", "9", "", "", "", ""]


def test_export_of_an_empty_data_set(fresh_db: sqlite3.Connection) -> None:
    assert export_rows(fresh_db, "sales").splitlines() == [
        "date,customer_id,amount,order_id,customer_name,product,category,channel,quantity"
    ]
