"""Checks an uploaded file before any spreadsheet parser touches it.

``check_upload(data, file_name)`` returns the kind of file, ``"xlsx"`` or ``"csv"`` (or
``"einvoice"`` for FatturaPA invoices, signed or not, and .zip files of them, which
:mod:`cx_sme.einvoice.reader` checks and reads), or
raises ``FileRefused`` (``UnsafeFile`` when the file could harm the machine) with a
message that says what is wrong and, where one applies, the limit.

What is checked, in order:

1. size: empty files and files over ``MAX_UPLOAD_BYTES``;
2. what the bytes really are, whatever the name says: an old Excel 97-2003 file or a
   password-protected workbook (both OLE2 containers), a web page or an "XML
   Spreadsheet 2003" saved as ``.xls``, an OpenDocument spreadsheet, a workbook renamed
   ``.csv``, a text file renamed ``.xlsx``;
3. for a workbook (a zip): the zip directory is read *before anything is inflated*:
   a member that declares more than ``MAX_MEMBER_BYTES``, or more than ``MAX_RATIO``
   times its compressed size, or members adding up to more than ``MAX_TOTAL_BYTES`` or
   to more than ``MAX_RATIO`` times their compressed size, is a zip bomb. Then every
   member is inflated in chunks, never past the size it declares (a member that lies
   about its size fails its checksum): a truncated or corrupt zip is refused here, not
   half-way through reading;
4. every XML part must have no document type declaration: no DTD means no entity can be
   declared, so neither "billion laughs" nor external entities (XXE) can reach a parser.
   The prolog is parsed with defusedxml up to the root element;
5. a CSV must not contain NUL bytes (a binary file, or UTF-16 without its BOM).

``.xlsm`` workbooks are accepted and read for their cell values only: nothing in this
app runs macros (calamine reads the stored values and never evaluates anything), and
many small firms keep their registers in macro-enabled workbooks, so refusing them
would only send the user off to re-save a file that is harmless here.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from cx_sme.core.errors import FileRefused, UnsafeFile
from cx_sme.einvoice.reader import is_einvoice

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
"""Largest file accepted (a 1,000,000-line sales CSV is about 60-80 MB)."""

MAX_MEMBER_BYTES = 1024 * 1024 * 1024
"""Largest inflated part of a workbook; a sheet at the row limit stays well below it."""

MAX_TOTAL_BYTES = 2 * MAX_MEMBER_BYTES
"""Largest inflated workbook, all parts together."""

MAX_RATIO = 100
"""A part may inflate to at most this many times its compressed size..."""

RATIO_FLOOR_BYTES = 1024 * 1024
"""...unless it is smaller than this once inflated (tiny parts compress very well and
cannot hurt)."""

MAX_MEMBERS = 10_000

WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm")
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")

_CHUNK = 1024 * 1024
_PROLOG_LIMIT = _CHUNK  # an XML part must reach its root element within its first MB
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HTML = re.compile(rb"<\s*(!doctype\s+html|html|table|head|body|meta)\b", re.IGNORECASE)
_XML_2003 = re.compile(rb"^<\?xml[^>]*>.*urn:schemas-microsoft-com:office:spreadsheet", re.DOTALL)
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
# A formula (<f>...</f> or <f .../>) followed by no cached value: <v/>, <v></v> or </c>.
_UNCACHED = re.compile(rb"<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>|</c>)")
_FORMULA_OVERLAP = 16 * 1024
# Where cells say they stand: a row number (<row r="12">), a cell reference whose column has
# two or three letters (<c r="AB12">: the common one-letter columns cannot be far out) and
# the sheet's declared used range (<dimension ref="A1:XFD1048576"/>).
_ROW_REF = re.compile(rb'<row\b[^>]*?\br="(\d{1,9})"')
# (a cell reference anywhere: no other attribute of a sheet holds capitals and digits,
# and a pattern that starts with its literal is searched eight times faster)
_WIDE_CELL_ROW = re.compile(rb'r="[A-Z]{2,4}(\d{1,9})"')
_WIDE_CELL_COLUMN = re.compile(rb'r="([A-Z]{2,4})\d{1,9}"')
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="[A-Z]{1,4}\d{1,9}:([A-Z]{1,4})(\d{1,9})"')
# A sheet may span at most this many cells (rows × columns of its used range) per byte of
# its XML, plus a floor: a real sheet writes something for the cells it uses, while a
# couple of KB declaring a cell at XFD1048576 would make a reader allocate hundreds of GB.
CELLS_PER_BYTE = 20
CELLS_FLOOR = 5_000_000


@dataclass(frozen=True)
class Upload:
    """What ``inspect_upload`` found: the kind, and for a workbook the sheet parts that
    hold formulas saved without their values."""

    kind: str
    uncached_formula_parts: frozenset[str] = frozenset()


def check_upload(data: bytes, file_name: str) -> str:
    """The kind of file, ``"xlsx"`` or ``"csv"``, after checking it is safe to read.

    >>> check_upload(b"Data;Importo\\n31/12/2025;12,50\\n", "vendite.csv")
    'csv'
    """
    return inspect_upload(data, file_name).kind


def inspect_upload(data: bytes, file_name: str, *, deep: bool = True) -> Upload:
    """Like ``check_upload``, also returning what the reader needs to know.

    ``deep=False`` skips inflating and scanning a workbook's parts (the zip directory is
    still checked): the caller that hands the file to the reading worker runs this
    quick pass, and the worker, which has the memory and time limits, the deep one."""
    if not data:
        raise FileRefused("readers.empty_file", name=file_name)
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused(
            "readers.too_large",
            name=file_name,
            size_mb=_mb(len(data)),
            limit_mb=_mb(MAX_UPLOAD_BYTES),
        )
    ext = PurePath(file_name).suffix.lower()
    head = data[:4096]
    if is_einvoice(data):  # by content, whatever the name: read by cx_sme.einvoice
        return Upload("einvoice")
    if head.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data[: _CHUNK * 4]:
            raise FileRefused("readers.encrypted", name=file_name)
        raise FileRefused("readers.old_xls", name=file_name)
    if head.startswith(_ZIP_MAGIC):
        if ext in TEXT_EXTENSIONS:
            raise FileRefused("readers.workbook_named_text", name=file_name, ext=ext)
        if ext == ".xls":
            raise FileRefused("readers.workbook_named_xls", name=file_name)
        if ext not in WORKBOOK_EXTENSIONS:
            raise FileRefused("readers.unsupported_type", name=file_name, ext=ext or "-")
        return Upload("xlsx", _check_zip(data, file_name, deep=deep))
    if _XML_2003.search(head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]):
        raise FileRefused("readers.xml_spreadsheet_2003", name=file_name)
    if _looks_like_html(head):
        raise FileRefused("readers.html_as_excel", name=file_name)
    if ext in WORKBOOK_EXTENSIONS or ext == ".xls":
        if _looks_like_text(head):
            raise FileRefused("readers.text_named_workbook", name=file_name, ext=ext)
        raise FileRefused("readers.not_a_workbook", name=file_name)
    if ext not in TEXT_EXTENSIONS:
        raise FileRefused("readers.unsupported_type", name=file_name, ext=ext or "-")
    _check_text(data, file_name)
    return Upload("csv")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}" if size >= 1024 * 1024 else f"{size / 1048576:.1f}"


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = text.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    return text.startswith(b"<") and _HTML.search(text) is not None


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in head and sum(b < 9 for b in head) == 0


def _check_text(data: bytes, file_name: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if len(data) % 2:
            raise FileRefused("readers.csv_binary", name=file_name)
        nul = "\x00" in data[2:].decode("utf-16-le" if data[0] == 0xFF else "utf-16-be", "replace")
    else:
        nul = b"\x00" in data
    if nul:
        raise FileRefused("readers.csv_binary", name=file_name)


# --- workbooks ------------------------------------------------------------------------


def _check_zip(data: bytes, file_name: str, *, deep: bool = True) -> frozenset[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise FileRefused("readers.corrupt_zip", name=file_name) from None
    names = [i.filename for i in infos]
    if len(infos) > MAX_MEMBERS or len(set(names)) != len(names):
        raise UnsafeFile("readers.zip_bomb_members", name=file_name)
    if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
        raise FileRefused("readers.ods", name=file_name)
    if "[Content_Types].xml" not in names:
        raise FileRefused("readers.not_a_workbook", name=file_name)
    total = packed = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRefused("readers.encrypted", name=file_name)
        size = info.file_size
        total += size
        packed += info.compress_size
        if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise UnsafeFile(
                "readers.zip_bomb_size", name=file_name, limit_mb=_mb(MAX_MEMBER_BYTES)
            )
        if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeFile(
                "readers.zip_bomb_ratio",
                name=file_name,
                part=info.filename,
                ratio=size // max(info.compress_size, 1),
                limit=MAX_RATIO,
            )
    if total > RATIO_FLOOR_BYTES and total > MAX_RATIO * max(packed, 1):  # many small bombs
        raise UnsafeFile(
            "readers.zip_bomb_ratio",
            name=file_name,
            part="*",
            ratio=total // max(packed, 1),
            limit=MAX_RATIO,
        )
    uncached: set[str] = set()
    if not deep:
        return frozenset()
    try:
        for info in infos:
            if _inflate_and_scan(archive, info, file_name):
                uncached.add(info.filename)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, EOFError, OSError):
        raise FileRefused("readers.corrupt_zip", name=file_name) from None
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise FileRefused("readers.encrypted", name=file_name) from None
    return frozenset(uncached)


class _RootReached(Exception):
    """The prolog is over: the root element starts, no DTD can follow."""


class _StopAtRoot:
    """TreeBuilder target that stops the parser at the first element, noting its name."""

    def __init__(self) -> None:
        self.root = ""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.root = tag.rsplit("}", 1)[-1]  # the local name, without its namespace
        raise _RootReached

    def end(self, tag: str) -> None:  # pragma: no cover - never reached
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def _inflate_and_scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str) -> bool:
    """Inflate one member in chunks (bounded by its declared size); check the XML prolog;
    return whether a sheet part holds formulas without cached values."""
    # What a part is comes from its content, not its name: the readers follow the workbook's
    # relationships, which may point to "xl/strings.bin" or a sheet without ".xml".
    target = _StopAtRoot()
    parser: DefusedXMLParser | None = None
    is_sheet = False
    fed = 0
    tail = b""
    found = False
    extent = _Extent()
    with archive.open(info) as member:
        first = True
        while chunk := member.read(_CHUNK):
            if first:
                first = False
                if _looks_like_xml(chunk) or info.filename.lower().endswith(_XML_NAMES):
                    parser = DefusedXMLParser(target=target, forbid_dtd=True)
            if parser is not None:
                parser = _feed_prolog(parser, chunk, file_name)
                fed += len(chunk)
                if parser is not None and fed > _PROLOG_LIMIT:
                    raise UnsafeFile("readers.xml_entities", name=file_name)
                if parser is None:
                    is_sheet = target.root == "worksheet" or bool(_SHEET_PART.match(info.filename))
            if is_sheet:
                window = tail + chunk
                if not found and b"<f" in window and _UNCACHED.search(window):
                    found = True
                extent.scan(window)
                tail = window[-_FORMULA_OVERLAP:]
    if is_sheet:
        extent.check(info.file_size, file_name)
    return found


_XML_NAMES = (".xml", ".rels", ".vml")
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<[?!a-zA-Z]")


def _looks_like_xml(head: bytes) -> bool:
    """The part starts like XML (a BOM and white space allowed), whatever its name."""
    return _XML_START.match(head[:64]) is not None or head[:2] in (b"\xff\xfe", b"\xfe\xff")


class _Extent:
    """The farthest row and column a sheet part names, scanned chunk by chunk."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0

    def scan(self, window: bytes) -> None:
        # findall and max(map(int, ...)) run in C: a sheet has a reference per row and
        # per cell, and a Python step for each would cost more than the parse itself
        rows = _ROW_REF.findall(window)
        if rows:
            self.rows = max(self.rows, max(map(int, rows)))
        cell_rows = _WIDE_CELL_ROW.findall(window)
        if cell_rows:
            self.rows = max(self.rows, max(map(int, cell_rows)))
            # few distinct columns, however many cells
            letters = set(_WIDE_CELL_COLUMN.findall(window))
            widest = max(column_number(c.decode()) for c in letters)
            self.columns = max(self.columns, widest)
        declared = _DIMENSION.search(window)
        if declared:
            self.columns = max(self.columns, column_number(declared.group(1).decode()))
            self.rows = max(self.rows, int(declared.group(2)))

    def check(self, xml_bytes: int, file_name: str) -> None:
        columns = max(self.columns, 26)  # one-letter columns are not tracked: count all 26
        if self.rows * columns > CELLS_FLOOR + CELLS_PER_BYTE * xml_bytes:
            raise UnsafeFile(
                "readers.absurd_area",
                name=file_name,
                cell=f"{column_letters(self.columns or 1)}{self.rows}",
            )


def column_number(letters: str) -> int:
    """``"A"`` → 1, ``"Z"`` → 26, ``"AA"`` → 27, ``"XFD"`` → 16384."""
    value = 0
    for letter in letters:
        value = value * 26 + ord(letter) - 64
    return value


def column_letters(number: int) -> str:
    """1 → ``"A"``, 27 → ``"AA"``, 16384 → ``"XFD"``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _feed_prolog(parser: DefusedXMLParser, chunk: bytes, file_name: str) -> DefusedXMLParser | None:
    """Feed the parser; ``None`` once the root element is reached (the prolog is clean)."""
    try:
        parser.feed(chunk)
    except _RootReached:
        return None
    except DefusedXmlException:
        raise UnsafeFile("readers.xml_entities", name=file_name) from None
    except SyntaxError:  # xml.etree.ElementTree.ParseError
        raise FileRefused("readers.corrupt_zip", name=file_name) from None
    return parser
