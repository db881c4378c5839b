"""KPI values as the command line exports them: undefined as None, counts as integers,
money to the cent (rounded half away from zero, as Excel's ROUND), other figures unrounded."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from cx_sme.kpi import engine as kpis

CENT = Decimal("0.01")


def export_value(column: str, value: Any) -> int | float | Decimal | None:
    """A KPI value as exported: None when undefined, int for counts, Decimal to the cent
    (rounded half away from zero, as Excel's ROUND) for money, else the float unrounded.

    >>> export_value("revenue", 2.675), export_value("orders", 3.0)
    (Decimal('2.68'), 3)
    >>> export_value("nps", float("nan")), export_value("revenue", -0.001)
    (None, Decimal('0.00'))
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    if column in kpis.COUNTS:
        return int(value)
    if column in kpis.MONEY:
        cents = Decimal(repr(float(value))).quantize(CENT, rounding=ROUND_HALF_UP)
        return cents if cents else Decimal("0.00")
    return float(value)


def export_rows(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """The rows of a KPI table as dicts: ``period`` first, then ``columns``."""
    names = list(columns)
    rows = []
    for period, values in zip(frame.index, frame[names].itertuples(index=False), strict=True):
        row: dict[str, Any] = {"period": str(period)}
        row.update((c, export_value(c, v)) for c, v in zip(names, values, strict=True))
        rows.append(row)
    return rows
