"""A look inside an .xlsx without loading it: its sheets, its date system and the first
rows of one sheet, read straight from the XML parts.

The reader uses this to find the header row before it hands the sheet to the fast
parser (fastexcel), which then reads the sheet once, with the right header. Call it
only on a workbook that ``cx_sme.files.safety`` has checked.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring, iterparse

from cx_sme.core.errors import FileRefused

_REL_OFFICE = "/officeDocument"
_REL_SHEET = "/worksheet"
_REL_STRINGS = "/sharedStrings"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True)
class SheetRef:
    name: str
    part: str
    visible: bool


@dataclass(frozen=True)
class WorkbookInfo:
    sheets: tuple[SheetRef, ...]
    date_system: str
    shared_strings: str | None


@dataclass(frozen=True)
class PeekRow:
    """One row with content: its Excel row number and its cells by 0-based column."""

    row: int
    cells: dict[int, Any]


def column_letter(index: int) -> str:
    """The Excel letters of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(elem: Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id, strict OOXML...)."""
    for key, value in elem.attrib.items():
        if _local(key) == name:
            return value
    return None


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part) for ``part``."""
    folder, base = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", base + ".rels")
    if rels_part not in archive.NameToInfo:
        return {}
    result = {}
    for rel in fromstring(archive.read(rels_part)):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        result[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return result


def workbook_info(archive: zipfile.ZipFile, file_name: str) -> WorkbookInfo:
    """Sheets (worksheets only, in workbook order), date system, shared strings part."""
    office = [t for kind, t in _rels(archive, "").values() if kind.endswith(_REL_OFFICE)]
    part = office[0] if office else "xl/workbook.xml"
    if part not in archive.NameToInfo:
        raise FileRefused("readers.not_a_workbook", name=file_name)
    root = fromstring(archive.read(part))
    rels = _rels(archive, part)
    date1904 = False
    sheets = []
    for elem in root.iter():
        tag = _local(elem.tag)
        if tag == "workbookPr":
            date1904 = (elem.get("date1904") or "").lower() in ("1", "true")
        elif tag == "sheet":
            kind, target = rels.get(_attr(elem, "id") or "", ("", ""))
            if kind.endswith(_REL_SHEET) and target in archive.NameToInfo:
                visible = elem.get("state", "visible") == "visible"
                sheets.append(SheetRef(elem.get("name", ""), target, visible))
    strings = [t for kind, t in rels.values() if kind.endswith(_REL_STRINGS)]
    shared = strings[0] if strings and strings[0] in archive.NameToInfo else None
    return WorkbookInfo(tuple(sheets), "1904" if date1904 else "1900", shared)


def _text_of(elem: Element) -> str:
    """The text of a shared or inline string, without phonetic runs."""
    parts = []
    for child in elem:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, part: str | None, upto: int) -> list[str]:
    """The first ``upto + 1`` shared strings (streamed: a big table is not read whole)."""
    found: list[str] = []
    if part is None or upto < 0:
        return found
    with archive.open(part) as stream:
        for _event, elem in iterparse(stream, events=("end",), forbid_dtd=True):
            if _local(elem.tag) == "si":
                found.append(_text_of(elem))
                elem.clear()
                if len(found) > upto:
                    break
    return found


def _rows(archive: zipfile.ZipFile, part: str) -> Iterator[Element]:
    with archive.open(part) as stream:
        for _event, elem in iterparse(stream, events=("end",), forbid_dtd=True):
            if _local(elem.tag) == "row":
                yield elem
                elem.clear()


def first_rows(
    archive: zipfile.ZipFile, book: WorkbookInfo, sheet: SheetRef, limit: int
) -> list[PeekRow]:
    """The first ``limit`` rows of ``sheet`` that hold at least one value.

    Text is ``str``; numbers ``float``; booleans ``bool``; ISO date cells ``datetime``.
    Shared strings are kept as ``("s", index)`` until all rows are read, then resolved.
    """
    rows: list[PeekRow] = []
    row_number = 0
    for elem in _rows(archive, sheet.part):
        ref = elem.get("r")
        row_number = int(ref) if ref and ref.isdigit() else row_number + 1
        cells: dict[int, Any] = {}
        col = -1
        for cell in elem:
            if _local(cell.tag) != "c":
                continue
            match = _CELL_REF.fullmatch(cell.get("r") or "")
            col = _column_index(match.group(1)) if match else col + 1
            value = _cell_value(cell)
            if value is not None and value != "":
                cells[col] = value
        if cells:
            rows.append(PeekRow(row_number, cells))
            if len(rows) >= limit:
                break
    indexes = [v[1] for r in rows for v in r.cells.values() if isinstance(v, tuple)]
    strings = _shared_strings(archive, book.shared_strings, max(indexes, default=-1))
    for r in rows:
        for col, value in list(r.cells.items()):
            if isinstance(value, tuple):
                text = strings[value[1]] if value[1] < len(strings) else ""
                if text:
                    r.cells[col] = text
                else:
                    del r.cells[col]
    return [r for r in rows if r.cells]


def _cell_value(cell: Element) -> Any:
    kind = cell.get("t", "n")
    raw = None
    for child in cell:
        tag = _local(child.tag)
        if tag == "v":
            raw = child.text
        elif tag == "is":
            return _text_of(child)
    if raw is None or raw == "":
        return None
    if kind == "s":
        return ("s", int(raw)) if raw.strip().isdigit() else None
    if kind in ("str", "inlineStr"):
        return raw
    if kind == "b":
        return raw.strip() == "1"
    if kind == "e":
        return None
    if kind == "d":
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            return raw
    try:
        return float(raw)
    except ValueError:
        return raw
