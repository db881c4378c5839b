"""Every table a page shows reads as the owner expects (issue 12): an empty cell is
empty (never "None", "nan" or "NaT") and a number is written in the interface's language
(1.234,56 in Italian), never as a raw float ("20.000000") or an unseparated integer.

Each page runs on the sample company with an action whose optional fields are empty,
one with a baseline and a target, and a follow-up; every dataframe it draws is checked."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cx_sme.core import db
from cx_sme.team import actions
from tests.pages.test_app_frame import PAGES

MISSING_TEXTS = {"None", "nan", "NaN", "NaT", "<NA>"}


def problems_of(frame: pd.DataFrame, where: str) -> list[str]:
    found = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values):
            found.append(f"{where}: column {column!r} holds raw floats")
            continue
        if pd.api.types.is_integer_dtype(values) and values.abs().max() >= 1000:
            found.append(f"{where}: column {column!r} holds integers without separators")
            continue
        for value in values:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                found.append(f"{where}: column {column!r} has an empty cell shown as None")
                break
            if isinstance(value, float):
                found.append(f"{where}: column {column!r} holds a raw float {value!r}")
                break
            if str(value).strip() in MISSING_TEXTS:
                found.append(f"{where}: column {column!r} shows {value!r}")
                break
    return found


@pytest.fixture
def busy_sample(sample_db_path):  # type: ignore[no-untyped-def]
    conn = db.connect(sample_db_path)
    actions.add_action(conn, "Azione senza dettagli")
    actions.add_action(
        conn, "Tempi di consegna", owner="Luca", department="production",
        kpi="median_resolution_days", baseline=20, target=12.5,
    )  # fmt: skip
    conn.close()
    return sample_db_path


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_tables_show_no_none_and_language_numbers(
    sample_app, busy_sample, path: str, lang: str
) -> None:
    at = sample_app(lang=lang)
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    found: list[str] = []
    for n, table in enumerate(at.dataframe):
        value = table.value
        if isinstance(value, pd.DataFrame):
            found += problems_of(value, f"{path} table {n}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_import_preview_shows_empty_cells_empty(make_app, lang: str) -> None:
    """A complaints log with empty optional cells (no closing date, no owner, no cost)."""
    from tests.pages.test_page_import import open_import, upload

    log = (
        b"Data apertura;Cliente;Punto di contatto;Descrizione;Responsabile;Data chiusura;Costo\n"
        b"02/03/2026;C1;Fattura;Importo sbagliato;;;\n"
        b"05/03/2026;C2;;Consegna in ritardo;Anna;09/03/2026;1.250,50\n"
    )
    at = upload(open_import(make_app, lang), "reclami.csv", log)
    assert not at.exception, at.exception
    tables = [d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame)]
    assert tables, "the page shows no preview"
    found = [p for n, frame in enumerate(tables) for p in problems_of(frame, f"table {n}")]
    assert not found, "\n".join(found)
    # the cost is written in the language's format
    cells = {str(v) for frame in tables for v in frame.to_numpy().ravel()}
    assert ("1.250,50" if lang == "it" else "1,250.50") in " ".join(cells)
