"""Altair charts of the dashboards, always fed with aggregated data (a few hundred rows at
most, never the raw sales lines).

Periods are shown with the current language's month names (``nov 2025``) on an ordered
axis, numbers with its separators (the Vega locale is set in the chart's config), and
every tooltip shows the value already formatted the way the metric cards show it.

>>> from cx_sme.core.i18n import set_language
>>> set_language("it")
>>> spec = vega_locale()
>>> spec.number.decimal, spec.number.thousands
(',', '.')
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
from babel import dates

from cx_sme.core import formatting
from cx_sme.core.formatting import month_label, period_label
from cx_sme.core.i18n import get_language, t
from cx_sme.core.periods import granularity_of
from cx_sme.kpi.catalog import format_value, info, label

PRIMARY = "#0B6E4F"
NEUTRAL = "#9AA5A0"
WARNING = "#D9822B"
DANGER = "#C0392B"
# Colour-blind friendly categorical palette, brand green first.
PALETTE = ["#0B6E4F", "#D9822B", "#3B6FB6", "#B8487A", "#7A8B2C", "#6B5CA5", "#9AA5A0"]
HEIGHT = 260


def vega_locale() -> alt.Locale:
    """Number and month formats of the current language for Vega."""
    if get_language() == "it":
        number = alt.NumberLocale(
            decimal=",", thousands=".", grouping=[3], currency=["", "\u00a0€"]
        )
    else:
        number = alt.NumberLocale(decimal=".", thousands=",", grouping=[3], currency=["€", ""])

    loc = formatting.locale()
    months = dates.get_month_names("wide", locale=loc)
    short = dates.get_month_names("abbreviated", locale=loc)
    days = dates.get_day_names("wide", locale=loc)
    short_days = dates.get_day_names("abbreviated", locale=loc)
    time = alt.TimeLocale(
        dateTime="%A %e %B %Y, %X",
        date="%d/%m/%Y",
        time="%H:%M:%S",
        periods=["AM", "PM"],
        days=[days[(i + 6) % 7] for i in range(7)],  # Vega starts on Sunday
        shortDays=[short_days[(i + 6) % 7] for i in range(7)],
        months=[months[i] for i in range(1, 13)],
        shortMonths=[short[i] for i in range(1, 13)],
    )
    return alt.Locale(number=number, time=time)


def _finish(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(locale=vega_locale()).configure_view(stroke=None)


def period_text(period: str) -> str:
    """A period as an axis label: ``nov 2025``, ``T4 2025``, ``2025``."""
    if granularity_of(period) == "month":
        return month_label(period, "abbreviated")
    return period_label(period)


def label_expr(pattern: str = ",.0f", *, money: bool = False) -> str:
    """A Vega label expression for numbers (separators come from :func:`vega_locale`),
    with the euro sign where the current language puts it.

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it")
    >>> label_expr(money=True)
    "format(datum.value, ',.0f') + '\xa0€'"
    >>> set_language("en")
    >>> label_expr(money=True)
    "'€' + format(datum.value, ',.0f')"
    """
    text = f"format(datum.value, '{pattern}')"
    if not money:
        return text
    return text + " + '\u00a0€'" if get_language() == "it" else "'€' + " + text


def _axis_for(key: str) -> alt.Axis:
    kpi = info(key)
    pattern = ",.0f" if kpi.decimals == 0 or kpi.unit in ("money", "percent") else ",.1f"
    return alt.Axis(labelExpr=label_expr(pattern, money=kpi.unit == "money"))


def _period_x(periods: Sequence[str], title: str | None = None) -> alt.X:
    return alt.X(
        "when:N",
        sort=[period_text(p) for p in periods],
        title=title,
        axis=alt.Axis(labelAngle=0, labelOverlap="greedy"),
    )


def kpi_lines(
    table: pd.DataFrame, keys: Sequence[str], periods: Sequence[str], *, sla_days: int = 7
) -> alt.TopLevelMixin:
    """One line per KPI over the periods (KPIs of the same unit only)."""
    rows = []
    for key in keys:
        for p in periods:
            value = table.at[p, key] if p in table.index and key in table else None
            if value is None or pd.isna(value):
                continue
            rows.append(
                {
                    "when": period_text(p),
                    "kpi": label(key, sla_days=sla_days),
                    "value": float(value),
                    "text": format_value(key, float(value)),
                }
            )
    data = pd.DataFrame(rows, columns=["when", "kpi", "value", "text"])
    unit_title = t(f"dash.chart.unit.{info(keys[0]).unit}")
    base = alt.Chart(data).encode(
        x=_period_x(periods),
        y=alt.Y("value:Q", title=unit_title, axis=_axis_for(keys[0])),
        color=alt.Color(
            "kpi:N",
            title=None,
            scale=alt.Scale(range=PALETTE),
            sort=[label(k, sla_days=sla_days) for k in keys],
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=260)
            if len(keys) > 1
            else None,
        ),
        tooltip=[
            alt.Tooltip("when:N", title=t("dash.chart.period")),
            alt.Tooltip("kpi:N", title=t("dash.chart.kpi")),
            alt.Tooltip("text:N", title=t("dash.chart.value")),
        ],
    )
    chart = base.mark_line(point=True, strokeWidth=2.5).properties(height=HEIGHT)
    return _finish(chart)


def stacked_bars(
    data: pd.DataFrame,
    periods: Sequence[str],
    *,
    value_title: str,
    money: bool = False,
    order: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
) -> alt.TopLevelMixin:
    """Bars per period stacked by group. ``data``: period, group, value, text."""
    frame = data.copy()
    frame["when"] = [period_text(p) for p in frame["period"]]
    groups = list(order) if order is not None else list(dict.fromkeys(frame["group"]))
    frame["rank"] = [groups.index(g) if g in groups else len(groups) for g in frame["group"]]
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=_period_x(periods),
            y=alt.Y(
                "value:Q",
                title=value_title,
                stack="zero",
                axis=alt.Axis(labelExpr=label_expr(money=money)),
            ),
            color=alt.Color(
                "group:N",
                title=None,
                sort=groups,
                scale=alt.Scale(domain=groups, range=list(colors or PALETTE)[: len(groups)]),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=260),
            ),
            order=alt.Order("rank:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("when:N", title=t("dash.chart.period")),
                alt.Tooltip("group:N", title=t("dash.chart.group")),
                alt.Tooltip("text:N", title=t("dash.chart.value")),
            ],
        )
        .properties(height=HEIGHT)
    )
    return _finish(chart)


def split_bars(
    table: pd.DataFrame,
    periods: Sequence[str],
    parts: Sequence[tuple[str, str, str]],
    *,
    money: bool = False,
    value_title: str,
) -> alt.TopLevelMixin:
    """Stacked bars of KPI columns per period; ``parts`` = (column, label, colour)."""
    rows = []
    for p in periods:
        if p not in table.index:
            continue
        for column, group, _ in parts:
            value = table.at[p, column]
            if pd.isna(value):
                continue
            value = float(value)
            text = formatting.money(value, 0) if money else formatting.number(value)
            rows.append({"period": p, "group": group, "value": value, "text": text})
    data = pd.DataFrame(rows, columns=["period", "group", "value", "text"])
    return stacked_bars(
        data,
        periods,
        value_title=value_title,
        money=money,
        order=[label for _, label, _ in parts],
        colors=[colour for _, _, colour in parts],
    )


def revenue_new_vs_returning(table: pd.DataFrame, periods: Sequence[str]) -> alt.TopLevelMixin:
    """Revenue per period split between customers who had bought before and new ones."""
    frame = table.reindex(columns=["revenue", "revenue_returning"]).copy()
    known = frame["revenue"].notna()
    frame.loc[known, "revenue_returning"] = frame.loc[known, "revenue_returning"].fillna(0.0)
    frame["revenue_new"] = frame["revenue"] - frame["revenue_returning"]
    return split_bars(
        frame,
        periods,
        [
            ("revenue_returning", t("dash.chart.revenue_returning"), PRIMARY),
            ("revenue_new", t("dash.chart.revenue_new"), WARNING),
        ],
        money=True,
        value_title=t("dash.chart.unit.money"),
    )


def customers_new_vs_returning(table: pd.DataFrame, periods: Sequence[str]) -> alt.TopLevelMixin:
    """Active customers per period: those who had bought before and the new ones."""
    return split_bars(
        table,
        periods,
        [
            ("returning_customers", t("dash.chart.returning_customers"), PRIMARY),
            ("new_customers", t("dash.chart.new_customers"), WARNING),
        ],
        value_title=t("dash.chart.unit.customers"),
    )


def nps_groups(table: pd.DataFrame, periods: Sequence[str]) -> alt.TopLevelMixin:
    """Promoters, passives and detractors per period."""
    return split_bars(
        table,
        periods,
        [
            ("promoters", t("dash.kpi.promoters"), PRIMARY),
            ("passives", t("dash.kpi.passives"), NEUTRAL),
            ("detractors", t("dash.kpi.detractors"), DANGER),
        ],
        value_title=t("dash.chart.unit.answers"),
    )


def ranking(
    data: pd.DataFrame,
    *,
    value_title: str,
    money: bool = False,
    highlight: str | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars, largest first. ``data``: group, value, text."""
    frame = data.copy()
    frame["highlight"] = [g == highlight for g in frame["group"]]
    height = max(120, 28 * len(frame))
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "group:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)
            ),
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(labelExpr=label_expr(money=money))),
            color=alt.condition(alt.datum.highlight, alt.value(WARNING), alt.value(PRIMARY)),
            tooltip=[
                alt.Tooltip("group:N", title=t("dash.chart.group")),
                alt.Tooltip("text:N", title=t("dash.chart.value")),
            ],
        )
        .properties(height=height)
    )
    return _finish(chart)


def compare_bars(
    data: pd.DataFrame,
    *,
    value_title: str,
    series: Sequence[str],
    colors: Sequence[str] = (PRIMARY, NEUTRAL),
) -> alt.TopLevelMixin:
    """Horizontal bars, two per group (e.g. this range and the one before), groups in
    the order given. ``data``: group, series, value, text."""
    groups = list(dict.fromkeys(data["group"]))
    height = max(140, 34 * len(groups))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("series:N", sort=list(series)),
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(labelExpr=label_expr())),
            color=alt.Color(
                "series:N",
                title=None,
                sort=list(series),
                scale=alt.Scale(domain=list(series), range=list(colors)),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=t("dash.chart.group")),
                alt.Tooltip("series:N", title=t("dash.chart.period")),
                alt.Tooltip("text:N", title=t("dash.chart.value")),
            ],
        )
        .properties(height=height)
    )
    return _finish(chart)


def nps_ranking(data: pd.DataFrame) -> alt.TopLevelMixin:
    """NPS per group as horizontal bars from zero, lowest first; groups with few answers
    are pale. ``data``: group, value, text, reliable."""
    groups = list(data["group"])
    base = alt.Chart(data).encode(
        y=alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title="NPS", scale=alt.Scale(domain=[-100, 100])),
        tooltip=[
            alt.Tooltip("group:N", title=t("dash.chart.group")),
            alt.Tooltip("text:N", title="NPS"),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.condition(alt.datum.value < 0, alt.value(DANGER), alt.value(PRIMARY)),
        opacity=alt.condition(alt.datum.reliable, alt.value(1.0), alt.value(0.35)),
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=NEUTRAL).encode(x="x:Q")
    return _finish(alt.layer(bars, zero).properties(height=max(140, 26 * len(groups))))


def nps_with_margin(table: pd.DataFrame, periods: Sequence[str]) -> alt.TopLevelMixin:
    """NPS per period with its 95 % margin of error as a band, and the zero line."""
    rows = []
    for p in periods:
        if p not in table.index or pd.isna(table.at[p, "nps"]):
            continue
        nps = float(table.at[p, "nps"])
        margin = table.at[p, "nps_margin"]
        margin = 0.0 if pd.isna(margin) else float(margin)
        rows.append(
            {
                "when": period_text(p),
                "nps": nps,
                "low": max(-100.0, nps - margin),
                "high": min(100.0, nps + margin),
                "text": format_value("nps", nps),
                "margin": "±" + formatting.number(margin, 0),
                "answers": formatting.number(table.at[p, "responses"], 0),
            }
        )
    data = pd.DataFrame(rows, columns=["when", "nps", "low", "high", "text", "margin", "answers"])
    x = _period_x(periods)
    tooltip = [
        alt.Tooltip("when:N", title=t("dash.chart.period")),
        alt.Tooltip("text:N", title=t("dash.kpi.nps")),
        alt.Tooltip("margin:N", title=t("dash.kpi.nps_margin")),
        alt.Tooltip("answers:N", title=t("dash.kpi.responses")),
    ]
    band = (
        alt.Chart(data)
        .mark_area(opacity=0.18, color=PRIMARY)
        .encode(
            x=x,
            y=alt.Y("low:Q", title="NPS", axis=alt.Axis(labelExpr=label_expr())),
            y2="high:Q",
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(point=True, color=PRIMARY, strokeWidth=2.5)
        .encode(x=x, y="nps:Q", tooltip=tooltip)
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=NEUTRAL).encode(y="y:Q")
    return _finish(alt.layer(band, zero, line).properties(height=HEIGHT))


def grouped_retention(
    data: pd.DataFrame, *, order: Sequence[str], series: Sequence[str]
) -> alt.TopLevelMixin:
    """Bars per group (promoters, detractors, …), one per series, 0–100 with the value
    written above. ``data``: group, series, value, text."""
    base = alt.Chart(data).encode(
        x=alt.X(
            "group:N",
            sort=list(order),
            title=None,
            axis=alt.Axis(labelAngle=0, labelLimit=110, labelOverlap=False, labelFontSize=11),
        ),
        xOffset=alt.XOffset("series:N", sort=list(series)),
        y=alt.Y("value:Q", title="%", scale=alt.Scale(domain=[0, 100])),
        tooltip=[
            alt.Tooltip("group:N", title=t("dash.chart.group")),
            alt.Tooltip("series:N", title=t("dash.chart.period")),
            alt.Tooltip("text:N", title=t("dash.chart.value")),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "series:N",
            title=None,
            sort=list(series),
            scale=alt.Scale(domain=list(series), range=[PRIMARY, NEUTRAL]),
            legend=alt.Legend(orient="top"),
        )
    )
    text = base.mark_text(dy=-8, fontSize=12).encode(text="text:N")
    return _finish(alt.layer(bars, text).properties(height=HEIGHT + 40))


def cohort_heatmap(
    matrix: pd.DataFrame, sizes: pd.Series | None = None, *, max_columns: int = 13
) -> alt.TopLevelMixin:
    """Cohort rows (month of first purchase) × months since then, share still buying.

    ``matrix``: index = cohort month key, columns ``k0, k1, …`` with shares 0–100 (NaN
    where the month is not loaded yet).
    """
    columns = [c for c in matrix.columns if str(c).startswith("k")][:max_columns]

    def name(cohort: object) -> str:
        text = period_text(str(cohort))
        if sizes is not None and cohort in sizes.index:
            text += f" ({formatting.number(int(sizes[cohort]))})"
        return text

    rows = []
    for cohort, values in matrix[columns].iterrows():
        for column in columns:
            value = values[column]
            if pd.isna(value):
                continue
            rows.append(
                {
                    "cohort": name(cohort),
                    "k": int(str(column)[1:]),
                    "value": float(value),
                    "text": formatting.number(float(value), 0),
                }
            )
    data = pd.DataFrame(rows, columns=["cohort", "k", "value", "text"])
    order = [name(c) for c in matrix.index]
    base = alt.Chart(data).encode(
        x=alt.X("k:O", title=t("dash.chart.months_since_first"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "cohort:N", sort=order, title=t("dash.chart.cohort"), axis=alt.Axis(labelOverlap=False)
        ),
        tooltip=[
            alt.Tooltip("cohort:N", title=t("dash.chart.cohort")),
            alt.Tooltip("k:O", title=t("dash.chart.months_since_first")),
            alt.Tooltip("text:N", title=t("dash.chart.still_buying")),
        ],
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "value:Q",
            title="%",
            scale=alt.Scale(scheme="greens", domain=[0, 100]),
            legend=alt.Legend(orient="right"),
        )
    )
    labels = base.mark_text(fontSize=10).encode(
        text="text:N",
        color=alt.condition(alt.datum.value > 55, alt.value("white"), alt.value("#1B1F1D")),
    )
    height = max(200, 22 * len(order))
    return _finish(alt.layer(cells, labels).properties(height=height))
