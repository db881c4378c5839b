"""The importer: prepare/commit, import_file, identical-file refusal, month replacement,
undo, export, rejected rows, progress; each refusal leaves the store unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3

import openpyxl
import pytest

from cx_sme.core.errors import FileRefused, ImportConflict, RowsRefused
from cx_sme.core.frames import load_frames
from cx_sme.ingest.importer import (
    commit,
    export_rows,
    import_file,
    list_imports,
    prepare,
    undo_import,
)


def sales_csv(rows: list[tuple[str, str, str]], header: str = "Data;Cliente;Importo") -> bytes:
    lines = [header] + [";".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx(rows: list[list[object]], sheet: str = "Foglio1") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MARCH = sales_csv([("03/03/2025", "00042", "1.234,56"), ("31/03/2025", "00043", "-12,00")])
APRIL = sales_csv([("01/04/2025", "00042", "100,00"), ("30/04/2025", "00044", "50,00")])


def snapshot(conn: sqlite3.Connection) -> tuple:
    """Everything an import may touch."""
    return tuple(
        conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in (
            "imports", "sales", "complaints", "surveys", "mappings", "meta",
            "sales_replaced", "complaints_replaced", "surveys_replaced",
        )
    )  # fmt: skip


def test_import_clean_sales_csv(fresh_db: sqlite3.Connection) -> None:
    result = import_file(fresh_db, "sales", "marzo.csv", MARCH)
    assert (result.rows, result.rejected) == (2, 0)
    assert (result.period_from, result.period_to) == ("2025-03-03", "2025-03-31")
    stored = fresh_db.execute(
        "SELECT date, customer_id, amount_cents FROM sales ORDER BY id"
    ).fetchall()
    assert stored == [("2025-03-03", "00042", 123456), ("2025-03-31", "00043", -1200)]
    frames = load_frames(fresh_db)
    assert frames.sales["amount"].sum() == pytest.approx(1222.56)
    [info] = list_imports(fresh_db)
    assert (info.id, info.dataset, info.file_name, info.rows, info.status, info.stored) == (
        result.import_id, "sales", "marzo.csv", 2, "active", 2,
    )  # fmt: skip
    assert len(info.sha256) == 64


def test_import_clean_sales_xlsx_with_title_and_real_dates(fresh_db: sqlite3.Connection) -> None:
    data = xlsx(
        [
            ["Data documento", "Cod. cliente", "Ragione sociale", "Imponibile", "Numero fattura"],
            [dt.datetime(2025, 1, 5), "00042", "Rossi Srl", 1234.5, "F/1"],
            [dt.datetime(2025, 1, 20), "00043", "Bianchi Spa", -10, "F/2"],
        ]
    )
    result = import_file(fresh_db, "sales", "gennaio.xlsx", data)
    assert result.rows == 2
    rows = fresh_db.execute(
        "SELECT date, customer_id, customer_name, amount_cents, order_id FROM sales ORDER BY id"
    ).fetchall()
    assert rows == [
        ("2025-01-05", "00042", "Rossi Srl", 123450, "F/1"),
        ("2025-01-20", "00043", "Bianchi Spa", -1000, "F/2"),
    ]


def test_import_complaints_and_surveys(fresh_db: sqlite3.Connection) -> None:
    complaints = (
        b"Data apertura;Data chiusura;Cliente;Punto di contatto;Reparto;Responsabile;Costo\n"
        b"02/02/2025;05/02/2025;00042;Fattura;Amministrazione;Anna;15,50\n"
        b"10/02/2025;;00043;Consegna e magazzino;Produzione;;\n"
    )
    result = import_file(fresh_db, "complaints", "reclami.csv", complaints)
    assert result.rows == 2
    assert fresh_db.execute(
        "SELECT opened, closed, customer_id, touchpoint, owner, cost_cents FROM complaints "
        "ORDER BY id"
    ).fetchall() == [
        ("2025-02-02", "2025-02-05", "00042", "Fattura", "Anna", 1550),
        ("2025-02-10", None, "00043", "Consegna e magazzino", None, None),
    ]
    surveys = (
        '"Informazioni cronologiche","Codice cliente",'
        '"Quanto è probabile che consiglieresti Rossi Srl a un amico o a un collega?",'
        '"Quanto sei soddisfatto del servizio?","Vuoi lasciarci un commento?"\n'
        '"2025/02/03 10:23:45 AM CET","00042","9","5","Tutto bene"\n'
        '"2025/02/04 6:01:02 PM CET","00043","3","2",""\n'
    ).encode()
    result = import_file(fresh_db, "surveys", "Questionario.csv", surveys)
    assert result.rows == 2
    assert fresh_db.execute(
        "SELECT date, customer_id, nps, csat, ces, comment FROM surveys ORDER BY id"
    ).fetchall() == [
        ("2025-02-03", "00042", 9, 5, None, "Tutto bene"),
        ("2025-02-04", "00043", 3, 2, None, None),
    ]
    assert [i.dataset for i in list_imports(fresh_db)] == ["surveys", "complaints"]


def test_identical_file_is_refused_and_nothing_changes(fresh_db: sqlite3.Connection) -> None:
    import_file(fresh_db, "sales", "marzo.csv", MARCH)
    before = snapshot(fresh_db)
    with pytest.raises(ImportConflict) as err:
        import_file(fresh_db, "sales", "marzo-copia.csv", MARCH)
    assert "già stato importato" in str(err.value)
    assert snapshot(fresh_db) == before


def test_same_bytes_as_another_dataset_is_not_a_duplicate(fresh_db: sqlite3.Connection) -> None:
    data = sales_csv([("03/03/2025", "00042", "10,00")], header="Data;Cliente;Costo")
    import_file(fresh_db, "complaints", "x.csv", data)
    # The same bytes as sales: not "already imported" (another data set).
    with pytest.raises(FileRefused):  # sales needs an amount column: "Costo" is not one
        import_file(fresh_db, "sales", "x.csv", data)


def test_overlapping_months_refused_then_replaced_then_undone(
    fresh_db: sqlite3.Connection,
) -> None:
    first = import_file(fresh_db, "sales", "marzo.csv", MARCH)
    before = snapshot(fresh_db)
    again = sales_csv([("15/03/2025", "00042", "999,00")])
    with pytest.raises(ImportConflict) as err:
        import_file(fresh_db, "sales", "marzo-v2.csv", again)
    assert "marzo 2025" in str(err.value)
    assert snapshot(fresh_db) == before

    second = import_file(fresh_db, "sales", "marzo-v2.csv", again, replace=True)
    assert second.replaced_months == ["2025-03"]
    assert fresh_db.execute("SELECT customer_id, amount_cents FROM sales").fetchall() == [
        ("00042", 99900)
    ]
    statuses = {i.id: i.status for i in list_imports(fresh_db)}
    assert statuses == {first.import_id: "replaced", second.import_id: "active"}

    undo_import(fresh_db, second.import_id)
    assert fresh_db.execute("SELECT amount_cents FROM sales ORDER BY id").fetchall() == [
        (123456,),
        (-1200,),
    ]
    statuses = {i.id: i.status for i in list_imports(fresh_db)}
    assert statuses == {first.import_id: "active", second.import_id: "undone"}


def test_partial_replacement_keeps_the_other_months(fresh_db: sqlite3.Connection) -> None:
    both = sales_csv(
        [("03/03/2025", "A", "1,00"), ("03/04/2025", "A", "2,00"), ("03/05/2025", "A", "3,00")]
    )
    old = import_file(fresh_db, "sales", "q.csv", both)
    result = import_file(fresh_db, "sales", "aprile.csv", APRIL, replace=True)
    assert result.replaced_months == ["2025-04"]
    months = fresh_db.execute(
        "SELECT substr(date, 1, 7), import_id FROM sales ORDER BY date"
    ).fetchall()
    assert months == [
        ("2025-03", old.import_id),
        ("2025-04", result.import_id),
        ("2025-04", result.import_id),
        ("2025-05", old.import_id),
    ]
    info = {i.id: i for i in list_imports(fresh_db)}
    assert info[old.import_id].status == "active"
    assert (info[old.import_id].rows, info[old.import_id].stored) == (3, 2)


def test_undo_of_a_replaced_import_after_a_later_replacement(
    fresh_db: sqlite3.Connection,
) -> None:
    """A (March) ← X replaces March ← Z replaces March; undoing X then Z brings back A."""
    a = import_file(fresh_db, "sales", "a.csv", sales_csv([("01/03/2025", "A", "1,00")]))
    x = import_file(
        fresh_db, "sales", "x.csv", sales_csv([("02/03/2025", "X", "2,00")]), replace=True
    )
    z = import_file(
        fresh_db, "sales", "z.csv", sales_csv([("03/03/2025", "Z", "3,00")]), replace=True
    )
    undo_import(fresh_db, x.import_id)
    assert fresh_db.execute("SELECT customer_id FROM sales").fetchall() == [("Z",)]
    undo_import(fresh_db, z.import_id)
    assert fresh_db.execute("SELECT customer_id FROM sales").fetchall() == [("A",)]
    assert {i.id: i.status for i in list_imports(fresh_db)}[a.import_id] == "active"


def test_undo_twice_is_refused(fresh_db: sqlite3.Connection) -> None:
    result = import_file(fresh_db, "sales", "marzo.csv", MARCH)
    undo_import(fresh_db, result.import_id)
    assert fresh_db.execute("SELECT count(*) FROM sales").fetchone() == (0,)
    with pytest.raises(ImportConflict):
        undo_import(fresh_db, result.import_id)
    with pytest.raises(ImportConflict):
        undo_import(fresh_db, 999)
    # An undone file can be imported again.
    import_file(fresh_db, "sales", "marzo.csv", MARCH)


def test_bad_rows_refused_unless_valid_only(fresh_db: sqlite3.Connection) -> None:
    data = sales_csv(
        [
            ("03/03/2025", "00042", "10,00"),
            ("31/02/2025", "00043", "5,00"),
            ("04/03/2025", "", "n/a"),
        ]
    )
    before = snapshot(fresh_db)
    with pytest.raises(RowsRefused) as err:
        import_file(fresh_db, "sales", "m.csv", data)
    assert snapshot(fresh_db) == before
    described = [(e["row"], e["column"], e["value"]) for e in err.value.errors]
    assert described == [(3, "Data", "31/02/2025"), (4, "Cliente", ""), (4, "Importo", "n/a")]
    assert "2 su 3" in str(err.value)

    result = import_file(fresh_db, "sales", "m.csv", data, valid_only=True)
    assert (result.rows, result.rejected) == (1, 2)
    [info] = list_imports(fresh_db)
    assert (info.rows, info.rejected) == (1, 2)


def test_rejected_rows_file_has_reason_and_original_cells(fresh_db: sqlite3.Connection) -> None:
    data = sales_csv([("03/03/2025", "00042", "10,00"), ("31/02/2025", "00043", "=1+1")])
    prepared = prepare(fresh_db, "sales", "m.csv", data)
    text = prepared.rejected_csv().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["riga", "colonna", "valore", "motivo", "Data", "Cliente", "Importo"]
    assert rows[1][:3] == ["3", "Data", "31/02/2025"]
    assert "non esiste" in rows[1][3]
    assert rows[2][:3] == ["3", "Importo", "'=1+1"]
    assert rows[2][4:] == ["31/02/2025", "00043", "'=1+1"]


def test_prepare_reports_duplicate_and_overlap_without_storing(
    fresh_db: sqlite3.Connection,
) -> None:
    import_file(fresh_db, "sales", "marzo.csv", MARCH)
    before = snapshot(fresh_db)
    prepared = prepare(fresh_db, "sales", "marzo.csv", MARCH)
    assert prepared.duplicate is not None and prepared.overlap == ["2025-03"]
    assert prepared.mapping_source == "remembered"
    other = prepare(fresh_db, "sales", "marzo-bis.csv", sales_csv([("05/03/2025", "1", "1")]))
    assert other.duplicate is None and other.overlap == ["2025-03"]
    assert [i.file_name for i in other.overlap_imports] == ["marzo.csv"]
    assert snapshot(fresh_db) == before


def test_preview_shows_rows_as_stored(fresh_db: sqlite3.Connection) -> None:
    prepared = prepare(fresh_db, "sales", "marzo.csv", MARCH)
    preview = prepared.preview()
    assert list(preview.columns) == ["date", "customer_id", "amount"]
    assert preview.iloc[0].tolist() == [dt.date(2025, 3, 3), "00042", 1234.56]


def test_given_mapping_is_remembered_for_the_same_layout(fresh_db: sqlite3.Connection) -> None:
    header = "Giorno;Cod;Euro;Note"
    data = sales_csv([("03/03/2025", "7", "1,00", "x")], header=header)
    prepared = prepare(fresh_db, "sales", "a.csv", data)
    assert prepared.missing  # "Cod" and "Euro" are not recognised
    chosen = {"date": "Giorno", "customer_id": "Cod", "amount": "Euro"}
    commit(fresh_db, prepare(fresh_db, "sales", "a.csv", data, mapping=chosen))
    next_month = sales_csv([("03/04/2025", "7", "2,00", "y")], header=header)
    again = prepare(fresh_db, "sales", "b.csv", next_month)
    assert again.mapping_source == "remembered" and again.mapping == chosen
    assert import_file(fresh_db, "sales", "b.csv", next_month).rows == 1


def test_missing_required_column_refused(fresh_db: sqlite3.Connection) -> None:
    data = b"Data;Cliente\n03/03/2025;1\n"
    before = snapshot(fresh_db)
    with pytest.raises(FileRefused) as err:
        import_file(fresh_db, "sales", "a.csv", data)
    assert "importo" in str(err.value)
    assert snapshot(fresh_db) == before


def test_export_rows_csv_contract(fresh_db: sqlite3.Connection) -> None:
    import_file(fresh_db, "sales", "marzo.csv", MARCH)
    text = export_rows(fresh_db, "sales")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "date", "customer_id", "amount", "order_id", "customer_name", "product",
        "category", "channel", "quantity",
    ]  # fmt: skip
    assert rows[1][:3] == ["2025-03-03", "00042", "1234.56"]
    assert rows[2][:3] == ["2025-03-31", "00043", "-12.00"]


def test_progress_is_reported_in_order(fresh_db: sqlite3.Connection) -> None:
    seen: list[tuple[float, str]] = []
    import_file(fresh_db, "sales", "marzo.csv", MARCH, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _m in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    # the steps after the lines are stored say what they do, not a still bar
    messages = [m for _f, m in seen]
    assert (
        messages.index("Calcolo dei totali per ordine…")
        < messages.index("Scrittura sul disco…")
        < messages.index("Importazione completata.")
    )


def test_commit_rechecks_conflicts_under_the_lock(fresh_db: sqlite3.Connection) -> None:
    """Two sessions prepare the same file; the second commit is refused."""
    first = prepare(fresh_db, "sales", "marzo.csv", MARCH)
    second = prepare(fresh_db, "sales", "marzo.csv", MARCH)
    commit(fresh_db, first)
    with pytest.raises(ImportConflict):
        commit(fresh_db, second)
    assert fresh_db.execute("SELECT count(*) FROM imports").fetchone() == (1,)


def test_many_rows_stored_whole_in_order(fresh_db: sqlite3.Connection) -> None:
    """Rows go in many per statement with a remainder (SQLite), through COPY (PostgreSQL)."""
    assert_many_rows_stored_whole_in_order(fresh_db)


@pytest.mark.sqlite_only
def test_many_rows_with_few_parameters_per_statement(fresh_db: sqlite3.Connection) -> None:
    """A SQLite built with few parameters per statement gets fewer rows per statement."""
    fresh_db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 25)
    assert_many_rows_stored_whole_in_order(fresh_db)


def assert_many_rows_stored_whole_in_order(fresh_db: sqlite3.Connection) -> None:
    lines = [(f"{1 + i % 28:02d}/03/2025", f"{i:05d}", f"{i},00") for i in range(1234)]
    result = import_file(fresh_db, "sales", "tante.csv", sales_csv(lines))
    assert result.rows == 1234
    stored = fresh_db.execute("SELECT customer_id, amount_cents FROM sales ORDER BY id").fetchall()
    assert stored == [(f"{i:05d}", i * 100) for i in range(1234)]


def test_awkward_text_is_stored_as_written(fresh_db: sqlite3.Connection) -> None:
    """Tabs, line breaks, backslashes, COPY's own null marker, quotes and accents in the
    cells come back as the file has them (PostgreSQL's rows go in through COPY)."""
    names = ["Rossi\tSrl", "Riga uno\nriga due", "C:\\dati\\n", "\\N", 'Bar "Da Gino"',
             "Perché è così", "  "]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Data", "Cliente", "Ragione sociale", "Importo", "Quantità"])
    for i, name in enumerate(names):
        writer.writerow([f"0{i + 1}/03/2025", f"C{i}", name, f"{i},25", "" if i % 2 else "2,5"])
    import_file(fresh_db, "sales", "strani.csv", buffer.getvalue().encode("utf-8"))
    stored = fresh_db.execute(
        "SELECT customer_id, customer_name, amount_cents, quantity FROM sales ORDER BY id"
    ).fetchall()
    assert stored == [
        (f"C{i}", name.strip() or None, i * 100 + 25, None if i % 2 else 2.5)
        for i, name in enumerate(names)
    ]
    totals = fresh_db.execute(
        "SELECT customer_id, customer_name FROM sales_orders ORDER BY date"
    ).fetchall()
    assert totals == [(f"C{i}", name.strip() or None) for i, name in enumerate(names)]


def test_replacing_months_saves_an_automatic_backup_first(fresh_db: sqlite3.Connection) -> None:
    from cx_sme.admin import backup

    import_file(fresh_db, "sales", "marzo.csv", MARCH)
    folder = backup.backup_dir(fresh_db)
    assert folder is not None
    before = set(folder.glob("*.sqlite")) if folder.exists() else set()
    again = sales_csv([("15/03/2025", "00042", "999,00")])
    import_file(fresh_db, "sales", "marzo-v2.csv", again, replace=True)
    made = sorted(set(folder.glob("*.sqlite")) - before)
    assert len(made) == 1 and "replace-sales-2025-03" in made[0].name
    # the backup holds the months as they were before the replacement
    saved = sqlite3.connect(made[0])
    assert saved.execute("SELECT amount_cents FROM sales ORDER BY id").fetchall() == [
        (123456,),
        (-1200,),
    ]
    saved.close()


BIG = sales_csv([(f"{1 + i % 28:02d}/03/2025", f"{i:05d}", f"{i},00") for i in range(1234)])


def _journal_while_storing(conn: sqlite3.Connection) -> tuple[list[str], object]:
    """The journal modes the store was in whenever the import reported storing rows."""
    seen: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        if message.startswith("Salvataggio"):
            seen.append(conn.execute("PRAGMA journal_mode").fetchone()[0])

    return seen, progress


@pytest.mark.sqlite_only
def test_a_big_import_alone_goes_through_the_rollback_journal_then_back_to_wal(
    fresh_db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cx_sme.ingest import importer

    monkeypatch.setattr(importer, "BULK_JOURNAL_ROWS", 1000)
    seen, progress = _journal_while_storing(fresh_db)
    assert import_file(fresh_db, "sales", "tante.csv", BIG, progress=progress).rows == 1234
    assert seen and set(seen) == {"delete"}
    assert fresh_db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert fresh_db.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL again
    assert fresh_db.execute("SELECT count(*), sum(amount_cents) FROM sales").fetchone() == (
        1234, sum(i * 100 for i in range(1234)))  # fmt: skip


@pytest.mark.sqlite_only
def test_a_big_import_keeps_the_wal_while_another_connection_is_open(
    fresh_db: sqlite3.Connection, store_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cx_sme.core import db
    from cx_sme.ingest import importer

    monkeypatch.setattr(importer, "BULK_JOURNAL_ROWS", 1000)
    reader = db.connect(store_address)  # the app's session, say: it must never wait
    try:
        reader.execute("SELECT count(*) FROM sales").fetchone()
        seen, progress = _journal_while_storing(fresh_db)
        assert import_file(fresh_db, "sales", "tante.csv", BIG, progress=progress).rows == 1234
        assert seen and set(seen) == {"wal"}
        assert reader.execute("SELECT count(*) FROM sales").fetchone() == (1234,)
    finally:
        reader.close()


@pytest.mark.sqlite_only
def test_a_big_import_refused_under_the_lock_stores_nothing_and_leaves_the_wal(
    fresh_db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cx_sme.ingest import importer

    monkeypatch.setattr(importer, "BULK_JOURNAL_ROWS", 1000)
    first = prepare(fresh_db, "sales", "tante.csv", BIG)
    second = prepare(fresh_db, "sales", "tante.csv", BIG)
    commit(fresh_db, first)
    before = snapshot(fresh_db)
    with pytest.raises(ImportConflict):
        commit(fresh_db, second)
    assert snapshot(fresh_db) == before
    assert fresh_db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.sqlite_only
def test_a_big_import_killed_half_way_leaves_nothing_and_the_wal(tmp_path) -> None:
    """The process dies while it writes through the rollback journal: the next opening
    rolls the half-written rows back and the store is in WAL mode again."""
    import subprocess
    import sys

    from cx_sme.core import db

    store, data = tmp_path / "cx.sqlite", tmp_path / "tante.csv"
    data.write_bytes(BIG)
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from cx_sme.core import db\n"
        "from cx_sme.ingest import importer\n"
        "importer.BULK_JOURNAL_ROWS = 1000\n"
        "importer.CHUNK_ROWS = 500\n"
        "conn = db.connect(Path(sys.argv[1]))\n"
        "def progress(fraction, message):\n"
        "    if message.startswith('Salvataggio: 1.000'):\n"
        "        os._exit(9)\n"
        "importer.import_file(conn, 'sales', 'tante.csv', Path(sys.argv[2]).read_bytes(),\n"
        "                     progress=progress)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(store), str(data)], check=False)
    assert done.returncode == 9
    assert (tmp_path / "cx.sqlite-journal").exists()  # the journal SQLite rolls back
    conn = db.connect(store)
    try:
        assert conn.execute("SELECT count(*) FROM sales").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM imports").fetchone() == (0,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()
