"""Dashboard page reruns with warm caches, measured with Streamlit's AppTest.

Loads the sample company into a temporary store, opens each dashboard page once (cold:
data loaded, KPIs computed, charts built) and then reruns it N times with nothing changed
(warm: everything comes from the caches). Prints the cold time and the warm median and
90th percentile per page, against the 100 ms target.

    .venv/bin/python bench/page_bench.py [--runs 15] [--store STORE] [--pages overview,sales]
    .venv/bin/python bench/page_bench.py --sample-into 'postgresql://…?options=-csearch_path%3Dcx_bench'

``--store`` opens that store (e.g. one with a million sales lines) instead of the sample.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PAGES = ("overview", "sales", "complaints", "voice", "links")
TARGET_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--store", default=None, help="a store instead of the sample (a file or postgresql://…)"
    )
    parser.add_argument(
        "--sample-into",
        default=None,
        help="load the sample into this store first (e.g. a new PostgreSQL company's address)",
    )
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()

    from cx_sme.core import config

    if args.store is not None:
        path: Path | str = (
            args.store if config.is_postgres_address(args.store) else Path(args.store).resolve()
        )
    else:
        path = args.sample_into or Path(tempfile.mkdtemp(prefix="page_bench_")) / "bench.sqlite"
        from cx_sme.core import db
        from cx_sme.sample.loader import load_sample

        conn = db.connect(path)
        load_sample(conn)
        conn.close()
    os.environ["CX_SME_DB"] = str(path)

    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    print(f"{'page':<12}{'cold ms':>10}{'warm median':>14}{'warm p90':>10}{'/ target':>10}")
    worst = 0.0
    for name in args.pages.split(","):
        at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=300)
        at.run()  # the frame and the default page
        started = time.perf_counter()
        at.switch_page(f"app_pages/{name}.py")
        at.run()
        cold = (time.perf_counter() - started) * 1000
        if at.exception:
            print(f"{name}: {at.exception[0].message}", file=sys.stderr)
            return 1
        warm = []
        for _ in range(args.runs):
            started = time.perf_counter()
            at.run()
            warm.append((time.perf_counter() - started) * 1000)
        warm.sort()
        median = statistics.median(warm)
        p90 = warm[min(len(warm) - 1, round(0.9 * (len(warm) - 1)))]
        worst = max(worst, median)
        print(f"{name:<12}{cold:>10.0f}{median:>14.0f}{p90:>10.0f}{median / TARGET_MS:>10.2f}")
    ratio = worst / TARGET_MS
    print(f"worst warm median: {worst:.0f} ms (target {TARGET_MS:.0f} ms, ratio {ratio:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
