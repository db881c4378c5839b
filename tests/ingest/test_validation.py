"""Row-level checks per data set, and every bad-row fixture through the library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cx_sme.core.errors import FileRefused, RowsRefused
from cx_sme.core.i18n import set_language
from cx_sme.ingest.importer import import_file, list_imports, prepare
from cx_sme.ingest.validation import describe_errors, format_label, missing_columns, validate

BAD_ROWS = Path(__file__).resolve().parents[1] / "fixtures" / "bad_rows"
EXPECTED = json.loads((BAD_ROWS / "expected.json").read_text(encoding="utf-8"))


def run(dataset: str, rows: list[list[object]], headers: list[str], mapping: dict[str, str]):
    frame = pd.DataFrame(rows, columns=headers).astype("str")
    frame = frame.where(frame != "None")
    return validate(dataset, frame, np.arange(2, 2 + len(rows)), mapping)


SALES_MAP = {"date": "Data", "customer_id": "Cliente", "amount": "Importo"}


def test_sales_values_as_stored() -> None:
    result = run(
        "sales",
        [["01/03/2025", "00042", "1.234,56"], ["02/03/2025", "A-7", "-0,50"]],
        ["Data", "Cliente", "Importo"],
        SALES_MAP,
    )
    assert result.valid.tolist() == [True, True]
    assert result.frame["customer_id"].tolist() == ["00042", "A-7"]
    assert result.frame["amount"].tolist() == [1234.56, -0.5]
    assert result.frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-03-02"]
    assert result.formats == {"date": "%d/%m/%Y", "amount": "it"}


def test_sales_errors_name_row_column_value_reason() -> None:
    result = run(
        "sales",
        [
            ["31/02/2025", "1", "10,00"],
            ["01/03/2025", None, "n/a"],
            ["ieri", "2", "5"],
            ["01/03/1900", "3", "5"],
        ],
        ["Data", "Cliente", "Importo"],
        SALES_MAP,
    )
    assert result.valid.tolist() == [False, False, False, False]
    table = describe_errors(result.errors)
    assert table.values.tolist() == [
        [2, "Data", "31/02/2025", "data impossibile: questo giorno non esiste nel calendario"],
        [3, "Cliente", "", "cella vuota in una colonna obbligatoria"],
        [3, "Importo", "n/a", "non è un importo (atteso un numero come 1.234,56)"],
        [4, "Data", "ieri", "non è una data leggibile (formato della colonna: gg/mm/aaaa)"],
        [5, "Data", "01/03/1900",
         "data fuori da ogni periodo plausibile (prima del 1950 o dopo il 2100)"],
    ]  # fmt: skip


def test_reasons_follow_the_language() -> None:
    result = run("sales", [["01/03/2025", "1", "n/a"]], ["Data", "Cliente", "Importo"], SALES_MAP)
    set_language("en")
    assert describe_errors(result.errors)["reason"].tolist() == [
        "not an amount (expected a number such as 1,234.56)"
    ]


def test_complaint_closed_before_opened_is_a_row_error() -> None:
    result = run(
        "complaints",
        [["10/03/2025", "08/03/2025"], ["10/03/2025", "10/03/2025"], ["10/03/2025", None]],
        ["Aperto", "Chiuso"],
        {"opened": "Aperto", "closed": "Chiuso"},
    )
    assert result.valid.tolist() == [False, True, True]
    [error] = describe_errors(result.errors).values.tolist()
    assert error[:3] == [2, "Chiuso", "08/03/2025"]


@pytest.mark.parametrize(
    ("column", "cell", "ok"),
    [
        ("nps", "0", True), ("nps", "10", True), ("nps", "11", False), ("nps", "-1", False),
        ("nps", "7,5", False), ("csat", "1", True), ("csat", "5", True), ("csat", "0", False),
        ("csat", "6", False), ("ces", "7", True), ("ces", "8", False), ("ces", "molto", False),
    ],
)  # fmt: skip
def test_scores_out_of_range_are_errors_never_clipped(column: str, cell: str, ok: bool) -> None:
    result = run(
        "surveys", [["01/03/2025", cell]], ["Data", "Voto"], {"date": "Data", column: "Voto"}
    )
    assert result.valid.tolist() == [ok]
    if ok:
        assert result.frame[column].tolist() == [float(cell)]
    else:
        assert np.isnan(result.frame[column].iloc[0])
        assert result.errors["key"].tolist() == ["import.reason.score_range"]


def test_survey_without_any_score_column_is_refused() -> None:
    assert missing_columns("surveys", {"date": "Data"}) == ["score"]
    with pytest.raises(FileRefused) as err:
        run("surveys", [["01/03/2025"]], ["Data"], {"date": "Data"})
    assert "almeno un punteggio" in str(err.value)


def test_same_header_for_two_columns_is_refused() -> None:
    with pytest.raises(FileRefused):
        run(
            "sales",
            [["01/03/2025", "1"]],
            ["Data", "Cliente"],
            {"date": "Data", "customer_id": "Cliente", "amount": "Cliente"},
        )


def test_format_labels() -> None:
    assert format_label("%d/%m/%Y") == "gg/mm/aaaa"
    set_language("en")
    assert format_label("%d/%m/%Y") == "dd/mm/yyyy"
    assert format_label("it") == "1.234,56"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_rows_fixture_through_the_library(fresh_db: sqlite3.Connection, name: str) -> None:
    expected = EXPECTED[name]
    data = (BAD_ROWS / name).read_bytes()
    dataset = expected["dataset"]
    if "refused" in expected:
        prepared = prepare(fresh_db, dataset, name, data)
        assert prepared.missing and prepared.validation is None
        with pytest.raises(FileRefused):
            import_file(fresh_db, dataset, name, data)
        assert list_imports(fresh_db) == []
        return
    prepared = prepare(fresh_db, dataset, name, data)
    found = [
        [e["row"], e["column"], e["value"], e["key"]]
        for e in prepared.validation.errors.to_dict("records")  # type: ignore[union-attr]
    ]
    assert found == expected["errors"]
    assert prepared.valid_rows == expected["valid"]
    with pytest.raises(RowsRefused) as err:
        import_file(fresh_db, dataset, name, data)
    assert len(err.value.errors) == len(expected["errors"])
    assert list_imports(fresh_db) == []
    if expected["valid"]:
        result = import_file(fresh_db, dataset, name, data, valid_only=True)
        assert result.rows == expected["valid"]
        assert result.rejected == len({e[0] for e in expected["errors"]})
    else:
        with pytest.raises(RowsRefused):
            import_file(fresh_db, dataset, name, data, valid_only=True)
        assert list_imports(fresh_db) == []


def test_a_big_file_checked_on_two_cores_finds_the_same_values_and_errors() -> None:
    """From PARALLEL_ROWS rows the columns are parsed two at a time: every wrong cell
    is still found, at its row, and the values are the ones a small file gets."""
    from cx_sme.ingest import validation

    size = validation.PARALLEL_ROWS + 2_000
    rows = [[f"{1 + i % 28:02d}/03/2025", f"C{i % 97:03d}", f"{i % 1000},{i % 100:02d}"]
            for i in range(size)]  # fmt: skip
    broken = {7: (0, "30/02/2025"), 25_001: (2, "dieci"), size - 1: (1, None)}
    for index, (column, cell) in broken.items():
        rows[index][column] = cell
    result = run("sales", rows, ["Data", "Cliente", "Importo"], SALES_MAP)
    table = describe_errors(result.errors)
    assert table["row"].tolist() == [9, 25_003, size + 1]  # the header is row 1
    assert table["column"].tolist() == ["Data", "Importo", "Cliente"]
    assert int(result.valid.sum()) == size - 3
    amounts = result.frame["amount"].to_numpy()
    assert amounts[1234] == pytest.approx(234.34) and np.isnan(amounts[25_001])
    assert result.frame["customer_id"].iloc[size - 2] == f"C{(size - 2) % 97:03d}"
    assert result.frame["date"].iloc[30].strftime("%Y-%m-%d") == "2025-03-03"
