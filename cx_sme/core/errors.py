"""Errors raised by cx_sme, each carrying a translation key so the UI and the command
line show the same Italian (or English) message.

Hierarchy::

    CxError                      any refusal the user should read
    ├── FileRefused              the uploaded file cannot be read at all
    │   └── UnsafeFile           it could harm the machine (zip bomb, XML entities, ...)
    ├── RowsRefused              the file was read, but rows are wrong (carries the list)
    ├── FormatAmbiguous          dates or numbers read two ways: the reading must be chosen
    ├── ImportConflict           already imported, or overlaps months already stored
    ├── InputRefused             a form or command-line value is wrong (empty title, ...)
    └── BackupRefused            a file offered for restore is not a valid backup

Every error has ``key`` (a catalog key) and ``params``; ``str(err)`` is the message in
the current language.
"""

from __future__ import annotations

from typing import Any

from cx_sme.core.i18n import t


class CxError(Exception):
    """Base class: a refusal with a translatable message."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self) -> str:

        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message()


class FileRefused(CxError):
    """The file cannot be read as a spreadsheet of this kind."""


class UnsafeFile(FileRefused):
    """The file is refused before parsing because it could exhaust or attack the machine."""


class RowsRefused(CxError):
    """Some rows are invalid; ``errors`` lists them (row number, column, value, reason)."""

    def __init__(self, key: str, errors: list[Any] | None = None, **params: Any) -> None:
        super().__init__(key, **params)
        self.errors = list(errors or [])


class InvoicesBroken(RowsRefused):
    """Some e-invoices of an upload cannot be read; ``errors`` lists them (file, reason
    key, its values)."""


class FormatAmbiguous(CxError):
    """Dates or numbers of the file read two ways; ``ambiguities`` says which and how
    (:class:`cx_sme.ingest.validation.Ambiguity`)."""

    def __init__(self, key: str, ambiguities: list[Any] | None = None, **params: Any) -> None:
        super().__init__(key, **params)
        self.ambiguities = list(ambiguities or [])


class ImportConflict(CxError):
    """The import would duplicate or overwrite data already stored."""


class InputRefused(CxError):
    """A value typed by the user is not acceptable."""


class BackupRefused(CxError):
    """A file offered for restore is not a valid backup of this app."""
