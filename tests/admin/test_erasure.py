"""Erased means erased: after ``erase-customer`` no byte of the customer's code or name is
left in the store file, its write-ahead log or the automatic backups beside it (the same on
a PostgreSQL company's tables: tests/admin/test_cli_store.py)."""

from __future__ import annotations

from pathlib import Path

from cx_sme.admin import backup, privacy
from cx_sme.core import db
from cx_sme.ingest.importer import import_file
from tests.cli.harness import invoke, run_process

CODE = "ZQXK-7731"
NAME = "Zebedeo Quaglietti"


def _sales(month: int, rows: int) -> bytes:
    lines = ["Data;Codice cliente;Ragione sociale;Importo;Numero fattura"]
    for i in range(rows):
        customer, name = (CODE, NAME) if i % 7 == 0 else (f"C{i % 40:03d}", f"Cliente {i % 40}")
        lines.append(f"{1 + i % 28:02d}/{month:02d}/2026;{customer};{name};{i},50;F{month}-{i}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _bytes_everywhere(store: Path) -> list[tuple[str, bytes]]:
    files = [store, store.with_name(store.name + "-wal")]
    files += sorted((store.parent / backup.BACKUP_DIR_NAME).glob("*.sqlite*"))
    return [(p.name, p.read_bytes()) for p in files if p.exists()]


def test_erase_customer_leaves_no_byte_behind(db_path: Path) -> None:
    conn = db.connect(db_path)
    import_file(conn, "sales", "marzo.csv", _sales(3, 400))
    # a replacement of March: the automatic backup made first keeps the old rows
    import_file(conn, "sales", "marzo-bis.csv", _sales(3, 350), replace=True)
    conn.close()
    found = [name for name, data in _bytes_everywhere(db_path) if CODE.encode() in data]
    assert any(name.startswith(backup.AUTO_PREFIX) for name in found)  # the test can fail

    done = invoke(["--db", str(db_path), "erase-customer", CODE])
    assert done.returncode == 0, done.stderr
    assert "Cliente cancellato" in done.stdout and "copie automatiche" in done.stdout
    assert done.stdout.count("\n") == 1

    for name, data in _bytes_everywhere(db_path):
        assert CODE.encode() not in data, name
        assert NAME.encode() not in data, name
    conn = db.connect(db_path)
    assert privacy.footprint(conn, CODE) == {}
    assert conn.execute("SELECT count(*) FROM sales").fetchone()[0] > 0  # others kept
    (logged,) = privacy.erasure_log(conn)
    assert logged.erased_by == "riga di comando"
    conn.close()


def test_an_unknown_code_is_refused_in_a_real_process(db_path: Path) -> None:
    conn = db.connect(db_path)
    import_file(conn, "sales", "marzo.csv", _sales(3, 50))
    conn.close()
    done = run_process(["--db", str(db_path), "erase-customer", "NON-ESISTE"])
    assert done.returncode == 2
    assert "NON-ESISTE" in done.stderr and "Traceback" not in done.stderr
    conn = db.connect(db_path)
    assert privacy.erasure_log(conn) == []
    conn.close()


def test_erase_everywhere_without_backups(store_address: str) -> None:
    from cx_sme.admin.erasure import erase_everywhere

    conn = db.connect(store_address)
    import_file(conn, "sales", "marzo.csv", _sales(3, 30))
    report = erase_everywhere(conn, f"  {CODE} ", by="test")
    assert (report.erasure.rows_erased, report.tables, report.backups_cleaned) == (5, 1, 0)
    conn.close()
