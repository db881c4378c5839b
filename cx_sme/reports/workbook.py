"""The monthly Excel workbook (openpyxl).

Five sheets: the KPIs over thirteen months with the report month's target and light,
the complaints, the survey answers, the touchpoints (team score beside the month's
evidence) and the action plan. Numbers stay numbers with Excel number formats (Excel
shows them the Italian way, ``1.234,56 €``, on an Italian computer); rates are real
percentages. Headers are styled, panes frozen, tables filterable. Every text a user
typed goes through :mod:`cx_sme.core.safe_cells`, so it is never a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cx_sme.company.touchpoints import phase_label
from cx_sme.core.formatting import date, month_label, period_label
from cx_sme.core.i18n import t
from cx_sme.core.safe_cells import write_text, write_value
from cx_sme.kpi.catalog import CATALOG, label
from cx_sme.reports.data import SECTIONS, MonthlyReport, nps_group
from cx_sme.team import actions as action_plan

BRAND = "0B6E4F"
HEADER_FILL = PatternFill("solid", start_color=BRAND, end_color=BRAND)
HEADER_FONT = Font(bold=True, color="FFFFFF")
SECTION_FILL = PatternFill("solid", start_color="E3EFE9", end_color="E3EFE9")
LIGHT_FILLS = {
    "green": PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE"),
    "amber": PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
    "red": PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
}
THIN = Side(style="thin", color="C9D3CE")
GRID = Border(bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = {"it": "dd/mm/yyyy", "en": "yyyy-mm-dd"}


def number_format(key: str) -> str:
    """The Excel number format of a KPI (percentages are stored as fractions).

    >>> number_format("revenue"), number_format("retention_rate"), number_format("nps")
    ('#,##0 "€"', '0.0%', '+0;-0;0')
    """
    kpi = CATALOG[key]
    decimals = "." + "0" * kpi.decimals if kpi.decimals else ""
    if kpi.unit == "money":
        return f'#,##0{decimals} "€"'
    if kpi.unit == "percent":
        return f"0{decimals}%"
    if kpi.signed_value:
        return f"+0{decimals};-0{decimals};0{decimals}"
    return f"#,##0{decimals}"


def excel_value(key: str, value: float | None) -> float | None:
    """The number written in the cell: percentages on the 0–1 scale Excel formats."""
    if value is None:
        return None
    return value / 100 if CATALOG[key].unit == "percent" else value


def build_workbook(report: MonthlyReport) -> Workbook:
    """The workbook of ``report`` (in the language the report was gathered in)."""
    workbook = Workbook()
    workbook.properties.creator = t("common.app_title")
    workbook.properties.title = t("reports.title", month=report.month_title)
    _kpi_sheet(workbook.active, report)
    _complaints_sheet(workbook.create_sheet(), report)
    _surveys_sheet(workbook.create_sheet(), report)
    _touchpoints_sheet(workbook.create_sheet(), report)
    _actions_sheet(workbook.create_sheet(), report)
    return workbook


def workbook_bytes(report: MonthlyReport) -> bytes:
    buffer = io.BytesIO()
    build_workbook(report).save(buffer)
    return buffer.getvalue()


def write_workbook(report: MonthlyReport, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(report))
    return path


# --- helpers ------------------------------------------------------------------------------


def _title_block(sheet: Worksheet, title: str, lines: Sequence[str]) -> int:
    """A bold title and a few plain lines; returns the next free row."""
    write_text(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14, color=BRAND)
    for n, text in enumerate(lines, start=2):
        write_text(sheet.cell(row=n, column=1), text)
        sheet.cell(row=n, column=1).font = Font(italic=True, color="55605B")
    return len(lines) + 3


def _header(sheet: Worksheet, row: int, titles: Sequence[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column)
        write_text(cell, title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.row_dimensions[row].height = 32


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    """Landscape A4, all columns on one page width, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _table(
    sheet: Worksheet,
    header_row: int,
    titles: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: dict[int, str],
    wrap: set[int],
    empty_text: str,
) -> None:
    """Header, rows, formats; frozen below the header; filterable."""
    _header(sheet, header_row, titles)
    for r, values in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            write_value(cell, value)
            if c in formats:
                cell.number_format = formats[c]
            if c in wrap:
                cell.alignment = WRAP
            cell.border = GRID
    if not rows:
        write_text(sheet.cell(row=header_row + 1, column=1), empty_text)
        sheet.cell(row=header_row + 1, column=1).font = Font(italic=True)
    last = header_row + max(len(rows), 1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(titles))}{last}"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    _print_setup(sheet, header_row)


def _sheet_name(key: str) -> str:
    name = t(key)
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31]


# --- sheets -------------------------------------------------------------------------------


def _kpi_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.title = _sheet_name("reports.sheet.kpis")
    notes = [
        t(
            "reports.generated",
            when=f"{date(report.generated_at.date())} {report.generated_at:%H:%M}",
        ),
        t("reports.xlsx.kpi_note", sla_days=report.sla_days),
    ]
    if report.warm_up:
        notes.append(t("reports.warm_up"))
    if report.pseudonymised:
        notes.append(t("reports.pseudonymised"))
    header_row = _title_block(sheet, t("reports.title", month=report.month_title), notes)
    month_titles = [month_label(m, "abbreviated") for m in report.months]
    titles = [
        t("reports.col.kpi"),
        *month_titles,
        t("reports.col.target_of", month=month_label(report.month, "abbreviated")),
        t("reports.col.outcome"),
        t("reports.col.what_it_counts"),
    ]
    _header(sheet, header_row, titles)
    target_col = len(report.months) + 2
    row = header_row + 1
    for section in SECTIONS:
        keys = [k for k in report.table.columns if CATALOG[k].dataset == section]
        if not keys:
            continue
        cell = sheet.cell(row=row, column=1)
        write_text(cell, t(f"reports.section.{section}"))
        for column in range(1, len(titles) + 1):
            sheet.cell(row=row, column=column).fill = SECTION_FILL
        cell.font = Font(bold=True)
        row += 1
        for key in keys:
            line = report.lines[key]
            write_text(sheet.cell(row=row, column=1), label(key, sla_days=report.sla_days))
            fmt = number_format(key)
            for offset, month in enumerate(report.months):
                cell = sheet.cell(row=row, column=2 + offset)
                raw = report.table.at[month, key]
                write_value(cell, excel_value(key, None if raw != raw else float(raw)))
                cell.number_format = fmt
                if month == report.month:
                    cell.font = Font(bold=True)
            target = sheet.cell(row=row, column=target_col)
            write_value(target, excel_value(key, line.target))
            target.number_format = fmt
            outcome = sheet.cell(row=row, column=target_col + 1)
            if line.light:
                write_text(outcome, t(f"reports.light.{line.light}"))
                outcome.fill = LIGHT_FILLS[line.light]
            caption = sheet.cell(row=row, column=target_col + 2)
            write_text(caption, t(CATALOG[key].caption_key, sla_days=report.sla_days))
            caption.alignment = Alignment(wrap_text=False, vertical="top")
            for column in range(1, len(titles) + 1):
                sheet.cell(row=row, column=column).border = GRID
            row += 1
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    _print_setup(sheet, header_row)
    # on paper the table without the long captions, so it stays legible
    sheet.print_area = f"A1:{get_column_letter(target_col + 1)}{row - 1}"
    _widths(sheet, [34, *[11] * len(report.months), 14, 12, 90])


def _complaints_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.title = _sheet_name("reports.sheet.complaints")
    header_row = _title_block(
        sheet,
        t("reports.xlsx.complaints_title", month=report.month_title),
        [t("reports.xlsx.complaints_note")],
    )
    frame = report.complaints
    yes, no = t("reports.yes"), t("reports.no")
    rows = [
        [
            r.opened,
            r.closed,
            yes if r.open_at_end else no,
            r.customer_id,
            None if report.pseudonymised else r.customer_name,
            r.touchpoint,
            r.category,
            r.department,
            r.owner,
            r.channel,
            r.description,
            r.cost,
        ]
        for r in frame.itertuples(index=False)
    ]
    titles = [t(f"reports.complaint.{c}") for c in _COMPLAINT_COLUMNS]
    date_fmt = DATE_FORMAT.get(report.language, "dd/mm/yyyy")
    _table(
        sheet,
        header_row,
        titles,
        rows,
        {1: date_fmt, 2: date_fmt, 12: '#,##0.00 "€"'},
        {11},
        t("reports.xlsx.none"),
    )
    _widths(sheet, [12, 12, 10, 16, 30, 24, 18, 18, 16, 14, 60, 12])


_COMPLAINT_COLUMNS = (
    "opened", "closed", "open_at_end", "customer", "customer_name", "touchpoint", "category",
    "department", "owner", "channel", "description", "cost",
)  # fmt: skip
_SURVEY_COLUMNS = (
    "date", "customer", "customer_name", "nps", "group", "csat", "ces", "touchpoint", "comment",
)  # fmt: skip


def _surveys_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.title = _sheet_name("reports.sheet.surveys")
    header_row = _title_block(sheet, t("reports.xlsx.surveys_title", month=report.month_title), [])
    groups = {g: t(f"reports.nps_group.{g}") for g in ("promoter", "passive", "detractor")}
    rows = []
    for r in report.surveys.itertuples(index=False):
        group = nps_group(r.nps)
        rows.append(
            [
                r.date,
                r.customer_id,
                None if report.pseudonymised else r.customer_name,
                r.nps,
                groups[group] if group else None,
                r.csat,
                r.ces,
                r.touchpoint,
                r.comment,
            ]
        )
    titles = [t(f"reports.survey.{c}") for c in _SURVEY_COLUMNS]
    _table(
        sheet,
        header_row,
        titles,
        rows,
        {1: DATE_FORMAT.get(report.language, "dd/mm/yyyy"), 4: "0", 6: "0", 7: "0"},
        {9},
        t("reports.xlsx.none"),
    )
    _widths(sheet, [12, 16, 30, 8, 14, 8, 8, 24, 80])


def _touchpoints_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.title = _sheet_name("reports.sheet.touchpoints")
    header_row = _title_block(
        sheet,
        t("reports.xlsx.touchpoints_title", month=report.month_title),
        [t("reports.xlsx.touchpoints_note")],
    )
    rows = []
    for tp in report.touchpoints:
        ev = tp.evidence
        rows.append(
            [
                phase_label(tp.phase),
                tp.name,
                tp.department,
                tp.score,
                _iso_date(tp.scored_on),
                tp.score_change,
                ev.complaints,
                ev.complaints_previous,
                ev.open_complaints,
                ev.mean_csat,
                ev.csat_answers,
                ev.nps,
                ev.nps_answers,
            ]
        )
    titles = [t(f"reports.touchpoint.{c}") for c in _TOUCHPOINT_COLUMNS]
    _table(
        sheet,
        header_row,
        titles,
        rows,
        {
            5: DATE_FORMAT.get(report.language, "dd/mm/yyyy"),
            6: "+0;-0;0",
            10: "0.0",
            12: "+0;-0;0",
        },
        set(),
        t("reports.xlsx.none"),
    )
    _widths(sheet, [22, 28, 20, 10, 12, 10, 12, 12, 12, 12, 10, 10, 10])


_TOUCHPOINT_COLUMNS = (
    "phase", "name", "department", "score", "scored_on", "score_change", "complaints",
    "complaints_previous", "open", "mean_csat", "csat_answers", "nps", "nps_answers",
)  # fmt: skip
_ACTION_COLUMNS = (
    "title", "touchpoint", "kpi", "owner", "department", "due", "status", "overdue",
    "baseline", "target", "result", "measured_on", "notes",
)  # fmt: skip


def _actions_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.title = _sheet_name("reports.sheet.actions")
    header_row = _title_block(
        sheet,
        t("reports.xlsx.actions_title"),
        [t("reports.xlsx.actions_note", month=period_label(report.month))],
    )
    yes = t("reports.yes")
    kpi_name: Callable[[str | None], str | None] = lambda key: (  # noqa: E731
        label(key, sla_days=report.sla_days) if key in CATALOG else key
    )
    rows = []
    for action in report.actions:
        rows.append(
            [
                action.title,
                report.touchpoint_names.get(action.touchpoint_id or -1),
                kpi_name(action.kpi),
                action.owner,
                report.department_names.get(action.department or "", action.department),
                _iso_date(action.due),
                action_plan.status_label(action.status),
                yes if report.is_overdue(action) else None,
                action.baseline,
                action.target,
                action.result,
                _iso_date(action.measured_on),
                action.notes,
            ]
        )
    titles = [t(f"reports.action.{c}") for c in _ACTION_COLUMNS]
    date_fmt = DATE_FORMAT.get(report.language, "dd/mm/yyyy")
    _table(
        sheet,
        header_row,
        titles,
        rows,
        {6: date_fmt, 12: date_fmt},
        {1, 13},
        t("reports.xlsx.none"),
    )
    for r, action in enumerate(report.actions, start=header_row + 1):
        if report.is_overdue(action):
            sheet.cell(row=r, column=8).fill = LIGHT_FILLS["red"]
    _widths(sheet, [44, 22, 22, 16, 18, 12, 12, 10, 10, 10, 10, 12, 50])


def _iso_date(value: str | None) -> Any:

    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return value
