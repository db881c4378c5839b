"""The import log: months held, replacement kept for undo, status after undo."""

from __future__ import annotations

import sqlite3

from cx_sme.ingest.import_log import get_import, list_imports, stored_months, undo_import
from cx_sme.ingest.importer import import_file


def csv(*rows: str) -> bytes:
    return ("Data;Cliente;Importo\n" + "\n".join(rows) + "\n").encode()


def test_stored_months_names_the_holding_imports(fresh_db: sqlite3.Connection) -> None:
    jan = import_file(fresh_db, "sales", "g.csv", csv("10/01/2025;A;1", "20/02/2025;A;1"))
    import_file(fresh_db, "sales", "m.csv", csv("10/03/2025;A;1"))
    overlap, holders = stored_months(
        fresh_db, "sales", ["2025-02", "2025-04"], "2025-02-01", "2025-04-30"
    )
    assert overlap == ["2025-02"]
    assert [h.id for h in holders] == [jan.import_id]
    # Another data set holds nothing.
    assert stored_months(fresh_db, "complaints", ["2025-02"], "2025-02-01", "2025-02-28") == (
        [],
        [],
    )


def test_undo_of_a_partly_replaced_import_also_drops_its_archived_rows(
    fresh_db: sqlite3.Connection,
) -> None:
    old = import_file(fresh_db, "sales", "q.csv", csv("10/01/2025;A;1", "10/02/2025;A;2"))
    new = import_file(fresh_db, "sales", "f.csv", csv("11/02/2025;B;5"), replace=True)
    assert fresh_db.execute("SELECT count(*) FROM sales_replaced").fetchone() == (1,)
    undo_import(fresh_db, old.import_id)
    assert fresh_db.execute("SELECT customer_id FROM sales").fetchall() == [("B",)]
    assert fresh_db.execute("SELECT count(*) FROM sales_replaced").fetchone() == (0,)
    # Undoing the newer one now brings nothing back: the older import is gone.
    undo_import(fresh_db, new.import_id)
    assert fresh_db.execute("SELECT count(*) FROM sales").fetchone() == (0,)
    assert [i.status for i in list_imports(fresh_db)] == ["undone", "undone"]


def test_data_version_moves_with_every_change(fresh_db: sqlite3.Connection) -> None:
    from cx_sme.core.db import data_version

    start = data_version(fresh_db)
    result = import_file(fresh_db, "sales", "a.csv", csv("10/01/2025;A;1"))
    assert data_version(fresh_db) == start + 1
    undo_import(fresh_db, result.import_id)
    assert data_version(fresh_db) == start + 2
    info = get_import(fresh_db, result.import_id)
    assert info is not None and (info.status, info.stored) == ("undone", 0)
