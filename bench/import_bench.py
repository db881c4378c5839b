"""Import speed at scale, against bare baselines measured in the same run.

Files generated each run in a temporary folder (deterministic):
- a 100,000-row sales .xlsx as an Italian invoicing program exports it;
- a 1,000,000-line Italian sales CSV (``;``, ``1.234,56``, ``dd/mm/yyyy``).

Timed, the best of ``--runs`` runs each (the machine is shared):
- the full import (read in the worker, map, check, store in one transaction) in this
  process, and as a whole process (``python -m cx_sme --db STORE import sales FILE``);
- ``kpi sales --period month`` on the 1M-line store, whole process;
- the anchors: fastexcel's bare parse of the .xlsx, pyarrow's bare read of the CSV,
  and a whole process that only imports pandas and pyarrow (what any command computing
  with them pays before its first step).

Prints a table: each target, the figure, the anchor, the ratio, met or not.

Run: ``.venv/bin/python bench/import_bench.py [--rows N] [--csv-rows N] [--runs 3]
[--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl

from cx_sme.core import db
from cx_sme.ingest.importer import import_file

PROJECT = Path(__file__).resolve().parent.parent

HEADER = [
    "Data documento", "Numero documento", "Codice cliente", "Ragione sociale",
    "Codice articolo", "Descrizione articolo", "Categoria", "Quantità", "Prezzo unitario",
    "Imponibile", "Canale",
]  # fmt: skip
CATEGORIES = ["Ferramenta", "Elettrico", "Idraulica", "Giardino", "Vernici", "Utensili"]
CHANNELS = ["Agente", "Negozio", "Sito web", "Telefono"]
NAMES = ["Rossi", "Bianchi", "Verdi", "Esposito", "Romano", "Colombo", "Ricci", "Marino"]
FORMS = ["Srl", "Snc", "Spa", "Sas", "di Mario"]


def _lines(n: int, seed: int = 7):  # type: ignore[no-untyped-def]
    """Deterministic invoice lines: (date, doc, customer, name, sku, descr, cat, qty,
    unit price, amount, channel)."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    customers = [
        (f"{i:05d}", f"{rng.choice(NAMES)} {rng.choice(NAMES)} {rng.choice(FORMS)}")
        for i in range(1, 401)
    ]
    doc = 0
    for i in range(n):
        if i % 3 == 0:
            doc += 1
            day = start + dt.timedelta(days=min(729, i * 730 // n))
            code, name = rng.choice(customers)
            channel = rng.choice(CHANNELS)
        sku = rng.randrange(1, 800)
        qty = rng.randrange(1, 25)
        price = round(rng.uniform(0.5, 400), 2)
        amount = round(qty * price * (-1 if rng.random() < 0.01 else 1), 2)
        yield (
            day, f"FT/{day.year}/{doc:06d}", code, name, f"ART{sku:04d}",
            f"Articolo {sku} {CATEGORIES[sku % 6].lower()}", CATEGORIES[sku % 6], qty,
            price, amount, channel,
        )  # fmt: skip


def write_xlsx(path: Path, n: int) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Vendite")
    sheet.append(["Esportazione righe documenti di vendita"])
    sheet.append([])
    sheet.append(HEADER)
    for line in _lines(n):
        sheet.append(list(line))
    book.save(path)


def _italian(value: float) -> str:
    text = f"{abs(value):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return ("-" if value < 0 else "") + text


def write_csv(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(";".join(HEADER) + "\r\n")
        for line in _lines(n, seed=11):
            day, doc, code, name, sku, descr, cat, qty, price, amount, channel = line
            out.write(
                f"{day:%d/%m/%Y};{doc};{code};{name};{sku};{descr};{cat};{qty};"
                f"{_italian(price)};{_italian(amount)};{channel}\r\n"
            )


def timed_import(folder: Path, name: str, data: bytes, profile: bool) -> tuple[float, int]:
    """(wall seconds, rows stored) of one full import into a new store, in this process."""
    store = folder / f"{name}-{time.monotonic_ns()}.sqlite"
    conn = db.connect(store)
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = import_file(conn, "sales", name, data)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - start
    conn.close()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return elapsed, result.rows


def whole(*command: str) -> float:
    """Wall seconds of a whole process (its start, imports and exit included)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=PROJECT)
    return time.perf_counter() - start


def best(runs: int, measure) -> float:  # type: ignore[no-untyped-def]
    return min(measure() for _ in range(runs))


def fastexcel_parse(path: Path) -> float:
    import fastexcel

    start = time.perf_counter()
    sheet = fastexcel.read_excel(str(path)).load_sheet(0, header_row=2)
    rows = sheet.to_arrow().num_rows
    elapsed = time.perf_counter() - start
    assert rows > 0
    return elapsed


def pyarrow_read(path: Path) -> float:
    import pyarrow.csv as pacsv

    start = time.perf_counter()
    pacsv.read_csv(path, parse_options=pacsv.ParseOptions(delimiter=";"))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    python = sys.executable
    table: list[tuple[str, float, str, float, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx = folder / "vendite.xlsx"
        csv = folder / "vendite.csv"
        print(f"generating {args.rows:,} rows of .xlsx and {args.csv_rows:,} lines of CSV …")
        write_xlsx(xlsx, args.rows)
        write_csv(csv, args.csv_rows)
        pandas_floor = best(args.runs, lambda: whole(python, "-c", "import pandas, pyarrow"))

        anchor = best(args.runs, lambda: fastexcel_parse(xlsx))
        data = xlsx.read_bytes()
        inside = best(args.runs, lambda: timed_import(folder, xlsx.name, data, args.profile)[0])
        process = best(args.runs, lambda: whole(
            python, "-m", "cx_sme", "--db", str(folder / f"x{time.monotonic_ns()}.sqlite"),
            "import", "sales", str(xlsx)))  # fmt: skip
        table.append((f"{args.rows // 1000}k-row .xlsx import, whole process", process,
                      "fastexcel bare parse", anchor, 2.0 * anchor))  # fmt: skip
        table.append((f"{args.rows // 1000}k-row .xlsx import, in-process", inside,
                      "fastexcel bare parse", anchor, None))  # fmt: skip

        anchor = best(args.runs, lambda: pyarrow_read(csv))
        data = csv.read_bytes()
        inside = best(args.runs, lambda: timed_import(folder, csv.name, data, args.profile)[0])
        # each run into a new store; the first one is kept for the KPI command below
        stores = [folder / f"csv{run}.sqlite" for run in range(max(1, args.runs))]
        process = min(
            whole(python, "-m", "cx_sme", "--db", str(s), "import", "sales", str(csv))
            for s in stores
        )
        store = stores[0]
        lines = f"{args.csv_rows / 1e6:g}M"
        table.append((f"{lines}-line CSV import, whole process", process,
                      "pyarrow bare read", anchor, 3.0))  # fmt: skip
        table.append((f"{lines}-line CSV import, in-process", inside,
                      "pyarrow bare read", anchor, None))  # fmt: skip
        kpi_command = (python, "-m", "cx_sme", "--db", str(store), "kpi", "sales")
        kpi = best(args.runs, lambda: whole(*kpi_command, "--period", "month"))
        table.append((f"kpi sales --period month on {lines} lines, whole process", kpi,
                      "python -c 'import pandas, pyarrow'", pandas_floor, 1.5))  # fmt: skip
    print()
    print(f"{'work':<52}{'figure':>9}  {'anchor':<36}{'anchor s':>9}{'ratio':>7}  target")
    ok = True
    for work, figure, name, base, target in table:
        met = "—" if target is None else ("met" if figure <= target else "NOT met")
        goal = "" if target is None else f"≤ {target:.2f} s: {met}"
        ok &= target is None or figure <= target
        print(f"{work:<52}{figure:>8.2f}s  {name:<36}{base:>8.2f}s{figure / base:>6.1f}×  {goal}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
