"""Charts of the programme pages: a grid of assessments over time (one row per area or
trap, one column per day, the colour and the number the score), shared by the six-area
maturity and the five-traps risk."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from cx_sme.core.formatting import date as format_date
from cx_sme.core.formatting import money, percent
from cx_sme.core.i18n import t
from cx_sme.programme import six_areas, traps
from cx_sme.programme.six_areas import Assessment
from cx_sme.programme.traps import TRAPS


def history_grid(
    frame: pd.DataFrame,
    *,
    row_order: Sequence[str],
    domain: Sequence[float],
    colours: Sequence[str],
    title: str,
    row_title: str,
    value_title: str,
    dark_text_from: float | None = None,
) -> alt.TopLevelMixin:
    """``frame``: row, day (as shown), order (sortable), value, label."""
    days = list(dict.fromkeys(frame.sort_values("order")["day"]))
    grid = alt.Chart(frame).encode(
        x=alt.X("day:O", title=None, sort=days, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y(
            "row:N",
            title=None,
            sort=list(row_order),
            axis=alt.Axis(labelLimit=0, labelFontSize=13, labelOverlap=False),
        ),
    )
    text_colour = (
        alt.condition(f"datum.value >= {dark_text_from}", alt.value("white"), alt.value("#1B1F1D"))
        if dark_text_from is not None
        else alt.value("#1B1F1D")
    )
    cells = grid.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "value:Q", scale=alt.Scale(domain=list(domain), range=list(colours)), legend=None
        ),
        tooltip=[
            alt.Tooltip("row:N", title=row_title),
            alt.Tooltip("day:O", title=t("programme.plan.date")),
            alt.Tooltip("label:N", title=value_title),
        ],
    )
    labels = grid.mark_text(fontSize=15, fontWeight="bold").encode(
        text="label:N", color=text_colour
    )
    return (cells + labels).properties(height=alt.Step(34), title=title)


def maturity_chart(story: list[Assessment]) -> alt.TopLevelMixin:
    """The six areas' maturity (1–5) at every assessment day."""
    frame = pd.DataFrame(
        {
            "day": [format_date(a.assessed_on) for a in story],
            "order": [a.assessed_on for a in story],
            "row": [six_areas.area_name(a.area) for a in story],
            "value": [a.score for a in story],
            "label": [str(a.score) for a in story],
        }
    )
    return history_grid(
        frame,
        row_order=[six_areas.area_name(a) for a in six_areas.AREAS],
        domain=[1, 5],
        colours=["#F4E3C1", "#0B6E4F"],
        title=t("programme.plan.chart_title"),
        row_title=t("programme.plan.area"),
        value_title=t("programme.plan.axis_maturity"),
        dark_text_from=4,
    )


def trap_risk_chart(risks: pd.DataFrame) -> alt.TopLevelMixin:
    """Each trap's risk (0–100 %, the same unit as the history table) at every check."""
    frame = pd.DataFrame(
        {
            "day": [format_date(d.date()) for d in risks["checked_on"]],
            "order": list(risks["checked_on"]),
            "row": list(risks["name"]),
            "value": list(risks["risk"]),
            "label": [percent(r, 0) for r in risks["risk"]],
        }
    )
    return history_grid(
        frame,
        row_order=[traps.trap_name(trap) for trap in TRAPS],
        domain=[0, 50, 100],
        colours=["#CFE8DC", "#F6D58E", "#E8847A"],
        title=t("programme.traps.chart_title"),
        row_title=t("programme.traps.trap"),
        value_title=t("programme.traps.axis_risk"),
    )


def gain_bars(titles: Sequence[str], values: Sequence[float]) -> alt.TopLevelMixin:
    """The business case's three gains in euros per year, one labelled bar each."""
    frame = pd.DataFrame(
        {"part": list(titles), "euro": list(values), "label": [money(v) for v in values]}
    )
    base = alt.Chart(frame).encode(
        x=alt.X("euro:Q", title=t("programme.roi.chart_axis"), axis=None),
        y=alt.Y("part:N", title=None, sort=None, axis=alt.Axis(labelLimit=0, labelFontSize=13)),
        tooltip=[alt.Tooltip("part:N", title=" "), alt.Tooltip("label:N", title="€")],
    )
    labels = base.mark_text(align="left", dx=6, fontSize=13).encode(text="label:N")
    return (base.mark_bar(color="#0B6E4F") + labels).properties(height=150)
