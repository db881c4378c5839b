"""The sample company (being written by the sample-data work)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class SampleSummary:
    rows: int
    imports: int


def load_sample(conn: sqlite3.Connection) -> SampleSummary:
    raise NotImplementedError
