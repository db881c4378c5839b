"""The monthly report built end to end: gather the month's data, then write the workbook or
the PDF (kept apart from :mod:`cx_sme.reports.data` so that the data module does not
import its own consumers)."""

from __future__ import annotations

from cx_sme.core import db
from cx_sme.core.i18n import set_language
from cx_sme.reports import pdf, workbook
from cx_sme.reports.data import gather


def build_file(db_path: str, month: str, language: str, kind: str) -> bytes:
    """The report of ``month`` as ``xlsx`` or ``pdf`` bytes, on a connection of its own and
    in ``language``: safe to run on another thread (a deferred download button)."""
    set_language(language)
    conn = db.open_connection(db_path)
    try:
        report = gather(conn, month)
    finally:
        conn.close()
    if kind == "xlsx":
        return workbook.workbook_bytes(report)
    return pdf.pdf_bytes(report)
