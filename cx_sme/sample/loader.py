"""The sample company: load Termoidraulica Lambro's three files into an empty store.

The files in ``sample_data/`` are imported through the normal import
(:func:`cx_sme.ingest.importer.import_file`), in one write transaction, so that the sample
appears in the import history as three imports and can be undone like any other file.
See ``sample_data/README.md`` for the company and the story its data tells.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cx_sme.core.db import has_data, write_transaction
from cx_sme.core.errors import CxError
from cx_sme.ingest.import_log import find_active_by_sha
from cx_sme.ingest.importer import import_file, sha256_of
from cx_sme.sample.files import COLUMNS, FILES, mapping_of
from cx_sme.sample.removal import mark_loaded

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"


@dataclass(frozen=True)
class SampleSummary:
    rows: int
    imports: int


def sample_files(folder: Path = SAMPLE_DIR) -> list[tuple[str, str, bytes]]:
    """(data set, file name, content) of the three sample files."""
    try:
        return [(dataset, name, (folder / name).read_bytes()) for dataset, name in FILES]
    except OSError as err:
        raise CxError("sample.error.missing", path=str(folder)) from err


def is_loaded(conn: sqlite3.Connection, folder: Path = SAMPLE_DIR) -> bool:
    """True when one of the sample files is among the active imports."""
    return _loaded(conn, sample_files(folder))


def _loaded(conn: sqlite3.Connection, files: list[tuple[str, str, bytes]]) -> bool:
    return any(
        find_active_by_sha(conn, dataset, sha256_of(data)) is not None
        for dataset, _name, data in files
    )


def load_sample(conn: sqlite3.Connection, folder: Path = SAMPLE_DIR) -> SampleSummary:
    """Import the three sample files into an empty store, all or nothing.

    Refused (a :class:`CxError`, nothing stored) when the sample is already loaded, or
    when the store holds other data: the sample is for trying the app, never mixed with
    a company's own figures.
    """
    files = sample_files(folder)
    # the moment before the first import: loading takes seconds, and every sample
    # import must count as made at or after it (cx_sme.sample.removal)
    started = dt.datetime.now().isoformat(timespec="seconds")
    with write_transaction(conn):
        if _loaded(conn, files):
            raise CxError("sample.error.already_loaded")
        if has_data(conn):
            raise CxError("sample.error.not_empty")
        # The files are ours: their mappings are given, nothing is left to guessing.
        results = [
            import_file(conn, dataset, name, data, mapping=mapping_of(COLUMNS[dataset]))
            for dataset, name, data in files
        ]
        mark_loaded(conn, started)
    return SampleSummary(rows=sum(r.rows for r in results), imports=len(results))
