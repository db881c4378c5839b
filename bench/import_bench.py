"""Import speed: the full import (read, map, parse, validate, store) of real-sized files.

1. A 100,000-row sales .xlsx as an Italian invoicing program exports it: the full import
   into a fresh SQLite file is timed against ``pandas.read_excel(engine="openpyxl")``
   merely parsing the same file. Target: ratio <= 0.15.
2. A 1,000,000-line Italian sales CSV (``;``, ``1.234,56``, ``dd/mm/yyyy``): the full
   import. Target: <= 3 s.

Run: ``.venv/bin/python bench/import_bench.py [--rows N] [--csv-rows N] [--profile]``.
Figures go to stdout; the files are generated in a temporary folder each run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl
import pandas as pd

from cx_sme.core import db
from cx_sme.ingest.importer import import_file

XLSX_TARGET = 0.15
CSV_TARGET_S = 3.0

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


def timed_import(folder: Path, name: str, data: bytes, profile: bool) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, rows stored) of one full import."""
    conn = db.connect(folder / f"{name}.sqlite")
    profiler = cProfile.Profile() if profile else None
    cpu = time.process_time()
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = import_file(conn, "sales", name, data)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    conn.close()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return elapsed, cpu, result.rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx = folder / "vendite.xlsx"
        print(f"generating {args.rows:,} rows of sales in .xlsx …", flush=True)
        write_xlsx(xlsx, args.rows)
        cpu = time.process_time()
        start = time.perf_counter()
        frame = pd.read_excel(xlsx, engine="openpyxl", header=2)
        baseline = time.perf_counter() - start
        baseline_cpu = time.process_time() - cpu
        assert len(frame) == args.rows
        full, full_cpu, stored = timed_import(folder, xlsx.name, xlsx.read_bytes(), args.profile)
        assert stored == args.rows, stored
        ratio = full / baseline
        print(
            f"xlsx {args.rows:,} rows: pandas.read_excel(openpyxl) parse only "
            f"{baseline:.2f} s (CPU {baseline_cpu:.2f} s)"
        )
        print(
            f"xlsx {args.rows:,} rows: full import (read, validate, store) "
            f"{full:.2f} s (CPU {full_cpu:.2f} s)"
        )
        cpu_ratio = full_cpu / baseline_cpu
        print(f"xlsx ratio {ratio:.3f} (CPU ratio {cpu_ratio:.3f}; target <= {XLSX_TARGET})")
        ok &= ratio <= XLSX_TARGET

        csv = folder / "vendite.csv"
        print(f"generating {args.csv_rows:,} lines of Italian sales CSV …", flush=True)
        write_csv(csv, args.csv_rows)
        data = csv.read_bytes()
        full, full_cpu, stored = timed_import(folder, csv.name, data, args.profile)
        assert stored == args.csv_rows, stored
        print(
            f"csv {args.csv_rows:,} lines ({len(data) / 1e6:.0f} MB): full import {full:.2f} s "
            f"(CPU {full_cpu:.2f} s; target <= {CSV_TARGET_S:.0f} s)"
        )
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        ok &= full <= CSV_TARGET_S
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
