"""The same CSV import and KPI command on SQLite and on PostgreSQL, side by side.

One file is generated (the Italian sales CSV of ``bench/import_bench.py``: ``;``,
``1.234,56``, ``dd/mm/yyyy``; 1,000,000 lines unless ``--rows`` says otherwise), and a
throwaway PostgreSQL cluster is started for the run (``tests/postgres_cluster.py``:
Debian's server, Unix socket only, ``fsync`` off as in the tests). Timed, the best of
``--runs`` runs each, into a new store every run (a SQLite file; a new company schema),
the disk let go quiet before each measure (PostgreSQL's CHECKPOINT, then sync):

- the import in this process, split into reading and checking the file (the same on both
  databases) and storing it (one write transaction: SQLite's multi-row INSERTs,
  PostgreSQL's COPY);
- the import as a whole process: ``python -m cx_sme --db STORE import sales FILE``;
- ``python -m cx_sme --db STORE kpi sales --period month`` on the imported store, whole
  process; both databases must print the same table.

Run: ``.venv/bin/python bench/import_bench_postgres.py [--rows N] [--runs N]`` (1M lines,
best of 2: about 3 minutes on 2 CPUs; ``--rows 100000 --runs 1``: 15 seconds).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_bench import PROJECT, write_csv
from cx_sme.core import db, postgres
from cx_sme.ingest.importer import commit, prepare, read
from tests.postgres_cluster import cluster

DATABASES = ("SQLite", "PostgreSQL")


def in_process(store: str, name: str, data: bytes) -> tuple[float, float, int]:
    """(seconds reading and checking, seconds storing, rows stored) of one import into
    the new store at ``store``."""
    conn = db.connect(store)
    gc.collect()  # the previous run's garbage is not this run's time
    try:
        start = time.perf_counter()
        prepared = prepare(conn, "sales", name, data, table=read(data, name))
        checked = time.perf_counter()
        result = commit(conn, prepared)
        stored = time.perf_counter()
    finally:
        conn.close()
    return checked - start, stored - checked, result.rows


def settle(server: str) -> None:
    """Let the disk go quiet before a measure: PostgreSQL's dirty pages written
    (CHECKPOINT), then every file's (sync), so that a measure does not pay for the
    previous one's writes."""
    conn = postgres.open_connection(server)
    try:
        conn.execute("CHECKPOINT")
    finally:
        conn.close()
    os.sync()


def whole(*argv: str) -> tuple[float, str]:
    """Wall seconds of ``python -m cx_sme ARGV`` (start and exit included), its output."""
    env = {k: v for k, v in os.environ.items() if k != "CX_SME_DB"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cx_sme", *argv],
        cwd=PROJECT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[2:])} failed: {done.stderr[-2000:]}")
    return elapsed, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="CSV lines (1,000,000)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each measure (best kept)")
    args = parser.parse_args()
    runs = max(1, args.runs)
    numbers = itertools.count(1)
    figures: dict[str, dict[str, float]] = {d: {} for d in DATABASES}
    kpi_tables: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp, cluster() as server:
        folder = Path(tmp)
        csv = folder / "vendite.csv"
        print(f"generating {args.rows:,} lines of CSV …", flush=True)
        write_csv(csv, args.rows)
        data = csv.read_bytes()
        new_store: dict[str, Callable[[], str]] = {
            "SQLite": lambda: str(folder / f"store{next(numbers)}.sqlite"),
            "PostgreSQL": lambda: postgres.company_address(server, f"cx_bench{next(numbers)}"),
        }

        # The databases take turns within each run, so that neither always goes first.
        # The whole processes run first: after an import in this process (its memory
        # and its reading workers held here) the machine starts them slower.
        def keep(database: str, work: str, seconds: float) -> None:
            figures[database][work] = min(figures[database].get(work, seconds), seconds)
            print(f"  {work}: {seconds:.2f} s", flush=True)

        for run in range(1, runs + 1):
            for database in DATABASES:
                print(f"run {run}, {database}: whole processes …", flush=True)
                store = new_store[database]()
                settle(server)
                keep(database, "import, whole process",
                     whole("--db", store, "import", "sales", str(csv))[0])  # fmt: skip
                settle(server)
                kpi, table = whole("--db", store, "kpi", "sales", "--period", "month")
                keep(database, "kpi sales --period month, whole process", kpi)
                kpi_tables.setdefault(database, table)
        read(data, csv.name)  # warm-up: the reader's worker process and first imports
        for run in range(1, runs + 1):
            for database in DATABASES:
                print(f"run {run}, {database}: import in this process …", flush=True)
                store = new_store[database]()
                settle(server)
                before, storing, rows = in_process(store, csv.name, data)
                assert rows == args.rows, rows
                keep(database, "read and check", before)
                keep(database, "store (one transaction)", storing)
                keep(database, "import, in-process", before + storing)
    same = kpi_tables["SQLite"] == kpi_tables["PostgreSQL"]
    lines = f"{args.rows / 1e6:g}M" if args.rows >= 100_000 else f"{args.rows:,}"
    print()
    print(f"{lines}-line CSV, best of {runs} run(s)")
    print(f"{'work':<44}{'SQLite':>9}{'PostgreSQL':>12}{'ratio':>8}")
    order = ("read and check", "store (one transaction)", "import, in-process",
             "import, whole process", "kpi sales --period month, whole process")  # fmt: skip
    for work in order:
        lite, pg = figures["SQLite"][work], figures["PostgreSQL"][work]
        print(f"{work:<44}{lite:>8.2f}s{pg:>11.2f}s{pg / lite:>7.2f}×")
    print(f"kpi tables identical on both databases: {'yes' if same else 'NO'}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
