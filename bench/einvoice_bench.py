"""Importing a month of e-invoices from one .zip, against parsing the same XML bare.

Writes 10,000 FatturaPA invoices (1 to 3 lines each, one in ten signed as .p7m, one in
twenty a credit note, a few supplier invoices) into one .zip, then measures in the same
run:

* the whole process: ``python -m cx_sme --db STORE import sales ZIP --company-vat ...``;
* in-process: ``import_file`` on the same bytes (read in the worker, selected, stored);
* the anchor: every member of the zip opened and parsed with ``xml.etree`` (signed ones
  unwrapped first), nothing else.

    .venv/bin/python bench/einvoice_bench.py [--invoices 10000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.einvoice_data import SUPPLIER, Body, Row, invoice_xml, sign, zipped  # noqa: E402

COMPANY_VAT = "IT01234567890"


def build(count: int) -> bytes:
    rng = random.Random(11)
    files: dict[str, bytes] = {}
    for n in range(1, count + 1):
        rows = tuple(
            Row(f"Articolo {rng.randint(1, 400)}", f"{rng.uniform(20, 2000):.2f}", "1.00",
                f"ART{rng.randint(1, 400):03d}")
            for _ in range(rng.randint(1, 3))
        )  # fmt: skip
        day = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
        kind = "TD04" if n % 20 == 0 else "TD01"
        buyer = ("IT", f"{rng.randint(1, 3000):011d}", f"Cliente {n % 3000}")
        if n % 97 == 0:
            us = ("IT", COMPANY_VAT[2:], "Termoidraulica Lambro S.r.l.")
            xml = invoice_xml(Body(f"A{n}", day, rows), seller=SUPPLIER, buyer=us)
        else:
            xml = invoice_xml(Body(f"FT{n}", day, rows, kind), buyer=buyer)
        name = f"{day[:7]}/{COMPANY_VAT}_{n:05d}.xml"
        if n % 10 == 0:
            files[name + ".p7m"] = sign(xml)
        else:
            files[name] = xml
    return zipped(files)


def bare_parse(data: bytes) -> int:
    from cx_sme.einvoice import envelope

    count = 0
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename.endswith(".p7m"):
                content = envelope.unwrap(content)
            ElementTree.fromstring(content)
            count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="einvoice_bench_"))
    started = time.perf_counter()
    data = build(args.invoices)
    upload = folder / "fatture.zip"
    upload.write_bytes(data)
    print(f"{args.invoices:,} invoices in {len(data) / 1e6:.1f} MB, written in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip

    start = time.perf_counter()
    parsed = bare_parse(data)
    bare = time.perf_counter() - start

    store = folder / "process.sqlite"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cx_sme", "--db", str(store), "import", "sales", str(upload),
         "--company-vat", COMPANY_VAT],
        cwd=PROJECT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    whole = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout, done.stderr)
        return 1

    from cx_sme.core import db
    from cx_sme.einvoice.selection import confirm_company
    from cx_sme.ingest.importer import import_file

    conn = db.connect(folder / "inprocess.sqlite")
    confirm_company(conn, COMPANY_VAT)
    start = time.perf_counter()
    result = import_file(conn, "sales", "fatture.zip", data)
    inside = time.perf_counter() - start
    conn.close()

    print(f"{'work':<44}{'seconds':>9}{'vs bare parse':>15}")
    print(f"{'bare parse of every member (anchor)':<44}{bare:>9.2f}{'1.0×':>15}")
    print(f"{'import in-process (import_file)':<44}{inside:>9.2f}{inside / bare:>14.1f}×")
    print(f"{'import, whole process (python -m cx_sme)':<44}{whole:>9.2f}{whole / bare:>14.1f}×")
    print(f"{parsed:,} members parsed; {result.rows:,} sales lines stored")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
