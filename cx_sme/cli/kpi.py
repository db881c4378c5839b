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
import math
import sqlite3
import sys

from cx_sme.cli.output import csv_cell, quiet_broken_pipe, write_rows
from cx_sme.core import db
from cx_sme.core.datasets import KPI_TABLES
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t
from cx_sme.core.periods import GRANULARITIES

FORMATS = ("csv", "json")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kpi`` and its subcommands to the parser."""
    kpi = sub.add_parser("kpi", help=t("kpi.cli.help"), description=t("kpi.cli.help"))
    tables = kpi.add_subparsers(dest="kpi_table", required=True, metavar="TABLE")
    for name in KPI_TABLES:
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


def kpi_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    # The KPI engine (pandas) loads here: `--help` starts without it.
    from cx_sme.core.frames import KPI_SALES_COLUMNS, load_frames
    from cx_sme.kpi import engine as kpis
    from cx_sme.kpi.export import export_rows

    days = sla_days(conn)
    frames = load_frames(conn, KPI_SALES_COLUMNS)
    base = kpis.encode(frames)
    frame = kpis.table(base, args.kpi_table, args.period, sla_days=days)
    columns = kpis.COLUMNS[args.kpi_table]
    with quiet_broken_pipe():
        write_rows(export_rows(frame, columns), ["period", *columns], args.format)
    return 0


def cohorts_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    # The KPI engine (pandas) loads here: `--help` starts without it.
    from cx_sme.core.frames import KPI_SALES_COLUMNS, load_frames
    from cx_sme.kpi import cohorts
    from cx_sme.kpi import engine as kpis

    frames = load_frames(conn, KPI_SALES_COLUMNS)
    shares, _sizes = cohorts.matrix(kpis.encode(frames))
    with quiet_broken_pipe():
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["cohort", *shares.columns])
        for cohort, values in zip(shares.index, shares.itertuples(index=False), strict=True):
            cells = (csv_cell(None if math.isnan(v) else float(v)) for v in values)
            writer.writerow([cohort, *cells])
    return 0
