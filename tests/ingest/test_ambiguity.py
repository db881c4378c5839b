"""Dates and numbers that read two ways (issue 10 §3): settled by the rest of the file
when it gives a clue, asked otherwise, never stored silently one way. The fixtures come
from ``tests/fixtures/misread/make_misread.py``; the dates and amounts expected below are
read off those rows by hand."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cx_sme.core.errors import FormatAmbiguous
from cx_sme.ingest.importer import ambiguity_lines, commit, import_file, prepare

MISREAD = Path(__file__).resolve().parents[1] / "fixtures" / "misread"


def data(name: str) -> bytes:
    return (MISREAD / name).read_bytes()


def stored(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return conn.execute(sql).fetchall()


def test_an_english_file_with_days_up_to_12_is_asked_with_both_readings(
    fresh_db: sqlite3.Connection,
) -> None:
    name = "inglese_giorni_fino_a_12.csv"
    prepared = prepare(fresh_db, "sales", name, data(name))
    assert prepared.validation is not None
    (found,) = prepared.validation.ambiguities
    assert found.kind == "dates" and found.columns == ("Date",)
    assert found.readings == ("dmy", "mdy")
    assert found.examples[0] == ("02/03/2027", "2 marzo 2027", "3 febbraio 2027")
    with pytest.raises(FormatAmbiguous) as err:
        import_file(fresh_db, "sales", name, data(name))
    assert "02/03/2027" in ambiguity_lines(err.value)[0]
    assert stored(fresh_db, "SELECT COUNT(*) FROM sales") == [(0,)]
    assert stored(fresh_db, "SELECT COUNT(*) FROM imports") == [(0,)]


@pytest.mark.parametrize(
    ("order", "dates"),
    [
        ("mdy", [("2027-02-03",), ("2027-03-04",), ("2027-11-12",)]),
        ("dmy", [("2027-03-02",), ("2027-04-03",), ("2027-12-11",)]),
    ],
)
def test_the_chosen_reading_is_stored_and_remembered(
    fresh_db: sqlite3.Connection, order: str, dates: list[tuple[str]]
) -> None:
    name = "inglese_giorni_fino_a_12.csv"
    import_file(fresh_db, "sales", name, data(name), forced={"date_format": order})
    assert stored(fresh_db, "SELECT date FROM sales ORDER BY date") == dates
    # amounts are English in this file: 1,234.50 is 1234.50 euros
    assert stored(fresh_db, "SELECT MAX(amount_cents) FROM sales") == [(123450,)]
    # next month's file of the same layout is read the same way without a question
    april = b"Date,Customer,Amount\n04/05/2027,C9,10.00\n"
    again = prepare(fresh_db, "sales", "next.csv", april)
    assert again.options.date_format == order
    assert again.validation is not None and not again.validation.ambiguities


def test_english_thousands_with_no_clue_are_asked(fresh_db: sqlite3.Connection) -> None:
    name = "inglese_migliaia_senza_indizi.csv"
    prepared = prepare(fresh_db, "sales", name, data(name))
    assert prepared.validation is not None
    (found,) = prepared.validation.ambiguities
    assert found.kind == "numbers" and found.readings == ("it", "en")
    written, italian, english = found.examples[0]
    assert (written, italian, english) == ("1,234", "1,23\xa0€", "1.234,00\xa0€")
    import_file(fresh_db, "sales", name, data(name), forced={"number_format": "en"})
    assert stored(fresh_db, "SELECT amount_cents FROM sales ORDER BY date") == [
        (123400,),
        (250000,),
    ]


def test_thousands_follow_the_decimals_of_another_column(fresh_db: sqlite3.Connection) -> None:
    name = "inglese_migliaia_e_decimali.csv"
    prepared = prepare(fresh_db, "sales", name, data(name))
    assert prepared.validation is not None and not prepared.validation.ambiguities
    commit(fresh_db, prepared)
    assert stored(fresh_db, "SELECT quantity, amount_cents FROM sales ORDER BY date") == [
        (1500.0, 123450),
        (2000.0, 250000),
    ]


def test_an_italian_file_reads_day_first_and_italian_thousands_without_asking(
    fresh_db: sqlite3.Connection,
) -> None:
    name = "italiano_giorni_fino_a_12.csv"
    prepared = prepare(fresh_db, "sales", name, data(name))
    assert prepared.validation is not None and not prepared.validation.ambiguities
    commit(fresh_db, prepared)
    assert stored(fresh_db, "SELECT date, amount_cents FROM sales ORDER BY date") == [
        ("2027-03-02", 123400),
        ("2027-03-05", 250000),
    ]


def test_one_date_column_with_a_day_over_12_decides_the_other(
    fresh_db: sqlite3.Connection,
) -> None:
    name = "date_una_colonna_decide.csv"
    prepared = prepare(fresh_db, "complaints", name, data(name))
    assert prepared.validation is not None and not prepared.validation.ambiguities
    commit(fresh_db, prepared)
    assert stored(fresh_db, "SELECT opened, closed FROM complaints ORDER BY opened") == [
        ("2027-03-15", "2027-04-02"),
        ("2027-04-03", "2027-04-05"),
    ]


def test_dates_with_one_reading_only_are_never_asked(fresh_db: sqlite3.Connection) -> None:
    # 13/02 can only be day first, 02/13 only month first, ISO only year first
    for body, first in (
        (b"Date,Customer,Amount\n13/02/2027,C1,1.00\n02/03/2027,C2,2.00\n", "2027-02-13"),
        (b"Date,Customer,Amount\n02/13/2027,C1,1.00\n02/03/2027,C2,2.00\n", "2027-02-03"),
        (b"Date,Customer,Amount\n2027-02-03,C1,1.00\n2027-03-02,C2,2.00\n", "2027-02-03"),
    ):
        prepared = prepare(fresh_db, "sales", "x.csv", body)
        assert prepared.validation is not None and not prepared.validation.ambiguities
        assert str(prepared.period_from) == first


def test_same_day_and_month_everywhere_reads_the_same_both_ways(
    fresh_db: sqlite3.Connection,
) -> None:
    body = b"Date,Customer,Amount\n01/01/2027,C1,1.00\n03/03/2027,C2,2.00\n"
    prepared = prepare(fresh_db, "sales", "x.csv", body)
    assert prepared.validation is not None and not prepared.validation.ambiguities
