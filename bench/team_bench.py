"""CX-team speed: the evidence beside every touchpoint, and the meeting's minutes.

1. ``evidence.collect`` + ``needs_attention`` for the whole catalogue over 12 months, on
   the sample company and on the same complaints and answers repeated ×10 (about 3,200
   complaints and 9,000 answers): the ratio says how it scales. Target: under 100 ms on
   the sample (the pages cache it per data version, catalogue and window, so only the
   first view after a change pays it), ratio for ×10 data ≤ 3.
2. Writing the minutes of a meeting with 50 open actions. Target: under 50 ms.

Run: ``.venv/bin/python bench/team_bench.py``. Figures go to stdout; the store is built
in a temporary folder each run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from cx_sme.company import touchpoints
from cx_sme.core import db
from cx_sme.core.frames import load_frames
from cx_sme.sample.loader import load_sample
from cx_sme.team import actions, evidence, meetings


def best_ms(run, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        conn = db.connect(Path(folder) / "bench.sqlite")
        load_sample(conn)
        frames = load_frames(conn)
        catalogue = touchpoints.list_touchpoints(conn)
        scores = touchpoints.latest_scores(conn)
        window = evidence.default_window(frames, "month", 12)

        def evidence_run(data=frames):  # type: ignore[no-untyped-def]
            report = evidence.collect(data, catalogue, window)
            evidence.needs_attention(catalogue, scores, report)

        sample_ms = best_ms(evidence_run)
        big = replace(
            frames,
            complaints=pd.concat([frames.complaints] * 10, ignore_index=True),
            surveys=pd.concat([frames.surveys] * 10, ignore_index=True),
        )
        big_ms = best_ms(lambda: evidence_run(big), repeat=7)
        print(
            f"evidence, sample ({len(frames.complaints)} complaints, "
            f"{len(frames.surveys)} answers): {sample_ms:.1f} ms"
        )
        print(
            f"evidence, x10 ({len(big.complaints)} complaints, {len(big.surveys)} answers): "
            f"{big_ms:.1f} ms; ratio {big_ms / sample_ms:.2f}"
        )

        tp_ids = [tp.id for tp in catalogue]
        for n in range(50):
            actions.add_action(
                conn, f"Azione {n}", touchpoint_id=tp_ids[n % len(tp_ids)],
                owner=f"Persona {n % 7}", department="service", kpi="complaints",
                due=f"2026-{n % 12 + 1:02d}-15", baseline=10, target=5,
            )  # fmt: skip
        meeting = meetings.start_meeting(
            conn, attendees=[("sales", "Anna"), ("service", "Sara")], focus=tp_ids[:3]
        )
        for tp_id in tp_ids[:3]:
            touchpoints.record_score(conn, tp_id, 3, meeting_id=meeting.id)
        minutes_ms = best_ms(lambda: meetings.minutes_text(conn, meeting))
        print(f"minutes with 50 open actions: {minutes_ms:.1f} ms")
        conn.close()


if __name__ == "__main__":
    main()
