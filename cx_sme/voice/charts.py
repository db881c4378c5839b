"""The key-drivers chart: each driver's risk ratio with its 95 % interval, on a log scale
so that "twice as often" and "half as often" stand at the same distance from 1."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from cx_sme.core.formatting import number
from cx_sme.core.i18n import t
from cx_sme.dashboards.charts import vega_locale
from cx_sme.voice.drivers import Driver

PRIMARY = "#1f5f8b"
WARNING = "#c0392b"
MUTED = "#8a8f98"


def drivers_chart(drivers: list[Driver], limit: int = 12) -> alt.TopLevelMixin | None:
    """Points (risk ratio) with interval bars, strongest first; None when nothing to show."""
    shown = [d for d in drivers if not math.isnan(d.impact)][:limit]
    if not shown:
        return None
    kind_names = {"touchpoint": t("voice.kind.touchpoint"), "theme": t("voice.kind.theme")}
    frame = pd.DataFrame(
        {
            "driver": [f"{d.name} ({kind_names[d.kind].lower()})" for d in shown],
            "impact": [d.impact for d in shown],
            "low": [max(d.impact_low, 0.05) for d in shown],
            "high": [min(d.impact_high, 50.0) for d in shown],
            "answers": [number(d.answers) for d in shown],
            "text": [
                f"{number(d.impact, 1)} ({number(d.impact_low, 1)} – {number(d.impact_high, 1)})"
                for d in shown
            ],
            "state": ["clear" if d.clear else "few" if d.few else "unclear" for d in shown],
        }
    )
    order = list(frame["driver"])
    y = alt.Y("driver:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x_scale = alt.Scale(type="log", domain=[0.1, 20], clamp=True)
    color = alt.Color(
        "state:N",
        scale=alt.Scale(domain=["clear", "unclear", "few"], range=[WARNING, PRIMARY, MUTED]),
        legend=None,
    )
    tooltip = [
        alt.Tooltip("driver:N", title=t("voice.chart.driver")),
        alt.Tooltip("text:N", title=t("voice.chart.impact")),
        alt.Tooltip("answers:N", title=t("voice.chart.answers")),
    ]
    base = alt.Chart(frame)
    bars = base.mark_rule(strokeWidth=3).encode(
        y=y, x=alt.X("low:Q", scale=x_scale, title=t("voice.chart.axis")), x2="high:Q",
        color=color, tooltip=tooltip,
    )  # fmt: skip
    points = base.mark_point(filled=True, size=90).encode(
        y=y, x=alt.X("impact:Q", scale=x_scale), color=color, tooltip=tooltip
    )
    one = (
        alt.Chart(pd.DataFrame({"x": [1.0]}))
        .mark_rule(strokeDash=[4, 4], color="#333")
        .encode(x=alt.X("x:Q", scale=x_scale))
    )
    chart = (bars + points + one).properties(height=max(140, 30 * len(frame)))
    return chart.configure(locale=vega_locale()).configure_view(stroke=None)
