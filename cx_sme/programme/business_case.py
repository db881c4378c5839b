"""The business case: what a better customer experience is worth in euros per year.

Exactly as ``spec/KPIS.md`` ("Business case (ROI)") defines it. "The last 12 months" are
the 12 calendar months ending with the latest month that has sales. Then::

    extra revenue per year =
        active customers (12 m) × retention gain / 100 × revenue per customer (12 m)
      + revenue (12 m) × ticket gain / 100
      + complaint cost (12 m) × complaint reduction / 100

Money is computed exactly in cents (``Decimal``); each of the three gains is rounded to
the cent and the total is their sum, so the figures shown to management add up.

>>> import pandas as pd
>>> sales = pd.DataFrame({"date": pd.to_datetime(["2024-12-05", "2025-01-10", "2025-01-20"]),
...                       "customer_id": ["A", "B", "A"], "amount": [100.0, 300.0, 200.0]})
>>> complaints = pd.DataFrame({"opened": pd.to_datetime(["2025-01-02"]), "cost": [50.0]})
>>> base = base_figures(sales, complaints)
>>> base.first_month, base.last_month, base.active_customers, base.revenue
('2024-02', '2025-01', 2, Decimal('600.00'))
>>> result = what_if(base, retention_gain=10, ticket_gain=5, complaint_reduction=20)
>>> result.retention_extra, result.ticket_extra, result.complaint_savings, result.total
(Decimal('60.00'), Decimal('30.00'), Decimal('10.00'), Decimal('100.00'))
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from cx_sme.core.errors import CxError, InputRefused
from cx_sme.core.formatting import money, month_label, number, percent
from cx_sme.core.frames import load_complaints, load_frames, load_sales
from cx_sme.core.i18n import t
from cx_sme.core.periods import period_end, period_key, period_start, shift_period
from cx_sme.kpi import links as kpi_links
from cx_sme.kpi.trends import value_at

WINDOW_MONTHS = 12
CENT = Decimal("0.01")
# Beyond these a what-if stops being a business case (and the retention rate, a share,
# cannot gain more than 100 points; a reduction cannot exceed 100 %).
LIMITS = {
    "retention_gain": Decimal(50),
    "ticket_gain": Decimal(100),
    "complaint_reduction": Decimal(100),
}


@dataclass(frozen=True)
class BaseFigures:
    """What the stored data says about the last 12 months."""

    first_month: str
    last_month: str
    active_customers: int
    revenue: Decimal
    complaint_cost: Decimal
    complaints: int
    complaints_with_cost: int

    @property
    def revenue_per_customer(self) -> Decimal:
        """Revenue (12 m) / active customers (12 m), unrounded."""
        return self.revenue / self.active_customers if self.active_customers else Decimal(0)


@dataclass(frozen=True)
class WhatIf:
    """The three gains, every input and every intermediate figure."""

    base: BaseFigures
    retention_gain: Decimal
    ticket_gain: Decimal
    complaint_reduction: Decimal
    extra_customers: Decimal  # active customers × retention gain / 100
    retention_extra: Decimal
    ticket_extra: Decimal
    complaint_savings: Decimal
    total: Decimal

    def as_dict(self, revenue_at_risk: float | None = None) -> dict[str, Any]:
        """Plain figures for JSON: money to the cent, counts as integers."""
        base = self.base
        return {
            "first_month": base.first_month,
            "last_month": base.last_month,
            "retention_gain_points": float(self.retention_gain),
            "ticket_gain_percent": float(self.ticket_gain),
            "complaint_reduction_percent": float(self.complaint_reduction),
            "active_customers_12m": base.active_customers,
            "revenue_12m": _money(base.revenue),
            "revenue_per_customer_12m": _money(
                base.revenue_per_customer.quantize(CENT, ROUND_HALF_UP)
            ),
            "complaints_12m": base.complaints,
            "complaints_with_cost_12m": base.complaints_with_cost,
            "complaint_cost_12m": _money(base.complaint_cost),
            "extra_retained_customers": float(self.extra_customers),
            "retention_extra_revenue": _money(self.retention_extra),
            "ticket_extra_revenue": _money(self.ticket_extra),
            "complaint_savings": _money(self.complaint_savings),
            "extra_revenue_per_year": _money(self.total),
            "revenue_at_risk": revenue_at_risk,
        }


def _money(value: Decimal) -> float:
    return float(value.quantize(CENT, ROUND_HALF_UP))


def _cents(values: pd.Series) -> int:
    """Exact sum of euro amounts as integer cents (missing values ignored)."""
    clean = values.dropna().astype("float64")
    return int((clean * 100).round().astype("int64").sum())


def window(last_sales_day: pd.Timestamp) -> tuple[str, str]:
    """The 12 calendar months ending with the month of ``last_sales_day``.

    >>> window(pd.Timestamp("2025-03-04"))
    ('2024-04', '2025-03')
    """
    last = period_key(last_sales_day.date(), "month")
    return shift_period(last, -(WINDOW_MONTHS - 1)), last


def base_figures(sales: pd.DataFrame, complaints: pd.DataFrame) -> BaseFigures:
    """The inputs of the business case from the canonical sales and complaints frames."""
    if sales.empty:
        raise CxError("programme.roi.error.no_sales")
    first, last = window(sales["date"].max())
    start = pd.Timestamp(period_start(first))
    end = pd.Timestamp(period_end(last))
    in_window = sales[(sales["date"] >= start) & (sales["date"] <= end)]
    revenue = Decimal(_cents(in_window["amount"])) / 100
    if complaints.empty:
        opened = complaints
    else:
        opened = complaints[(complaints["opened"] >= start) & (complaints["opened"] <= end)]
    cost = opened["cost"] if "cost" in opened else pd.Series([], dtype="float64")
    return BaseFigures(
        first_month=first,
        last_month=last,
        active_customers=int(in_window["customer_id"].nunique()),
        revenue=revenue.quantize(CENT),
        complaint_cost=(Decimal(_cents(cost)) / 100).quantize(CENT),
        complaints=len(opened),
        complaints_with_cost=int(cost.notna().sum()),
    )


def check_gains(
    retention_gain: float | Decimal,
    ticket_gain: float | Decimal,
    complaint_reduction: float | Decimal,
) -> tuple[Decimal, Decimal, Decimal]:
    """The three what-if inputs as ``Decimal``; negative, absurd or non-numbers refused."""
    checked = []
    for name, value in (
        ("retention_gain", retention_gain),
        ("ticket_gain", ticket_gain),
        ("complaint_reduction", complaint_reduction),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise InputRefused(
                "programme.roi.error.not_a_number",
                field=t(f"programme.roi.input.{name}"),
                value=value,
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise InputRefused(
                "programme.roi.error.not_a_number",
                field=t(f"programme.roi.input.{name}"),
                value=value,
            )
        number = Decimal(str(value))
        if not number.is_finite():
            raise InputRefused(
                "programme.roi.error.not_a_number",
                field=t(f"programme.roi.input.{name}"),
                value=value,
            )
        if number < 0:
            raise InputRefused(
                "programme.roi.error.negative", field=t(f"programme.roi.input.{name}"), value=value
            )
        if number > LIMITS[name]:
            raise InputRefused(
                "programme.roi.error.too_large",
                field=t(f"programme.roi.input.{name}"),
                value=value,
                limit=int(LIMITS[name]),
            )
        checked.append(number)
    return checked[0], checked[1], checked[2]


def what_if(
    base: BaseFigures,
    retention_gain: float | Decimal,
    ticket_gain: float | Decimal,
    complaint_reduction: float | Decimal,
) -> WhatIf:
    """Extra revenue per year for the three gains (points, %, %)."""
    retention, ticket, reduction = check_gains(retention_gain, ticket_gain, complaint_reduction)
    extra_customers = Decimal(base.active_customers) * retention / 100
    retention_extra = (extra_customers * base.revenue_per_customer).quantize(CENT, ROUND_HALF_UP)
    ticket_extra = (base.revenue * ticket / 100).quantize(CENT, ROUND_HALF_UP)
    savings = (base.complaint_cost * reduction / 100).quantize(CENT, ROUND_HALF_UP)
    return WhatIf(
        base=base,
        retention_gain=retention,
        ticket_gain=ticket,
        complaint_reduction=reduction,
        extra_customers=extra_customers,
        retention_extra=retention_extra,
        ticket_extra=ticket_extra,
        complaint_savings=savings,
        total=retention_extra + ticket_extra + savings,
    )


def load_base(conn: sqlite3.Connection) -> BaseFigures:
    """:func:`base_figures` from the stored data."""

    return base_figures(load_sales(conn), load_complaints(conn))


def revenue_at_risk(links: pd.DataFrame, month: str) -> float | None:
    """revenue_at_risk(month) from the monthly links table of the KPI engine (None when
    the month is not in it)."""

    return value_at(links, "revenue_at_risk", month)


def business_case(
    conn: sqlite3.Connection,
    retention_gain: float | Decimal,
    ticket_gain: float | Decimal,
    complaint_reduction: float | Decimal,
) -> dict[str, Any]:
    """The what-if on the stored data, as plain figures (what the command line prints),
    with the revenue at risk at the end of the last month of the 12."""

    check_gains(retention_gain, ticket_gain, complaint_reduction)
    frames = load_frames(conn)
    base = base_figures(frames.sales, frames.complaints)
    result = what_if(base, retention_gain, ticket_gain, complaint_reduction)
    links = kpi_links.link_kpis(frames.sales, frames.complaints, frames.surveys, "month")
    risk = revenue_at_risk(links, base.last_month)
    return result.as_dict(None if risk is None else round(risk, 2))


@dataclass(frozen=True)
class Step:
    """One line of the business case, in words, as management will read it."""

    key: str  # retention, ticket, complaints, total
    title: str
    formula: str
    value: Decimal


def _figure(value: Decimal) -> str:
    """A gain or a count with only the decimals it needs (at most two).

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it")
    >>> _figure(Decimal("3")), _figure(Decimal("2.5")), _figure(Decimal("0.125"))
    ('3', '2,5', '0,13')
    """

    rounded = value.quantize(CENT, ROUND_HALF_UP)
    decimals = next(d for d in (0, 1, 2) if rounded == rounded.quantize(Decimal(1).scaleb(-d)))
    return number(float(rounded), decimals)


def steps(result: WhatIf) -> list[Step]:
    """The computation spelled out with the figures, in the current language."""

    base = result.base
    extra = _figure(result.extra_customers)
    return [
        Step(
            "retention",
            t("programme.roi.step.retention"),
            t(
                "programme.roi.formula.retention",
                customers=number(base.active_customers),
                gain=_figure(result.retention_gain),
                extra=extra,
                per_customer=money(float(base.revenue_per_customer)),
                value=money(float(result.retention_extra)),
            ),
            result.retention_extra,
        ),
        Step(
            "ticket",
            t("programme.roi.step.ticket"),
            t(
                "programme.roi.formula.ticket",
                revenue=money(float(base.revenue)),
                gain=_figure(result.ticket_gain),
                value=money(float(result.ticket_extra)),
            ),
            result.ticket_extra,
        ),
        Step(
            "complaints",
            t("programme.roi.step.complaints"),
            t(
                "programme.roi.formula.complaints",
                cost=money(float(base.complaint_cost)),
                reduction=_figure(result.complaint_reduction),
                value=money(float(result.complaint_savings)),
            ),
            result.complaint_savings,
        ),
        Step(
            "total",
            t("programme.roi.step.total"),
            t(
                "programme.roi.formula.total",
                retention=money(float(result.retention_extra)),
                ticket=money(float(result.ticket_extra)),
                complaints=money(float(result.complaint_savings)),
                total=money(float(result.total)),
            ),
            result.total,
        ),
    ]


def share_of(amount: float | Decimal | None, revenue: Decimal) -> float | None:
    """``amount`` as a percentage of ``revenue`` (None without either).

    >>> share_of(250, Decimal("1000"))
    25.0
    """
    if amount is None or revenue <= 0:
        return None
    return float(Decimal(str(amount)) / revenue * 100)


def share_of_revenue(result: WhatIf) -> float | None:
    """The total as a percentage of the last 12 months' revenue (None without revenue)."""
    return share_of(result.total, result.base.revenue)


def summary_text(result: WhatIf, revenue_at_risk: float | None = None) -> str:
    """A plain-text summary of the business case, to mail or paste into a slide."""

    base = result.base
    lines = [
        t("programme.roi.summary.title"),
        t(
            "programme.roi.summary.window",
            first=month_label(base.first_month),
            last=month_label(base.last_month),
        ),
        "",
        t("programme.roi.summary.inputs"),
        f"- {t('programme.roi.base.customers')}: {number(base.active_customers)}",
        f"- {t('programme.roi.base.revenue')}: {money(float(base.revenue))}",
        f"- {t('programme.roi.base.per_customer')}: {money(float(base.revenue_per_customer))}",
        f"- {t('programme.roi.base.complaint_cost')}: {money(float(base.complaint_cost))}",
        "",
        t("programme.roi.summary.gains"),
    ]
    for step in steps(result):
        lines.append(f"- {step.title}: {step.formula}")
    share = share_of_revenue(result)
    if share is not None:
        lines += ["", t("programme.roi.share", share=percent(share))]
    if revenue_at_risk is not None:
        lines += ["", f"{t('programme.roi.risk.title')}: {money(revenue_at_risk)}"]
        lines.append(t("programme.roi.risk.caption"))
    return "\n".join(lines) + "\n"
