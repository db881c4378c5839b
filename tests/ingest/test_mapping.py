"""Header synonyms, the guess, and the mapping remembered per layout."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from cx_sme.ingest.mapping import (
    COLUMNS,
    clean_mapping,
    guess_mapping,
    normalise,
    recall_mapping,
    remember_mapping,
    required,
    signature,
)


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Data", "date"), ("Data documento", "date"), ("Data fattura", "date"),
        ("DATA DOC.", "date"), ("Invoice date", "date"),
        ("Cliente", "customer_id"), ("Codice cliente", "customer_id"),
        ("Cod. Cliente", "customer_id"), ("Customer ID", "customer_id"),
        ("Importo", "amount"), ("Totale", "amount"), ("Imponibile", "amount"),
        ("Totale documento (€)", "amount"), ("Amount", "amount"),
        ("N. fattura", "order_id"), ("Numero documento", "order_id"),
        ("Quantità", "quantity"), ("Q.tà", "quantity"), ("Qtà", "quantity"),
        ("Articolo", "product"), ("Famiglia", "category"), ("Canale di vendita", "channel"),
    ],
)  # fmt: skip
def test_sales_synonyms(header: str, column: str) -> None:
    base = {"date": "Data", "customer_id": "Cliente", "amount": "Importo"}
    others = [h for name, h in base.items() if name != column]
    guess = guess_mapping("sales", [header, *others])
    assert guess[column] == header


def test_ragione_sociale_is_the_customer_only_without_a_code() -> None:
    with_code = guess_mapping("sales", ["Data", "Codice cliente", "Ragione sociale", "Totale"])
    assert with_code["customer_id"] == "Codice cliente"
    assert with_code["customer_name"] == "Ragione sociale"
    without = guess_mapping("sales", ["Data", "Ragione sociale", "Totale"])
    assert without["customer_id"] == "Ragione sociale"
    assert "customer_name" not in without


def test_complaints_headers() -> None:
    guess = guess_mapping(
        "complaints",
        ["Data apertura", "Data chiusura", "Cliente", "Punto di contatto", "Reparto",
         "Responsabile", "Canale", "Descrizione", "Costo (€)", "Tipologia"],
    )  # fmt: skip
    assert guess == {
        "opened": "Data apertura", "closed": "Data chiusura", "customer_id": "Cliente",
        "touchpoint": "Punto di contatto", "category": "Tipologia", "department": "Reparto",
        "owner": "Responsabile", "channel": "Canale", "description": "Descrizione",
        "cost": "Costo (€)",
    }  # fmt: skip


def test_google_forms_questions_use_the_answers_to_decide() -> None:
    headers = [
        "Informazioni cronologiche",
        "Indirizzo email",
        "Quanto è probabile che consiglieresti la nostra azienda a un amico o a un collega?",
        "Nel complesso, quanto sei soddisfatto del servizio?",
        "Quanto è stato facile risolvere il tuo problema?",
        "Cosa potremmo migliorare per renderti più soddisfatto?",
        "In quale momento ci hai incontrato?",
    ]
    frame = pd.DataFrame(
        [
            ["2025/03/03 10:00:00 AM CET", "a@b.it", "9", "5", "6", "Niente", "Consegna"],
            ["2025/03/04 10:00:00 AM CET", "c@d.it", "4", "2", "3", "I tempi", "Fattura"],
        ],
        columns=headers,
        dtype="str",
    )
    guess = guess_mapping("surveys", headers, frame)
    assert guess == {
        "date": headers[0],
        "customer_id": headers[1],
        "nps": headers[2],
        "csat": headers[3],
        "ces": headers[4],
        "touchpoint": headers[6],
        "comment": headers[5],
    }


def test_english_survey_headers() -> None:
    guess = guess_mapping(
        "surveys",
        ["Timestamp", "How likely are you to recommend us to a friend?", "Comments"],
    )
    assert guess == {
        "date": "Timestamp",
        "nps": "How likely are you to recommend us to a friend?",
        "comment": "Comments",
    }


def test_each_header_feeds_one_column_and_unknown_headers_stay_out() -> None:
    guess = guess_mapping("sales", ["Data", "Data", "Cliente", "Importo", "Colore preferito"])
    assert list(guess.values()).count("Data") == 1
    assert "Colore preferito" not in guess.values()


def test_signature_ignores_order_case_and_accents() -> None:
    assert signature(["Quantità", "Data"]) == signature(["data", "QUANTITA"])
    assert signature(["Data", "Cliente"]) != signature(["Data", "Cliente", "Importo"])


def test_every_dataset_has_required_columns_with_synonyms() -> None:
    assert required("sales") == ["date", "customer_id", "amount"]
    assert required("complaints") == ["opened"]
    assert required("surveys") == ["date"]
    for cols in COLUMNS.values():
        for col in cols:
            assert col.synonyms, col.name
            assert all(s == normalise(s) for s in col.synonyms), col.name


def test_clean_mapping_drops_unknown_columns_and_missing_headers() -> None:
    mapping = {"date": "Data", "amount": "Sparito", "colour": "Data", "customer_id": ""}
    assert clean_mapping("sales", mapping, ["Data", "Cliente"]) == {"date": "Data"}


def test_remember_and_recall(fresh_db: sqlite3.Connection) -> None:
    headers = ["Giorno", "Cod", "Euro"]
    assert recall_mapping(fresh_db, "sales", headers) is None
    chosen = {"date": "Giorno", "customer_id": "Cod", "amount": "Euro"}
    remember_mapping(fresh_db, "sales", headers, chosen, {"number_format": "it"})
    found = recall_mapping(fresh_db, "sales", headers)
    assert found is not None and found.mapping == chosen
    assert found.options == {"number_format": "it"}
    # Another data set or another layout is not recognised.
    assert recall_mapping(fresh_db, "complaints", headers) is None
    assert recall_mapping(fresh_db, "sales", [*headers, "Note"]) is None
    # Confirming again updates it.
    remember_mapping(fresh_db, "sales", headers, {**chosen, "amount": "Cod"})
    again = recall_mapping(fresh_db, "sales", headers)
    assert again is not None and again.mapping["amount"] == "Cod"


def test_recall_with_reordered_headers(fresh_db: sqlite3.Connection) -> None:
    chosen = {"date": "Giorno", "customer_id": "Cod", "amount": "Euro"}
    remember_mapping(fresh_db, "sales", ["Giorno", "Cod", "Euro"], chosen)
    found = recall_mapping(fresh_db, "sales", ["Euro", "Giorno", "Cod"])
    assert found is not None and found.mapping == chosen
