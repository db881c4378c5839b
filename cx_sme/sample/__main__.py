"""``python -m cx_sme.sample --end YYYY-MM --out FOLDER``: write the sample company's three files.

The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cx_sme.sample.files import write_all
from cx_sme.sample.generator import SEED, simulate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cx_sme.sample",
        description="Generate the sample company's three files (deterministic).",
    )
    parser.add_argument("--end", default="2026-10", help="last month, YYYY-MM (default 2026-10)")
    parser.add_argument("--out", default="sample_data", type=Path, help="output folder")
    parser.add_argument("--seed", default=SEED, type=int, help="random seed")
    args = parser.parse_args(argv)
    data = simulate(args.end, args.seed)
    for path in write_all(data, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
