"""What every KPI is: its label, a one-line caption, unit, direction and decimals.

The keys are the command-line column names of spec/KPIS.md. Labels and captions are
translation keys (``dash.kpi.<key>`` and ``dash.kpi.<key>.caption``), so the same
catalogue serves the dashboards, the targets editor and the reports.

>>> from cx_sme.core.i18n import set_language
>>> set_language("it")
>>> format_value("revenue", 1234.6)
'1.235\xa0€'
>>> format_value("average_ticket", 1234.5)
'1.234,50\xa0€'
>>> format_value("retention_rate", 61.26)
'61,3\xa0%'
>>> format_value("nps", 12.4)
'+12'
>>> format_change("retention_rate", -2.0)
'-2,0 punti'
>>> format_change("revenue", 8.24, relative=True)
'+8,2\xa0%'
>>> label("within_sla", sla_days=7)
'Chiusi entro 7 giorni'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from cx_sme.core import formatting
from cx_sme.core.i18n import t

Unit = Literal["money", "percent", "number", "days"]
# How a change is best read: money as a relative %, rates and NPS in points, counts and
# days as a plain difference.
ChangeStyle = Literal["relative", "points", "absolute"]


@dataclass(frozen=True)
class KpiInfo:
    key: str
    dataset: str  # sales, complaints, surveys, links
    unit: Unit
    higher_is_better: bool | None  # None: neither (a count that only describes volume)
    decimals: int
    change: ChangeStyle
    signed_value: bool = False  # NPS is shown with its sign: +12, −5

    @property
    def label_key(self) -> str:
        return f"dash.kpi.{self.key}"

    @property
    def caption_key(self) -> str:
        return f"dash.kpi.{self.key}.caption"


def _k(
    key: str,
    dataset: str,
    unit: Unit,
    better: bool | None,
    decimals: int,
    change: ChangeStyle | None = None,
    *,
    signed_value: bool = False,
) -> KpiInfo:
    default_change: dict[str, ChangeStyle] = {
        "money": "relative",
        "percent": "points",
        "number": "absolute",
        "days": "absolute",
    }
    return KpiInfo(
        key, dataset, unit, better, decimals, change or default_change[unit], signed_value
    )


CATALOG: dict[str, KpiInfo] = {
    info.key: info
    for info in (
        _k("revenue", "sales", "money", True, 0),
        _k("orders", "sales", "number", True, 0),
        _k("active_customers", "sales", "number", True, 0),
        _k("new_customers", "sales", "number", True, 0),
        _k("returning_customers", "sales", "number", True, 0),
        _k("revenue_returning", "sales", "money", True, 0),
        _k("average_ticket", "sales", "money", True, 2),
        _k("retention_rate", "sales", "percent", True, 1),
        _k("churn_rate", "sales", "percent", False, 1),
        _k("repeat_purchase_rate", "sales", "percent", True, 1),
        _k("revenue_per_customer", "sales", "money", True, 2),
        _k("complaints", "complaints", "number", False, 0),
        _k("complaint_rate", "complaints", "percent", False, 2),
        _k("open_backlog", "complaints", "number", False, 0),
        _k("median_resolution_days", "complaints", "days", False, 1),
        _k("within_sla", "complaints", "percent", True, 1),
        _k("cost_to_serve", "complaints", "money", False, 2),
        _k("responses", "surveys", "number", None, 0),
        _k("nps", "surveys", "number", True, 0, "points", signed_value=True),
        _k("nps_margin", "surveys", "number", False, 0, "points"),
        _k("promoters", "surveys", "number", True, 0),
        _k("passives", "surveys", "number", None, 0),
        _k("detractors", "surveys", "number", False, 0),
        _k("csat", "surveys", "percent", True, 1),
        _k("ces", "surveys", "number", True, 1),
        _k("retention_promoters", "links", "percent", True, 1),
        _k("retention_passives", "links", "percent", True, 1),
        _k("retention_detractors", "links", "percent", True, 1),
        _k("retention_complainers", "links", "percent", True, 1),
        _k("retention_all_active", "links", "percent", True, 1),
        _k("revenue_at_risk", "links", "money", False, 0),
    )
}

# The KPIs that can carry a target: those with a direction.
TARGETABLE = tuple(k for k, info in CATALOG.items() if info.higher_is_better is not None)


def info(key: str) -> KpiInfo:
    """The catalogue entry of ``key`` (KeyError for an unknown KPI)."""
    return CATALOG[key]


def label(key: str, **params: object) -> str:
    """The KPI's name in the current language (``sla_days`` fills "within N days")."""
    params.setdefault("sla_days", 7)
    return t(CATALOG[key].label_key, **params)


def caption(key: str, **params: object) -> str:
    """One plain sentence saying what the KPI counts."""
    params.setdefault("sla_days", 7)
    return t(CATALOG[key].caption_key, **params)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(key: str, value: float | None, *, short: bool = False) -> str:
    """The value as shown on screen ("—" when undefined); ``short``: money from a million
    on in millions (a card's big figure, :func:`cx_sme.core.formatting.money_short`)."""
    if _missing(value):
        return formatting.DASH
    assert value is not None
    kpi = CATALOG[key]
    if kpi.unit == "money":
        if short:
            return formatting.money_short(value, kpi.decimals)
        return formatting.money(value, kpi.decimals)
    if kpi.unit == "percent":
        return formatting.percent(value, kpi.decimals)
    if kpi.unit == "days":
        text = formatting.number(value, kpi.decimals)
        return t("dash.unit.day" if text == "1" else "dash.unit.days", value=text)
    if kpi.signed_value:
        rounded = round(value, kpi.decimals)
        text = formatting.number(abs(rounded), kpi.decimals)
        return f"+{text}" if rounded > 0 else (f"-{text}" if rounded < 0 else text)
    return formatting.number(value, kpi.decimals)


def format_change(key: str, change: float | None, *, relative: bool = False) -> str:
    """A change with an ASCII sign (Streamlit reads "-" as a fall): ``+3``, ``-2,0 punti``,
    ``+8,2 %``. ``relative`` says ``change`` is already a relative change in %."""
    if _missing(change):
        return formatting.DASH
    assert change is not None
    kpi = CATALOG[key]
    if relative:
        decimals, suffix = 1, None
    else:
        decimals = kpi.decimals if kpi.unit != "money" else min(kpi.decimals, 2)
        if kpi.unit == "percent" or kpi.change == "points":
            decimals = max(1, kpi.decimals) if kpi.unit == "percent" else 0
        suffix = kpi.unit
    rounded = round(change, decimals)
    sign = "+" if rounded > 0 else ("-" if rounded < 0 else "±")
    body = formatting.number(abs(rounded), decimals)
    if relative:
        return f"{sign}{formatting.percent(abs(rounded), 1)}"
    if suffix == "money":
        return f"{sign}{formatting.money(abs(rounded), kpi.decimals)}"
    if suffix == "percent" or kpi.change == "points":
        unit_key = "dash.unit.point" if body == "1" else "dash.unit.points"
        return f"{sign}{t(unit_key, value=body)}"
    if suffix == "days":
        unit_key = "dash.unit.day" if body == "1" else "dash.unit.days"
        return f"{sign}{t(unit_key, value=body)}"
    return f"{sign}{body}"
