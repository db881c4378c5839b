"""The one-page PDF for the owner (reportlab, charts drawn offline with matplotlib).

One A4 page: the eight headline KPIs with their change on the month before and a
traffic light against the target, three small charts (revenue, NPS, the month's
complaints by touchpoint) and the most urgent open actions. If the content grows (long
action titles) the page is scaled down, never split: it is always one page.

Text users typed (action titles, owners, touchpoint names) is escaped before it reaches
reportlab's paragraph markup, and ``$`` is escaped before matplotlib's mathtext, so a
title like ``<img src=x onerror=alert(1)>`` prints literally. The font is DejaVu Sans
(shipped with matplotlib), which covers accents, the euro sign and most alphabets.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from cx_sme.core.formatting import date, month_label, number
from cx_sme.core.i18n import t
from cx_sme.kpi.catalog import format_change, format_value, info, label
from cx_sme.reports.data import HEADLINE, MonthlyReport

FONT, FONT_BOLD = "CxSans", "CxSans-Bold"
BRAND = "#0B6E4F"
PALE = "#9CC5B5"
INK = "#1B1F1D"
MUTED = "#5B6661"
CARD = "#F2F5F3"
LIGHT_COLOURS = {"green": "#1A7F37", "amber": "#B7791F", "red": "#C62828"}
MAX_ACTIONS = 8
MAX_TITLE = 140
PAGE_W, PAGE_H = A4
MARGIN = 13 * mm


def _register_fonts() -> None:
    """DejaVu Sans from matplotlib's data folder (registered once per process)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def plain(text: object, limit: int | None = None) -> str:
    """User text made safe for a reportlab Paragraph: cut, then markup escaped.

    >>> plain("<img src=x onerror=alert(1)> & co")
    '&lt;img src=x onerror=alert(1)&gt; &amp; co'
    >>> plain("abcdef", 4)
    'abc…'
    """
    value = "" if text is None else " ".join(str(text).split())
    if limit and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return escape(value)


def chart_text(text: object, limit: int = 30) -> str:
    r"""User text for a matplotlib label: cut, and ``$`` escaped so no mathtext runs.

    >>> chart_text("Costo $x$ spedizione")
    'Costo \\$x\\$ spedizione'
    """
    value = "" if text is None else " ".join(str(text).split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value.replace("$", r"\$")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=8, leading=10, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22, textColor=BRAND
        ),
        "sub": ParagraphStyle("sub", parent=base, fontSize=8.5, textColor=MUTED),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=4
        ),
        "label": ParagraphStyle("label", parent=base, fontSize=7.5, leading=9, textColor=MUTED),
        "value": ParagraphStyle("value", parent=base, fontName=FONT_BOLD, fontSize=15, leading=18),
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=8.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.5, alignment=TA_LEFT),
        "head": ParagraphStyle(
            "head", parent=base, fontName=FONT_BOLD, fontSize=8, textColor=colors.white
        ),
        "note": ParagraphStyle("note", parent=base, fontSize=7, leading=8.5, textColor=MUTED),
    }


# --- KPI cards ----------------------------------------------------------------------------


def _light_text(report: MonthlyReport, key: str) -> str:
    line = report.lines.get(key)
    if line is None or line.target is None:
        return t("reports.pdf.no_target")
    target = format_value(key, line.target)
    if line.light is None:
        return t("reports.pdf.target", target=target)
    colour = LIGHT_COLOURS[line.light]
    word = t(f"reports.light.{line.light}")
    return (
        f'<font color="{colour}">●</font> '
        f"{escape(t('reports.pdf.target', target=target))} · "
        f'<font color="{colour}"><b>{escape(word)}</b></font>'
    )


def _card(report: MonthlyReport, key: str, styles: dict[str, ParagraphStyle]) -> list:
    line = report.lines.get(key)
    value = format_value(key, line.value if line else None)
    kpi = info(key)
    change = None
    if line and line.value is not None and line.previous is not None:
        relative = kpi.change == "relative" and line.previous != 0
        delta = (
            (line.value - line.previous) / abs(line.previous) * 100
            if relative
            else line.value - line.previous
        )
        change = format_change(key, delta, relative=relative)
    vs = t("reports.pdf.vs_previous", change=change) if change else t("reports.pdf.no_previous")
    return [
        Paragraph(escape(label(key, sla_days=report.sla_days)), styles["label"]),
        Paragraph(escape(value), styles["value"]),
        Paragraph(escape(vs), styles["small"]),
        Paragraph(_light_text(report, key), styles["small"]),
    ]


def _cards(report: MonthlyReport, styles: dict[str, ParagraphStyle], width: float) -> Table:
    cells = [_card(report, key, styles) for key in HEADLINE]
    rows = [cells[0:4], cells[4:8]]
    gap = 3 * mm
    table = Table(rows, colWidths=[(width - 3 * gap) / 4 + gap * 3 / 4] * 4)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(CARD)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
                ("LINEBELOW", (0, 0), (-1, 0), 3, colors.white),
            ]
        )
    )
    return table


# --- charts -------------------------------------------------------------------------------


def _figure(width_mm: float, height_mm: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=220)
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color("#B8C2BD")
    axes.spines["bottom"].set_color("#B8C2BD")
    axes.tick_params(labelsize=5.5, colors=MUTED, length=2)
    return figure, axes


def _png(figure: Figure, width_mm: float, height_mm: float) -> Image:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=220)
    buffer.seek(0)
    return Image(buffer, width=width_mm * mm, height=height_mm * mm)


def _month_ticks(report: MonthlyReport) -> list[str]:
    """One letter per month; the year under the first month and under each January."""
    ticks = []
    for n, month in enumerate(report.months):
        letter = month_label(month, "narrow")[:1].upper()
        ticks.append(f"{letter}\n{month[:4]}" if n == 0 or month.endswith("-01") else letter)
    return ticks


def _title(figure: Figure, text: str) -> None:
    figure.text(0.01, 0.985, chart_text(text, 80), fontsize=7, color=INK, ha="left", va="top")


def _series(report: MonthlyReport, key: str) -> list[float]:
    if key not in report.table.columns:
        return [math.nan] * len(report.months)
    return [float(v) if v == v else math.nan for v in report.table[key].tolist()]


def _revenue_chart(report: MonthlyReport, w: float, h: float) -> Image:
    figure, axes = _figure(w, h)
    values = _series(report, "revenue")
    shown = [0 if math.isnan(v) else v for v in values]
    bars = [BRAND if m == report.month else PALE for m in report.months]
    axes.bar(range(len(shown)), shown, color=bars, width=0.7)
    axes.set_xticks(range(len(shown)), _month_ticks(report))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _compact_money(v)))
    _title(figure, t("reports.pdf.chart_revenue"))
    figure.tight_layout(pad=0.4, rect=(0, 0, 1, 0.93))
    return _png(figure, w, h)


def _compact_money(value: float) -> str:
    """``12.500`` → ``12,5k €`` in Italian (the chart's axis)."""
    if abs(value) >= 1000:
        whole = value % 1000 == 0 or abs(value) >= 10_000
        return t("reports.pdf.thousands", value=number(value / 1000, 0 if whole else 1))
    return number(value, 0)


def _nps_chart(report: MonthlyReport, w: float, h: float) -> Image:
    figure, axes = _figure(w, h)
    values = _series(report, "nps")
    xs = list(range(len(values)))
    axes.axhline(0, color="#B8C2BD", linewidth=0.6)
    axes.plot(xs, values, color=BRAND, linewidth=1.2, marker="o", markersize=2.2)
    target = report.lines["nps"].target if "nps" in report.lines else None
    if target is not None:
        axes.axhline(target, color=LIGHT_COLOURS["amber"], linewidth=0.8, linestyle="--")
    axes.set_xticks(xs, _month_ticks(report))
    finite = [v for v in values if not math.isnan(v)] + ([target] if target is not None else [])
    low = min([*finite, 0.0]) - 10
    high = max([*finite, 0.0]) + 10
    axes.set_ylim(max(-100, low), min(100, high))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:+.0f}" if v else "0"))
    title = t("reports.pdf.chart_nps") + (
        "  " + t("reports.pdf.chart_target_dashed") if target is not None else ""
    )
    _title(figure, title)
    figure.tight_layout(pad=0.4, rect=(0, 0, 1, 0.93))
    return _png(figure, w, h)


def _complaints_chart(report: MonthlyReport, w: float, h: float) -> Image:
    figure, axes = _figure(w, h)
    counted = sorted(
        ((tp.evidence.complaints, tp.name) for tp in report.touchpoints if tp.evidence.complaints),
        key=lambda pair: (-pair[0], pair[1]),
    )[:6]
    _title(figure, t("reports.pdf.chart_complaints"))
    if not counted:
        axes.set_axis_off()
        axes.text(
            0.5, 0.5, chart_text(t("reports.pdf.no_complaints"), 60),
            ha="center", va="center", fontsize=6.5, color=MUTED, transform=axes.transAxes,
        )  # fmt: skip
    else:
        names = [chart_text(name, 24) for _, name in counted]
        values = [n for n, _ in counted]
        axes.barh(range(len(values)), values, color=BRAND, height=0.6)
        axes.set_yticks(range(len(values)), names)
        # the largest at the top, bars keeping their thickness when there are few
        axes.set_ylim(max(len(values), 5) - 0.4, -0.6)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        for y, v in enumerate(values):
            axes.text(v, y, f" {v}", va="center", fontsize=5.5, color=INK)
    figure.tight_layout(pad=0.4, rect=(0, 0, 1, 0.93))
    return _png(figure, w, h)


# --- actions ------------------------------------------------------------------------------


def _actions_table(
    report: MonthlyReport, styles: dict[str, ParagraphStyle], width: float
) -> Table | Paragraph:
    chosen = report.open_actions(MAX_ACTIONS)
    if not chosen:
        return Paragraph(escape(t("reports.pdf.no_actions")), styles["cell"])
    head = [
        Paragraph(escape(t(f"reports.action.{c}")), styles["head"])
        for c in ("title", "owner", "due", "status")
    ]
    rows = [head]
    for action in chosen:
        overdue = report.is_overdue(action)
        due = date(action.due) if action.due else "—"
        if overdue:
            due_text = (
                f'<font color="{LIGHT_COLOURS["red"]}"><b>'
                f"{escape(t('reports.pdf.overdue_since', date=due))}</b></font>"
            )
        else:
            due_text = escape(due)
        rows.append(
            [
                Paragraph(plain(action.title, MAX_TITLE), styles["cell"]),
                Paragraph(plain(action.owner or "—", 40), styles["cell"]),
                Paragraph(due_text, styles["cell"]),
                Paragraph(escape(t(f"team.status.{action.status}")), styles["cell"]),
            ]
        )
    table = Table(rows, colWidths=[width * 0.56, width * 0.16, width * 0.15, width * 0.13])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(BRAND)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(CARD)]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _in_brief(report: MonthlyReport) -> list[str]:
    """A few facts that ask for action (each escaped; numbers in bold)."""
    facts = []
    for key, message in (
        ("open_backlog", "reports.pdf.brief_backlog"),
        ("detractors", "reports.pdf.brief_detractors"),
        ("revenue_at_risk", "reports.pdf.brief_at_risk"),
    ):
        line = report.lines.get(key)
        if line is not None and line.value is not None:
            facts.append(_bold_value(message, format_value(key, line.value)))
    overdue = sum(1 for a in report.open_actions() if report.is_overdue(a))
    facts.append(_bold_value("reports.pdf.brief_overdue", number(overdue)))
    return facts


def _bold_value(key: str, value: str) -> str:
    marker = "\x00"
    text = escape(t(key, value=marker))
    return text.replace(marker, f"<b>{escape(value)}</b>")


# --- the page -----------------------------------------------------------------------------


def _story(report: MonthlyReport) -> list:
    styles = _styles()
    width = PAGE_W - 2 * MARGIN
    when = f"{date(report.generated_at.date())} {report.generated_at:%H:%M}"
    story: list = [
        Paragraph(escape(t("reports.title", month=report.month_title)), styles["title"]),
        Paragraph(escape(t("reports.generated", when=when)), styles["sub"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(t("reports.pdf.headline")), styles["h2"]),
        Spacer(1, 1.5 * mm),
        _cards(report, styles, width),
        Spacer(1, 4 * mm),
        Paragraph(escape(t("reports.pdf.trends")), styles["h2"]),
        Spacer(1, 1 * mm),
    ]
    chart_w = (width / mm - 6) / 3
    chart_h = 58.0
    charts = Table(
        [
            [
                _revenue_chart(report, chart_w, chart_h),
                _nps_chart(report, chart_w, chart_h),
                _complaints_chart(report, chart_w, chart_h),
            ]
        ],
        colWidths=[chart_w * mm + 3 * mm] * 3,
    )
    charts.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [
        charts,
        Spacer(1, 3 * mm),
        Paragraph(escape(t("reports.pdf.in_brief")), styles["h2"]),
        Spacer(1, 1 * mm),
        *[Paragraph(text, styles["cell"], bulletText="•") for text in _in_brief(report)],
        Spacer(1, 4 * mm),
        Paragraph(escape(t("reports.pdf.actions")), styles["h2"]),
        Spacer(1, 1.5 * mm),
        _actions_table(report, styles, width),
        Spacer(1, 4 * mm),
    ]
    notes = [t("reports.pdf.footer", sla_days=report.sla_days)]
    if report.warm_up:
        notes.append(t("reports.warm_up"))
    story += [Paragraph(escape(n), styles["note"]) for n in notes]
    return story


def pdf_bytes(report: MonthlyReport) -> bytes:
    """The one-page PDF of ``report``."""
    _register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=t("reports.title", month=report.month_title),
        author=t("common.app_title"),
        creator=t("common.app_title"),
    )
    frame_w = PAGE_W - 2 * MARGIN
    frame_h = PAGE_H - 2 * MARGIN - 1  # the frame's own padding is off below
    page = KeepInFrame(frame_w - 12, frame_h - 12, _story(report), mode="shrink")
    document.build([page])
    return buffer.getvalue()


def write_pdf(report: MonthlyReport, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes(report))
    return path
