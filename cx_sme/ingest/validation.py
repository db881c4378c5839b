"""Row-level validation: from the file's columns to the values that will be stored.

:func:`validate` parses every mapped column (see :mod:`cx_sme.ingest.parsing`), checks types and
ranges per data set, and reports each wrong cell with the row number as the user sees it
in the file, the user's header, the cell as written and the reason. Nothing is clipped,
shifted or dropped here: a wrong row is marked invalid and the caller decides (the user
fixes the file, or explicitly imports only the valid rows).

>>> frame = pd.DataFrame({"Data": ["31/01/2025", "31/02/2025"], "Cliente": ["00042", "7"],
...                       "Importo": ["1.234,56", "n/a"]}, dtype="str")
>>> result = validate("sales", frame, np.array([2, 3]),
...                   {"date": "Data", "customer_id": "Cliente", "amount": "Importo"})
>>> result.valid.tolist(), result.errors["column"].tolist()
([True, False], ['Data', 'Importo'])
>>> result.frame.loc[0, "customer_id"], float(result.frame.loc[0, "amount"])
('00042', 1234.56)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cx_sme.core.errors import FileRefused
from cx_sme.core.formatting import date, money, number
from cx_sme.core.i18n import t
from cx_sme.ingest.mapping import SCORE_COLUMNS, Column, columns
from cx_sme.ingest.parsing import (
    CSAT_LABELS,
    Parsed,
    cell_text,
    date_order,
    normalise_label,
    parse_dates,
    parse_numbers,
    parse_scores,
    parse_text,
)

# Dates outside this range are a mistake in the file (an amount read as a date, a year
# typed wrong), not a sale or a complaint.
FIRST_DATE = np.datetime64("1950-01-01", "D")
LAST_DATE = np.datetime64("2100-12-31", "D")
# Money beyond this (in euros) does not fit the store and is certainly a typing error.
MAX_MONEY = 1e12
# From this many rows the columns are parsed two at a time: the parsers are Arrow's compute
# functions, which let go of Python's lock, so a big file is checked on both cores.
PARALLEL_ROWS = 50_000
PARSING_THREADS = 2

ERROR_COLUMNS = ("position", "row", "column", "field", "value", "key", "params")


@dataclass(frozen=True)
class Options:
    """Reading choices for the whole file: Excel date system and forced formats."""

    date_system: str = "1900"
    number_format: str = "auto"
    date_format: str = "auto"


@dataclass(frozen=True)
class Ambiguity:
    """A file that reads two ways, to different values: the reading must be chosen.

    ``kind``: "dates" (day first or month first: every day ≤ 12) or "numbers" (a
    separator followed by three digits: "1,234" is 1,234 or 1234). ``columns``: the
    file's headers concerned. ``readings``: the two choices, as :class:`Options` values
    ("dmy"/"mdy", "it"/"en"). ``examples``: up to three (as written, first reading,
    second reading), in the current language."""

    kind: str
    columns: tuple[str, ...]
    readings: tuple[str, str]
    examples: tuple[tuple[str, str, str], ...]


@dataclass
class Validation:
    """The outcome for one file.

    ``values``: for each canonical column, one value per row (dates ``datetime64[D]``,
    money in euros and scores as float64, text as ``object`` arrays), NaN/NaT/None where
    a cell is empty or wrong. ``valid``: rows that can be stored. ``errors``: one row per
    wrong cell (:data:`ERROR_COLUMNS`). ``formats``: the format detected for each parsed
    column. ``frame`` is the same as a DataFrame (built on first use).
    """

    values: dict[str, np.ndarray]
    valid: np.ndarray
    errors: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    ambiguities: list[Ambiguity] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.valid)

    @property
    def valid_rows(self) -> int:
        return int(self.valid.sum())

    @property
    def invalid_rows(self) -> int:
        return self.rows - self.valid_rows

    @property
    def frame(self) -> pd.DataFrame:
        return self.take(np.arange(self.rows))

    def take(self, positions: np.ndarray) -> pd.DataFrame:
        """The rows at ``positions`` as a DataFrame of canonical columns."""
        data = {}
        for name, column in self.values.items():
            part = column[positions]
            if part.dtype.kind == "M":
                data[name] = pd.Series(part.astype("datetime64[s]"))
            elif part.dtype == object:
                data[name] = pd.Series(part, dtype=object)
            else:
                data[name] = pd.Series(part)
        return pd.DataFrame(data)

    def valid_values(self, name: str) -> np.ndarray:
        """Column ``name`` for the valid rows only (no copy when every row is valid)."""
        column = self.values[name]
        return column if self.invalid_rows == 0 else column[self.valid]


def missing_columns(dataset: str, mapping: Mapping[str, str]) -> list[str]:
    """Required canonical columns the mapping leaves out (surveys: a score column too)."""
    missing = [c.name for c in columns(dataset) if c.required and not mapping.get(c.name)]
    if dataset == "surveys" and not any(mapping.get(s) for s in SCORE_COLUMNS):
        missing.append("score")
    return missing


def check_mapping(dataset: str, mapping: Mapping[str, str]) -> None:
    """Refuse a mapping without the required columns (the message names them)."""
    missing = missing_columns(dataset, mapping)
    if missing:
        names = ", ".join(t(f"import.column.{name}") for name in missing)
        raise FileRefused("import.error.missing_columns", columns=names, count=len(missing))
    headers = [h for h in mapping.values() if h]
    if len(headers) != len(set(headers)):
        raise FileRefused("import.error.header_twice")


class _Collector:
    """Gathers the wrong cells of every check, as arrays (no per-row Python)."""

    def __init__(self, frame: pd.DataFrame, row_numbers: np.ndarray) -> None:
        self.frame = frame
        self.row_numbers = np.asarray(row_numbers)
        self.parts: list[pd.DataFrame] = []
        self.bad = np.zeros(len(frame), dtype=bool)

    def add(self, mask: np.ndarray, header: str, name: str, key: str, **params: Any) -> None:
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        self.bad[positions] = True
        cells = self.frame[header].to_numpy(dtype=object)[positions]
        self.parts.append(
            pd.DataFrame(
                {
                    "position": positions,
                    "row": self.row_numbers[positions],
                    "column": header,
                    "field": name,
                    "value": [display_cell(v) for v in cells],
                    "key": key,
                    "params": [params] * len(positions),
                }
            )
        )

    def errors(self) -> pd.DataFrame:
        if not self.parts:
            return empty_errors()
        out = pd.concat(self.parts, ignore_index=True)
        return out.sort_values(["position", "column"], kind="stable", ignore_index=True)


def display_cell(value: Any) -> str:
    """A cell as the user reads it in their spreadsheet: dates as 31/12/2025 in Italian.

    >>> display_cell(pd.Timestamp("2025-03-08")), display_cell(45000.0), display_cell(None)
    ('08/03/2025', '45000', '')
    """
    if isinstance(value, pd.Timestamp | dt.datetime) and not pd.isna(value):
        stamp = pd.Timestamp(value)
        text = date(stamp.date())
        return text if stamp == stamp.normalize() else f"{text} {stamp:%H:%M:%S}"
    return cell_text(value)


def empty_errors() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ERROR_COLUMNS})


def validate(
    dataset: str,
    frame: pd.DataFrame,
    row_numbers: np.ndarray,
    mapping: Mapping[str, str],
    options: Options | None = None,
) -> Validation:
    """Parse and check every mapped column of ``frame`` (the file as read)."""
    options = options or Options()
    check_mapping(dataset, mapping)
    n = len(frame)
    out: dict[str, np.ndarray] = {}
    formats: dict[str, str] = {}
    errors = _Collector(frame, row_numbers)
    mapped = [col for col in columns(dataset) if mapping.get(col.name)]

    def parse(col: Column) -> Parsed:
        return _parse(col, frame[mapping[col.name]], options)

    if n >= PARALLEL_ROWS:
        with ThreadPoolExecutor(PARSING_THREADS, thread_name_prefix="cx_sme-parse") as pool:
            parsed = dict(zip([c.name for c in mapped], pool.map(parse, mapped), strict=True))
    else:
        parsed = {col.name: parse(col) for col in mapped}
    ambiguities = _resolve_ambiguities(dataset, frame, mapping, options, parsed)
    for col in columns(dataset):
        header = mapping.get(col.name)
        if not header:
            out[col.name] = _missing_values(col, n)
            continue
        if col.kind not in ("text", "id"):
            formats[col.name] = parsed[col.name].detected
        out[col.name] = _check(col, header, parsed[col.name], errors)
    if dataset == "complaints" and mapping.get("closed"):
        opened, closed = out["opened"], out["closed"]
        before = ~np.isnat(opened) & ~np.isnat(closed) & (closed < opened)
        errors.add(before, mapping["closed"], "closed", "import.reason.closed_before_opened")
    return Validation(out, ~errors.bad, errors.errors(), formats, ambiguities)


# Words that give away the language of a file's headers (compared normalised, whole words).
_HEADER_WORDS = {
    "it": frozenset(
        "data cliente clienti importo totale imponibile ragione sociale quantita descrizione "
        "costo reclamo reclami apertura chiusura prodotto canale numero documento fattura "
        "punteggio soddisfazione informazioni cronologiche codice categoria reparto "
        "responsabile valutazione commento note articolo prezzo iva".split()
    ),
    "en": frozenset(
        "date customer customers amount total net quantity description cost complaint opened "
        "closed product channel number document invoice score satisfaction timestamp code "
        "category department owner rating comment notes item price vat".split()
    ),
}


def header_language(headers: Any) -> str:
    """ "it" or "en" when the headers' words are clearly of one language, else "".

    >>> header_language(["Data documento", "Codice cliente", "Imponibile"])
    'it'
    >>> header_language(["Date", "Customer", "Amount"]), header_language(["A", "B"])
    ('en', '')
    """
    words = [w for h in headers for w in normalise_label(h).split()]
    counts = {
        lang: sum(w in vocabulary for w in words) for lang, vocabulary in _HEADER_WORDS.items()
    }
    if counts["it"] > counts["en"]:
        return "it"
    if counts["en"] > counts["it"]:
        return "en"
    return ""


def _resolve_ambiguities(
    dataset: str,
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    options: Options,
    parsed: dict[str, Parsed],
) -> list[Ambiguity]:
    """Settle columns that read two ways from the rest of the file, or name them.

    Numbers: a column of "1,234" follows the file's other number columns when those
    show their format ("12,50" is Italian only). Dates: a column of 02/03/2027 follows
    the file's other date columns when one has a day above 12; failing that, Italian
    decimals or Italian headers mean Italian dates (day first). English decimals or
    headers do not decide (the UK writes 1,234.50 and 02/03/2027 for 2 March), nor does a
    file with no other clue: those readings are asked. Numbers likewise follow Italian
    headers, or month-first dates (American). Columns re-read are replaced in
    ``parsed``."""
    by_name = {c.name: c for c in columns(dataset) if c.name in parsed}
    numeric = [c for c in by_name.values() if c.kind in ("money", "number")]
    dates = [c for c in by_name.values() if c.kind == "date"]
    decided = {parsed[c.name].detected for c in numeric if parsed[c.name].decisive}
    if options.number_format in ("it", "en"):
        decided = {options.number_format}
    orders = {date_order(parsed[c.name].detected) for c in dates if parsed[c.name].decisive}
    if options.date_format not in ("auto", ""):
        orders = {date_order(options.date_format) or options.date_format}
    italian = header_language(frame.columns) == "it"
    if not decided and (italian or orders == {"mdy"}):
        decided = {"it"} if italian else {"en"}
    out: list[Ambiguity] = []
    unsure = [c for c in numeric if parsed[c.name].alternative]
    if unsure and len(decided) == 1:
        (fmt,) = decided
        for col in unsure:
            if parsed[col.name].detected != fmt:
                forced = Options(options.date_system, fmt, options.date_format)
                parsed[col.name] = _parse(col, frame[mapping[col.name]], forced)
    elif unsure:
        out.append(_ambiguity("numbers", unsure, frame, mapping, options, parsed))
    unsure = [c for c in dates if parsed[c.name].alternative]
    if unsure and len(orders) == 1:
        (order,) = orders
        for col in unsure:
            if date_order(parsed[col.name].detected) != order:
                forced = Options(options.date_system, options.number_format, order)
                parsed[col.name] = _parse(col, frame[mapping[col.name]], forced)
    elif unsure and not (
        decided == {"it"} and all(date_order(parsed[c.name].detected) == "dmy" for c in unsure)
    ):
        out.append(_ambiguity("dates", unsure, frame, mapping, options, parsed))
    return out


def _ambiguity(
    kind: str,
    unsure: list[Column],
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    options: Options,
    parsed: dict[str, Parsed],
) -> Ambiguity:
    """The question for ``unsure`` columns, with examples read both ways."""
    readings = ("dmy", "mdy") if kind == "dates" else ("it", "en")
    examples: list[tuple[str, str, str]] = []
    for col in unsure:
        series = frame[mapping[col.name]]
        both = []
        for reading in readings:
            if kind == "dates":
                forced = Options(options.date_system, options.number_format, reading)
            else:
                forced = Options(options.date_system, reading, options.date_format)
            both.append(_parse(col, series, forced).values)
        first, second = both
        if kind == "dates":
            differ = ~np.isnat(first) & ~np.isnat(second) & (first != second)
        else:
            differ = ~np.isnan(first) & ~np.isnan(second) & (first != second)
        cells = series.to_numpy(dtype=object)
        seen: set[str] = set()
        for position in np.flatnonzero(differ)[:200]:
            written = display_cell(cells[position])
            if written in seen:
                continue
            seen.add(written)
            examples.append(
                (written, _reading(col, first[position]), _reading(col, second[position]))
            )
            if len(examples) >= 3:
                break
        if len(examples) >= 3:
            break
    headers = tuple(mapping[c.name] for c in unsure)
    return Ambiguity(kind, headers, readings, tuple(examples))


def _reading(col: Column, value: Any) -> str:
    if col.kind == "date":
        return date(str(np.datetime64(value, "D")), "long")
    if col.kind == "money":
        return money(float(value))
    return number(float(value), 3).rstrip("0").rstrip(",.")


def _missing_values(col: Column, n: int) -> np.ndarray:
    if col.kind == "date":
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if col.kind in ("money", "number", "score"):
        return np.full(n, np.nan)
    return np.full(n, None, dtype=object)


def _parse(col: Column, series: pd.Series, options: Options) -> Parsed:
    if col.kind == "date":
        return parse_dates(series, date_system=options.date_system, date_format=options.date_format)
    if col.kind in ("money", "number"):
        return parse_numbers(series, number_format=options.number_format)
    if col.kind == "score":
        labels = CSAT_LABELS if col.name == "csat" else None
        return parse_scores(series, labels=labels, number_format=options.number_format)
    return parse_text(series, identifier=col.kind == "id")


def _check(col: Column, header: str, parsed: Parsed, errors: _Collector) -> np.ndarray:
    values = parsed.values
    name = col.name
    if col.required:
        errors.add(parsed.empty, header, name, "import.reason.required_empty")
    if col.kind == "date":
        impossible = parsed.impossible & parsed.bad
        errors.add(impossible, header, name, "import.reason.impossible_date")
        errors.add(
            parsed.bad & ~impossible, header, name, "import.reason.not_a_date",
            format=parsed.detected,
        )  # fmt: skip
        outside = ~np.isnat(values) & ((values < FIRST_DATE) | (values > LAST_DATE))
        errors.add(outside, header, name, "import.reason.date_out_of_range")
        values = values.copy()
        values[outside | parsed.bad] = np.datetime64("NaT")
        return values
    if col.kind in ("money", "number"):
        key = "import.reason.not_money" if col.kind == "money" else "import.reason.not_a_number"
        errors.add(parsed.bad, header, name, key)
        huge = np.abs(np.nan_to_num(values)) >= MAX_MONEY
        errors.add(huge & ~parsed.bad, header, name, "import.reason.too_large")
        values = values.copy()
        values[huge | parsed.bad] = np.nan
        return values
    if col.kind == "score":
        ok = ~np.isnan(values)
        integer = ok & (np.floor(np.nan_to_num(values)) == np.nan_to_num(values))
        in_range = integer & (values >= col.low) & (values <= col.high)
        wrong = (parsed.bad | (ok & ~in_range)) & ~parsed.empty
        errors.add(wrong, header, name, "import.reason.score_range", low=col.low, high=col.high)
        values = values.copy()
        values[wrong] = np.nan
        return values
    return values


def describe_errors(errors: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The errors as the user reads them: row, column, value, reason (current language).

    Reasons are translated once per distinct (key, parameters), not once per row.
    """
    shown = errors if limit is None else errors.head(limit)
    cache: dict[tuple[str, str], str] = {}

    def reason(key: str, params: dict[str, Any]) -> str:
        marker = (key, repr(sorted(params.items())))
        if marker not in cache:
            cache[marker] = t(key, **_display_params(params))
        return cache[marker]

    reasons = [reason(k, p) for k, p in zip(shown["key"], shown["params"], strict=True)]
    return pd.DataFrame(
        {
            "row": shown["row"].astype("int64").to_numpy(),
            "column": shown["column"].astype(object).to_numpy(),
            "value": shown["value"].astype(object).to_numpy(),
            "reason": reasons,
        }
    )


def _display_params(params: dict[str, Any]) -> dict[str, Any]:
    out = dict(params)
    if "format" in out:
        out["format"] = format_label(str(out["format"]))
    return out


def format_label(detected: str) -> str:
    """A detected format as the user reads it ("gg/mm/aaaa", "1.234,56").

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it")
    >>> format_label("%d/%m/%Y"), format_label("it")
    ('gg/mm/aaaa', '1.234,56')
    """
    if detected.startswith("%"):
        letters = {
            "%d": t("import.format.day"),
            "%m": t("import.format.month"),
            "%Y": t("import.format.year4"),
            "%y": t("import.format.year2"),
        }
        out = detected
        for code, text in letters.items():
            out = out.replace(code, text)
        return out
    if detected in ("dmy", "mdy", "ymd"):
        return t(f"import.format.order_{detected}")
    if detected in ("it", "en", "native", "excel_serial", "score", "ISO8601"):
        return t(f"import.format.{detected.lower()}")
    return detected
