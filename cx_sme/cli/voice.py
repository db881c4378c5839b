"""Command-line commands: the voice of the customer.

``python -m cx_sme --db PATH drivers [--from YYYY-MM] [--to YYYY-MM] [--format csv|json]``
prints one row per driver of detractors, highest effect first: ``driver, kind, answers,
detractor_share, impact, impact_low, impact_high`` (``kind`` is ``touchpoint`` or
``theme``; ``impact`` is the risk ratio, above 1 = more detractors, with its 95 % interval).

``python -m cx_sme --db PATH comments [--from YYYY-MM] [--to YYYY-MM] [--format csv|json]``
prints one row per answer with a comment: ``date, customer_id, nps, csat, touchpoint,
comment, sentiment, sentiment_label, themes, disagrees`` (themes separated by ``;``,
``disagrees`` true/false; text made safe for spreadsheets as in the other exports).

Without ``--from``/``--to`` every stored answer is read. Undefined values are empty in
CSV and ``null`` in JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sqlite3
import sys
from typing import Any

from cx_sme.cli.output import quiet_broken_pipe
from cx_sme.core.i18n import t

FORMATS = ("csv", "json")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``drivers`` and ``comments`` to the parser."""
    for name, handler in (("drivers", drivers_command), ("comments", comments_command)):
        parser = sub.add_parser(name, help=t(f"voice.cli.{name}"))
        parser.add_argument("--from", dest="first", help=t("voice.cli.from"))
        parser.add_argument("--to", dest="last", help=t("voice.cli.to"))
        parser.add_argument("--format", default="csv", choices=FORMATS, help=t("voice.cli.format"))
        parser.set_defaults(handler=handler)


def _report(args: argparse.Namespace, conn: sqlite3.Connection, *, learn: bool) -> Any:
    """The span's analysis (a ``VoiceReport``); ``learn``: learn the company model (only
    the tone needs it)."""
    # The analysis (pandas, scipy, scikit-learn) loads here: `--help` starts without it.
    from cx_sme.core.frames import load_surveys
    from cx_sme.dashboards.breakdowns import touchpoint_catalogue
    from cx_sme.voice.analysis import accepted_themes, analyse, months_span

    start, end = months_span(args.first, args.last)
    return analyse(
        load_surveys(conn),
        touchpoint_catalogue(conn),
        start,
        end,
        custom=accepted_themes(conn),
        learn=learn,
    )


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "date") and hasattr(value, "isoformat"):  # a pandas Timestamp
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer() and not isinstance(value, bool):
        return value
    return value


def _write(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> None:
    from cx_sme.core.safe_cells import clean_text, csv_text  # pandas: off the --help path

    if fmt == "json":
        data = [
            {c: (clean_text(v) if isinstance(v, str) else v) for c, v in row.items()}
            for row in rows
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        cells = []
        for c in columns:
            v = row[c]
            if v is None:
                cells.append("")
            elif isinstance(v, bool):
                cells.append("true" if v else "false")
            elif isinstance(v, str):
                cells.append(csv_text(v))
            elif isinstance(v, float):
                cells.append(repr(v))
            else:
                cells.append(str(v))
        writer.writerow(cells)


def drivers_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.voice.drivers import COLUMNS as DRIVER_COLUMNS

    report = _report(args, conn, learn=False)
    rows = [
        {
            "driver": d.name,
            "kind": d.kind,
            "answers": d.answers,
            "detractor_share": _plain(d.detractor_share),
            "impact": _plain(d.impact),
            "impact_low": _plain(d.impact_low),
            "impact_high": _plain(d.impact_high),
        }
        for d in report.drivers
    ]
    with quiet_broken_pipe():
        _write(rows, DRIVER_COLUMNS, args.format)
    return 0


def comments_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.dashboards.themes import theme_label
    from cx_sme.voice.analysis import COMMENT_COLUMNS

    table = _report(args, conn, learn=True).comments
    rows = []
    for record in table.to_dict("records"):
        row = {c: _plain(record[c]) for c in COMMENT_COLUMNS}
        for c in ("nps", "csat"):
            if row[c] is not None:
                row[c] = int(row[c])
        row["themes"] = ";".join(theme_label(code) for code in record["theme_codes"])
        row["customer_id"] = row["customer_id"] or None
        row["disagrees"] = bool(record["disagrees"])
        rows.append(row)
    with quiet_broken_pipe():
        _write(rows, COMMENT_COLUMNS, args.format)
    return 0
