"""Run the command line in this process, as a script would see it: stdout, stderr and the
exit code (argparse's usage errors included), with CX_SME_DB unset unless given.

A real subprocess costs about a second of interpreter and import start-up per call; the
contract (output, exit codes) is the same in-process, so most tests use :func:`invoke`
and each command family keeps one real subprocess run."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from cx_sme.cli.main import main
from cx_sme.core import db
from cx_sme.core.i18n import set_language

PROJECT = Path(__file__).resolve().parents[2]


def invoke(argv: Sequence[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m cx_sme ARGV`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    saved_stdin, saved_db = sys.stdin, os.environ.pop("CX_SME_DB", None)
    sys.stdin = io.StringIO(stdin or "")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as stop:  # argparse's usage errors and --help
                code = stop.code if isinstance(stop.code, int) else 2
            except Exception:  # what a real process would print before exit 1
                traceback.print_exc()
                code = 1
    finally:
        sys.stdin = saved_stdin
        if saved_db is not None:
            os.environ["CX_SME_DB"] = saved_db
        set_language("it")
    return subprocess.CompletedProcess(list(argv), code, out.getvalue(), err.getvalue())


def run_process(
    argv: Sequence[str], stdin: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """``python -m cx_sme ARGV`` in a real process (exit codes as the shell sees them)."""
    env = {k: v for k, v in os.environ.items() if k != "CX_SME_DB"}
    env["PYTHONPATH"] = str(PROJECT)
    return subprocess.run(
        [sys.executable, "-m", "cx_sme", *argv],
        cwd=PROJECT, env=env, input=stdin, capture_output=True, text=True,
        encoding="utf-8", timeout=timeout, check=False,
    )  # fmt: skip


def filled(store_address: str, fill: Callable[[Any], object]) -> str:
    """The store at ``store_address`` (a SQLite file or a PostgreSQL company) after
    ``fill(conn)``; its address, for ``--db``."""
    conn = db.connect(store_address)
    try:
        fill(conn)
    finally:
        conn.close()
    return store_address
