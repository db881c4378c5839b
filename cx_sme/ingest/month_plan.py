"""The month's files in one step: what each file would change, month by month, and one
transaction that stores the whole batch.

For every file (already read, recognised and validated: an ``importer.Prepared``) and
every month it covers, :func:`plan_file` compares its rows with the rows stored for
that month: **new** (nothing stored), **unchanged** (the same rows, whatever their
order), or **changed** (how many rows and how much money are added, removed or changed).
The default decision adds new months, skips unchanged ones and keeps changed ones as
they are until the user says "replace". A guard flags a replacement that would shrink a
month to less than half its rows or money, and a file whose layout was last confirmed
for another data set: those months need an explicit confirmation.

:func:`commit_batch` stores the chosen months of every file in one write transaction
(all or nothing). Each file with something to store gets its own entry in the import
history (undo works per file, as for a single import); a file with nothing new (the
same file dropped twice) stores nothing.
"""

from __future__ import annotations

import dataclasses
import gc
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cx_sme.admin import backup
from cx_sme.core.db import bump_data_version, write_transaction
from cx_sme.core.errors import FileRefused, FormatAmbiguous, ImportConflict, RowsRefused
from cx_sme.core.formatting import month_label
from cx_sme.core.i18n import t
from cx_sme.ingest import mapping as column_mapping
from cx_sme.ingest import order_totals
from cx_sme.ingest.import_log import (
    DATE_COLUMN,
    STORED_COLUMNS,
    TABLES,
    archive_months,
    record_import,
)
from cx_sme.ingest.importer import (
    Prepared,
    check_invoices,
    import_cache,
    import_journal,
    insert_rows,
    prepare,
    read,
    storage_arrays,
    store_order_totals,
)
from cx_sme.ingest.recognition import Recognition, recognise
from cx_sme.ingest.validation import check_mapping, describe_errors

Progress = Callable[[float, str], None]

NEW, UNCHANGED, CHANGED, ADDED = "new", "unchanged", "changed", "added"
# A replacement leaving less than this share of a month's rows or money is flagged.
SHRINK_LIMIT = 0.5
# Money column (stored in cents) of each data set: sales amounts, complaint costs.
MONEY = {"sales": "amount_cents", "complaints": "cost_cents", "surveys": None}
# Columns that identify "the same row" when its other values changed.
ROW_KEYS = {
    "sales": ("date", "customer_id", "order_id", "product"),
    "complaints": ("opened", "customer_id", "description"),
    "surveys": ("date", "customer_id", "touchpoint"),
}


@dataclass(frozen=True)
class MonthChange:
    """One month of one file against the store.

    ``rows``/``cents``: the file's valid rows and money for the month; ``stored_rows``/
    ``stored_cents``: what the store holds. ``added``/``removed``/``changed``: rows only in
    the file, only in the store, and present in both with other values (matched by
    :data:`ROW_KEYS`); ``cents_added``/``cents_removed``: their money. ``closures_only``:
    complaints whose only news is a closing date filled in (or its cost). ``guard``:
    "shrinks" or "other_dataset" when the replacement needs a confirmation.
    """

    month: str
    status: str
    rows: int
    cents: int
    stored_rows: int = 0
    stored_cents: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    cents_added: int = 0
    cents_removed: int = 0
    closures_only: bool = False
    guard: str | None = None


@dataclass
class FilePlan:
    """A file's place in the batch: its prepared rows, how its data set was found, and
    what each month would do."""

    prepared: Prepared
    recognition: Recognition
    months: list[MonthChange] = field(default_factory=list)

    @property
    def dataset(self) -> str:
        return self.prepared.dataset

    def of(self, status: str) -> list[MonthChange]:
        return [m for m in self.months if m.status == status]

    @property
    def flagged(self) -> list[MonthChange]:
        return [m for m in self.months if m.guard]

    def rows_to_store(self, replace: set[str]) -> int:
        """The rows a commit would store: the new months, the months added to (new
        e-invoices) and the months in ``replace``."""
        return sum(m.rows for m in self.months if m.status in (NEW, ADDED) or m.month in replace)

    def default_replace(self) -> set[str]:
        """Changed months replaced unless the user says otherwise: complaints that only
        gained closing dates (nothing is lost), never a flagged month."""
        return {m.month for m in self.of(CHANGED) if m.closures_only and not m.guard}


def _months_of_rows(dataset: str, validation: Any) -> tuple[np.ndarray, list[str]]:
    """For each valid row, the position of its month ('2025-03') in the sorted list of
    the file's months; and that list. Counted on the months as numbers, without sorting
    the rows: a million rows take milliseconds, where grouping them as Python tuples took
    seconds.

    >>> from types import SimpleNamespace
    >>> days = np.array(["2025-04-15", "2025-03-03", "2025-04-20"], dtype="datetime64[D]")
    >>> codes, months = _months_of_rows("sales", SimpleNamespace(valid_values=lambda _: days))
    >>> codes.tolist(), months
    ([1, 0, 1], ['2025-03', '2025-04'])
    """
    days = validation.valid_values(column_mapping.PERIOD_COLUMN[dataset])
    numbers = np.asarray(days, dtype="datetime64[D]").astype("datetime64[M]").view(np.int64)
    if not len(numbers):
        return np.zeros(0, dtype=np.int64), []
    first = int(numbers.min())
    offsets = numbers - first  # under 1,812: dates are checked to lie in 1950–2100
    present = np.flatnonzero(np.bincount(offsets))
    position = np.zeros(int(present[-1]) + 1, dtype=np.int64)
    position[present] = np.arange(len(present))
    labels = np.datetime_as_string((present + first).astype("datetime64[M]")).tolist()
    return position[offsets], [str(label) for label in labels]


def _cents_by_month(dataset: str, validation: Any, codes: np.ndarray, months: int) -> list[int]:
    """The money of the valid rows summed per month, in cents (0 for a data set without
    money; a missing amount counts 0, as :func:`_money` counts a stored NULL)."""
    money = MONEY[dataset]
    if not money:
        return [0] * months
    euros = validation.valid_values(money.removesuffix("_cents"))
    sums = np.zeros(months, dtype=np.int64)
    np.add.at(sums, codes, order_totals.cents_of(np.asarray(euros, dtype=np.float64)))
    return [int(total) for total in sums]


def _file_rows(
    dataset: str, columns: Sequence[str], values: Sequence[np.ndarray], positions: np.ndarray
) -> list[tuple]:
    """The valid rows at ``positions`` as tuples in ``STORED_COLUMNS`` order (a column the
    file does not have: None), with the values they would be stored with."""
    index = {name: i for i, name in enumerate(columns)}
    picked = [
        values[index[c]][positions].tolist() if c in index else [None] * len(positions)
        for c in STORED_COLUMNS[dataset]
        if c != "import_id"
    ]
    return list(zip(*picked, strict=True))


def _stored_rows(conn: sqlite3.Connection, dataset: str, months: list[str]) -> dict[str, list]:
    """The stored rows of ``months`` as tuples in ``STORED_COLUMNS`` order, by month (a
    month with nothing stored is absent)."""
    if not months:
        return {}
    wanted = [c for c in STORED_COLUMNS[dataset] if c != "import_id"]
    date_at = wanted.index(DATE_COLUMN[dataset])
    marks = ", ".join("?" for _ in months)
    out: dict[str, list[tuple]] = {}
    cursor = conn.execute(
        f"SELECT {', '.join(wanted)} FROM {TABLES[dataset]} "
        f"WHERE substr({DATE_COLUMN[dataset]}, 1, 7) IN ({marks})",
        months,
    )
    for fetched in cursor.fetchall():
        row = tuple(fetched)  # a tuple already on SQLite: the same object back
        month = str(row[date_at])[:7]
        held = out.get(month)
        if held is None:
            out[month] = [row]
        else:
            held.append(row)
    return out


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while months of rows are held as tuples (none of them
    in a cycle): with a million of them, each pass of the collector walks them all."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _money(dataset: str, rows: Iterable[tuple]) -> int:
    """The cents of rows in ``STORED_COLUMNS`` order (0 for a data set without money)."""
    money = MONEY[dataset]
    if not money:
        return 0
    at = [c for c in STORED_COLUMNS[dataset] if c != "import_id"].index(money)
    return int(sum(r[at] or 0 for r in rows))


def _compare(
    dataset: str, month: str, file_rows: list[tuple], total: int, stored: list[tuple]
) -> MonthChange:
    """A month the store holds, the file's rows (their money ``total`` in cents, counted
    by :func:`plan_file`) against the stored ones, whatever their order: unchanged, or
    changed with what is added, removed and changed."""
    wanted = [c for c in STORED_COLUMNS[dataset] if c != "import_id"]
    rows = len(file_rows)
    # 1 and 1.0 are equal and hash alike: a row read back from the store matches the file's
    mine, theirs = Counter(file_rows), Counter(stored)
    base = {"rows": rows, "cents": total, "stored_rows": len(stored),
            "stored_cents": _money(dataset, stored)}  # fmt: skip
    base_args: Any = base
    # compared as plain dicts (every count is positive): in C, where Counter's own
    # comparison looks every row up from Python
    if dict.__eq__(mine, theirs):
        return MonthChange(month, UNCHANGED, **base_args)
    added, removed = mine - theirs, theirs - mine
    keys = [wanted.index(k) for k in ROW_KEYS[dataset]]

    def by_key(rows: Counter) -> dict[tuple, list[tuple]]:
        out: dict[tuple, list[tuple]] = {}
        for row, count in rows.items():
            out.setdefault(tuple(row[k] for k in keys), []).extend([row] * count)
        return out

    new_by_key, old_by_key = by_key(added), by_key(removed)
    pairs = [
        (old, new)
        for key, news in new_by_key.items()
        for old, new in zip(old_by_key.get(key, []), news, strict=False)
    ]
    changed = len(pairs)
    closures = (
        dataset == "complaints"
        and changed == sum(added.values()) == sum(removed.values())
        and all(_only_closed(wanted, old, new) for old, new in pairs)
    )
    return MonthChange(
        month, CHANGED, **base_args,
        added=sum(added.values()) - changed, removed=sum(removed.values()) - changed,
        changed=changed, cents_added=_money(dataset, added.elements()),
        cents_removed=_money(dataset, removed.elements()), closures_only=closures,
    )  # fmt: skip


def _only_closed(wanted: list[str], old: tuple, new: tuple) -> bool:
    """A stored complaint that the file shows closed since (and perhaps with its cost)."""
    closed = wanted.index("closed")
    differ = {wanted[i] for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}
    return old[closed] is None and new[closed] is not None and differ <= {"closed", "cost_cents"}


def plan_file(conn: sqlite3.Connection, prepared: Prepared, recognition: Recognition) -> FilePlan:
    """What storing ``prepared`` would do to each month it covers.

    Every month's rows and money are counted on the columns; rows become tuples only for
    the months the store already holds, the ones compared row by row (a first import of
    two years compares nothing)."""
    plan = FilePlan(prepared, recognition)
    validation = prepared.validation
    if validation is None:
        return plan
    dataset = prepared.dataset
    codes, months = _months_of_rows(dataset, validation)
    counts = np.bincount(codes, minlength=len(months)).tolist()
    cents = _cents_by_month(dataset, validation, codes, len(months))
    other = bool(recognition.remembered) and dataset not in recognition.remembered
    invoices = prepared.einvoice
    if invoices is not None:
        # e-invoices: invoices already stored were left out by the importer; a month
        # e-invoices hold gains the new ones (nothing is removed), or is unchanged
        for month, repeated in invoices.duplicates_by_month.items():
            if month not in months:
                plan.months.append(MonthChange(month, UNCHANGED, repeated, 0))
        additive = invoices.additive_months
    else:
        additive = frozenset()
    compared = [m for m in months if m not in additive]
    with _collector_paused():
        stored = _stored_rows(conn, dataset, compared)
        columns: list[str] = []
        values: list[np.ndarray] = []
        order = starts = np.zeros(0, dtype=np.int64)
        if stored:  # the rows of the months compared, each month's together in file order
            columns, values = storage_arrays(dataset, validation, prepared.mapping)
            order = np.argsort(codes, kind="stable")
            starts = np.concatenate(([0], np.cumsum(counts)))
        for at, month in enumerate(months):
            rows, total = counts[at], cents[at]
            if month in additive:
                plan.months.append(
                    MonthChange(month, ADDED, rows, total, added=rows, cents_added=total)
                )
                continue
            held = stored.get(month)
            if not held:
                change = MonthChange(month, NEW, rows, total)
            else:
                mine = _file_rows(dataset, columns, values, order[starts[at] : starts[at + 1]])
                change = _compare(dataset, month, mine, total, held)
            plan.months.append(dataclasses.replace(change, guard=_guard(change, other)))
    plan.months.sort(key=lambda m: m.month)
    return plan


def _guard(change: MonthChange, other_dataset: bool) -> str | None:
    """Why storing this month needs a confirmation: the file's layout was last confirmed
    for another data set, or the replacement shrinks the month below half."""
    if other_dataset:
        return "other_dataset"
    if change.status == CHANGED and (
        change.rows < SHRINK_LIMIT * change.stored_rows
        or (change.stored_cents > 0 and change.cents < SHRINK_LIMIT * change.stored_cents)
    ):
        return "shrinks"
    return None


@dataclass(frozen=True)
class StoredFile:
    """What the batch stored for one file (``import_id`` None: nothing to store)."""

    file_name: str
    dataset: str
    import_id: int | None
    rows: int
    months_added: list[str]
    months_replaced: list[str]


def _month_mask(validation: Any, column: str, months: set[str]) -> np.ndarray:
    days = validation.values[column]
    labels = np.datetime_as_string(days.astype("datetime64[M]")).astype(str)
    return np.isin(labels, sorted(months))


def commit_batch(
    conn: sqlite3.Connection,
    plans: Sequence[FilePlan],
    replace: dict[int, set[str]],
    confirmed: dict[int, set[str]] | None = None,
    *,
    valid_only: set[int] | None = None,
    progress: Progress | None = None,
) -> list[StoredFile]:
    """Store every plan's new months and the changed months in ``replace[i]`` (``i``: the
    plan's position), in one write transaction. A flagged month (new or replaced) must
    be in ``confirmed[i]``, or the whole batch is refused (``ImportConflict``); a file
    with wrong rows is refused too (``RowsRefused``) unless it is in ``valid_only``
    (then its valid rows are stored): nothing is stored on a refusal."""
    report = progress or (lambda _f, _m: None)
    confirmed = confirmed or {}
    chosen: list[tuple[FilePlan, set[str], set[str]]] = []
    for i, plan in enumerate(plans):
        check_file(plan, valid_only=i in (valid_only or set()))
        replaced = {m.month for m in plan.of(CHANGED) if m.month in replace.get(i, set())}
        added = {m.month for m in plan.of(NEW) + plan.of(ADDED)}
        for month in plan.flagged:
            if month.month in added | replaced and month.month not in confirmed.get(i, set()):
                raise ImportConflict(
                    "import.batch.needs_confirmation", file=plan.prepared.file_name,
                    month=month_label(month.month),
                )  # fmt: skip
        chosen.append((plan, added, replaced))
    if any(replaced for _, _, replaced in chosen):
        backup.auto_backup(conn, "month-batch")
    out: list[StoredFile] = []
    total = max(1, len(chosen))
    rows = sum(plan.prepared.valid_rows for plan, _, _ in chosen)
    with import_cache(conn), import_journal(conn, rows), write_transaction(conn):
        for step, (plan, added, replaced) in enumerate(chosen):
            name = plan.prepared.file_name
            report(step / total, t("import.batch.storing", file=name))

            def within(fraction: float, message: str, step: int = step, name: str = name) -> None:
                # insert_rows reports 0.4–0.95 of a file: the batch's share of this file
                report((step + max(0.0, fraction - 0.4) / 0.6) / total, f"{name}: {message}")

            out.append(_store(conn, plan, added, replaced, within))
        if any(s.import_id is not None for s in out):
            bump_data_version(conn)
    report(1.0, "")
    return out


def check_file(plan: FilePlan, *, valid_only: bool = False) -> None:
    """Refuse a file the batch cannot store as it is, naming it: columns left unmapped,
    readings to choose, wrong rows, no valid row (the same checks as a single import;
    a file imported before and months already stored are the plan's business)."""
    prepared = plan.prepared
    validation = prepared.validation
    name = prepared.file_name
    if prepared.einvoice is not None:
        check_invoices(prepared.einvoice, name, valid_only=valid_only, rerun_ok=True)
        if not prepared.einvoice.lines:
            return  # every invoice is stored already: the plan says unchanged
    if validation is None:
        try:
            check_mapping(prepared.dataset, prepared.mapping)
        except FileRefused as err:
            raise FileRefused(
                "import.batch.file_problem", file=name, problem=err.message()
            ) from None
        return
    if validation.ambiguities:
        raise FormatAmbiguous("import.error.ambiguous", validation.ambiguities, file=name)
    if validation.invalid_rows and not valid_only:
        raise RowsRefused(
            "import.batch.bad_rows", errors=describe_errors(validation.errors).to_dict("records"),
            file=name, bad=validation.invalid_rows, total=validation.rows,
        )  # fmt: skip
    if not validation.valid_rows:
        raise RowsRefused("import.batch.no_valid_rows", file=name)


def _store(
    conn: sqlite3.Connection,
    plan: FilePlan,
    added: set[str],
    replaced: set[str],
    report: Progress | None = None,
) -> StoredFile:
    prepared = plan.prepared
    validation = prepared.validation
    assert validation is not None
    months = added | replaced
    dataset = prepared.dataset
    if not months:
        return StoredFile(prepared.file_name, dataset, None, 0, [], [])
    keep = _month_mask(validation, column_mapping.PERIOD_COLUMN[dataset], months)
    columns, values = storage_arrays(dataset, validation, prepared.mapping, keep)
    rows = len(values[0]) if values else 0
    dates = values[columns.index(DATE_COLUMN[dataset])]
    import_id = record_import(
        conn, dataset, prepared.file_name, prepared.sha256, rows, validation.invalid_rows,
        (min(dates), max(dates)), prepared.note,
    )  # fmt: skip
    if replaced:
        archive_months(conn, dataset, sorted(replaced), import_id)
    insert_rows(conn, TABLES[dataset], import_id, columns, values,
                report or (lambda _f, _m: None))  # fmt: skip
    if dataset == "sales":
        store_order_totals(conn, import_id, validation, keep)
    column_mapping.remember_mapping(
        conn, dataset, list(prepared.table.columns), prepared.mapping,
        {"number_format": prepared.options.number_format,
         "date_format": prepared.options.date_format, "sheet": prepared.table.detected.sheet},
    )  # fmt: skip
    return StoredFile(prepared.file_name, dataset, import_id, rows, sorted(added), sorted(replaced))


def plan_upload(
    conn: sqlite3.Connection, file_name: str, data: bytes, dataset: str | None = None
) -> FilePlan:
    """Read one file, find its data set (``dataset`` forces one), validate it and plan
    its months. A file whose data set cannot be told is refused, naming it."""
    table = read(data, file_name)
    recognition = recognise(conn, table.frame)
    chosen = dataset or recognition.dataset
    if chosen is None:
        raise FileRefused("import.batch.unrecognised", file=file_name)
    prepared = prepare(conn, chosen, file_name, data, table=table)
    return plan_file(conn, prepared, recognition)
