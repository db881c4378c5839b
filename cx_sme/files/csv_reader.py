"""Read a CSV file (any of ``;`` ``,`` tab; UTF-8 with or without BOM, Windows-1252,
UTF-16 with BOM) into a :class:`~cx_sme.files.table_shape.RawTable` of text columns.

The encoding and the separator are decided on the first 256 KB; the header row on the
first records (titles above it are skipped). The data are then read once, by pyarrow's
multi-threaded parser, from the byte where they start, every column as text; pandas' C
parser takes over when the data have blank lines (to keep the row numbers right) or
rows of uneven length. Nothing is converted: ``"1.234,56"`` stays ``"1.234,56"``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from cx_sme.core.errors import FileRefused
from cx_sme.core.i18n import t
from cx_sme.files import table_shape
from cx_sme.files.table_shape import Detected, RawTable

_SAMPLE_BYTES = 256 * 1024

_SEPARATORS = (";", ",", "\t")
_SEP_HINT = re.compile(r"^sep=([;,\t|])\s*$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")  # what CSV parsers call a line


def _utf8_body(data: bytes, file_name: str) -> tuple[bytes, int, str]:
    """The file as UTF-8 bytes, where its text starts (after a BOM), and the encoding it
    had. Text that is not UTF-8 in its first 256 KB is Windows-1252 (what Excel saves as
    "CSV" in Italy); text that turns out not to be UTF-8 further down is caught while
    parsing (``_NotUtf8``) and read again line by line (:func:`_mixed_to_utf8`)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").encode("utf-8"), 0, "utf-16"
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        data[bom : bom + _SAMPLE_BYTES].decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < _SAMPLE_BYTES - 4:  # not just a character cut at the sample's end
            body, encoding = _mixed_to_utf8(data, bom, file_name)
            return body, 0, encoding
    return data, bom, "utf-8-sig" if bom else "utf-8"


_LINE_BYTES = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _mixed_to_utf8(data: bytes, start: int, file_name: str) -> tuple[bytes, str]:
    """The text from ``start`` as UTF-8, read line by line: a line that is valid UTF-8
    stays as it is, any other is Windows-1252. Files glued together from a UTF-8 export
    and a Windows one ("Caffè" in both halves) are read right in both parts. The
    encoding is "cp1252", or "utf-8+cp1252" when both kinds of line hold accents.

    A line that is neither (bytes Windows-1252 leaves undefined) is refused, by number."""
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = start + err.start
    else:
        return text.encode("utf-8"), "utf-8"
    line_start = max(data.rfind(b"\n", start, first_bad), data.rfind(b"\r", start, first_bad))
    head_end = line_start + 1 if line_start >= 0 else start
    head = data[start:head_end]
    parts = [head]
    utf8_accents = not head.isascii()
    for index, line in enumerate(_LINE_BYTES.findall(data, head_end)):
        if line.isascii():
            parts.append(line)
        else:
            try:
                line.decode("utf-8")
                parts.append(line)
                utf8_accents = True
            except UnicodeDecodeError:
                try:
                    parts.append(line.decode("cp1252").encode("utf-8"))
                except UnicodeDecodeError:
                    line_no = len(_LINE_BYTES.findall(head)) + index + 1
                    raise FileRefused(
                        "readers.encoding_unknown_line", name=file_name, line=line_no
                    ) from None
    return b"".join(parts), "utf-8+cp1252" if utf8_accents else "cp1252"


def _records(text: str, complete: bool) -> list[tuple[int, str]]:
    """(character offset, text) of each CSV record in ``text``, blank lines included (a
    quoted value may hold line breaks). Unless ``complete``, the last record, which may
    be cut, is left out."""
    records = []
    start = pos = quotes = 0
    for line in _LINE.findall(text):
        pos += len(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            records.append((start, text[start:pos]))
            start, quotes = pos, 0
    if not complete and records and not records[-1][1].endswith(("\n", "\r")):
        records.pop()
    return records


def _sniff_separator(records: Sequence[str]) -> str:
    """The separator that most often splits the records into the same number of fields
    (more fields wins a tie); ``;`` when nothing splits."""
    best, best_score = ";", (0.0, 1)
    for sep in _SEPARATORS:
        counts = [
            len(f)
            for f in csv.reader(io.StringIO("".join(records), newline=""), delimiter=sep)
            if f
        ]
        if not counts:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n))
        score = (counts.count(mode) / len(counts) if mode > 1 else 0.0, mode)
        if score > best_score:
            best, best_score = sep, score
    return best


def read_csv(data: bytes, file_name: str, max_rows: int) -> RawTable:
    """The table in a CSV file that ``cx_sme.files.safety`` has checked."""
    body, bom, encoding = _utf8_body(data, file_name)
    try:
        return _read_utf8_csv(body, bom, encoding, file_name, max_rows)
    except _NotUtf8:
        mixed, encoding = _mixed_to_utf8(body, bom, file_name)
        return _read_utf8_csv(mixed, 0, encoding, file_name, max_rows)


class _NotUtf8(Exception):
    """The file stopped being valid UTF-8 after the sample."""


def _read_utf8_csv(body: bytes, bom: int, encoding: str, file_name: str, max_rows: int) -> RawTable:
    head = body[bom : bom + _SAMPLE_BYTES]
    text = head.decode("utf-8", errors="ignore")
    records = _records(text, complete=bom + len(head) == len(body))
    hint = _SEP_HINT.match(records[0][1]) if records else None  # Excel's "sep=;" line
    sep = hint.group(1) if hint else _sniff_separator([r for _, r in records[:200]])
    fields = [next(csv.reader(io.StringIO(r, newline=""), delimiter=sep), []) for _, r in records]
    content = [i for i, f in enumerate(fields) if any(not table_shape.is_blank(v) for v in f)]
    if not content:
        if bom + len(head) < len(body) and not any(c in head for c in (b"\n", b"\r")):
            # One endless line: not "empty", but not a table with a row per record either.
            raise FileRefused("readers.no_line_breaks", name=file_name,
                              kb=len(head) // 1024, mb=f"{len(body) / 1e6:.0f}")  # fmt: skip
        raise FileRefused("readers.no_data", where=t("readers.where_file", name=file_name))
    sample = [fields[i] for i in content[: table_shape.SAMPLE_ROWS]]
    first, last = table_shape.find_header(sample)
    header = content[last]  # 0-based record index of the (last) header row
    width = max(len(f) for f in sample[first:])
    data_start = records[header][0] + len(records[header][1])
    start = bom + len(text[:data_start].encode("utf-8"))
    frame = _parse_csv(body, start, sep, width, file_name, header + 2)
    width = frame.shape[1]
    heads = sample[first : last + 1]
    names = table_shape.header_names(
        heads, width, lambda c: t("readers.unnamed_column", ref=str(c + 1))
    )
    named = [
        any(c < len(r) and not table_shape.is_blank(r[c]) for r in heads) for c in range(width)
    ]
    frame.columns = pd.Index(names)
    rows = np.arange(header + 2, header + 2 + len(frame), dtype=np.int64)
    _check_beyond_header(frame, rows, max(len(r) for r in heads), file_name)
    if body.find(b'"', start) >= 0 and _line_breaks(body, start) > len(frame):
        # only a quoted value can span lines, and then the file has more lines than rows
        _check_swallowed_lines(frame, sep, names, header + 2, file_name)
    detected = Detected("csv", None, (), header + 1, encoding, sep, None, ())
    return table_shape.finish(
        frame, rows, detected, max_rows, named, t("readers.where_file", name=file_name)
    )


def _check_beyond_header(
    frame: pd.DataFrame, rows: np.ndarray, header_width: int, file_name: str
) -> None:
    """Refuse a CSV whose rows hold values beyond the last header column: a separator
    inside an unquoted value has shifted them (empty trailing fields are harmless)."""
    extra = frame.iloc[:, header_width:]
    if extra.shape[1] == 0:
        return
    filled = extra.notna().to_numpy()
    hit = filled.any(axis=1)
    if not hit.any():
        return
    at = int(np.argmax(hit))
    found = header_width + int(np.nonzero(filled[at])[0].max()) + 1
    raise FileRefused(
        "readers.csv_ragged", name=file_name, row=int(rows[at]), expected=header_width, found=found
    )


_BREAK = r"\r\n|\r|\n"


def _line_breaks(body: bytes, start: int) -> int:
    """How many line breaks the text has from ``start`` (CR-only files count CRs)."""
    breaks = body.count(b"\n", start)
    return breaks if breaks else body.count(b"\r", start)


def _check_swallowed_lines(
    frame: pd.DataFrame, sep: str, names: list[str], first_line: int, file_name: str
) -> None:
    """Refuse a CSV where a quoted value runs over lines that are whole records: a quote
    opened in one row and closed many lines later swallows the rows in between into one
    cell (a customer name holding forty invoices). A line break inside a comment is
    fine; a continuation line that splits into as many fields as the header is not.

    Rows are named as a spreadsheet shows them (one per record); the lines as in a text
    editor."""
    width = frame.shape[1]
    if width < 3 or frame.empty:
        return
    spans = pd.Series(0, index=frame.index, dtype=np.int64)
    suspects = []
    for position in range(width):
        column = frame.iloc[:, position]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            breaks = column.str.count(_BREAK).fillna(0).astype(np.int64)
            if breaks.any():
                spans += breaks.to_numpy()
                suspects.append(position)
    for position in suspects:
        column = frame.iloc[:, position]
        multi = column[column.str.contains(_BREAK, regex=True, na=False)]
        for index, value in multi.items():
            inner = re.split(_BREAK, str(value))[1:]
            if any(len(line.split(sep)) >= width for line in inner):
                at = frame.index.get_loc(index)
                assert isinstance(at, int)
                line = first_line + at + int(spans.iloc[:at].sum())
                raise FileRefused(
                    "readers.csv_swallowed_lines", name=file_name, row=first_line + at,
                    column=names[position], first=line, last=line + len(inner),
                    lines=len(inner),
                )  # fmt: skip


def _parse_csv(
    body: bytes, start: int, sep: str, width: int, file_name: str, first_row: int
) -> pd.DataFrame:
    """All data records from byte ``start``, as text columns. pyarrow reads fast; pandas'
    C parser takes over when the data has blank lines (pyarrow skips them, which would
    shift the row numbers) or rows of uneven length."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rest = memoryview(body)[start:]
    names = [str(c) for c in range(width)]
    if not rest:
        return pd.DataFrame({n: pd.Series([], dtype="str") for n in names})
    # A quote left open (an odd count) goes straight to pandas, which names its line:
    # pyarrow's threaded reader has been seen to abort the process on such files.
    unbalanced = body.count(b'"', start) % 2 == 1
    try:
        if unbalanced:
            raise pa.ArrowInvalid("unbalanced quotes")
        table = pacsv.read_csv(
            pa.py_buffer(rest),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except pa.ArrowInvalid as err:  # rows of uneven length, or not UTF-8 after all
        if "UTF8" in str(err) or "UTF-8" in str(err):
            raise _NotUtf8 from None
        table = None
    if table is not None:
        # As many rows as lines: no blank line was skipped and no quote left open (the
        # common case, decided without searching the file). Otherwise some values span
        # lines: pandas takes over if a quote is never closed (pyarrow would swallow the
        # rest of the file into one cell) or if there are blank lines.
        lines = body.count(b"\n", start) + (0 if body.endswith(b"\n") else 1)
        if table.num_rows == lines or (
            not unbalanced
            and not any(body.find(blank, start) >= 0 for blank in (b"\n\n", b"\n\r\n", b"\r\r"))
        ):
            return table.to_pandas()
    try:
        return pd.read_csv(
            io.BytesIO(rest),
            sep=sep,
            header=None,
            names=names,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            encoding="utf-8",
            engine="c",
        )
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    except pd.errors.ParserError as err:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(err))
        if found:
            expected, line, saw = (int(x) for x in found.groups())
            raise FileRefused(
                "readers.csv_ragged",
                name=file_name,
                row=first_row + line - 1,
                expected=expected,
                found=saw,
            ) from None
        quote = re.search(r"EOF inside string starting at row (\d+)", str(err))
        if quote:
            row = first_row + int(quote.group(1))
            raise FileRefused("readers.csv_open_quote", name=file_name, row=row) from None
        raise FileRefused("readers.csv_unreadable", name=file_name) from None
