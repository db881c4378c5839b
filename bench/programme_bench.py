"""Benchmark of the business case: the 12-month inputs and the what-if on a big company.

Uses the KPI benchmark's synthetic company (1M sales lines, about 50k customers over 24
months, one complaint per 30 invoices) and times, as the business-case page and the
``roi`` command do them:

- ``roi.base_figures``: the last 12 months' active customers, revenue and complaint cost
  (once per data version on the page, cached);
- ``roi.what_if`` + ``roi.steps``: what runs on every move of a slider.

It prints the median wall-clock and CPU times of several runs (on a shared machine the
wall clock also counts other processes).

    .venv/bin/python bench/programme_bench.py             # 1M lines, 7 runs
    .venv/bin/python bench/programme_bench.py --lines 200000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kpi_bench import make_frames, timed

from cx_sme.programme import business_case as roi


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    frames = make_frames(args.lines, args.customers, 24)
    print(f"{len(frames.sales):,} sales lines, {len(frames.complaints):,} complaints")

    wall, cpu = timed(lambda: roi.base_figures(frames.sales, frames.complaints), args.runs)
    print(
        f"base_figures (12-month inputs): median {statistics.median(wall):.1f} ms wall, "
        f"{statistics.median(cpu):.1f} ms CPU"
    )
    base = roi.base_figures(frames.sales, frames.complaints)
    wall, cpu = timed(lambda: roi.steps(roi.what_if(base, 2.5, 3, 20)), args.runs * 20)
    print(
        f"what_if + steps (each slider move): median {statistics.median(wall):.3f} ms wall, "
        f"{statistics.median(cpu):.3f} ms CPU"
    )
    print(
        f"window {base.first_month}..{base.last_month}: {base.active_customers:,} active "
        f"customers, revenue {base.revenue:,.2f}, complaint cost {base.complaint_cost:,.2f}"
    )


if __name__ == "__main__":
    main()
