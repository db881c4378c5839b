"""Numbers, money, percentages and dates in the current language (Babel).

>>> from cx_sme.core.i18n import set_language
>>> set_language("it")
>>> money(1234.56)
'1.234,56\xa0€'
>>> number(1234.5, 1)
'1.234,5'
>>> percent(12.345)
'12,3\xa0%'
>>> set_language("en")
>>> money(1234.56)
'€1,234.56'
>>> set_language("it")
>>> money(None)
'—'
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from cx_sme.core.i18n import get_language, t

DASH = "—"
LOCALES = {"it": "it_IT", "en": "en_GB"}


def locale() -> str:
    return LOCALES.get(get_language(), "it_IT")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | int | None, decimals: int = 0) -> str:
    """A number with the locale's grouping and ``decimals`` decimals; "—" when missing."""
    if _missing(value):
        return DASH
    assert value is not None
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale())


def figure(value: float | int | None) -> str:
    """A figure typed by a user (a baseline, a target): the language's decimal mark, no
    trailing zeros, empty when missing.

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it"); figure(20000.0), figure(4.25), figure(None)
    ('20.000', '4,25', '')
    """
    if _missing(value):
        return ""
    assert value is not None
    pattern = "#,##0.####"
    return babel_numbers.format_decimal(value, format=pattern, locale=locale())


def typed_number(text: str) -> float | None:
    """A number as a person types it, the inverse of :func:`figure`: ``1.234,5`` or
    ``20.000`` in Italian, ``1,234.5`` in English; a trailing % or € and spaces are
    ignored; None for an empty text. A text that is no number raises ValueError.

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it"); typed_number("1.234,5"), typed_number("20.000"), typed_number("79,4 %")
    (1234.5, 20000.0, 79.4)
    >>> set_language("en"); typed_number("1,234.5"), typed_number("12.5"), typed_number(" ")
    (1234.5, 12.5, None)
    >>> set_language("it")
    """
    cleaned = str(text).replace("\xa0", "").replace(" ", "").rstrip("%€").strip()
    if not cleaned:
        return None
    symbols = babel_numbers.get_decimal_symbol(locale()), babel_numbers.get_group_symbol(locale())
    decimal_mark, group_mark = symbols
    if (
        decimal_mark not in cleaned
        and cleaned.count(group_mark)
        and not _groups(cleaned, group_mark)
    ):
        # "12.5" typed in Italian: a dot that does not group thousands is a decimal point
        decimal_mark, group_mark = group_mark, decimal_mark
    value = float(cleaned.replace(group_mark, "").replace(decimal_mark, "."))
    if math.isnan(value) or math.isinf(value):
        raise ValueError(text)
    return value


def _groups(text: str, mark: str) -> bool:
    """True when ``mark`` groups digits in threes (``20.000``, ``1.234.567``)."""
    head, *rest = text.lstrip("+-").split(mark)
    return 1 <= len(head) <= 3 and all(len(part) == 3 and part.isdigit() for part in rest)


def money(value: float | int | None, decimals: int = 2) -> str:
    """Euros: ``1.234,56 €`` in Italian."""
    if _missing(value):
        return DASH
    assert value is not None
    if decimals == 2:
        return babel_numbers.format_currency(value, "EUR", locale=locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    amount = babel_numbers.format_decimal(value, format=pattern, locale=locale())
    return f"{amount}\xa0€" if get_language() == "it" else f"€{amount}"


SHORT_MONEY_FROM = 1_000_000


def money_short(value: float | int | None, decimals: int = 2) -> str:
    """Euros for a card's big figure: in full below a million, else in millions or
    billions to three significant digits, so that a medium company's month fits a card
    four to a row on a projector (the captions and tables keep the full amount).

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it")
    >>> money_short(987_654.4, 0), money_short(1_234_567), money_short(12_345_678)
    ('987.654\xa0€', '1,23\xa0Mln\xa0€', '12,3\xa0Mln\xa0€')
    >>> money_short(100_979_600), money_short(-2_500_000_000)
    ('101\xa0Mln\xa0€', '-2,5\xa0Mld\xa0€')
    >>> set_language("en")
    >>> money_short(1_234_567)
    '€1.23m'
    >>> set_language("it")
    """
    if _missing(value):
        return DASH
    assert value is not None
    if abs(value) < SHORT_MONEY_FROM:
        return money(value, decimals)
    scaled = abs(value) / (1e9 if abs(value) >= 1e9 else 1e6)
    whole_digits = len(str(int(scaled)))
    return babel_numbers.format_compact_currency(
        value, "EUR", locale=locale(), fraction_digits=max(0, 3 - whole_digits)
    )


def percent(value: float | None, decimals: int = 1) -> str:
    """A share already on the 0–100 scale: ``12,3 %``."""
    if _missing(value):
        return DASH
    assert value is not None
    return babel_numbers.format_percent(
        value / 100,
        format="#,##0" + ("." + "0" * decimals if decimals else "") + "\xa0%",
        locale=locale(),
    )


def signed(value: float | None, decimals: int = 1, suffix: str = "") -> str:
    """A change with its sign: ``+1,5`` / ``−2,0``."""
    if _missing(value):
        return DASH
    assert value is not None
    text = number(abs(value), decimals)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{text}{suffix}"


def date(value: dt.date | str | None, style: str = "short") -> str:
    """A date in the locale's format: ``31/12/25`` (short) or ``31 dic 2025`` (medium)."""
    if _missing(value) or value == "":
        return DASH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    assert isinstance(value, dt.date)
    if style == "short":
        return value.strftime("%d/%m/%Y") if get_language() == "it" else value.isoformat()
    return babel_dates.format_date(value, format=style, locale=locale())


def month_label(period: str, width: Literal["abbreviated", "narrow", "wide"] = "wide") -> str:
    """``2025-03`` → ``marzo 2025`` (``mar 2025`` with width="abbreviated")."""
    year, month = int(period[:4]), int(period[5:7])
    names = babel_dates.get_month_names(width, locale=locale())
    return f"{names[month]} {year}"


MONTHS_LISTED = 3  # more months than this are told as a span


def months_text(months: list[str]) -> str:
    """Months in words: each of a few, or how many and from when to when.

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it")
    >>> months_text(["2026-03", "2026-04"])
    'marzo 2026, aprile 2026'
    >>> months_text([f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01"])
    '13 mesi, da gennaio 2024 a gennaio 2025'
    """
    chosen = sorted(months)
    if len(chosen) <= MONTHS_LISTED:
        return ", ".join(month_label(m) for m in chosen)
    return t("common.months_span", count=number(len(chosen)),
             first=month_label(chosen[0]), last=month_label(chosen[-1]))  # fmt: skip


def period_label(period: str) -> str:
    """A period key as people read it: ``2025-03`` → ``marzo 2025``, ``2025Q1`` → ``T1 2025``."""
    if len(period) == 7 and period[4] == "-":
        return month_label(period)
    if "Q" in period:
        year, quarter = period.split("Q")
        letter = "T" if get_language() == "it" else "Q"
        return f"{letter}{quarter} {year}"
    return period
