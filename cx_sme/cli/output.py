"""Writing a command's rows to stdout: CSV or JSON, and a quiet stop when the reader of
stdout goes away (``... | head``). Light: no pandas."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: empty when undefined, floats unrounded (``repr``)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def write_rows(rows: list[dict[str, Any]], header: list[str], fmt: str) -> None:
    """``rows`` as CSV (``header`` first) or as a JSON list of objects."""
    if fmt == "json":
        data = [{k: _json_value(v) for k, v in row.items()} for row in rows]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(row[c]) for c in header])


@contextmanager
def quiet_broken_pipe() -> Iterator[None]:
    """Stop quietly when the reader of stdout goes away (``... | head``)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the pipe again when flushing at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def print_refusal(message: str, lines: list[str], hint: str | None = None) -> None:
    """A refusal on stderr: its message, its detail lines indented, then a hint."""
    print(message, file=sys.stderr)
    for line in lines:
        print("  " + line, file=sys.stderr)
    if hint:
        print(hint, file=sys.stderr)
