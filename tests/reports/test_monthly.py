"""The monthly report built end to end on its own connection, in the language asked."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from cx_sme.core.i18n import get_language
from cx_sme.reports import monthly


def test_build_file_gives_a_workbook_and_a_pdf(sample_db_path) -> None:
    xlsx = monthly.build_file(str(sample_db_path), "2026-10", "en", "xlsx")
    book = load_workbook(io.BytesIO(xlsx), read_only=True)
    assert len(book.sheetnames) == 5
    pdf = monthly.build_file(str(sample_db_path), "2026-10", "it", "pdf")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    assert get_language() == "it"
