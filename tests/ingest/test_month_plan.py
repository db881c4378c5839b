"""The month's plan and the batch commit (issue 11): new, unchanged and changed months
worked out against the store, the guard, and one transaction for the whole batch. The
expected counts and sums are read off the small files below by hand."""

from __future__ import annotations

import sqlite3

import pytest

from cx_sme.core.errors import ImportConflict, RowsRefused
from cx_sme.ingest.importer import import_file, prepare
from cx_sme.ingest.month_plan import (
    CHANGED,
    NEW,
    UNCHANGED,
    commit_batch,
    plan_file,
    plan_upload,
)
from cx_sme.ingest.recognition import Recognition, recognise

HEAD = "Data;Cliente;Importo;N. fattura\n"
MARCH = HEAD + "03/03/2025;C1;100,00;F1\n10/03/2025;C2;50,00;F2\n17/03/2025;C3;25,00;F3\n" \
    "24/03/2025;C4;25,00;F4\n"  # fmt: skip
APRIL = "03/04/2025;C1;70,00;F5\n"


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def count(conn: sqlite3.Connection, sql: str) -> object:
    return conn.execute(sql).fetchone()[0]


@pytest.fixture
def march_stored(fresh_db: sqlite3.Connection) -> sqlite3.Connection:
    import_file(fresh_db, "sales", "marzo.csv", csv(MARCH))
    return fresh_db


def test_stored_month_unchanged_and_next_month_new(march_stored: sqlite3.Connection) -> None:
    # the same March rows in another order, plus April
    lines = MARCH.splitlines()[1:]
    body = HEAD + "\n".join(reversed(lines)) + "\n" + APRIL
    plan = plan_upload(march_stored, "marzo_aprile.csv", csv(body))
    assert plan.dataset == "sales"
    assert [(m.month, m.status) for m in plan.months] == [("2025-03", UNCHANGED), ("2025-04", NEW)]
    april = plan.of(NEW)[0]
    assert (april.rows, april.cents) == (1, 7000)
    stored = commit_batch(march_stored, [plan], replace={})
    assert stored[0].rows == 1 and stored[0].months_added == ["2025-04"]
    assert count(march_stored, "SELECT COUNT(*) FROM sales") == 5
    # one history entry per file, covering what it stored
    assert march_stored.execute(
        "SELECT file_name, rows, period_from, period_to FROM imports ORDER BY id"
    ).fetchall() == [
        ("marzo.csv", 4, "2025-03-03", "2025-03-24"),
        ("marzo_aprile.csv", 1, "2025-04-03", "2025-04-03"),
    ]


def test_a_changed_month_is_counted_and_kept_unless_replaced(
    march_stored: sqlite3.Connection,
) -> None:
    # F2 now 60,00 instead of 50,00; F4 gone; F9 added
    body = HEAD + "03/03/2025;C1;100,00;F1\n10/03/2025;C2;60,00;F2\n17/03/2025;C3;25,00;F3\n" \
        "28/03/2025;C9;40,00;F9\n"  # fmt: skip
    plan = plan_upload(march_stored, "marzo_bis.csv", csv(body))
    (march,) = plan.months
    assert march.status == CHANGED and march.guard is None
    assert (march.added, march.removed, march.changed) == (1, 1, 1)
    assert (march.cents_added, march.cents_removed) == (6000 + 4000, 5000 + 2500)
    assert commit_batch(march_stored, [plan], replace={})[0].import_id is None
    assert count(march_stored, "SELECT SUM(amount_cents) FROM sales") == 20000
    commit_batch(march_stored, [plan], replace={0: {"2025-03"}})
    assert count(march_stored, "SELECT SUM(amount_cents) FROM sales") == 22500
    assert march_stored.execute("SELECT status FROM imports ORDER BY id").fetchall() == [
        ("replaced",), ("active",),
    ]  # fmt: skip


def test_a_month_shrinking_below_half_needs_a_confirmation(
    march_stored: sqlite3.Connection,
) -> None:
    body = HEAD + "03/03/2025;C1;100,00;F1\n"  # 1 row of 4
    plan = plan_upload(march_stored, "marzo_parziale.csv", csv(body))
    assert plan.months[0].guard == "shrinks"
    with pytest.raises(ImportConflict) as err:
        commit_batch(march_stored, [plan], replace={0: {"2025-03"}})
    assert "marzo_parziale.csv" in str(err.value) and "marzo 2025" in str(err.value)
    assert count(march_stored, "SELECT COUNT(*) FROM sales") == 4
    commit_batch(march_stored, [plan], replace={0: {"2025-03"}}, confirmed={0: {"2025-03"}})
    assert count(march_stored, "SELECT COUNT(*) FROM sales") == 1


def test_less_than_half_the_money_is_flagged_too(march_stored: sqlite3.Connection) -> None:
    body = HEAD + "03/03/2025;C1;1,00;F1\n10/03/2025;C2;1,00;F2\n17/03/2025;C3;1,00;F3\n" \
        "24/03/2025;C4;1,00;F4\n"  # fmt: skip
    plan = plan_upload(march_stored, "marzo_centesimi.csv", csv(body))
    assert plan.months[0].guard == "shrinks"


def test_a_layout_confirmed_for_another_data_set_is_flagged(
    march_stored: sqlite3.Connection,
) -> None:
    # the March layout was confirmed as sales; this file has it and is taken as complaints
    body = HEAD + "02/05/2025;C1;10,00;F1\n"
    recognition = recognise(march_stored, __import__("pandas").DataFrame(
        columns=["Data", "Cliente", "Importo", "N. fattura"]))  # fmt: skip
    assert recognition == Recognition("sales", "remembered", ("sales",))
    prepared = prepare(march_stored, "complaints", "reclami.csv", csv(body))
    plan = plan_file(march_stored, prepared, recognition)
    assert [m.guard for m in plan.months] == ["other_dataset"]
    with pytest.raises(ImportConflict):
        commit_batch(march_stored, [plan], replace={})
    assert count(march_stored, "SELECT COUNT(*) FROM complaints") == 0


def test_the_batch_is_all_or_nothing(march_stored: sqlite3.Connection) -> None:
    good = plan_upload(march_stored, "aprile.csv", csv(HEAD + APRIL))
    bad = plan_upload(march_stored, "maggio.csv", csv(HEAD + "02/05/2025;C1;n/a;F7\n"))
    with pytest.raises(RowsRefused) as err:
        commit_batch(march_stored, [good, bad], replace={})
    assert "maggio.csv" in str(err.value)
    assert count(march_stored, "SELECT COUNT(*) FROM imports") == 1
    assert count(march_stored, "SELECT COUNT(*) FROM sales") == 4


def test_the_same_file_twice_stores_nothing_the_second_time(
    march_stored: sqlite3.Connection,
) -> None:
    plan = plan_upload(march_stored, "marzo.csv", csv(MARCH))
    assert [m.status for m in plan.months] == [UNCHANGED]
    assert commit_batch(march_stored, [plan], replace={})[0].import_id is None
    assert count(march_stored, "SELECT COUNT(*) FROM imports") == 1


def test_complaints_closed_since_are_replaced_by_default(fresh_db: sqlite3.Connection) -> None:
    head = "Data apertura;Data chiusura;Cliente;Descrizione\n"
    before = head + "03/03/2025;;C1;Fattura errata\n05/03/2025;06/03/2025;C2;Ritardo\n"
    after = head + "03/03/2025;20/03/2025;C1;Fattura errata\n05/03/2025;06/03/2025;C2;Ritardo\n"
    first = plan_upload(fresh_db, "reclami_marzo.csv", csv(before))
    assert first.dataset == "complaints"
    commit_batch(fresh_db, [first], replace={})
    plan = plan_upload(fresh_db, "reclami_aprile.csv", csv(after))
    (march,) = plan.months
    assert march.status == CHANGED and march.closures_only and march.changed == 1
    assert plan.default_replace() == {"2025-03"}
    commit_batch(fresh_db, [plan], replace={0: plan.default_replace()})
    assert fresh_db.execute("SELECT closed FROM complaints ORDER BY opened").fetchall() == [
        ("2025-03-20",), ("2025-03-06",),
    ]  # fmt: skip


@pytest.mark.sqlite_only
def test_a_big_batch_alone_goes_through_the_rollback_journal_then_back_to_wal(
    march_stored: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many rows stored by the month's batch with nobody else on the file: written once
    through the rollback journal (see the importer's test), and the WAL again after."""
    from cx_sme.ingest import importer

    monkeypatch.setattr(importer, "BULK_JOURNAL_ROWS", 1000)
    body = HEAD + "".join(f"{1 + i % 28:02d}/04/2025;C{i % 7};{i},00;F{100 + i}\n"
                          for i in range(1500))  # fmt: skip
    plan = plan_upload(march_stored, "aprile.csv", csv(body))
    seen: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        seen.append(march_stored.execute("PRAGMA journal_mode").fetchone()[0])

    stored = commit_batch(march_stored, [plan], replace={}, progress=progress)
    assert stored[0].rows == 1500 and "delete" in seen
    assert march_stored.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert count(march_stored, "SELECT SUM(amount_cents) FROM sales") == (
        20000 + sum(i * 100 for i in range(1500))
    )


def test_new_months_are_counted_from_the_valid_rows_in_any_order(
    fresh_db: sqlite3.Connection,
) -> None:
    # Complaints out of date order, one without a cost (it counts 0) and one with a date
    # that cannot be read (left out of every month). By hand: March holds C2 (no cost)
    # and C5 (2,00 €): 2 rows, 200 cents; April holds C1 (10,50 €) and C3 (4,50 €): 2 rows,
    # 1,500 cents.
    body = (
        "Data apertura;Cliente;Descrizione;Costo\n"
        "15/04/2025;C1;Ritardo;10,50\n"
        "03/03/2025;C2;Errore in fattura;\n"
        "20/04/2025;C3;Pezzo rotto;4,50\n"
        "non so;C4;Altro;1,00\n"
        "31/03/2025;C5;Reso;2,00\n"
    )
    plan = plan_upload(fresh_db, "reclami.csv", csv(body), dataset="complaints")
    assert plan.prepared.invalid_rows == 1
    assert [(m.month, m.status, m.rows, m.cents) for m in plan.months] == [
        ("2025-03", NEW, 2, 200),
        ("2025-04", NEW, 2, 1500),
    ]


def test_a_stored_month_is_compared_while_the_others_are_only_counted(
    march_stored: sqlite3.Connection,
) -> None:
    # March as stored but for C4's amount (25,00 → 30,00), then February and April new.
    # By hand: March 4 rows, 100 + 50 + 25 + 30 = 205,00 € against 200,00 € stored, one
    # row changed; February 1 row, 12,34 €; April 1 row, 70,00 €.
    body = (
        HEAD
        + "24/03/2025;C4;30,00;F4\n17/03/2025;C3;25,00;F3\n"
        + "28/02/2025;C9;12,34;F0\n"
        + "10/03/2025;C2;50,00;F2\n03/03/2025;C1;100,00;F1\n"
        + APRIL
    )
    plan = plan_upload(march_stored, "vendite.csv", csv(body))
    summary = [(m.month, m.status, m.rows, m.cents, m.stored_cents, m.changed) for m in plan.months]
    assert summary == [
        ("2025-02", NEW, 1, 1234, 0, 0),
        ("2025-03", CHANGED, 4, 20500, 20000, 1),
        ("2025-04", NEW, 1, 7000, 0, 0),
    ]
