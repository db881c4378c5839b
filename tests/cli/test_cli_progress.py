"""A long import shows its progress — rows read, checked, stored — as one line redrawn on
standard error when that is a terminal (a real process on a pseudo-terminal), and
nothing when it is a pipe; the month's batch reports the rows it stores, file by file."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from cx_sme.ingest import month_plan
from tests.cli.harness import PROJECT, run_process

ROWS = 2_500
CSV = ("Data;Cliente;Importo\n" + "".join(
    f"{1 + n % 28:02d}/03/2026;C{n % 90:03d};{n % 500},50\n" for n in range(ROWS)
)).encode()  # fmt: skip


def test_a_terminal_sees_rows_read_checked_and_stored(store_address: str, tmp_path: Path) -> None:
    path = tmp_path / "marzo.csv"
    path.write_bytes(CSV)
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CX_SME_DB"} | {"PYTHONPATH": str(PROJECT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cx_sme", "--db", store_address, "import",
         "sales", str(path)],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=follower, text=True,
    )  # fmt: skip
    os.close(follower)
    out, _ = proc.communicate(timeout=180)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    shown = seen.decode("utf-8")
    assert proc.returncode == 0, shown
    assert "Controllo di 2.500 righe lette" in shown
    assert "Righe controllate: 2.500 valide, 0 da scartare." in shown
    assert "Salvataggio: 2.500 di 2.500 righe" in shown
    assert "\r" in shown and shown.rstrip().endswith("Importazione completata.")
    assert "Righe importate: 2.500" in out


def test_a_pipe_gets_no_progress_noise(store_address: str, tmp_path: Path) -> None:
    path = tmp_path / "marzo.csv"
    path.write_bytes(CSV)
    done = run_process(["--db", store_address, "import", "sales", str(path)])
    assert done.returncode == 0 and done.stderr == ""


def test_the_batch_reports_rows_stored_file_by_file(fresh_db, tmp_path: Path) -> None:
    plan = month_plan.plan_upload(fresh_db, "marzo.csv", CSV)
    seen: list[tuple[float, str]] = []
    month_plan.commit_batch(fresh_db, [plan], {0: set()}, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(m == "marzo.csv: Salvataggio: 2.500 di 2.500 righe…" for _, m in seen)
