"""Command-line commands of the CX programme (see :mod:`cx_sme.cli.main` for the contract).

``python -m cx_sme --db PATH roi --retention-gain POINTS --ticket-gain PERCENT
--complaint-reduction PERCENT`` prints the business case as JSON: every input, every
intermediate figure and the total. A gain left out counts as 0. Numbers may use a dot or
an Italian decimal comma (``2,5``). Negative or absurd gains exit 2 with a message.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from decimal import Decimal, InvalidOperation

from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    parser = sub.add_parser("roi", help=t("programme.cli.roi_help"))
    for option, name in (
        ("--retention-gain", "retention_gain"),
        ("--ticket-gain", "ticket_gain"),
        ("--complaint-reduction", "complaint_reduction"),
    ):
        parser.add_argument(
            option, dest=name, default="0", metavar="N", help=t(f"programme.cli.{name}_help")
        )
    parser.set_defaults(handler=run_roi)


def _number(text: str, name: str) -> Decimal:
    cleaned = str(text).strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InputRefused(
            "programme.roi.error.not_a_number", field=t(f"programme.roi.input.{name}"), value=text
        )
    return value


def run_roi(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    from cx_sme.programme import business_case  # pandas: off the --help path

    gains = [
        _number(getattr(args, name), name)
        for name in ("retention_gain", "ticket_gain", "complaint_reduction")
    ]
    business_case.check_gains(*gains)  # refuse bad inputs before reading the data
    report = business_case.business_case(conn, *gains)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0
