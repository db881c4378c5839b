"""Several writers of one company at once, each on its own connection (as browser
sessions and command-line runs are), on SQLite and on PostgreSQL: every import is
stored whole or not at all, none is lost, and a refused one leaves nothing behind.

The threads start together (a barrier) and each imports a few thousand lines, so that
their transactions meet; what is checked is read back from the store afterwards."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pytest

from cx_sme.core import db
from cx_sme.core.errors import ImportConflict
from cx_sme.ingest import importer
from cx_sme.ingest.importer import import_file

LINES = 3000


def month_csv(month: int, cents: int, lines: int = LINES) -> bytes:
    """``lines`` sales lines of ``month`` 2025, three per order, each of ``cents``."""
    rows = ["Data;Cliente;Fattura;Importo"]
    euros = f"{cents // 100},{cents % 100:02d}"
    for i in range(lines):
        rows.append(f"{1 + i % 28:02d}/{month:02d}/2025;C{i % 50:03d};F{month}-{i // 3};{euros}")
    return ("\r\n".join(rows) + "\r\n").encode()


def at_once(store_address: str, jobs: list[Callable[[sqlite3.Connection], Any]]) -> list[Any]:
    """Run each job on a connection of its own, all released together; what each
    returned or raised, in the jobs' order."""
    db.connect(store_address).close()  # the store exists before the writers meet
    start = threading.Barrier(len(jobs))
    outcome: list[Any] = [None] * len(jobs)

    def run(i: int) -> None:
        conn = db.connect(store_address)
        try:
            start.wait()
            outcome[i] = jobs[i](conn)
        except BaseException as exc:
            outcome[i] = exc
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcome


def stored(store_address: str) -> dict[str, Any]:
    """What the store holds, read on a new connection."""
    conn = db.connect(store_address)
    try:
        return {
            "imports": conn.execute(
                "SELECT id, file_name, rows, status FROM imports ORDER BY id"
            ).fetchall(),
            "lines": dict(
                conn.execute(
                    "SELECT import_id, count(*) FROM sales GROUP BY import_id ORDER BY import_id"
                ).fetchall()
            ),
            "cents": dict(
                conn.execute(
                    "SELECT import_id, sum(amount_cents) FROM sales GROUP BY import_id "
                    "ORDER BY import_id"
                ).fetchall()
            ),
            "order_lines": dict(
                conn.execute(
                    "SELECT import_id, sum(lines) FROM sales_orders GROUP BY import_id "
                    "ORDER BY import_id"
                ).fetchall()
            ),
            "mappings": conn.execute("SELECT count(*) FROM mappings").fetchone()[0],
            "data_version": db.data_version(conn),
        }
    finally:
        conn.close()


def test_imports_from_several_connections_at_once_are_all_stored_whole(
    store_address: str,
) -> None:
    months = [1, 2, 3, 4]
    results = at_once(
        store_address,
        [
            lambda conn, m=m: import_file(conn, "sales", f"{m}.csv", month_csv(m, 100 * m))
            for m in months
        ],
    )
    assert [type(r).__name__ for r in results] == ["ImportResult"] * len(months)
    found = stored(store_address)
    by_file = {
        name: (import_id, rows, status) for import_id, name, rows, status in found["imports"]
    }
    assert sorted(by_file) == [f"{m}.csv" for m in months]
    for m, result in zip(months, results, strict=True):
        import_id = by_file[f"{m}.csv"][0]
        assert result.import_id == import_id
        assert by_file[f"{m}.csv"][1:] == (LINES, "active")
        assert found["lines"][import_id] == LINES
        assert found["cents"][import_id] == LINES * 100 * m
        assert found["order_lines"][import_id] == LINES  # its order totals went in with it
    assert found["mappings"] == 1  # one layout, remembered by each in turn
    assert found["data_version"] == len(months)  # each import bumped it once


def test_two_connections_importing_the_same_month_store_one_of_them_whole(
    store_address: str,
) -> None:
    """Both files hold March: whichever commits first is stored, the other is refused
    (the months are checked again under the writer's lock) and stores nothing."""
    files = {"marzo-a.csv": month_csv(3, 111), "marzo-b.csv": month_csv(3, 222, LINES + 30)}
    results = at_once(
        store_address,
        [lambda conn, name=name: import_file(conn, "sales", name, files[name]) for name in files],
    )
    refused = [r for r in results if isinstance(r, ImportConflict)]
    done = [r for r in results if not isinstance(r, BaseException)]
    assert len(refused) == 1 and len(done) == 1, results
    assert refused[0].key == "import.error.overlap"
    [winner] = done
    found = stored(store_address)
    [(import_id, name, rows, status)] = found["imports"]
    assert (import_id, rows, status) == (winner.import_id, winner.rows, "active")
    cents = 111 if name == "marzo-a.csv" else 222
    assert found["lines"] == {import_id: winner.rows}
    assert found["cents"] == {import_id: winner.rows * cents}
    assert found["order_lines"] == {import_id: winner.rows}
    assert found["data_version"] == 1


def test_an_import_failing_after_its_lines_went_in_stores_nothing_beside_another(
    store_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One writer fails after its lines are written (by COPY on PostgreSQL), while
    another imports: the first's lines, import entry and mapping are rolled back, the
    second is stored whole."""
    failing: set[int] = set()
    real = importer.store_order_totals

    def totals_or_failure(conn: sqlite3.Connection, *args: Any, **kwargs: Any) -> None:
        if id(conn) in failing:
            raise RuntimeError("disk full")
        real(conn, *args, **kwargs)

    monkeypatch.setattr(importer, "store_order_totals", totals_or_failure)

    def fails(conn: sqlite3.Connection) -> Any:
        failing.add(id(conn))
        return import_file(conn, "sales", "gennaio.csv", month_csv(1, 500))

    def works(conn: sqlite3.Connection) -> Any:
        return import_file(conn, "sales", "febbraio.csv", month_csv(2, 700))

    first, second = at_once(store_address, [fails, works])
    assert isinstance(first, RuntimeError) and str(first) == "disk full"
    assert not isinstance(second, BaseException), second
    found = stored(store_address)
    assert [(name, status) for _, name, _, status in found["imports"]] == [
        ("febbraio.csv", "active")
    ]
    assert found["lines"] == {second.import_id: LINES}
    assert found["cents"] == {second.import_id: LINES * 700}
    assert found["order_lines"] == {second.import_id: LINES}
    assert found["data_version"] == 1
    # the store still takes the failed file afterwards
    conn = db.connect(store_address)
    try:
        again = import_file(conn, "sales", "gennaio.csv", month_csv(1, 500))
    finally:
        conn.close()
    assert stored(store_address)["lines"][again.import_id] == LINES
