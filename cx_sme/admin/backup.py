"""Backup and restore of the whole store.

A backup is a plain SQLite file, on either database: a client can take its data away in
it, and ``restore`` reads it on SQLite and on PostgreSQL alike. From a SQLite store it is
made with SQLite's online backup API (consistent even while other sessions write), switched
to a self-contained single file. From a company's PostgreSQL schema it is a new SQLite
store created at the schema's version, filled by
:func:`cx_sme.tenancy.postgres_copy.postgres_to_sqlite` (one snapshot of the schema, read
on a connection of its own), and checked as a file offered for restore is before it takes
its name. A file offered for restore is checked before anything is touched:

1. it is an SQLite database (the 16-byte header) that SQLite can open;
2. ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` find nothing wrong;
3. its schema version is one this program knows (not newer);
4. it is a backup of this app: its tables, indexes, views and triggers are exactly those
   our migrations create at that version (another app's database, or one with objects
   added, is refused).

Otherwise :class:`~cx_sme.core.errors.BackupRefused` says why. On PostgreSQL the checked
file is copied into the company's schema by
:func:`cx_sme.tenancy.postgres_copy.sqlite_to_postgres`, in one transaction: a refusal or a
failure leaves the schema as it was.

The current store is saved automatically before a restore and before every month
replacement, keeping the newest :data:`KEEP_AUTOMATIC` automatic copies: a SQLite store's
in a ``backups`` folder beside the database file; a PostgreSQL company's, which has no
file, in ``$CX_SME_BACKUP_DIR/<schema>`` (``data/backups/<schema>`` in the project when the
variable is not set: :func:`postgres_backup_root`). A SQLite store is also saved before
every migration; a PostgreSQL schema is not, as its migrations run in one transaction that
either completes or leaves it as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cx_sme.admin import privacy
from cx_sme.core import config, db
from cx_sme.core.db import database_file
from cx_sme.core.errors import BackupRefused, CxError
from cx_sme.core.formatting import DASH, date
from cx_sme.core.i18n import t

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_DIR_NAME = "backups"
AUTO_PREFIX = "auto-"
KEEP_AUTOMATIC = 10
BACKUP_DIR_ENV = "CX_SME_BACKUP_DIR"

_REASON_SAFE = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True)
class BackupInfo:
    """What a checked backup file contains."""

    schema_version: int
    created_at: str | None
    counts: dict[str, int]


@dataclass(frozen=True)
class AutoBackup:
    """One automatic backup in the ``backups`` folder."""

    path: Path
    created_at: dt.datetime
    reason: str
    size: int


def postgres_backup_root() -> Path:
    """Where the automatic backups of PostgreSQL companies go, a folder per company schema
    inside it: ``$CX_SME_BACKUP_DIR``, else ``data/backups`` in the project."""
    value = os.environ.get(BACKUP_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else config.PROJECT_DIR / "data" / BACKUP_DIR_NAME


def backup_dir(conn: sqlite3.Connection) -> Path | None:
    """The folder of automatic backups: ``backups/`` beside a SQLite database file (None
    in memory); for a PostgreSQL company, its schema's folder in
    :func:`postgres_backup_root`."""
    if db.is_postgres(conn):
        import cx_sme.core.postgres as postgres

        return postgres_backup_root() / postgres.current_schema(conn)  # type: ignore[arg-type]
    path = database_file(conn)
    return None if path is None else path.parent / BACKUP_DIR_NAME


def backup_file_name(now: dt.datetime | None = None) -> str:
    """A file name for a download: ``cx-per-pmi-backup-2025-03-14-1530.sqlite``.

    >>> backup_file_name(dt.datetime(2025, 3, 14, 15, 30))
    'cx-per-pmi-backup-2025-03-14-1530.sqlite'
    """
    now = now or dt.datetime.now()
    return f"cx-per-pmi-backup-{now:%Y-%m-%d-%H%M}.sqlite"


def _source_connection(conn: sqlite3.Connection) -> sqlite3.Connection:
    """A separate connection on the same file, so the copy holds committed data only
    (even when the caller is inside a write transaction)."""
    path = database_file(conn)
    return conn if path is None else db.open_connection(path)


def _mark(target: sqlite3.Connection, reason: str) -> None:
    """Switch the copy to a self-contained file and say when and why it was made."""
    target.execute("PRAGMA journal_mode = DELETE")
    target.execute("BEGIN")
    for key, value in (
        ("backup_created_at", dt.datetime.now().isoformat(timespec="seconds")),
        ("backup_reason", reason),
    ):
        target.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
    target.execute("COMMIT")


def _copy_of_postgres(conn: sqlite3.Connection, partial: Path, reason: str) -> None:
    """The company schema behind ``conn`` as a new SQLite store at ``partial``, at the
    schema's version, checked as a file offered for restore is."""
    import cx_sme.core.postgres as postgres
    import cx_sme.tenancy.postgres_copy as postgres_copy

    source = postgres.reopen(conn)  # type: ignore[arg-type]
    try:
        version = postgres.schema_version(source)
        if version > db.latest_version():
            raise CxError("common.error.db_newer", found=version, supported=db.latest_version())
        target = db.connect(partial, migrate_to=version)
        try:
            postgres_copy.postgres_to_sqlite(source, target)
            _mark(target, reason)
        finally:
            target.close()
    finally:
        source.close()
    _check_file(partial)


def _copy_of_sqlite(conn: sqlite3.Connection, partial: Path, reason: str) -> None:
    """The SQLite store behind ``conn`` copied to ``partial`` with SQLite's backup API."""
    source = _source_connection(conn)
    try:
        target = sqlite3.connect(str(partial), isolation_level=None)
        try:
            source.backup(target)
            _mark(target, reason)
        finally:
            target.close()
    finally:
        if source is not conn:
            source.close()


def create_backup(conn: sqlite3.Connection, dest: str | Path, *, reason: str = "manual") -> Path:
    """Write a full backup of the store behind ``conn`` to ``dest`` (replaced atomically):
    a SQLite file, from either database (see the module)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = _copy_of_postgres if db.is_postgres(conn) else _copy_of_sqlite
    try:
        copy(conn, partial, reason)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(dest)
    return dest


def backup_bytes(conn: sqlite3.Connection) -> bytes:
    """A full backup as bytes, for a download button."""
    with tempfile.TemporaryDirectory(prefix="cx-backup-") as folder:
        path = create_backup(conn, Path(folder) / "backup.sqlite")
        return path.read_bytes()


def backup_bytes_of(path: str | Path) -> bytes:
    """A full backup of the store at ``path`` as bytes, on a connection of its own (safe
    to call from another thread, as a deferred download does)."""
    conn = db.open_connection(path)
    try:
        return backup_bytes(conn)
    finally:
        conn.close()


def reason_label(reason: str) -> str:
    """An automatic backup's reason in words.

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it")
    >>> reason_label("migration-3-to-7")
    'aggiornamento del programma (schema 3 → 7)'
    >>> reason_label("before-restore")
    'prima di un ripristino'
    """

    match = re.fullmatch(r"migration-(\d+)-to-(\d+)", reason)
    if match:
        return t("settings.backup.reason_migration", old=match[1], new=match[2])
    if reason == "before-restore":
        return t("settings.backup.reason_restore")
    if reason.startswith("replace-"):
        return t("settings.backup.reason_replace", detail=reason.removeprefix("replace-"))
    return reason


def when_label(created_at: str | None) -> str:
    """When a backup was made, as people read it ("—" when unknown).

    >>> from cx_sme.core.i18n import set_language
    >>> set_language("it")
    >>> when_label("2025-03-14T15:30:00")
    '14/03/2025 15:30'
    """

    if not created_at:
        return DASH
    try:
        moment = dt.datetime.fromisoformat(created_at)
    except ValueError:
        return DASH
    return f"{date(moment.date())} {moment:%H:%M}"


def auto_backup(conn: sqlite3.Connection, reason: str) -> Path | None:
    """Save the store before a risky change (``reason``: e.g. "replace-sales-2025-03").

    Call it before opening the write transaction of the change. Keeps the newest
    :data:`KEEP_AUTOMATIC` automatic backups. Returns the file, or None for an in-memory
    store. A backup that cannot be written stops the change (``CxError``).
    """
    folder = backup_dir(conn)
    if folder is None:
        return None
    now = dt.datetime.now()
    slug = _REASON_SAFE.sub("-", reason.lower()).strip("-")[:60] or "change"
    dest = folder / f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S-%f}-{slug}.sqlite"
    failures: tuple[type[Exception], ...] = (OSError, *db.database_errors())
    try:
        create_backup(conn, dest, reason=reason)
    except failures as exc:
        raise CxError("settings.backup.auto_failed", folder=str(folder), detail=str(exc)) from exc
    _rotate(folder)
    return dest


def before_migrate(conn: sqlite3.Connection, from_version: int, to_version: int) -> None:
    """The ``before_migrate`` hook of :func:`cx_sme.core.db.connect`: a backup first.

    SQLite only: :func:`cx_sme.core.db.migrate` never calls it on PostgreSQL, whose
    migrations run in one transaction (a failed one leaves the schema as it was)."""
    auto_backup(conn, f"migration-{from_version}-to-{to_version}")


def list_auto_backups(conn: sqlite3.Connection) -> list[AutoBackup]:
    """The automatic backups, newest first."""
    folder = backup_dir(conn)
    if folder is None or not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{AUTO_PREFIX}*.sqlite"):
        match = re.match(rf"{AUTO_PREFIX}(\d{{8}}-\d{{6}})-\d+-(.*)\.sqlite$", path.name)
        if not match:
            continue
        created = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        found.append(AutoBackup(path, created, match.group(2), path.stat().st_size))
    found.sort(key=lambda b: b.path.name, reverse=True)
    return found


def _rotate(folder: Path) -> None:
    autos = sorted(folder.glob(f"{AUTO_PREFIX}*.sqlite"), key=lambda p: p.name, reverse=True)
    for old in autos[KEEP_AUTOMATIC:]:
        old.unlink(missing_ok=True)


# --- checking a file offered for restore -------------------------------------------------


def _expected_objects(version: int) -> set[tuple[str, str, str, str]]:
    fresh = db.connect(":memory:", migrate_to=version)
    try:
        return _objects(fresh)
    finally:
        fresh.close()


def _objects(conn: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    """Every table, index, trigger and view with its definition (white space folded): a
    table without its primary key or with a CHECK of its own is not this app's table."""
    rows = conn.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master")
    return {(t, n, tb, " ".join(sql.split())) for t, n, tb, sql in rows
            if not n.startswith("sqlite_")}  # fmt: skip


# Values the app reads, checked in a candidate before it replaces the store: a query per
# rule that finds the first offending value (table, column, the value).
_VALUE_RULES = (
    ("sales", "date", "date(date) IS NOT date OR length(date) != 10"),
    ("sales", "amount_cents", "typeof(amount_cents) != 'integer'"),
    ("sales", "customer_id", "typeof(customer_id) NOT IN ('text', 'integer')"),
    ("complaints", "opened", "date(opened) IS NOT opened OR length(opened) != 10"),
    ("complaints", "closed", "closed IS NOT NULL AND (date(closed) IS NOT closed"
                             " OR length(closed) != 10)"),
    ("complaints", "cost_cents", "cost_cents IS NOT NULL AND typeof(cost_cents) != 'integer'"),
    ("surveys", "date", "date(date) IS NOT date OR length(date) != 10"),
    ("surveys", "nps", "nps IS NOT NULL AND typeof(nps) != 'integer'"),
    ("surveys", "csat", "csat IS NOT NULL AND typeof(csat) != 'integer'"),
    ("surveys", "ces", "ces IS NOT NULL AND typeof(ces) != 'integer'"),
)  # fmt: skip


def _check_values(conn: sqlite3.Connection) -> None:
    """Values of the right types in every column the app reads, settings that parse,
    a numeric data version and the privacy key."""
    for table, column, wrong in _VALUE_RULES:
        row = conn.execute(f"SELECT {column} FROM {table} WHERE {wrong} LIMIT 1").fetchone()
        if row is not None:
            raise BackupRefused("settings.backup.bad_value", table=table, column=column,
                                value=str(row[0])[:40])  # fmt: skip
    for key, value in conn.execute("SELECT key, value FROM settings"):
        try:
            json.loads(value)
        except (TypeError, ValueError):
            raise BackupRefused("settings.backup.bad_value", table="settings", column=key,
                                value=str(value)[:40]) from None  # fmt: skip
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if not str(meta.get("data_version", "")).isdigit():
        raise BackupRefused("settings.backup.bad_value", table="meta", column="data_version",
                            value=str(meta.get("data_version"))[:40])  # fmt: skip
    if version_has_privacy(conn) and not meta.get("privacy_key"):
        raise BackupRefused("settings.backup.bad_value", table="meta", column="privacy_key",
                            value="—")  # fmt: skip


def version_has_privacy(conn: sqlite3.Connection) -> bool:
    """The store's schema includes the privacy migration (its audit table exists)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (privacy.AUDIT_TABLE,)
    ).fetchone()
    return found is not None


def check_backup(path: str | Path) -> BackupInfo:
    """Check that ``path`` is a sound backup of this app; raise BackupRefused if not.

    The file itself is never modified: the checks run on a private copy.
    """
    with tempfile.TemporaryDirectory(prefix="cx-restore-") as folder:
        candidate = Path(folder) / "candidate.sqlite"
        _copy_candidate(path, candidate)
        return _check_file(candidate)


def _copy_candidate(source: str | Path | bytes, candidate: Path) -> None:
    if isinstance(source, bytes):
        candidate.write_bytes(source)
        return
    try:
        candidate.write_bytes(Path(source).read_bytes())
    except OSError as exc:
        raise BackupRefused("settings.backup.unreadable", detail=str(exc)) from exc


def _check_file(path: Path) -> BackupInfo:
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise BackupRefused("settings.backup.not_sqlite")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        try:
            return _check_open(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupRefused("settings.backup.corrupt", detail=str(exc)) from exc


def _check_open(conn: sqlite3.Connection) -> BackupInfo:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    if problems != ["ok"]:
        raise BackupRefused("settings.backup.corrupt", detail="; ".join(problems))
    version = db.schema_version(conn)
    latest = db.latest_version()
    if version > latest:
        raise BackupRefused("settings.backup.newer", found=version, supported=latest)
    if version < 1 or _objects(conn) != _expected_objects(version):
        raise BackupRefused("settings.backup.not_ours")
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise BackupRefused("settings.backup.corrupt", detail="foreign_key_check")
    _check_values(conn)
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    counts = {
        table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for table in ("sales", "complaints", "surveys", "imports")
    }
    return BackupInfo(version, meta.get("backup_created_at"), counts)


def check_backup_bytes(data: bytes) -> BackupInfo:
    """:func:`check_backup` for an uploaded file's bytes."""
    with tempfile.TemporaryDirectory(prefix="cx-restore-") as folder:
        candidate = Path(folder) / "candidate.sqlite"
        candidate.write_bytes(data)
        return _check_file(candidate)


# --- restore -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    info: BackupInfo
    saved_before: Path | None
    # rows of customers erased before the restore and found again in the backup
    erased_again: int = 0


def restore(conn: sqlite3.Connection, source: str | Path | bytes) -> RestoreResult:
    """Replace the whole store behind ``conn`` with a checked backup (a SQLite file).

    The current store is saved first (an automatic backup). Afterwards the schema is
    brought up to date, the data version moves past both the old and the restored one
    (so no cached figure of the old data survives), and customers erased before the
    restore are erased again (see :func:`cx_sme.admin.privacy.carry_over`). All of this
    is done on a private copy of the file; then a SQLite store is replaced by it through
    SQLite's backup API, a PostgreSQL company's schema receives its rows in one
    transaction (:func:`cx_sme.tenancy.postgres_copy.sqlite_to_postgres`).
    """

    with tempfile.TemporaryDirectory(prefix="cx-restore-") as folder:
        candidate = Path(folder) / "candidate.sqlite"
        _copy_candidate(source, candidate)
        info = _check_file(candidate)
        old_version = db.data_version(conn)
        erasures = privacy.erasure_state(conn)
        # Every follow-up step runs on the checked copy; the store is replaced only when
        # all of them worked, in one step (a refused or failed restore changes nothing).
        try:
            prepared = db.connect(candidate)
            try:
                with db.write_transaction(prepared):
                    prepared.execute(
                        "DELETE FROM meta WHERE key IN ('backup_created_at', 'backup_reason')"
                    )
                    restored = db.data_version(prepared)
                    prepared.execute(
                        "UPDATE meta SET value = ? WHERE key = 'data_version'",
                        (str(max(old_version, restored) + 1),),
                    )
                erased_again = privacy.carry_over(prepared, erasures)
                _check_open(prepared)
                prepared.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                prepared.close()
        except CxError:
            raise
        except (sqlite3.Error, ValueError, KeyError) as exc:
            raise BackupRefused("settings.backup.corrupt", detail=str(exc)) from exc
        if db.is_postgres(conn):
            saved = auto_backup(conn, "before-restore")
            _into_postgres(candidate, conn)
            return RestoreResult(info, saved, erased_again)
        _match_page_size(candidate, conn)
        saved = auto_backup(conn, "before-restore")
        src = sqlite3.connect(str(candidate), isolation_level=None)
        try:
            with db._lock_for(conn):  # the process's single writer for this file
                src.backup(conn)
        finally:
            src.close()
    return RestoreResult(info, saved, erased_again)


def _into_postgres(candidate: Path, conn: sqlite3.Connection) -> None:
    """The checked, prepared copy's rows in place of the company schema's, in one
    transaction (a refusal by PostgreSQL leaves the schema as it was)."""
    import psycopg

    import cx_sme.tenancy.postgres_copy as postgres_copy

    src = sqlite3.connect(str(candidate), isolation_level=None)
    try:
        postgres_copy.sqlite_to_postgres(src, conn)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        raise BackupRefused("settings.backup.corrupt", detail=str(exc)) from exc
    finally:
        src.close()


def _match_page_size(candidate: Path, conn: sqlite3.Connection) -> None:
    """SQLite cannot back up into a WAL database with another page size: convert."""
    wanted = int(conn.execute("PRAGMA page_size").fetchone()[0])
    fix = sqlite3.connect(str(candidate), isolation_level=None)
    try:
        if int(fix.execute("PRAGMA page_size").fetchone()[0]) != wanted:
            fix.execute("PRAGMA journal_mode = DELETE")
            fix.execute(f"PRAGMA page_size = {wanted}")
            fix.execute("VACUUM")
    finally:
        fix.close()
