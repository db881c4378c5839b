"""Import a file into the store: prepare (read, map, validate, preview), then commit.

The UI calls :func:`prepare`, shows what it found, lets the user change the mapping, and
calls :func:`commit`; scripts and the command line call :func:`import_file`, which does
both. A commit is one write transaction: the rows, the import log entry, the replaced
months and the remembered mapping are stored together or not at all.

Refusals (all :class:`~cx_sme.core.errors.CxError`, same message in the UI and the CLI):

- the file cannot be read (``FileRefused``), or lacks a required column;
- the same file is already imported and active (``ImportConflict``);
- dates or numbers read two ways and no reading was chosen (``FormatAmbiguous``);
- some rows are wrong and the user did not choose to import only the valid ones
  (``RowsRefused``, carrying the errors);
- the file covers months already stored and the user did not confirm the replacement
  (``ImportConflict``).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from typing import Any

import numpy as np
import pandas as pd

from cx_sme.admin import backup
from cx_sme.core.datasets import DATASETS
from cx_sme.core.db import bulk_journal, bump_data_version, is_postgres, write_transaction
from cx_sme.core.errors import (
    FileRefused,
    FormatAmbiguous,
    ImportConflict,
    InvoicesBroken,
    RowsRefused,
)
from cx_sme.core.formatting import month_label, number
from cx_sme.core.i18n import t
from cx_sme.einvoice.reader import MAPPING as EINVOICE_MAPPING
from cx_sme.einvoice.selection import IMPORT_NOTE, Selection, einvoice_only_months
from cx_sme.einvoice.selection import select as select_invoices
from cx_sme.files.readers import RawTable, read_table
from cx_sme.ingest import bulk, order_totals
from cx_sme.ingest import mapping as column_mapping
from cx_sme.ingest.export import export_rows, rejected_rows_csv
from cx_sme.ingest.import_log import (
    TABLES,
    ImportInfo,
    archive_months,
    find_active_by_sha,
    list_imports,
    record_import,
    stored_months,
    undo_import,
)
from cx_sme.ingest.validation import (
    Options,
    Validation,
    check_mapping,
    describe_errors,
    empty_errors,
    missing_columns,
    validate,
)

__all__ = [
    "ImportInfo",
    "ImportResult",
    "Prepared",
    "check",
    "commit",
    "error_lines",
    "export_rows",
    "import_file",
    "list_imports",
    "prepare",
    "read",
    "undo_import",
]

Progress = Callable[[float, str], None]

# Rows inserted between two progress reports.
CHUNK_ROWS = 100_000
# Rows bound by one INSERT statement (fewer when SQLite allows fewer parameters).
ROWS_PER_STATEMENT = 400
# From this many rows an import writes through the rollback journal when it has the file
# to itself (cx_sme.core.db.bulk_journal: its new pages are written once, not twice).
BULK_JOURNAL_ROWS = 20_000
# Page cache while an import writes (KiB, SQLite's negative form): big imports spill less.
IMPORT_CACHE_KIB = 65_536
# Errors listed in a refusal message on the command line.
ERRORS_IN_MESSAGE = 10


@dataclass(frozen=True)
class ImportResult:
    """What a commit stored."""

    import_id: int
    rows: int
    rejected: int
    period_from: str | None
    period_to: str | None
    replaced_months: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    """A file read, mapped and validated, ready to show and to commit.

    ``mapping_source`` is "given" (chosen by the caller), "remembered" (confirmed for
    this layout before) or "guessed". ``validation`` is None while a required column is
    unmapped (``missing`` names it). ``duplicate`` is the active import of the very same
    file; ``overlap`` the months of this file already stored, and ``overlap_imports``
    the imports holding them.
    """

    dataset: str
    file_name: str
    sha256: str
    table: RawTable
    mapping: dict[str, str]
    mapping_source: str
    remembered_at: str | None
    options: Options
    missing: list[str]
    validation: Validation | None
    months: list[str]
    period_from: str | None
    period_to: str | None
    duplicate: ImportInfo | None
    overlap: list[str]
    overlap_imports: list[ImportInfo]
    # e-invoices: the company's new invoices, what was left out, the months added to
    einvoice: Selection | None = None

    @property
    def note(self) -> str | None:
        """The import history's note: e-invoice imports are marked (see
        :mod:`cx_sme.einvoice.selection`)."""
        return IMPORT_NOTE if self.einvoice is not None else None

    @property
    def ready(self) -> bool:
        return self.validation is not None

    @property
    def valid_rows(self) -> int:
        return self.validation.valid_rows if self.validation else 0

    @property
    def invalid_rows(self) -> int:
        return self.validation.invalid_rows if self.validation else 0

    def preview(self, limit: int = 20) -> pd.DataFrame:
        """The first valid rows as they will be stored (canonical columns)."""
        if self.validation is None:
            return pd.DataFrame()
        out = self.validation.take(np.flatnonzero(self.validation.valid)[:limit])
        for col in column_mapping.columns(self.dataset):
            if col.kind == "date":
                out[col.name] = out[col.name].dt.date
            elif col.kind == "score":
                out[col.name] = out[col.name].astype("Int64")
            elif col.kind == "money":
                out[col.name] = out[col.name].round(2)
        used = [c.name for c in column_mapping.columns(self.dataset) if self.mapping.get(c.name)]
        return out[used].reset_index(drop=True)

    def errors(self, limit: int | None = None) -> pd.DataFrame:
        """Every wrong cell: row (as in the file), column (the file's header), value, reason."""
        if self.validation is None:
            return describe_errors(_empty_errors())
        return describe_errors(self.validation.errors, limit)

    def rejected_csv(self) -> bytes:
        """The rejected rows as a CSV for the user to fix: row, column, value, reason, then
        the original cells of the row (Excel-friendly: BOM, ``;`` in Italian)."""

        if self.validation is None:
            return b""
        return rejected_rows_csv(self.table, self.validation)


def _empty_errors() -> pd.DataFrame:

    return empty_errors()


def sha256_of(data: bytes) -> str:
    """The file's SHA-256 in hex.

    >>> sha256_of(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def read(data: bytes, file_name: str, *, sheet: str | None = None) -> RawTable:
    """Read the file (checks included); see :mod:`cx_sme.files.readers`."""
    return read_table(data, file_name, sheet=sheet)


def prepare(
    conn: sqlite3.Connection,
    dataset: str,
    file_name: str,
    data: bytes,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    options: Options | None = None,
    table: RawTable | None = None,
    sha256: str | None = None,
    forced: Mapping[str, str] | None = None,
) -> Prepared:
    """Read (unless ``table`` is given), map, validate and compare with the store.

    ``mapping`` None means: the remembered mapping for this layout, else the guess;
    ``options`` None: the formats remembered with it, else detected. ``forced`` sets
    some of them whatever else says (``{"date_format": "mdy"}``: the command line).
    """
    if dataset not in DATASETS:
        raise FileRefused("import.error.unknown_dataset", dataset=dataset)
    if table is None:
        table = read(data, file_name, sheet=sheet)
    digest = sha256 or sha256_of(data)
    selection = None
    if table.detected.kind == "einvoice":
        # The company's new invoices only; their columns are known, nothing to guess.
        if dataset != "sales":
            raise FileRefused("einvoice.only_sales", name=file_name)
        selection = select_invoices(conn, table)
        table, mapping = selection.table, EINVOICE_MAPPING
    headers = list(table.columns)
    remembered = column_mapping.recall_mapping(conn, dataset, headers)
    if mapping is not None:
        chosen = column_mapping.clean_mapping(dataset, mapping, headers)
        source, remembered_at = "given", None
    elif remembered is not None:
        chosen, source, remembered_at = remembered.mapping, "remembered", remembered.updated_at
    else:
        chosen = column_mapping.guess_mapping(dataset, headers, table.frame)
        source, remembered_at = "guessed", None
    base = options or Options()
    if options is None and remembered is not None and source == "remembered":
        base = Options(
            number_format=remembered.options.get("number_format", "auto"),
            date_format=remembered.options.get("date_format", "auto"),
        )
    opts = replace(base, date_system=table.detected.date_system or "1900", **(forced or {}))
    missing = missing_columns(dataset, chosen)
    validation = (
        None if missing else validate(dataset, table.frame, table.row_numbers, chosen, opts)
    )
    months: list[str] = []
    first = last = None
    if validation is not None:
        dates = validation.valid_values(column_mapping.PERIOD_COLUMN[dataset])
        if len(dates):
            first = str(dates.min().astype("datetime64[D]"))
            last = str(dates.max().astype("datetime64[D]"))
            months = sorted(set(np.unique(dates.astype("datetime64[M]")).astype(str).tolist()))
    duplicate = find_active_by_sha(conn, dataset, digest)
    overlap, holders = stored_months(conn, dataset, months, first, last)
    if selection is not None:  # new invoices join the months e-invoices already hold
        overlap = [m for m in overlap if m not in selection.additive_months]
    return Prepared(
        dataset, file_name, digest, table, chosen, source, remembered_at, opts, missing,
        validation, months, first, last, duplicate, overlap, holders, selection,
    )  # fmt: skip


def check(prepared: Prepared, *, replace: bool = False, valid_only: bool = False) -> None:
    """Raise the refusal a commit would meet (in the order the user should fix them)."""
    if prepared.validation is None:
        check_mapping(prepared.dataset, prepared.mapping)
    assert prepared.validation is not None
    if prepared.duplicate is not None:
        dup = prepared.duplicate
        raise ImportConflict(
            "import.error.already_imported",
            file=prepared.file_name,
            id=dup.id,
            when=dup.imported_at_label,
        )
    validation = prepared.validation
    if prepared.einvoice is not None:
        check_invoices(prepared.einvoice, prepared.file_name, valid_only=valid_only)
    if validation.ambiguities:
        raise FormatAmbiguous(
            "import.error.ambiguous", validation.ambiguities, file=prepared.file_name
        )
    if validation.invalid_rows and not valid_only:
        raise RowsRefused(
            "import.error.bad_rows",
            errors=describe_errors(validation.errors).to_dict("records"),
            bad=validation.invalid_rows,
            total=validation.rows,
        )
    if not validation.valid_rows:
        raise RowsRefused("import.error.no_valid_rows", total=validation.rows)
    if prepared.overlap and not replace:
        raise ImportConflict(
            "import.error.overlap",
            months=", ".join(_month_labels(prepared.overlap)),
            count=len(prepared.overlap),
        )


def _month_labels(months: list[str]) -> list[str]:

    return [month_label(m) for m in months]


def commit(
    conn: sqlite3.Connection,
    prepared: Prepared,
    *,
    replace: bool = False,
    valid_only: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Store the prepared file in one write transaction (or refuse, storing nothing)."""
    check(prepared, replace=replace, valid_only=valid_only)
    validation = prepared.validation
    assert validation is not None
    report = progress or (lambda _f, _m: None)
    report(0.3, t("import.progress.converting"))
    columns, values = storage_arrays(prepared.dataset, validation, prepared.mapping)
    rows = int(validation.valid_rows)
    table = TABLES[prepared.dataset]
    if replace and prepared.overlap:
        # A copy of the store as it was, before months are replaced (Settings lists it).
        backup.auto_backup(conn, f"replace-{prepared.dataset}-{prepared.overlap[0]}")
    with import_cache(conn), import_journal(conn, rows), write_transaction(conn):
        # Checked again under the writer lock: another session may have imported since.
        fresh = prepare_conflicts(conn, prepared)
        check(fresh, replace=replace, valid_only=valid_only)
        import_id = record_import(
            conn, prepared.dataset, prepared.file_name, prepared.sha256, rows,
            validation.invalid_rows, (prepared.period_from, prepared.period_to), prepared.note,
        )  # fmt: skip
        replaced: list[str] = []
        if fresh.overlap:
            report(0.35, t("import.progress.replacing"))
            replaced = archive_months(conn, prepared.dataset, fresh.overlap, import_id)
        insert_rows(conn, table, import_id, columns, values, report)
        if prepared.dataset == "sales":
            report(0.96, t("import.progress.totals"))
            store_order_totals(conn, import_id, validation)
        column_mapping.remember_mapping(
            conn,
            prepared.dataset,
            list(prepared.table.columns),
            prepared.mapping,
            {
                "number_format": prepared.options.number_format,
                "date_format": prepared.options.date_format,
                "sheet": prepared.table.detected.sheet,
            },
        )
        bump_data_version(conn)
        report(0.98, t("import.progress.saving"))  # the commit writes the new pages
    report(1.0, t("import.progress.done"))
    return ImportResult(
        import_id, rows, validation.invalid_rows, prepared.period_from, prepared.period_to,
        replaced,
    )  # fmt: skip


@contextmanager
def import_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A larger page cache for the duration of an import, then the previous one (SQLite's;
    a PostgreSQL server manages its own memory)."""
    if is_postgres(conn):
        yield
        return
    before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")


def import_journal(conn: sqlite3.Connection, rows: int) -> AbstractContextManager[bool]:
    """What an import of ``rows`` rows writes through: the rollback journal when it is big
    and has the file to itself (:func:`cx_sme.core.db.bulk_journal`), else as always."""
    return bulk_journal(conn) if rows >= BULK_JOURNAL_ROWS else nullcontext(False)


def insert_rows(
    conn: sqlite3.Connection,
    table: str,
    import_id: int,
    columns: list[str],
    values: Sequence[list[Any] | np.ndarray],
    report: Progress,
) -> None:
    """Insert the rows, many per statement (each statement binds up to
    ``ROWS_PER_STATEMENT`` rows: far less work per row than one statement a row); on
    PostgreSQL through ``COPY`` (:func:`cx_sme.ingest.bulk.copy_rows`), in the same
    transaction. ``values`` holds a list or an array (:func:`storage_arrays`) per column,
    arrays turned into Python values a chunk of rows at a time."""
    rows = len(values[0]) if values else 0
    store = (
        _copy_chunk(conn, table, import_id, columns)
        if is_postgres(conn)
        else _insert_chunk(conn, table, import_id, columns)
    )
    for start in range(0, rows, CHUNK_ROWS):
        stop = min(rows, start + CHUNK_ROWS)
        store(_chunk(values, start, stop))
        report(
            0.4 + 0.55 * stop / rows,
            t("import.progress.storing", done=number(stop), total=number(rows)),
        )


def _insert_chunk(
    conn: sqlite3.Connection, table: str, import_id: int, columns: list[str]
) -> Callable[[list[list[Any]]], None]:
    """What stores a chunk of rows (a list per column) on SQLite: as many rows per INSERT
    as the parameter limit allows."""
    one = f"({int(import_id)}, " + ", ".join("?" for _ in columns) + ")"
    head = f"INSERT INTO {table} (import_id, {', '.join(columns)}) VALUES "
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(ROWS_PER_STATEMENT, limit // max(1, len(columns))))
    width = per * len(columns)
    many = head + ", ".join([one] * per)

    def store(chunk: list[list[Any]]) -> None:
        count = len(chunk[0])
        flat = list(chain.from_iterable(zip(*chunk, strict=True)))
        full = count // per
        conn.executemany(many, (flat[i * width : (i + 1) * width] for i in range(full)))
        rest = count - full * per
        if rest:
            conn.execute(head + ", ".join([one] * rest), flat[full * width :])

    return store


def _copy_chunk(
    conn: sqlite3.Connection, table: str, import_id: int, columns: list[str]
) -> Callable[[list[list[Any]]], None]:
    """What stores a chunk of rows on PostgreSQL: one ``COPY``, in the same transaction."""

    def store(chunk: list[list[Any]]) -> None:
        rows = zip(repeat(import_id, len(chunk[0])), *chunk, strict=True)
        bulk.copy_rows(conn, table, ["import_id", *columns], rows)

    return store


def _chunk(values: Sequence[list[Any] | np.ndarray], start: int, stop: int) -> list[list[Any]]:
    """Rows ``start:stop`` of each column, as Python values."""
    return [
        column[start:stop].tolist() if isinstance(column, np.ndarray) else column[start:stop]
        for column in values
    ]


def store_order_totals(
    conn: sqlite3.Connection, import_id: int, validation: Validation, keep: np.ndarray | None = None
) -> None:
    """The sales import's lines summed per order (:mod:`cx_sme.ingest.order_totals`),
    in the import's transaction; ``keep`` narrows the valid rows as in
    :func:`storage_arrays`."""
    chosen = validation.valid if keep is None else validation.valid & keep
    columns, values = order_totals.columns_for_lines(validation.values, chosen)
    insert_rows(conn, order_totals.TABLE, import_id, columns, values, lambda _f, _m: None)


def prepare_conflicts(conn: sqlite3.Connection, prepared: Prepared) -> Prepared:
    """``prepared`` with its duplicate and overlap looked up again in the store."""
    duplicate = find_active_by_sha(conn, prepared.dataset, prepared.sha256)
    overlap, holders = stored_months(
        conn, prepared.dataset, prepared.months, prepared.period_from, prepared.period_to
    )
    if prepared.einvoice is not None:
        additive = einvoice_only_months(conn, overlap)
        overlap = [m for m in overlap if m not in additive]
    return replace(prepared, duplicate=duplicate, overlap=overlap, overlap_imports=holders)


def storage_arrays(
    dataset: str,
    validation: Validation,
    mapping: Mapping[str, str],
    keep: np.ndarray | None = None,
) -> tuple[list[str], list[np.ndarray]]:
    """The stored columns the file provides (columns it does not have are left to their
    default, NULL) and, for each, the valid rows' values as an array whose ``tolist()``
    gives the stored values (text, ISO dates, cents, numbers, None for NULL).
    :func:`insert_rows` turns them into Python values a chunk at a time, so a big file
    never holds them all at once. ``keep`` (a mask over all rows) narrows the valid rows
    further (some months only)."""
    names: list[str] = []
    values: list[np.ndarray] = []
    chosen = None if keep is None else validation.valid & keep
    for col in column_mapping.columns(dataset):
        if not mapping.get(col.name):
            continue
        if chosen is None:
            column = validation.valid_values(col.name)
        else:
            column = validation.values[col.name][chosen]
        if col.kind == "date":
            names.append(col.name)
            values.append(_iso_dates(column))
        elif col.kind == "money":
            names.append(col.name + "_cents")
            values.append(_cents(column))
        elif col.kind in ("number", "score"):
            names.append(col.name)
            values.append(_floats(column, integer=col.kind == "score"))
        else:
            names.append(col.name)
            values.append(column)
    return names, values


def _iso_dates(days: np.ndarray) -> np.ndarray:
    """datetime64[D] → ISO text (None when missing); distinct dates converted once (a
    file has few), the rows sharing them."""
    codes, uniques = pd.factorize(days, use_na_sentinel=True)
    iso = np.datetime_as_string(np.asarray(uniques, dtype="datetime64[D]")).astype(object)
    text = np.append(iso, np.array([None], dtype=object))
    return text[codes]  # the sentinel -1 picks the trailing None


def _cents(euros: np.ndarray) -> np.ndarray:
    cents = order_totals.cents_of(euros)
    missing = np.isnan(euros)
    if not missing.any():
        return cents
    out = cents.astype(object)
    out[missing] = None
    return out


def _floats(values: np.ndarray, *, integer: bool) -> np.ndarray:
    """Numbers (whole for a score), None where missing; a column with none missing stays
    numeric (its chunks become Python numbers as they are stored, not all at once)."""
    missing = np.isnan(values)
    numbers = np.where(missing, 0, values).astype(np.int64) if integer else values
    if not missing.any():
        return numbers
    out = numbers.astype(object)
    out[missing] = None
    return out


def import_file(
    conn: sqlite3.Connection,
    dataset: str,
    file_name: str,
    data: bytes,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    replace: bool = False,
    valid_only: bool = False,
    progress: Progress | None = None,
    forced: Mapping[str, str] | None = None,
) -> ImportResult:
    """Read, map (remembered or guessed unless given), validate and store ``data``;
    ``forced`` formats as in :func:`prepare`."""
    report = progress or (lambda _f, _m: None)
    report(0.0, t("import.progress.reading"))
    table = read(data, file_name, sheet=sheet)
    report(0.15, t("import.progress.checking", rows=number(len(table.frame))))
    prepared = prepare(conn, dataset, file_name, data, mapping=mapping, table=table, forced=forced)
    report(
        0.25,
        t("import.progress.checked", valid=number(prepared.valid_rows),
          bad=number(prepared.invalid_rows)),
    )  # fmt: skip
    return commit(conn, prepared, replace=replace, valid_only=valid_only, progress=progress)


def check_invoices(
    selection: Selection, file_name: str, *, valid_only: bool = False, rerun_ok: bool = False
) -> None:
    """An e-invoice upload's own refusals: the company not confirmed yet, broken
    invoices (all or the valid ones only, as for spreadsheet rows), nothing new (unless
    ``rerun_ok``: the month's routine run again stores nothing and says so)."""
    if not selection.confirmed:
        raise ImportConflict(
            "einvoice.confirm_company", file=file_name, vat=selection.seller or "—",
            name=selection.seller_name or "—",
        )  # fmt: skip
    broken = selection.facts.broken
    if broken and not valid_only:
        raise InvoicesBroken(
            "einvoice.broken_files", file=file_name, bad=len(broken),
            errors=[{"file": b.file, "reason": b.reason, "params": dict(b.params)} for b in broken],
        )  # fmt: skip
    if not selection.lines and selection.already_stored and not rerun_ok:
        raise ImportConflict("einvoice.nothing_new", file=file_name, count=selection.already_stored)


def refusal_lines(err: FormatAmbiguous | RowsRefused) -> list[str]:
    """The detail lines under a refusal's message: the readings in doubt, the broken
    invoices, or the first wrong cells."""
    if isinstance(err, FormatAmbiguous):
        return ambiguity_lines(err)
    if isinstance(err, InvoicesBroken):
        return broken_lines(err)
    return error_lines(err)


def broken_lines(err: RowsRefused, limit: int = ERRORS_IN_MESSAGE) -> list[str]:
    """The broken invoices of a refusal, one line each: the file and why."""
    lines = [
        t("einvoice.broken_line", file=e["file"], reason=t(f"einvoice.broken.{e['reason']}",
                                                         **e["params"]))
        for e in err.errors[:limit]
    ]  # fmt: skip
    if len(err.errors) > limit:
        lines.append(t("import.error.more", count=len(err.errors) - limit))
    return lines


def ambiguity_lines(err: FormatAmbiguous) -> list[str]:
    """What reads two ways, one line each, with an example read both ways."""
    lines = []
    for found in err.ambiguities:
        written, first, second = found.examples[0] if found.examples else ("", "", "")
        lines.append(
            t(
                f"import.ambiguous.{found.kind}_line",
                columns="», «".join(found.columns),
                example=written,
                first=first,
                second=second,
            )
        )
    return lines


def error_lines(err: RowsRefused, limit: int = ERRORS_IN_MESSAGE) -> list[str]:
    """The first wrong cells of a refusal, one line each, in the current language."""
    lines = [
        t(
            "import.error.line",
            row=e["row"],
            column=e["column"],
            value=e["value"],
            reason=e["reason"],
        )
        for e in err.errors[:limit]
    ]
    if len(err.errors) > limit:
        lines.append(t("import.error.more", count=len(err.errors) - limit))
    return lines
