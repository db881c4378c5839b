"""KPI cards: ``st.metric(..., border=True)`` in horizontal containers, each with its
change against the previous period, the same period last year, the target badge and the
plain caption. The card texts come from :mod:`cx_sme.dashboards.cards`, cached per view."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import streamlit as st

from cx_sme.company import focus_area
from cx_sme.core.i18n import t
from cx_sme.dashboards import cards
from cx_sme.einvoice.selection import sales_from_einvoices
from cx_sme.kpi import targets
from cx_sme.kpi.catalog import info
from ui.dashboards.view import CACHE_TTL, View, kpis_for, tables_of

_BADGE = {"green": "green", "amber": "orange", "red": "red"}
_ICON = {"green": "check_circle", "amber": "error", "red": "cancel"}
_COLOUR = {"good": "green", "bad": "red", "neutral": "gray"}


@st.cache_data(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _cards(
    key: str,
    kpi_keys: tuple[str, ...],
    prefixes: tuple[str | None, ...],
    period: str,
    _v: View,
) -> list[cards.Card]:
    tables = tables_of(kpis_for(_v))
    goals = targets.effective_targets(_v.conn)
    tolerance = targets.tolerance(_v.conn)
    return [
        cards.card(
            k,
            tables[info(k).dataset],
            period,
            _v.periods,
            sla_days=_v.sla_days,
            goal=goals.get(k),
            tolerance=tolerance,
            prefix=prefix,
        )
        for k, prefix in zip(kpi_keys, prefixes, strict=True)
    ]


def _render(card: cards.Card) -> None:
    with st.container(gap="xsmall"):
        st.metric(
            card.label,
            card.value,
            delta=card.delta,
            delta_color=_COLOUR[card.direction],
            delta_description=card.delta_note,
            border=True,
            chart_data=card.sparkline,
        )
        lines = [card.year_text]
        if card.margin_text:
            badge = f" :orange-badge[:material/warning: {t('dash.voice.few')}]"
            lines.insert(0, card.margin_text + (badge if card.small_sample else ""))
        if card.target_text:
            if card.light is None:
                target = f":gray-badge[{card.target_text}]"
            else:
                target = f":{_BADGE[card.light]}-badge[:material/{_ICON[card.light]}: "
                target += card.target_text + "]"
            lines.append(target + (f" {card.target_note}" if card.target_note else ""))
        st.caption("  \n".join(lines))
        st.caption(card.caption)


def metric_row(
    v: View,
    kpi_keys: Sequence[str],
    *,
    prefixes: Sequence[str | None] | None = None,
    period: str | None = None,
) -> None:
    """KPI cards side by side (they wrap on narrow screens). ``period`` defaults to the
    last period of the range."""
    chosen = tuple(prefixes) if prefixes else (None,) * len(kpi_keys)
    found = _cards(v.key, tuple(kpi_keys), chosen, period or v.current, v)
    if "revenue" in kpi_keys and sales_from_einvoices(v.conn):
        # e-invoice amounts are taxable amounts: say that revenue excludes VAT
        note = t("einvoice.revenue_note")
        found = [
            dataclasses.replace(c, caption=f"{c.caption} {note}") if c.key == "revenue" else c
            for c in found
        ]
    with st.container(horizontal=True, gap="small"):
        for card in found:
            with st.container(width="stretch"):
                _render(card)


def business_indicators(v: View) -> None:
    """The four indicators that tie CX to money, labelled with the articles' names."""
    metric_row(
        v,
        focus_area.BUSINESS_INDICATORS,
        prefixes=[t(f"dash.indicator.{k}") for k in focus_area.BUSINESS_INDICATORS],
    )
