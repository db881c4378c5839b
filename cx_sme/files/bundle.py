"""The month's files in one .zip: unpacked in memory, with limits, before any reader.

A name not ending in ``.zip`` is one file and comes back as it is. A .zip may hold up to
:data:`MAX_FILES` spreadsheets (.xlsx, .xlsm, .csv, .txt) in any folder; folders, hidden
files and the ``__MACOSX`` leftovers of a Mac are skipped. Refused with the archive's
name: an archive that is not a valid zip, an encrypted member, a zip inside the zip, a
member of another kind, too many members, and members that would unpack beyond
:data:`~cx_sme.files.safety.MAX_UPLOAD_BYTES` each (read with a cap, so a member lying
about its size cannot exhaust memory). Each unpacked file then goes through the usual
checks (:mod:`cx_sme.files.safety`) like any upload.
"""

from __future__ import annotations

import io
import zipfile

from cx_sme.core.errors import FileRefused, UnsafeFile
from cx_sme.einvoice.reader import SPREADSHEETS, is_einvoice_zip
from cx_sme.files.safety import MAX_UPLOAD_BYTES
from cx_sme.files.zip_members import member_name, open_upload

MAX_FILES = 20
# Declared members beyond this many are refused before looking at them.
MAX_MEMBERS = 200


def is_bundle(file_name: str) -> bool:
    return file_name.lower().endswith(".zip")


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str, base: str
) -> bytes:
    """A member's bytes, read with a cap (a member lying about its size cannot exhaust
    memory)."""
    try:
        with archive.open(info) as member:
            content = member.read(MAX_UPLOAD_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        raise FileRefused("files.bundle.not_a_zip", name=file_name) from None
    if len(content) > MAX_UPLOAD_BYTES:
        raise UnsafeFile("files.bundle.too_big", name=file_name, member=base,
                         limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024))  # fmt: skip
    return content


def _spreadsheets_beside_invoices(file_name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The spreadsheets in a .zip of e-invoices (the reader has checked its size limits
    and leaves them out of the invoices), each read with a cap."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    out: list[tuple[str, bytes]] = []
    for info in archive.infolist():
        base = member_name(info)
        if base is None:
            continue
        if not base.lower().endswith(SPREADSHEETS) or info.flag_bits & 0x1:
            continue
        if len(out) >= MAX_FILES:
            raise UnsafeFile("files.bundle.too_many", name=file_name, limit=MAX_FILES)
        content = _read_member(archive, info, file_name, base)
        out.append((base, content))
    return out


def unpack(file_name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The files inside ``data`` as (name, bytes), or ``[(file_name, data)]``."""
    if not is_bundle(file_name):
        return [(file_name, data)]
    if is_einvoice_zip(data):
        # a .zip of e-invoices is one upload (its invoices are read together); the
        # spreadsheets beside them are the month's other files
        return [(file_name, data), *_spreadsheets_beside_invoices(file_name, data)]
    archive, infos = open_upload(data, file_name)
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFile("files.bundle.too_many", name=file_name, limit=MAX_FILES)
    out: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for info in infos:
        base = member_name(info)
        if base is None:
            continue
        if info.flag_bits & 0x1:
            raise FileRefused("files.bundle.encrypted", name=file_name, member=base)
        lower = base.lower()
        if lower.endswith(".zip"):
            raise FileRefused("files.bundle.nested", name=file_name, member=base)
        if not lower.endswith(SPREADSHEETS):
            raise FileRefused("files.bundle.other_kind", name=file_name, member=base)
        if len(out) >= MAX_FILES:
            raise UnsafeFile("files.bundle.too_many", name=file_name, limit=MAX_FILES)
        if info.file_size > MAX_UPLOAD_BYTES:
            raise UnsafeFile("files.bundle.too_big", name=file_name, member=base,
                             limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024))  # fmt: skip
        content = _read_member(archive, info, file_name, base)
        if base in seen:
            raise FileRefused("files.bundle.same_name", name=file_name, member=base)
        seen.add(base)
        out.append((base, content))
    if not out:
        raise FileRefused("files.bundle.empty", name=file_name)
    return out
