"""The month's plan of a big sales file (what the Import page and ``cx_sme import-month`` show
before anything is stored), against bare baselines measured in the same run.

A 1,000,000-line Italian sales CSV (the one of ``bench/import_bench.py``) is read and
checked once; then, timed, the best of ``--runs`` runs each:
- its plan against an empty store (every month new);
- the plan of the same file with one amount changed, against a store that already holds
  the file (every month compared row by row: 23 unchanged, 1 changed).

Anchors: for the first, pyarrow's bare read of the CSV; for the second, fetching the
stored rows of those months from SQLite as Python tuples, which any row-by-row
comparison in Python pays before it compares anything.

Run: ``.venv/bin/python bench/plan_bench.py [--csv-rows N] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_bench import _italian, best, pyarrow_read, write_csv
from cx_sme.core import db
from cx_sme.files import worker_pool
from cx_sme.ingest import importer
from cx_sme.ingest.month_plan import CHANGED, NEW, UNCHANGED, FilePlan, plan_file
from cx_sme.ingest.recognition import recognise


def prepared_file(conn, path: Path) -> tuple[importer.Prepared, object]:  # type: ignore[no-untyped-def]
    data = path.read_bytes()
    table = importer.read(data, path.name)
    prepared = importer.prepare(conn, "sales", path.name, data, table=table)
    return prepared, recognise(conn, table.frame)


def timed_plan(conn, prepared, recognition) -> tuple[float, FilePlan]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    plan = plan_file(conn, prepared, recognition)
    return time.perf_counter() - start, plan


def stored_fetch(store: Path) -> float:
    """Seconds to fetch every stored sales row as tuples (the comparison's floor)."""
    conn = db.connect(store)
    start = time.perf_counter()
    rows = conn.execute(
        "SELECT date, customer_id, amount_cents, order_id, customer_name, product, "
        "category, channel, quantity FROM sales"
    ).fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    assert rows
    return elapsed


def with_one_amount_changed(source: Path, target: Path) -> None:
    """``source`` with the amount of its 5,000th line raised by 10,00 € (the generated
    dates grow with the line: in a million lines, a January 2024 line)."""
    lines = source.read_bytes().split(b"\r\n")
    fields = lines[5000].split(b";")
    euros = float(fields[9].replace(b".", b"").replace(b",", b"."))
    fields[9] = _italian(euros + 10).encode()
    lines[5000] = b";".join(fields)
    target.write_bytes(b"\r\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    worker_pool.start_workers()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv, changed = folder / "vendite.csv", folder / "vendite_cambiata.csv"
        print(f"generating {args.csv_rows:,} lines of CSV …")
        write_csv(csv, args.csv_rows)
        with_one_amount_changed(csv, changed)

        empty = db.connect(folder / "empty.sqlite")
        prepared, recognition = prepared_file(empty, csv)
        first = best(args.runs, lambda: timed_plan(empty, prepared, recognition)[0])
        plan = timed_plan(empty, prepared, recognition)[1]
        assert {m.status for m in plan.months} == {NEW}
        assert sum(m.rows for m in plan.months) == args.csv_rows
        empty.close()
        read = best(args.runs, lambda: pyarrow_read(csv))

        store = folder / "held.sqlite"
        held = db.connect(store)
        importer.import_file(held, "sales", csv.name, csv.read_bytes())
        prepared, recognition = prepared_file(held, changed)
        again = best(args.runs, lambda: timed_plan(held, prepared, recognition)[0])
        plan = timed_plan(held, prepared, recognition)[1]
        statuses = [m.status for m in plan.months]
        assert statuses.count(CHANGED) == 1 and statuses.count(UNCHANGED) == len(statuses) - 1
        held.close()
        fetch = best(args.runs, lambda: stored_fetch(store))

    lines = f"{args.csv_rows / 1e6:g}M"
    rows = [
        (f"plan of {lines} lines, empty store (all new)", first, "pyarrow bare read", read),
        (f"plan of {lines} lines, store holding them", again, "fetch stored rows", fetch),
    ]
    print()
    print(f"{'work':<48}{'figure':>9}  {'anchor':<22}{'anchor s':>9}{'ratio':>7}")
    for work, figure, name, base in rows:
        print(f"{work:<48}{figure:>8.2f}s  {name:<22}{base:>8.2f}s{figure / base:>6.1f}×")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
