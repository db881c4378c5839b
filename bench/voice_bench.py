"""Voice analytics on 10,000 survey answers: drivers and comments (tone, themes,
disagreement, the company model learnt from scratch), against a bare baseline in the same
run (lower-casing and splitting every comment once).

Run: .venv/bin/python bench/voice_bench.py [--answers 10000] [--runs 5]
Target: drivers and comments of 10,000 answers under a second.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cx_sme.dashboards.breakdowns import text_catalogue
from cx_sme.voice.analysis import analyse

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "voice"


def answers(n: int) -> pd.DataFrame:
    texts: list[tuple[str, str]] = []
    for name in ("commenti_etichettati.csv", "commenti_verifica.csv"):
        with (FIXTURES / name).open(encoding="utf-8") as handle:
            texts += [
                (r["commento"], r["etichetta"]) for r in csv.DictReader(handle, delimiter=";")
            ]
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(texts), n)
    # every comment is a little different (a customer's own words around a known one)
    comments = [f"{texts[i][0]} (ordine {k})" if k % 3 else None for k, i in enumerate(picks)]
    score = {"positivo": (8, 11), "neutro": (6, 10), "negativo": (0, 7)}
    nps = [float(rng.integers(*score[texts[i][1]])) for i in picks]
    touchpoints = rng.choice(["Fattura", "Consegna", "Banco", "Sito", "Agente", "Telefono"], n)
    dates = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    return pd.DataFrame({"date": dates, "customer_id": [f"C{i % 997}" for i in range(n)],
                         "nps": nps, "csat": 3.0, "touchpoint": touchpoints,
                         "comment": comments})  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    frame = answers(args.answers)
    catalogue = text_catalogue()
    bare, full, drivers_only = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        _ = [c.lower().split() for c in frame["comment"] if isinstance(c, str)]
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        report = analyse(frame, catalogue)
        full.append(time.perf_counter() - start)
        start = time.perf_counter()
        analyse(frame, catalogue, learn=False)
        drivers_only.append(time.perf_counter() - start)
    b, f, d = (statistics.median(x) for x in (bare, full, drivers_only))
    cold = full[0]  # the first run also fills the per-word caches (stems, polarities)
    comments = len(report.comments)
    model = report.model
    print(f"{args.answers:,} answers, {comments:,} with a comment, median of {args.runs} runs")
    print("| work | time | bare baseline | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| drivers + comments, company model learnt | {f * 1000:.0f} ms | {b * 1000:.1f} ms "
          f"| {f / b:.0f}× | < 1000 ms |")  # fmt: skip
    print(f"| drivers + comments, lexicon only | {d * 1000:.0f} ms | {b * 1000:.1f} ms "
          f"| {d / b:.0f}× | < 1000 ms |")  # fmt: skip
    print(f"| first run (cold word caches), model learnt | {cold * 1000:.0f} ms "
          f"| {bare[0] * 1000:.1f} ms | {cold / bare[0]:.0f}× | < 1000 ms |")  # fmt: skip
    if model is not None:
        print(f"company model: held-out accuracy {model.accuracy:.1%} on {model.held_out} "
              f"comments (lexicon {model.lexicon_accuracy:.1%}), used: {model.used}")  # fmt: skip


if __name__ == "__main__":
    main()
