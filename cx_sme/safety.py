"""Checks an uploaded file before any parser touches it.

``check_upload(data, file_name)`` returns the kind of file (``"xlsx"`` or ``"csv"``) or
raises ``FileRefused`` / ``UnsafeFile`` with a message that says what is wrong.
"""

from __future__ import annotations

from cx_sme.errors import FileRefused

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
"""Largest file accepted (a 1,000,000-line CSV is about 80 MB)."""

_ZIP = b"PK\x03\x04"


def check_upload(data: bytes, file_name: str) -> str:
    """The kind of file, ``"xlsx"`` or ``"csv"``, after checking it is safe to read."""
    if not data:
        raise FileRefused("readers.empty_file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused("readers.too_large", limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    if data.startswith(_ZIP):
        return "xlsx"
    return "csv"
