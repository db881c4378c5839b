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
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cx_sme.admin import backup
from cx_sme.core.db import bump_data_version, write_transaction
from cx_sme.core.errors import FileRefused, FormatAmbiguous, ImportConflict, RowsRefused
from cx_sme.core.formatting import month_label
from cx_sme.core.i18n import t
from cx_sme.ingest import mapping as column_mapping
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
    storage_columns,
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


def _rows_by_month(
    dataset: str, columns: Sequence[str], values: Sequence[Sequence[Any]]
) -> dict[str, list[tuple]]:
    """The rows as tuples of ``STORED_COLUMNS`` order (absent columns None), by month."""
    wanted = [c for c in STORED_COLUMNS[dataset] if c != "import_id"]
    index = {name: i for i, name in enumerate(columns)}
    count = len(values[0]) if values else 0
    picked = [values[index[c]] if c in index else [None] * count for c in wanted]
    date_at = wanted.index(DATE_COLUMN[dataset])
    out: dict[str, list[tuple]] = {}
    for row in zip(*picked, strict=True):
        out.setdefault(str(row[date_at])[:7], []).append(row)
    return out


def _stored_rows(conn: sqlite3.Connection, dataset: str, months: list[str]) -> dict[str, list]:
    if not months:
        return {}
    wanted = [c for c in STORED_COLUMNS[dataset] if c != "import_id"]
    date_column = DATE_COLUMN[dataset]
    marks = ", ".join("?" for _ in months)
    out: dict[str, list[tuple]] = {}
    for row in conn.execute(
        f"SELECT {', '.join(wanted)} FROM {TABLES[dataset]} "
        f"WHERE substr({date_column}, 1, 7) IN ({marks})",
        months,
    ):
        out.setdefault(str(row[wanted.index(date_column)])[:7], []).append(tuple(row))
    return out


def _normal(row: tuple) -> tuple:
    """A row comparable across the file and the store (1.0 and 1 are the same value)."""
    return tuple(float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
                 for v in row)  # fmt: skip


def _money(dataset: str, rows: Iterable[tuple]) -> int:
    """The cents of rows in ``STORED_COLUMNS`` order (0 for a data set without money)."""
    money = MONEY[dataset]
    if not money:
        return 0
    at = [c for c in STORED_COLUMNS[dataset] if c != "import_id"].index(money)
    return int(sum(r[at] or 0 for r in rows))


def _compare(dataset: str, month: str, file_rows: list[tuple], stored: list[tuple]) -> MonthChange:
    wanted = [c for c in STORED_COLUMNS[dataset] if c != "import_id"]

    rows, total = len(file_rows), _money(dataset, file_rows)
    if not stored:
        return MonthChange(month, NEW, rows, total)
    mine, theirs = Counter(map(_normal, file_rows)), Counter(map(_normal, stored))
    base = {"rows": rows, "cents": total, "stored_rows": len(stored),
            "stored_cents": _money(dataset, stored)}  # fmt: skip
    base_args: Any = base
    if mine == theirs:
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
    """What storing ``prepared`` would do to each month it covers."""
    plan = FilePlan(prepared, recognition)
    validation = prepared.validation
    if validation is None:
        return plan
    columns, values = storage_columns(prepared.dataset, validation, prepared.mapping)
    by_month = _rows_by_month(prepared.dataset, columns, values)
    stored = _stored_rows(conn, prepared.dataset, sorted(by_month))
    other = bool(recognition.remembered) and prepared.dataset not in recognition.remembered
    invoices = prepared.einvoice
    if invoices is not None:
        # e-invoices: invoices already stored were left out by the importer; a month
        # e-invoices hold gains the new ones (nothing is removed), or is unchanged
        for month, repeated in invoices.duplicates_by_month.items():
            if month not in by_month:
                plan.months.append(MonthChange(month, UNCHANGED, repeated, 0))
        additive = invoices.additive_months
    else:
        additive = frozenset()
    for month in sorted(by_month):
        if month in additive:
            rows = by_month[month]
            cents = _money(prepared.dataset, rows)
            plan.months.append(
                MonthChange(month, ADDED, len(rows), cents, added=len(rows), cents_added=cents)
            )
            continue
        change = _compare(prepared.dataset, month, by_month[month], stored.get(month, []))
        guard = None
        if other:
            guard = "other_dataset"
        elif change.status == CHANGED and (
            change.rows < SHRINK_LIMIT * change.stored_rows
            or (change.stored_cents > 0 and change.cents < SHRINK_LIMIT * change.stored_cents)
        ):
            guard = "shrinks"
        plan.months.append(dataclasses.replace(change, guard=guard))
    plan.months.sort(key=lambda m: m.month)
    return plan


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
