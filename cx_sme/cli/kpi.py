"""Command-line commands: the KPI tables and the cohort matrix.

``python -m cx_sme --db PATH kpi {sales|complaints|surveys|links} --period
{month|quarter|year} [--format csv|json]`` prints one row per period: first ``period``
(``2025-03``, ``2025Q1``, ``2025``), then the table's columns (:data:`cx_sme.kpi.engine.COLUMNS`).
Money is given to the cent, counts as integers, every other figure unrounded; undefined
values are empty in CSV and ``null`` in JSON (a list of objects with the same keys).

``python -m cx_sme --db PATH kpi cohorts`` prints the cohort matrix as CSV: ``cohort``,
then ``k0``, ``k1``, … (shares 0–100, empty after the last month loaded).

The complaint table uses the SLA days saved in Settings (``sla_days``, default 7).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from cx_sme.core import db
from cx_sme.core.errors import InputRefused
from cx_sme.core.frames import load_frames
from cx_sme.core.i18n import t
from cx_sme.core.periods import GRANULARITIES
from cx_sme.kpi import cohorts
from cx_sme.kpi import engine as kpis

FORMATS = ("csv", "json")
CENT = Decimal("0.01")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kpi`` and its subcommands to the parser."""
    kpi = sub.add_parser("kpi", help=t("kpi.cli.help"), description=t("kpi.cli.help"))
    tables = kpi.add_subparsers(dest="kpi_table", required=True, metavar="TABLE")
    for name in kpis.TABLES:
        parser = tables.add_parser(name, help=t(f"kpi.cli.table.{name}"))
        parser.add_argument(
            "--period", required=True, choices=GRANULARITIES, help=t("kpi.cli.period_help")
        )
        parser.add_argument(
            "--format", default="csv", choices=FORMATS, help=t("kpi.cli.format_help")
        )
        parser.set_defaults(handler=kpi_command)
    cohort = tables.add_parser("cohorts", help=t("kpi.cli.table.cohorts"))
    cohort.set_defaults(handler=cohorts_command)


def sla_days(conn: sqlite3.Connection) -> int:
    """The SLA days saved in Settings (default 7), checked."""
    value = db.get_setting(conn, "sla_days", 7)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise InputRefused("kpi.error.sla_days", value=value)
    if value < 0:
        raise InputRefused("kpi.error.sla_days", value=value)
    return int(value)


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


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def write_rows(rows: list[dict[str, Any]], header: list[str], fmt: str) -> None:
    if fmt == "json":
        data = [{k: _json_value(v) for k, v in row.items()} for row in rows]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in header])


@contextmanager
def _output() -> Iterator[None]:
    """Stop quietly when the reader of stdout goes away (``... | head``)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the pipe again when flushing at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def kpi_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    days = sla_days(conn)
    frames = load_frames(conn)
    base = kpis.encode(frames)
    frame = kpis.table(base, args.kpi_table, args.period, sla_days=days)
    columns = kpis.COLUMNS[args.kpi_table]
    with _output():
        write_rows(export_rows(frame, columns), ["period", *columns], args.format)
    return 0


def cohorts_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    frames = load_frames(conn)
    shares, _sizes = cohorts.matrix(kpis.encode(frames))
    with _output():
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["cohort", *shares.columns])
        for cohort, values in zip(shares.index, shares.itertuples(index=False), strict=True):
            cells = (_csv_cell(None if math.isnan(v) else float(v)) for v in values)
            writer.writerow([cohort, *cells])
    return 0
