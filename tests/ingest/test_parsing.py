"""Numbers, dates, scores and text as real files write them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from cx_sme.ingest.parsing import (
    CSAT_LABELS,
    EXCEL_SERIAL,
    NATIVE,
    parse_dates,
    parse_numbers,
    parse_scores,
    parse_text,
    serials_to_dates,
)


def text(*values: object) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def iso(values: np.ndarray) -> list[str]:
    return [("" if np.isnat(v) else str(v)) for v in values.astype("datetime64[D]")]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1.234,56", 1234.56),
        ("€ 1.234,50", 1234.5),
        ("1.234,50 €", 1234.5),
        ("EUR 12,00", 12.0),
        ("-12,00", -12.0),
        ("(12,00)", -12.0),
        ("12,00-", -12.0),
        ("1.000.000", 1_000_000.0),
        ("0,5", 0.5),
        ("  7 ", 7.0),
        ("1\u00a0234,56", 1234.56),
        ("+3,10", 3.1),
    ],
)
def test_italian_numbers(cell: str, value: float) -> None:
    parsed = parse_numbers(text(cell, "1.234,56"))
    assert parsed.detected == "it"
    assert parsed.values[0] == pytest.approx(value)
    assert not parsed.bad.any()


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1,234.56", 1234.56), ("$1,234.50", None), ("-12.00", -12.0), ("(1,200.00)", -1200.0)],
)
def test_english_numbers(cell: str, value: float | None) -> None:
    parsed = parse_numbers(text(cell, "1,234.56", "10.5"))
    assert parsed.detected == "en"
    if value is None:
        assert parsed.bad[0]  # a dollar sign is not ours to guess
    else:
        assert parsed.values[0] == pytest.approx(value)


def test_number_format_detected_per_column_and_forced() -> None:
    assert parse_numbers(text("1.234", "12")).detected == "it"
    assert parse_numbers(text("1.234", "12"), prefer="en").detected == "en"
    forced = parse_numbers(text("1.234,5"), number_format="en")
    assert forced.detected == "en" and forced.bad.tolist() == [True]


@pytest.mark.parametrize("cell", ["n/a", "-", "1.2.3", "12,34,56", "1.23,4", "abc", "1e5x"])
def test_not_numbers_are_bad_never_guessed(cell: str) -> None:
    parsed = parse_numbers(text(cell, "1.234,56"))
    assert parsed.bad.tolist() == [True, False]
    assert np.isnan(parsed.values[0])


def test_empty_cells_are_empty_not_bad() -> None:
    parsed = parse_numbers(pd.Series(["", None, "  ", "3"], dtype="str"))
    assert parsed.empty.tolist() == [True, True, True, False]
    assert not parsed.bad.any()


def test_native_and_mixed_number_columns() -> None:
    assert parse_numbers(pd.Series([1.5, np.nan])).detected == NATIVE
    mixed = parse_numbers(pd.Series([12.5, "1.234,56", None, "n/a", pd.Timestamp("2025-01-01")]))
    assert mixed.values[:2].tolist() == [12.5, 1234.56]
    assert mixed.bad.tolist() == [False, False, False, True, True]
    assert mixed.empty.tolist() == [False, False, True, False, False]


@pytest.mark.parametrize(
    ("cells", "fmt", "expected"),
    [
        (["31/12/2025", "1/2/2025"], "%d/%m/%Y", ["2025-12-31", "2025-02-01"]),
        (["2025-12-31", "2025-02-01"], "%Y-%m-%d", ["2025-12-31", "2025-02-01"]),
        (["31.12.2025", "01.02.2025"], "%d.%m.%Y", ["2025-12-31", "2025-02-01"]),
        (["31/12/25", "01/02/25"], "%d/%m/%y", ["2025-12-31", "2025-02-01"]),
        (["12/31/2025", "02/01/2025"], "%m/%d/%Y", ["2025-12-31", "2025-02-01"]),
        (["03/04/2025"], "%d/%m/%Y", ["2025-04-03"]),
        (["15/03/2025 10.23.45", "16/03/2025 23.59.59"], "%d/%m/%Y", ["2025-03-15", "2025-03-16"]),
        (["2025/03/15 10:23:45 AM CET", "2025/03/16 11:00:00 PM CET"], "%Y/%m/%d",
         ["2025-03-15", "2025-03-16"]),
        (["45731", "45732"], EXCEL_SERIAL, ["2025-03-15", "2025-03-16"]),
    ],
)  # fmt: skip
def test_text_dates(cells: list[str], fmt: str, expected: list[str]) -> None:
    parsed = parse_dates(text(*cells))
    assert parsed.detected == fmt
    assert iso(parsed.values) == expected


@pytest.mark.parametrize("cell", ["31/02/2025", "29/02/2025", "32/01/2025", "15/13/2025"])
def test_impossible_dates_are_errors_never_shifted(cell: str) -> None:
    parsed = parse_dates(text("28/02/2025", cell))
    assert parsed.bad.tolist() == [False, True]
    assert parsed.impossible.tolist() == [False, True]
    assert np.isnat(parsed.values[1])


def test_leap_day_exists_in_a_leap_year() -> None:
    assert iso(parse_dates(text("29/02/2024")).values) == ["2024-02-29"]


def test_unreadable_date_is_bad_but_not_impossible() -> None:
    parsed = parse_dates(text("01/03/2025", "domani", ""))
    assert parsed.bad.tolist() == [False, True, False]
    assert parsed.impossible.tolist() == [False, False, False]
    assert parsed.empty.tolist() == [False, False, True]


def test_forced_date_format() -> None:
    parsed = parse_dates(text("03/04/2025"), date_format="%m/%d/%Y")
    assert iso(parsed.values) == ["2025-03-04"]


def test_utc_timestamps_become_the_date_in_italy() -> None:
    parsed = parse_dates(text("2025-03-15T23:30:00Z", "2025-07-01T10:00:00+02:00"))
    assert iso(parsed.values) == ["2025-03-16", "2025-07-01"]


def test_native_datetimes_drop_the_time() -> None:
    series = pd.Series(pd.to_datetime(["2025-03-15 23:59:00", None]))
    parsed = parse_dates(series)
    assert parsed.detected == NATIVE
    assert iso(parsed.values) == ["2025-03-15", ""]
    assert parsed.empty.tolist() == [False, True]


def test_excel_serials_in_both_date_systems() -> None:
    assert iso(serials_to_dates(np.array([1.0, 60.0, 61.0, 45658.0]))) == [
        "1899-12-31", "1900-02-28", "1900-03-01", "2025-01-01",
    ]  # fmt: skip
    assert iso(serials_to_dates(np.array([0.0, 44196.0]), "1904")) == ["", "2025-01-01"]
    parsed = parse_dates(pd.Series([44196.0, 44196.5]), date_system="1904")
    assert parsed.detected == EXCEL_SERIAL
    assert iso(parsed.values) == ["2025-01-01", "2025-01-01"]


def test_mixed_date_column_from_a_hand_kept_sheet() -> None:
    series = pd.Series(
        [pd.Timestamp("2025-03-01"), "02/03/2025", 45719.0, None, "31/02/2025", True],
        dtype=object,
    )
    parsed = parse_dates(series)
    assert iso(parsed.values)[:3] == ["2025-03-01", "2025-03-02", "2025-03-03"]
    assert parsed.empty.tolist() == [False, False, False, True, False, False]
    assert parsed.bad.tolist() == [False, False, False, False, True, True]
    assert parsed.impossible.tolist()[4]


def test_scores_in_numbers_words_and_labels() -> None:
    parsed = parse_scores(text("9", "10 - Estremamente probabile", "0", "", "sì"))
    assert parsed.values[:3].tolist() == [9.0, 10.0, 0.0]
    assert parsed.empty.tolist() == [False, False, False, True, False]
    assert parsed.bad.tolist() == [False, False, False, False, True]
    words = parse_scores(
        text("Molto soddisfatto", "Né soddisfatto né insoddisfatto"), labels=CSAT_LABELS
    )
    assert words.values.tolist() == [5.0, 3.0]
    assert parse_scores(pd.Series([11.0, 7.0])).values.tolist() == [11.0, 7.0]


def test_text_keeps_leading_zeros_and_trims() -> None:
    parsed = parse_text(text("00042", "  Rossi Srl ", "", None), identifier=True)
    assert parsed.values.tolist() == ["00042", "Rossi Srl", None, None]
    assert parsed.empty.tolist() == [False, False, True, True]


def test_identifiers_from_number_cells_lose_the_decimal_point() -> None:
    parsed = parse_text(
        pd.Series([42.0, 1234567890123.0, None, "A7"], dtype=object), identifier=True
    )
    assert parsed.values.tolist() == ["42", "1234567890123", None, "A7"]
    stamped = parse_text(pd.Series([dt.datetime(2025, 3, 1)], dtype=object))
    assert stamped.values.tolist() == ["2025-03-01"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Eur 5,00", 5.0), ("12,00 euro", 12.0), ("EURO 1.234,50", 1234.5), ("3,5 Euro", 3.5)],
)
def test_amounts_written_with_the_word_euro(cell: str, expected: float) -> None:
    parsed = parse_numbers(pd.Series([cell]))
    assert not parsed.bad[0] and parsed.values[0] == expected
