"""Start-up of the command line: ``python -m cx_sme --help`` against a bare interpreter
(``python -c pass``) and ``import pandas`` in the same run, whole processes.

Run: .venv/bin/python bench/cli_startup_bench.py [--runs 10]
Target: --help well under a second.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def timed(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=PROJECT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    bare = timed([sys.executable, "-c", "pass"], runs)
    pandas = timed([sys.executable, "-c", "import pandas"], runs)
    help_ = timed([sys.executable, "-m", "cx_sme", "--help"], runs)
    print(f"median of {runs} runs, whole processes")
    print("| work | time | bare interpreter | ratio | import pandas |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| python -m cx_sme --help | {help_ * 1000:.0f} ms | {bare * 1000:.0f} ms "
          f"| {help_ / bare:.1f}× | {pandas * 1000:.0f} ms |")  # fmt: skip


if __name__ == "__main__":
    main()
