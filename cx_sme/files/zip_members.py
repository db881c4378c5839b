"""What the app calls a member of an uploaded .zip: its own file name, never a path.

>>> import zipfile
>>> member_name(zipfile.ZipInfo("fatture/2026/../../etc/FT1.xml"))
'FT1.xml'
>>> member_name(zipfile.ZipInfo("__MACOSX/._FT1.xml")), member_name(zipfile.ZipInfo("a/"))
(None, None)
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from cx_sme.core.errors import FileRefused


def member_name(info: zipfile.ZipInfo) -> str | None:
    """A member's file name (the last part of its path, Windows separators too), or None
    for folders, hidden files and a Mac's ``__MACOSX`` leftovers, which are skipped."""
    base = posixpath.basename(info.filename.replace("\\", "/"))
    if info.is_dir() or not base or base.startswith(".") or "__MACOSX" in info.filename:
        return None
    return base


def open_upload(data: bytes, file_name: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The uploaded .zip ``data`` and its directory; a refusal naming ``file_name`` when
    it is not a readable .zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("files.bundle.not_a_zip", name=file_name) from None
