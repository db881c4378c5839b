"""Follow-ups: stable natural keys, stored owner/status/note, surviving a re-import."""

from __future__ import annotations

import pandas as pd
import pytest

from cx_sme.core.errors import InputRefused
from cx_sme.core.frames import load_frames
from cx_sme.dashboards import alerts, followups
from cx_sme.dashboards.followups import Update, complaint_key, complaint_keys, detractor_key
from cx_sme.ingest.importer import import_file

HEADER = (
    "Data apertura;Data chiusura;Codice cliente;Punto di contatto;Categoria;Responsabile;"
    "Descrizione"
)
MAPPING = {
    "opened": "Data apertura",
    "closed": "Data chiusura",
    "customer_id": "Codice cliente",
    "touchpoint": "Punto di contatto",
    "category": "Categoria",
    "owner": "Responsabile",
    "description": "Descrizione",
}


def _csv(*rows: str) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")


def _import(conn, rows: tuple[str, ...], name: str, *, replace: bool = False) -> None:
    import_file(conn, "complaints", name, _csv(*rows), mapping=MAPPING, replace=replace)


NOVEMBER = (
    "03/11/2025;;C001;Fattura;Errore di fatturazione;;Importo sbagliato in fattura",
    "05/11/2025;10/11/2025;C002;Consegna e magazzino;Ritardo;Anna;Consegna in ritardo",
    "12/11/2025;;C003;Consegna e magazzino;Merce danneggiata;;Scatola rotta",
    "12/11/2025;;C003;Consegna e magazzino;Merce danneggiata;;Scatola rotta",
)


def test_keys_ignore_case_spaces_owner_and_closing() -> None:
    a = complaint_key("2025-11-03", "C001", "Fattura", "Errore", "Importo  sbagliato")
    b = complaint_key(
        pd.Timestamp("2025-11-03"), "c001", " FATTURA ", "errore", "importo sbagliato"
    )
    assert a == b
    assert a != complaint_key("2025-11-04", "C001", "Fattura", "Errore", "Importo sbagliato")
    assert detractor_key(" C9 ", pd.Timestamp("2026-01-15")) == "d:C9|2026-01-15"


def test_identical_complaints_of_a_day_get_distinct_keys(fresh_db) -> None:
    _import(fresh_db, NOVEMBER, "reclami_nov.csv")
    keys = complaint_keys(load_frames(fresh_db).complaints)
    assert keys.is_unique and len(keys) == 4


def test_followup_survives_reimport_of_the_month_and_the_next_month(fresh_db) -> None:
    _import(fresh_db, NOVEMBER, "reclami_nov.csv")
    unowned = alerts.unowned_complaints(load_frames(fresh_db))
    assert list(unowned["customer_id"]) == ["C001", "C003", "C003"]
    first, second_twin = unowned["key"][0], unowned["key"][2]
    saved = followups.save(
        fresh_db,
        "complaint",
        [
            Update(first, "Marco Rossi", "called", "Richiamato, nota di credito in arrivo", "C001"),
            Update(second_twin, "Lucia", "to_call", None, "C003"),
        ],
    )
    assert saved == 2

    # The month is exported again (rows in another order, one more complaint) and
    # replaces the stored one: new row ids, same follow-ups.
    reordered = (NOVEMBER[3], NOVEMBER[2], NOVEMBER[1], NOVEMBER[0],
                 "28/11/2025;;C004;Fattura;Errore di fatturazione;;IVA sbagliata")  # fmt: skip
    _import(fresh_db, reordered, "reclami_nov_v2.csv", replace=True)
    # Next month arrives too.
    _import(fresh_db, ("02/12/2025;;C005;Sito web;Ordine online;;Carrello bloccato",), "dic.csv")

    frames = load_frames(fresh_db)
    merged = alerts.with_followups(
        alerts.unowned_complaints(frames), followups.followups(fresh_db, "complaint")
    )
    by_customer = merged.set_index("key")
    assert by_customer.at[first, "owner"] == "Marco Rossi"
    assert by_customer.at[first, "status"] == "called"
    assert by_customer.at[first, "note"] == "Richiamato, nota di credito in arrivo"
    assert by_customer.at[second_twin, "owner"] == "Lucia"
    owners = merged.set_index("customer_id")["owner"]
    assert pd.isna(owners["C004"]) and pd.isna(owners["C005"])
    assert len(alerts.without_followup(merged)) == 3  # C003's twin, C004, C005


def test_solved_followups_leave_the_pending_list(fresh_db) -> None:
    _import(fresh_db, NOVEMBER[:1], "uno.csv")
    key = alerts.unowned_complaints(load_frames(fresh_db))["key"][0]
    followups.save(fresh_db, "complaint", [Update(key, "Anna", "solved", "Risolto al telefono")])
    merged = alerts.with_followups(
        alerts.unowned_complaints(load_frames(fresh_db)), followups.followups(fresh_db, "complaint")
    )
    assert alerts.pending(merged).empty
    assert followups.get(fresh_db, "complaint", key).status == "solved"  # type: ignore[union-attr]


def test_unchanged_or_empty_rows_are_not_written(fresh_db) -> None:
    assert (
        followups.save(fresh_db, "detractor", [Update("d:C1|2026-01-01", None, "to_call", None)])
        == 0
    )
    assert followups.followups(fresh_db, "detractor") == {}
    up = Update("d:C1|2026-01-01", "Anna", "to_call", "  ")
    assert followups.save(fresh_db, "detractor", [up]) == 1
    assert followups.get(fresh_db, "detractor", "d:C1|2026-01-01").note is None  # type: ignore[union-attr]
    assert followups.save(fresh_db, "detractor", [up]) == 0


@pytest.mark.parametrize(
    "update",
    [
        Update("d:X|2026-01-01", "Anna", "maybe", None),
        Update("d:X|2026-01-01", "A" * (followups.MAX_OWNER + 1), "called", None),
        Update("d:X|2026-01-01", "Anna", "called", "n" * (followups.MAX_NOTE + 1)),
    ],
)
def test_bad_updates_refuse_the_whole_batch(fresh_db, update: Update) -> None:
    good = Update("d:Y|2026-01-01", "Anna", "called", "ok")
    with pytest.raises(InputRefused) as err:
        followups.save(fresh_db, "detractor", [good, update])
    assert "d:X|2026-01-01" in str(err.value)
    assert followups.followups(fresh_db, "detractor") == {}


def test_unknown_kind_is_refused(fresh_db) -> None:
    with pytest.raises(InputRefused):
        followups.save(fresh_db, "invoice", [])


def test_erase_customer(fresh_db) -> None:
    followups.save(fresh_db, "detractor", [Update("d:C1|2026-01-01", "Anna", "called", None, "C1")])
    followups.save(fresh_db, "detractor", [Update("d:C2|2026-01-01", "Anna", "called", None, "C2")])
    assert followups.erase_customer(fresh_db, "C1") == 1
    assert list(followups.followups(fresh_db, "detractor")) == ["d:C2|2026-01-01"]
