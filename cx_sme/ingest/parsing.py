"""Vectorised parsing of spreadsheet columns into numbers, dates and text.

Each parser takes one column as read from the file (CSV: text; xlsx: native floats,
datetimes, or a mix in an ``object`` column), detects the column's format from its values,
and returns a :class:`Parsed` with the values, which cells were empty, which could not be
read, and the detected format. Nothing is guessed cell by cell and nothing is shifted: a
value that does not fit the column's format is marked bad, never coerced.

>>> p = parse_numbers(pd.Series(["1.234,56", "€ 1.234,50", "-12,00", "(12,00)", ""]))
>>> p.detected, p.values.tolist()[:4], p.empty.tolist()
('it', [1234.56, 1234.5, -12.0, -12.0], [False, False, False, False, True])
>>> p = parse_dates(pd.Series(["31/01/2025", "31/02/2025", "1/3/2025"]))
>>> p.detected, p.bad.tolist(), p.impossible.tolist()
('%d/%m/%Y', [False, True, False], [False, True, False])
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as _pc

# Number formats: Italian "1.234,56" and English "1,234.56". The patterns accept an
# optional sign, thousands groups of exactly three digits, and any number of decimals.
NUMBER_PATTERNS = {
    "it": r"^[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$|^[-+]?,\d+$",
    "en": r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[-+]?\.\d+$",
}
NUMBER_FORMATS = ("it", "en")

# Date formats tried on the date part of text cells, in order of preference: on a tie the
# first wins (so 03/04/2025 is 3 April, the Italian reading).
DATE_FORMATS = (
    "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d",
    "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "%m/%d/%Y", "%m/%d/%y",
)  # fmt: skip
EXCEL_SERIAL = "excel_serial"


def date_order(fmt: str) -> str:
    """ "dmy", "mdy" or "ymd": the order of day, month and year in a strptime pattern
    ("" for other formats).

    >>> date_order("%d/%m/%y"), date_order("%Y-%m-%d"), date_order(EXCEL_SERIAL)
    ('dmy', 'ymd', '')
    """
    return "".join(re.findall(r"%([dmy])", fmt.replace("%Y", "%y")))


# The orders a reading can be forced to (``--dates``), each with its formats.
DATE_ORDERS = {order: tuple(f for f in DATE_FORMATS if date_order(f) == order)
               for order in ("dmy", "mdy", "ymd")}  # fmt: skip
NATIVE = "native"
EXCEL_ORIGINS = {"1900": np.datetime64("1899-12-30", "D"), "1904": np.datetime64("1904-01-01", "D")}
# The largest serial Excel accepts (31/12/9999).
MAX_SERIAL = 2_958_465
LOCAL_TIME_ZONE = "Europe/Rome"

# pyarrow.compute generates its functions at import time: typed as Any for mypy.
pc: Any = _pc

_SAMPLE = 20_000
# Spaces (also non-breaking and narrow ones), the euro sign and the word "EUR" or "euro" in
# any case ("Eur 5,00", "12,00 euro") around a number.
_STRIP_PATTERN = "[\\s\u00a0\u202f\u2009€']|(?i:euro?)"


@dataclass(frozen=True)
class Parsed:
    """One parsed column.

    ``values``: float64 (NaN where missing) or datetime64[D] (NaT where missing) or an
    object array of ``str``/``None``. ``empty``: the cell was empty. ``bad``: the cell had
    something that is not a value of this kind. ``impossible``: a date written in the
    column's format that does not exist (31/02/2025). ``detected``: the format found.
    ``decisive``: the values themselves chose that format (some read only that way),
    not the preference on a tie. ``alternative``: another format that reads every value
    too, to different values (``"%m/%d/%Y"`` for 02/03/2027; ``"en"`` for "1,234"): the
    column is ambiguous and its reading should be asked.
    """

    values: np.ndarray
    empty: np.ndarray
    bad: np.ndarray
    detected: str
    impossible: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    decisive: bool = False
    alternative: str = ""

    def __post_init__(self) -> None:
        if len(self.impossible) != len(self.values):
            object.__setattr__(self, "impossible", np.zeros(len(self.values), dtype=bool))


# --- helpers -----------------------------------------------------------------------------


def _is_text_dtype(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series.dtype) and series.dtype != object


def _arrow_text(series: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The column as an Arrow string array (nulls for missing cells), trimmed."""
    if _is_text_dtype(series):
        arr = pa.array(series.array)
    else:
        arr = pa.array(series.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    return pc.utf8_trim_whitespace(arr)


def _null_or_empty(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    empty = pc.or_kleene(pc.is_null(arr), pc.equal(arr, ""))
    return np.asarray(pc.fill_null(empty, True).to_numpy(zero_copy_only=False), dtype=bool)


def _bool(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def _fullmatch(values: pd.Index, pattern: str) -> np.ndarray:
    """Which of the text ``values`` match ``pattern`` entirely."""
    arr = pa.array(np.asarray(values, dtype=object), type=pa.large_string(), from_pandas=True)
    return _bool(pc.match_substring_regex(arr, f"^(?:{pattern})$"))


def _sample(values: np.ndarray, size: int = _SAMPLE) -> np.ndarray:
    """Up to ``size`` values spread over the whole column (deterministic)."""
    if len(values) <= size:
        return values
    step = len(values) / size
    return values[(np.arange(size) * step).astype(np.int64)]


def _kinds(series: pd.Series) -> np.ndarray:
    """For an object column: 'n' number, 'd' date/time, 's' text, '' empty, 'o' other."""

    def kind(v: Any) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
            return ""
        if isinstance(v, bool):
            return "o"
        if isinstance(v, int | float | np.integer | np.floating):
            return "n"
        if isinstance(v, dt.date | np.datetime64):
            return "d"
        if isinstance(v, str):
            return "s" if v.strip() else ""
        return "o"

    return np.array([kind(v) for v in series.to_numpy(dtype=object)], dtype="<U1")


# --- numbers -----------------------------------------------------------------------------


def detect_number_format(text: pa.Array | pa.ChunkedArray, prefer: str = "it") -> str:
    """'it' or 'en': the format that reads more of the (cleaned) values; ``prefer`` on a tie.

    >>> detect_number_format(pa.array(["1,234.50", "12.00"]))
    'en'
    >>> detect_number_format(pa.array(["1.234", "12"]))
    'it'
    """
    return _number_scores(text, prefer)[0]


def _number_scores(text: pa.Array | pa.ChunkedArray, prefer: str) -> tuple[str, bool, bool]:
    """(format, decisive, ambiguous): the format reading more of a sample of the values;
    whether it read more than the other (else ``prefer`` won a tie); whether, on a tie,
    some value reads as a different number in the two formats ("1,234": 1,234 or 1234)."""
    positions = _sample(np.arange(len(text)))
    sample = text.take(pa.array(positions)) if len(positions) < len(text) else text
    matches = {
        fmt: _bool(pc.match_substring_regex(sample, pat)) for fmt, pat in NUMBER_PATTERNS.items()
    }
    scores = {fmt: int(hit.sum()) for fmt, hit in matches.items()}
    other = "en" if prefer == "it" else "it"
    if scores[other] != scores[prefer]:
        return (other if scores[other] > scores[prefer] else prefer), True, False
    both = matches["it"] & matches["en"]
    separated = _bool(pc.match_substring_regex(sample, r"[.,]"))
    return prefer, False, bool((both & separated).any())


def _clean_number_text(arr: pa.Array | pa.ChunkedArray) -> tuple[Any, np.ndarray]:
    """Remove currency signs and spaces; turn (12,00) and 12,00- into -12,00."""
    negative = np.zeros(len(arr), dtype=bool)
    plain = not _bool(pc.match_substring_regex(arr, r"[^0-9.,+-]")).any()
    if plain and not _bool(pc.ends_with(arr, "-")).any():
        return arr, negative  # the usual case: nothing to clean
    if _bool(pc.match_substring_regex(arr, _STRIP_PATTERN)).any():
        arr = pc.replace_substring_regex(arr, _STRIP_PATTERN, "")
    paren = _bool(pc.match_substring_regex(arr, r"^\(.*\)$"))
    trailing = _bool(pc.match_substring_regex(arr, r"^[^-].*\d-$"))
    if paren.any() or trailing.any():
        negative = paren | trailing
        arr = pc.replace_substring_regex(arr, r"^\((.*)\)$", r"\1")
        arr = pc.replace_substring_regex(arr, r"^([^-].*\d)-$", r"\1")
    return arr, negative


def _numbers_from_text(
    arr: pa.Array | pa.ChunkedArray, negative: np.ndarray, fmt: str
) -> tuple[np.ndarray, np.ndarray]:
    """(values, bad) for cleaned text in format ``fmt`` (``negative``: make it negative)."""
    ok = _bool(pc.match_substring_regex(arr, NUMBER_PATTERNS[fmt]))
    thousands, decimal = (".", ",") if fmt == "it" else (",", ".")
    plain = pc.replace_substring(arr, thousands, "")
    if decimal != ".":
        plain = pc.replace_substring(plain, decimal, ".")
    plain = pc.if_else(pa.array(ok), plain, pa.scalar(None, type=plain.type))
    values = np.array(pc.cast(plain, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    if negative.any():
        values = np.where(negative, -np.abs(values), values)
    return values, ~ok


def parse_numbers(series: pd.Series, *, number_format: str = "auto", prefer: str = "it") -> Parsed:
    """Numbers from native floats, Italian/English text, or a mix of both.

    ``number_format`` forces 'it' or 'en' for text cells; 'auto' detects it (``prefer``
    decides a tie, e.g. a column of "1.234" only).

    >>> parse_numbers(pd.Series(["1,234.56", "n/a"])).bad.tolist()
    [False, True]
    >>> parse_numbers(pd.Series([12.5, None])).values.tolist()
    [12.5, nan]
    """
    n = len(series)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        empty = np.isnan(values)
        return Parsed(values, empty, np.zeros(n, dtype=bool), NATIVE)
    if series.dtype == object and not _all_text(series):
        return _numbers_from_mixed(series, number_format, prefer)
    arr = _arrow_text(series)
    empty = _null_or_empty(arr)
    cleaned, negative = _clean_number_text(arr)
    fmt, decisive, ambiguous = number_format, False, False
    if fmt == "auto":
        filled = cleaned.filter(pa.array(~empty)) if empty.any() else cleaned
        if len(filled):
            fmt, decisive, ambiguous = _number_scores(filled, prefer)
        else:
            fmt = prefer
    values, bad = _numbers_from_text(cleaned, negative, fmt)
    bad &= ~empty
    values[empty] = np.nan
    alternative = ("en" if fmt == "it" else "it") if ambiguous else ""
    return Parsed(values, empty, bad, fmt, decisive=decisive, alternative=alternative)


def _all_text(series: pd.Series) -> bool:
    kinds = set(_kinds(series).tolist())
    return kinds <= {"s", ""}


def _numbers_from_mixed(series: pd.Series, number_format: str, prefer: str) -> Parsed:
    kinds = _kinds(series)
    raw = series.to_numpy(dtype=object)
    values = np.full(len(series), np.nan)
    bad = np.isin(kinds, ["d", "o"])
    numeric = kinds == "n"
    values[numeric] = raw[numeric].astype(np.float64)
    text = kinds == "s"
    fmt = NATIVE
    decisive, alternative = False, ""
    if text.any():
        sub = parse_numbers(
            pd.Series(raw[text].astype(str)), number_format=number_format, prefer=prefer
        )
        values[text] = sub.values
        bad[text] = sub.bad
        fmt, decisive, alternative = sub.detected, sub.decisive, sub.alternative
    return Parsed(values, kinds == "", bad, fmt, decisive=decisive, alternative=alternative)


# --- dates -------------------------------------------------------------------------------


def _format_shape(fmt: str) -> str:
    """A regex for the shape of ``fmt`` (digits in the right places, any values).

    >>> _format_shape("%d/%m/%Y")
    '^\\\\d{1,2}/\\\\d{1,2}/\\\\d{4}$'
    """
    parts = {"%d": r"\d{1,2}", "%m": r"\d{1,2}", "%Y": r"\d{4}", "%y": r"\d{2}"}
    pieces = re.split(r"(%[dmYy])", fmt)
    return "^" + "".join(parts.get(p, re.escape(p)) for p in pieces) + "$"


def _to_days(values: Any) -> np.ndarray:
    """datetime-like values → datetime64[D] (the local date, time dropped)."""
    return np.asarray(pd.DatetimeIndex(values).to_numpy(dtype="datetime64[ns]")).astype(
        "datetime64[D]"
    )


def _parse_with(uniques: pd.Index, fmt: str) -> np.ndarray:
    if fmt == EXCEL_SERIAL:
        numbers = pd.to_numeric(pd.Series(uniques), errors="coerce").to_numpy(dtype=np.float64)
        return serials_to_dates(numbers, "1900")
    parsed = pd.to_datetime(uniques, format=fmt, errors="coerce")
    return _to_days(parsed)


def detect_date_format(uniques: pd.Index, formats: tuple[str, ...] = DATE_FORMATS) -> str:
    """The date format (a strptime pattern, or 'excel_serial') reading most values.

    >>> detect_date_format(pd.Index(["03/04/2025", "15/04/2025"]))
    '%d/%m/%Y'
    >>> detect_date_format(pd.Index(["04/15/2025"]))
    '%m/%d/%Y'
    """
    sample = pd.Index(_sample(uniques.to_numpy(dtype=object), 2_000))
    best, best_count = formats[0], -1
    for fmt in formats:
        count = int((~np.isnat(_parse_with(sample, fmt))).sum())
        if count > best_count:
            best, best_count = fmt, count
    if best_count < len(sample):
        digits = _fullmatch(sample, r"\d{1,7}(?:\.0+)?")
        if int(digits.sum()) > best_count:
            return EXCEL_SERIAL
    return best


def serials_to_dates(serials: np.ndarray, date_system: str = "1900") -> np.ndarray:
    """Excel serial numbers → datetime64[D] (fractions are the time of day, dropped).

    >>> serials_to_dates(np.array([45658.0, 45658.75, np.nan])).astype(str).tolist()
    ['2025-01-01', '2025-01-01', 'NaT']
    >>> serials_to_dates(np.array([44196.0]), "1904").astype(str).tolist()
    ['2025-01-01']
    """
    serials = np.asarray(serials, dtype=np.float64)
    ok = np.isfinite(serials) & (serials >= 1) & (serials <= MAX_SERIAL)
    days = np.where(ok, np.floor(np.where(ok, serials, 0)), 0).astype(np.int64)
    out = EXCEL_ORIGINS[date_system] + days.astype("timedelta64[D]")
    out[~ok] = np.datetime64("NaT")
    return out


def _date_part(arr: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Drop a time written after the date ("15/03/2025 10.23.45", "2025/03/15 10:23 AM")."""
    if _bool(pc.match_substring_regex(arr, r"^\S+[ T]\S")).any():
        return pc.replace_substring_regex(arr, r"^(\S+?)(?:[ T].*)$", r"\1")
    return arr


def _iso_with_zone(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return _bool(
        pc.match_substring_regex(arr, r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*(?:Z|[+-]\d{2}:?\d{2})$")
    )


def parse_dates(
    series: pd.Series, *, date_system: str = "1900", date_format: str = "auto"
) -> Parsed:
    """Local dates from native datetimes, Excel serials, text, or a mix of them.

    Text formats are detected per column (``date_format`` forces one, or an order among
    :data:`DATE_ORDERS`); a cell that has the column's shape but is no real date is
    ``impossible``; a column that reads both day first and month first (every day ≤ 12)
    names the other reading in ``alternative``; timestamps with a time zone
    (ISO ``...Z``) become the date in Italy.

    >>> parse_dates(pd.Series(["2025-03-15 10:00:00", "2025-02-29"])).bad.tolist()
    [False, True]
    >>> parse_dates(pd.Series([45731.0])).values.astype(str).tolist()
    ['2025-03-15']
    """
    n = len(series)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        stamps = series
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            stamps = series.dt.tz_convert(LOCAL_TIME_ZONE).dt.tz_localize(None)
        values = _to_days(stamps)
        empty = np.isnat(values)
        return Parsed(values, empty, np.zeros(n, dtype=bool), NATIVE)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series):
        numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
        empty = np.isnan(numbers)
        values = serials_to_dates(numbers, date_system)
        return Parsed(values, empty, np.isnat(values) & ~empty, EXCEL_SERIAL)
    if series.dtype == object and not _all_text(series):
        return _dates_from_mixed(series, date_system, date_format)
    return _dates_from_text(series, date_format)


def _dates_from_text(series: pd.Series, date_format: str) -> Parsed:
    """Text dates: every distinct text is parsed once (a file has few distinct dates)."""
    codes, uniques = _encode(_arrow_text(series))
    empty_u = _null_or_empty(uniques)
    m = len(uniques)
    values_u = np.full(m, np.datetime64("NaT"), dtype="datetime64[D]")
    impossible_u = np.zeros(m, dtype=bool)
    zoned = _iso_with_zone(uniques)
    if zoned.any():
        stamps = pd.to_datetime(
            pd.Series(np.asarray(uniques.filter(pa.array(zoned)).to_pylist(), dtype=object)),
            format="ISO8601",
            utc=True,
            errors="coerce",
        )
        values_u[zoned] = _to_days(stamps.dt.tz_convert(LOCAL_TIME_ZONE).dt.tz_localize(None))
    rest = ~empty_u & ~zoned
    fmt = date_format
    decisive, alternative = False, ""
    if rest.any():
        part = _date_part(uniques.filter(pa.array(rest)))
        texts = pd.Index(np.asarray(part.to_numpy(zero_copy_only=False), dtype=object))
        if fmt in DATE_ORDERS:
            # day or month first decides 02/03 only: year-first dates (ISO) stay readable
            among = DATE_ORDERS[fmt] + (DATE_ORDERS["ymd"] if fmt != "ymd" else ())
            fmt = detect_date_format(texts, among)
        elif fmt == "auto":
            fmt = detect_date_format(texts)
        parsed = _parse_with(texts, fmt)
        if date_format == "auto":
            decisive, alternative = _other_reading(texts, fmt, parsed)
        values_u[rest] = parsed
        if fmt != EXCEL_SERIAL:
            shaped = _fullmatch(texts, _format_shape(fmt).strip("^$"))
            impossible_u[rest] = shaped & np.isnat(parsed)
    elif fmt == "auto":
        fmt = "ISO8601" if zoned.any() else DATE_FORMATS[0]
    empty = empty_u[codes]
    values = values_u[codes]
    bad = np.isnat(values) & ~empty
    return Parsed(
        values, empty, bad, fmt, impossible_u[codes], decisive=decisive, alternative=alternative
    )


def _other_reading(texts: pd.Index, fmt: str, parsed: np.ndarray) -> tuple[bool, str]:
    """(decisive, alternative) for day-first or month-first text dates: decisive when
    the swapped reading fails on some value the chosen one reads (15/03: only day
    first); the swapped format as alternative when it reads every value too, to other
    dates (02/03/2027: 2 March or 3 February)."""
    if date_order(fmt) not in ("dmy", "mdy"):
        return False, ""
    swapped = fmt.replace("%d", "%_").replace("%m", "%d").replace("%_", "%m")
    other = _parse_with(texts, swapped)
    read, read_other = ~np.isnat(parsed), ~np.isnat(other)
    if (read & ~read_other).any():
        return True, ""
    if (read & read_other & (parsed != other)).any():
        return False, swapped
    return False, ""


def _encode(arr: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """(codes, distinct values): ``distinct[codes]`` is ``arr``; a null is a distinct value."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    encoded = pc.dictionary_encode(arr, null_encoding="encode")
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return codes, encoded.dictionary


def _dates_from_mixed(series: pd.Series, date_system: str, date_format: str) -> Parsed:
    kinds = _kinds(series)
    raw = series.to_numpy(dtype=object)
    n = len(series)
    values = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    bad = kinds == "o"
    impossible = np.zeros(n, dtype=bool)
    stamps = kinds == "d"
    if stamps.any():
        values[stamps] = _to_days(pd.to_datetime(pd.Series(raw[stamps]), errors="coerce"))
    numeric = kinds == "n"
    if numeric.any():
        values[numeric] = serials_to_dates(raw[numeric].astype(np.float64), date_system)
        bad[numeric] = np.isnat(values[numeric])
    text = kinds == "s"
    fmt = NATIVE
    decisive, alternative = False, ""
    if text.any():
        sub = _dates_from_text(pd.Series(raw[text].astype(str)), date_format)
        values[text] = sub.values
        bad[text] = sub.bad
        impossible[text] = sub.impossible
        fmt, decisive, alternative = sub.detected, sub.decisive, sub.alternative
    return Parsed(values, kinds == "", bad, fmt, impossible, decisive, alternative)


# --- scores ------------------------------------------------------------------------------

# Answers given as words in Italian and English satisfaction questions (Google Forms
# multiple choice), keyed by their normalised text (see :func:`normalise_label`).
CSAT_LABELS = {
    "molto insoddisfatto": 1, "insoddisfatto": 2, "ne soddisfatto ne insoddisfatto": 3,
    "neutro": 3, "soddisfatto": 4, "molto soddisfatto": 5, "very dissatisfied": 1,
    "dissatisfied": 2, "neither satisfied nor dissatisfied": 3, "neutral": 3,
    "satisfied": 4, "very satisfied": 5,
}  # fmt: skip


def normalise_label(text: Any) -> str:
    """Lower case, no accents, punctuation as single spaces.

    >>> normalise_label("  Né soddisfatto, né insoddisfatto ")
    'ne soddisfatto ne insoddisfatto'
    """

    value = unicodedata.normalize("NFKD", "" if text is None else str(text))
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", " ", value).strip()


def parse_scores(
    series: pd.Series, *, labels: dict[str, int] | None = None, number_format: str = "auto"
) -> Parsed:
    """Scores as numbers: ``9``, ``"9"``, ``"9 - Molto probabile"``, or words in ``labels``.

    Ranges are not checked here (a score of 11 is read as 11; validation refuses it).

    >>> parse_scores(pd.Series(["10 - Estremamente probabile", "7", "", "boh"])).values.tolist()
    [10.0, 7.0, nan, nan]
    >>> parse_scores(pd.Series(["Molto soddisfatto"]), labels=CSAT_LABELS).values.tolist()
    [5.0]
    """
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series):
        return parse_numbers(series)
    text = parse_text(series)
    strings = pd.Series(text.values, dtype="str")
    leading = strings.str.extract(r"^(\d{1,2})(?:\s*[-–—:.)]\s*\D.*)?$", expand=False)
    numbers = np.array(pd.to_numeric(leading, errors="coerce"), dtype=np.float64)
    if labels:
        unknown = np.isnan(numbers) & ~text.empty
        if unknown.any():
            words = [labels.get(normalise_label(v)) for v in text.values[unknown]]
            numbers[unknown] = np.array([np.nan if w is None else w for w in words], dtype=float)
    rest = np.isnan(numbers) & ~text.empty
    if rest.any():
        loose = parse_numbers(
            pd.Series(text.values[rest], dtype="str"), number_format=number_format
        )
        numbers[rest] = loose.values
    bad = np.isnan(numbers) & ~text.empty
    return Parsed(numbers, text.empty, bad, "score")


# --- text --------------------------------------------------------------------------------


def parse_text(series: pd.Series, *, identifier: bool = False) -> Parsed:
    """Trimmed text, ``None`` for empty cells.

    Numbers in an ``identifier`` column lose a spurious ``.0`` (customer 42 read from an
    xlsx number cell is "42"); text keeps its leading zeros ("00042").

    >>> parse_text(pd.Series(["00042", " Rossi ", ""]), identifier=True).values.tolist()
    ['00042', 'Rossi', None]
    >>> parse_text(pd.Series([42.0, 3.5, None]), identifier=True).values.tolist()
    ['42', '3.5', None]
    """
    n = len(series)
    if _is_text_dtype(series):
        # Distinct texts become Python strings once; rows share them (fast, and light).
        codes, uniques = _encode(_arrow_text(series))
        empty_u = _null_or_empty(uniques)
        texts = np.array(uniques.to_numpy(zero_copy_only=False), dtype=object)
        texts[empty_u] = None
        return Parsed(texts[codes], empty_u[codes], np.zeros(n, dtype=bool), "text")
    raw = series.to_numpy(dtype=object)
    values = np.array([_cell_text(v, identifier) for v in raw], dtype=object)
    empty = np.array([v is None for v in values], dtype=bool)
    return Parsed(values, empty, np.zeros(n, dtype=bool), "text")


def _cell_text(value: Any, identifier: bool) -> str | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float):
        if np.isnan(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value) if identifier else str(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    text = str(value).strip()
    return text or None


def cell_text(value: Any) -> str:
    """A cell as the user would read it, for error reports ("" when empty).

    >>> cell_text(12.0), cell_text(None), cell_text("n/a")
    ('12', '', 'n/a')
    """
    text = _cell_text(value, identifier=True)
    return "" if text is None else text
