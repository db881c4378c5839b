"""The import pages through AppTest with real uploads: the whole flow, refusals, mapping
memory, replacement confirmation, valid-only import, history and undo."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from cx_sme.core import db
from cx_sme.ingest.importer import import_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MARCH = (
    "Data documento;Cod. cliente;Ragione sociale;Totale;N. fattura\r\n"
    "01/03/2025;00042;Rossi Srl;1.234,56;F1\r\n"
    "15/03/2025;00044;Caffè Verdi Snc;10,00;F3\r\n"
).encode("cp1252")
MARCH_WITH_ERRORS = (
    b"Data documento;Cod. cliente;Ragione sociale;Totale;N. fattura\r\n"
    b"01/03/2025;00042;Rossi Srl;1.234,56;F1\r\n"
    b"31/02/2025;00043;Bianchi;n/a;F2\r\n"
    b"15/03/2025;00044;Verdi Snc;10,00;F3\r\n"
)


def shown(element) -> str:  # type: ignore[no-untyped-def]
    """An element's text as the user reads it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", element.value)


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def open_import(make_app, lang: str = "it"):  # type: ignore[no-untyped-def]
    at = make_app(lang=lang)
    at.run()
    at.switch_page("app_pages/import_data.py").run()
    assert not at.exception
    return at


def upload(at, name: str, data: bytes, mime: str = CSV):  # type: ignore[no-untyped-def]
    return upload_many(at, [(name, data, mime)])


def upload_many(at, files: list[tuple[str, bytes, str]]):  # type: ignore[no-untyped-def]
    """Drop several files at once on the uploader (it takes many)."""
    gen = at.session_state["import_upload_gen"]
    at.file_uploader(key=f"import_upload_{gen}").set_value(files).run()
    assert not at.exception
    return at


def landed_on_overview(at) -> str:  # type: ignore[no-untyped-def]
    """After an import the Overview opens with what came in: that line."""
    assert [t.value for t in at.title][:1] in (["Panoramica"], ["Overview"])
    return shown(at.success[0])


def test_empty_page_says_what_a_file_needs(make_app) -> None:  # type: ignore[no-untyped-def]
    at = open_import(make_app)
    assert [t.value for t in at.title] == ["Importa file"]
    needs = shown(at.info[0])
    assert "Servono: data, codice cliente, importo" in needs
    assert "registro reclami" in needs and "questionari" in needs


def test_clean_csv_preview_then_import(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = upload(open_import(make_app), "vendite marzo.csv", MARCH)
    assert any("punto e virgola" in shown(m) for m in at.markdown)
    assert any("Windows-1252" in shown(m) for m in at.markdown)
    assert any("gg/mm/aaaa" in shown(m) for m in at.markdown)
    preview = at.dataframe[0].value
    assert list(preview.columns) == [
        "date", "customer_id", "amount", "order_id", "customer_name",
    ]  # fmt: skip
    assert preview["customer_id"].tolist() == ["00042", "00044"]
    assert preview["amount"].tolist() == ["1.234,56\xa0€", "10,00\xa0€"]
    assert not at.error
    assert at.segmented_control(key=f"import_dataset_{sha(MARCH)}").value == "sales"
    assert "marzo 2025: 2 righe di vendite, 1.244,56\xa0€" in shown(at.success[0])
    button = at.button(key="import_go")
    assert button.label == "Importa 2 righe (1 file)"
    button.click().run()
    assert not at.exception
    assert "«vendite marzo.csv»: 2 righe (marzo 2025)" in landed_on_overview(at)
    assert rows(db_path, "SELECT date, customer_id, amount_cents FROM sales ORDER BY id") == [
        ("2025-03-01", "00042", 123456),
        ("2025-03-15", "00044", 1000),
    ]
    # The uploader is empty again, ready for the next file.
    assert at.session_state["import_upload_gen"] == 1


def test_bad_rows_listed_then_valid_only_and_rejected_download(  # type: ignore[no-untyped-def]
    make_app, db_path: Path
) -> None:
    at = upload(open_import(make_app), "marzo.csv", MARCH_WITH_ERRORS)
    assert "Righe con valori non validi: 1 su 3" in shown(at.error[0])
    errors = at.dataframe[1].value
    assert list(errors.columns) == ["Riga", "Colonna", "Valore", "Motivo"]
    assert errors.values.tolist() == [
        [3, "Data documento", "31/02/2025",
         "data impossibile: questo giorno non esiste nel calendario"],
        [3, "Totale", "n/a", "non è un importo (atteso un numero come 1.234,56)"],
    ]  # fmt: skip
    download = at.get("download_button")[0]
    assert download.proto.label == "Scarica le righe scartate (CSV)"
    assert rows(db_path, "SELECT count(*) FROM imports") == [(0,)]
    button = at.button(key="import_go")
    assert button.label == "Importa solo le 2 righe valide"
    button.click().run()
    assert not at.exception
    assert "2 righe" in landed_on_overview(at)
    assert rows(db_path, "SELECT rows, rejected FROM imports") == [(2, 1)]


def test_identical_file_is_all_unchanged_and_stores_nothing(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    conn = db.connect(db_path)
    import_file(conn, "sales", "marzo.csv", MARCH)
    conn.close()
    at = upload(open_import(make_app), "marzo copia.csv", MARCH)
    plan = at.dataframe[-1].value
    assert plan.iloc[0].tolist() == ["marzo copia.csv", "Vendite", "2", "—", "1", "—"]
    assert "già salvati così come sono" in shown(at.info[-1])
    assert not [b for b in at.button if b.key == "import_go"]


def test_overlap_needs_explicit_confirmation(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    conn = db.connect(db_path)
    import_file(conn, "sales", "marzo.csv", MARCH)
    conn.close()
    fixed = MARCH.replace(b"10,00", b"20,00")
    at = upload(open_import(make_app), "marzo corretto.csv", fixed)
    choice = at.checkbox(key=f"import_replace_{sha(fixed)[:12]}_2025-03")
    # one row changed: 10,00 € became 20,00 €
    assert choice.label == (
        "Sostituisci marzo 2025 con i dati di «marzo corretto.csv» "
        "(0 righe in più, 0 in meno, 1 modificate; +20,00\xa0€ / −10,00\xa0€)"
    )
    assert not choice.value
    assert not [b for b in at.button if b.key == "import_go"]
    choice.check().run()
    at.button(key="import_go").click().run()
    assert not at.exception
    assert "marzo 2025" in landed_on_overview(at)
    assert rows(db_path, "SELECT status FROM imports ORDER BY id") == [("replaced",), ("active",)]
    assert rows(db_path, "SELECT sum(amount_cents) FROM sales") == [(123456 + 2000,)]


def test_unrecognised_headers_mapped_by_hand_then_remembered(  # type: ignore[no-untyped-def]
    make_app, db_path: Path
) -> None:
    header = "Giorno;Cod;Euro;Note\r\n"
    first = (header + "03/03/2025;7;1,00;x\r\n").encode()
    at = upload(open_import(make_app), "strano.csv", first)
    # nothing in these headers says what the file is: the page asks
    assert "Non riesco a capire che dati contiene" in shown(at.warning[0])
    at.segmented_control(key=f"import_dataset_{sha(first)}").set_value("sales").run()
    assert "Manca una colonna obbligatoria" in shown(at.warning[0])
    signature_keys = [s.key for s in at.selectbox if s.key and s.key.startswith("import_map_")]
    by_column = {k.rsplit("_", 1)[-1]: k for k in signature_keys}
    at.selectbox(key=by_column["date"]).set_value("Giorno").run()
    at.selectbox(key=next(k for k in signature_keys if k.endswith("customer_id"))).set_value(
        "Cod"
    ).run()
    at.selectbox(key=by_column["amount"]).set_value("Euro").run()
    assert not at.warning
    at.button(key="import_go").click().run()
    assert rows(db_path, "SELECT customer_id, amount_cents FROM sales") == [("7", 100)]

    second = (header + "03/04/2025;8;2,00;y\r\n").encode()
    at.switch_page("app_pages/import_data.py").run()
    upload(at, "strano aprile.csv", second)
    # the layout confirmed last month is recognised as sales
    assert at.segmented_control(key=f"import_dataset_{sha(second)}").value == "sales"
    assert any("usiamo le colonne che hai confermato" in shown(c) for c in at.caption)
    at.button(key="import_go").click().run()
    assert rows(db_path, "SELECT customer_id FROM sales ORDER BY id") == [("7",), ("8",)]


def test_workbook_with_several_sheets(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    book.active.title = "Note"
    book.active.append(["Appunti", "vari"])
    book.active.append(["niente", "qui"])
    sheet = book.create_sheet("Vendite 2025")
    sheet.append(["Data", "Cliente", "Importo"])
    sheet.append(["03/03/2025", "00042", 10.5])
    buffer = io.BytesIO()
    book.save(buffer)
    at = upload(open_import(make_app), "vendite.xlsx", buffer.getvalue(), XLSX)
    pick = next(s for s in at.selectbox if s.key and s.key.startswith("import_sheet_"))
    assert pick.options == ["Note", "Vendite 2025"]
    pick.set_value("Vendite 2025").run()
    assert not at.exception
    assert any("Vendite 2025" in shown(m) for m in at.markdown)
    at.button(key="import_go").click().run()
    assert rows(db_path, "SELECT customer_id, amount_cents FROM sales") == [("00042", 1050)]


def test_unreadable_file_gets_a_message_not_a_traceback(make_app) -> None:  # type: ignore[no-untyped-def]
    at = upload(open_import(make_app), "vuoto.csv", b"")
    assert at.error and "Traceback" not in shown(at.error[0])
    assert not [b for b in at.button if b.key == "import_go"]


def test_english_page(make_app) -> None:  # type: ignore[no-untyped-def]
    at = upload(open_import(make_app, "en"), "march.csv", MARCH_WITH_ERRORS)
    assert at.title[0].value == "Import files"
    assert "Rows with invalid values: 1 of 3" in shown(at.error[0])
    assert at.button(key="import_go").label == "Import only the 2 valid rows"
    assert at.dataframe[-1].value.columns.tolist()[0] == "File"
    assert at.dataframe[1].value.iloc[0, 3] == (
        "impossible date: this day does not exist in the calendar"
    )
    clean = upload(open_import(make_app, "en"), "march.csv", MARCH)
    assert clean.button(key="import_go").label == "Import 2 rows (1 file)"


def test_history_lists_and_undoes_behind_a_confirmation(  # type: ignore[no-untyped-def]
    make_app, db_path: Path
) -> None:
    conn = db.connect(db_path)
    result = import_file(conn, "sales", "marzo.csv", MARCH)
    conn.close()
    at = make_app()
    at.run()
    at.switch_page("app_pages/import_history.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["File"].tolist() == ["marzo.csv"]
    assert table["Stato"].tolist() == ["attiva"]
    # the fingerprint is folded away under technical details, not in the owner's table
    assert "SHA-256" not in table.columns
    assert at.dataframe[1].value["SHA-256"].tolist() == [sha(MARCH)]
    at.button(key="import_undo_ask").click().run()
    assert "sarà annullata" in shown(at.warning[0])
    at.button(key="import_undo_no").click().run()
    assert rows(db_path, "SELECT status FROM imports") == [("active",)]
    at.button(key="import_undo_ask").click().run()
    at.button(key="import_undo_yes").click().run()
    assert not at.exception
    assert f"Importazione n. {result.import_id}" in shown(at.success[0])
    assert rows(db_path, "SELECT status FROM imports") == [("undone",)]
    assert rows(db_path, "SELECT count(*) FROM sales") == [(0,)]
    assert at.dataframe[0].value["Stato"].tolist() == ["annullata"]
    assert "Non restano vendite" in shown(at.success[0])


def test_undo_that_shortens_the_period_says_so(  # type: ignore[no-untyped-def]
    make_app, db_path: Path
) -> None:
    conn = db.connect(db_path)
    import_file(conn, "sales", "gennaio.csv", b"Data;Cliente;Importo\n15/01/2026;A1;10,00\n")
    later = import_file(conn, "sales", "marzo.csv", MARCH)
    conn.close()
    at = make_app()
    at.run()
    at.switch_page("app_pages/import_history.py").run()
    at.selectbox(key="import_undo_pick").set_value(later.import_id).run()
    at.button(key="import_undo_ask").click().run()
    at.button(key="import_undo_yes").click().run()
    assert not at.exception
    message = shown(at.success[0])
    assert "I cruscotti ora vanno da gennaio 2026 a gennaio 2026" in message
    assert "prima da marzo 2025 a gennaio 2026" in message  # MARCH is March 2025


@pytest.mark.parametrize("lang", ["it", "en"])
def test_empty_history(make_app, lang: str) -> None:  # type: ignore[no-untyped-def]
    at = make_app(lang=lang)
    at.run()
    at.switch_page("app_pages/import_history.py").run()
    assert not at.exception
    assert shown(at.info[0]) in (
        "Non hai ancora importato nessun file.",
        "You have not imported any file yet.",
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def preview_of(at):  # type: ignore[no-untyped-def]
    """The preview table (the rows as they will be stored)."""
    return next(d.value for d in at.dataframe if "customer_id" in d.value.columns)


def iso(shown_dates) -> list[str]:  # type: ignore[no-untyped-def]
    """The preview's dates (shown as 02/03/2027 in Italian) as ISO text."""
    return [dt.datetime.strptime(d, "%d/%m/%Y").date().isoformat() for d in shown_dates]


def keys(at) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.key for b in at.button if b.key}


def test_dates_that_read_two_ways_are_asked_side_by_side(  # type: ignore[no-untyped-def]
    make_app, db_path: Path
) -> None:
    """An English export where every day is ≤ 12: a question with both readings of the
    file's own dates; nothing can be imported until it is answered."""
    data = (FIXTURES / "misread" / "inglese_giorni_fino_a_12.csv").read_bytes()
    at = upload(open_import(make_app), "uk.csv", data)
    assert "import_go" not in keys(at)
    examples = at.dataframe[0].value
    assert list(examples.columns) == [
        "Nel file", "Giorno/mese (come in Italia)", "Mese/giorno (come negli Stati Uniti)",
    ]  # fmt: skip
    assert examples.iloc[0].tolist() == ["02/03/2027", "2 marzo 2027", "3 febbraio 2027"]
    question = at.radio(key=f"import_reading_dates_{sha(data)}")
    assert question.value is None
    question.set_value("dmy").run()
    assert not at.exception
    assert iso(preview_of(at)["date"]) == [
        "2027-03-02", "2027-04-03", "2027-12-11",
    ]  # fmt: skip
    at.button(key="import_go").click().run()
    assert rows(db_path, "SELECT date, amount_cents FROM sales ORDER BY id") == [
        ("2027-03-02", 123450),
        ("2027-04-03", 8990),
        ("2027-12-11", 1500),
    ]


def test_the_question_is_in_english_too(make_app) -> None:  # type: ignore[no-untyped-def]
    data = (FIXTURES / "misread" / "inglese_migliaia_senza_indizi.csv").read_bytes()
    at = upload(open_import(make_app, lang="en"), "en.csv", data)
    assert any("The numbers of this file read two ways" in m.value for m in at.markdown)
    assert at.dataframe[0].value.iloc[0].tolist() == ["1,234", "€1.23", "€1,234.00"]
    at.radio(key=f"import_reading_numbers_{sha(data)}").set_value("en").run()
    assert preview_of(at)["amount"].tolist()[0] == "€1,234.00"


def test_a_misread_date_format_can_be_forced(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """03/04/2025 reads as 3 April or 4 March: the page asks, and the user may also
    force the format in the mapping box instead of answering."""
    data = b"Date,Customer,Amount\r\n03/04/2025,A1,10.50\r\n05/06/2025,A2,2.00\r\n"
    at = upload(open_import(make_app), "us.csv", data)
    asked = [r.key for r in at.radio if r.key and r.key.startswith("import_reading_")]
    assert asked == [f"import_reading_dates_{sha(data)}"]
    assert "import_go" not in keys(at)
    pick = next(s for s in at.selectbox if s.key and s.key.startswith("import_datefmt_"))
    assert pick.value == "auto"
    pick.set_value("%m/%d/%Y").run()
    assert not at.exception
    assert iso(preview_of(at)["date"]) == ["2025-03-04", "2025-05-06"]
    at.button(key="import_go").click().run()
    assert rows(db_path, "SELECT date, amount_cents FROM sales ORDER BY id") == [
        ("2025-03-04", 1050),
        ("2025-05-06", 200),
    ]
    at.switch_page("app_pages/import_data.py").run()
    # Next month's file with the same layout: the forced format is remembered.
    upload(at, "us2.csv", b"Date,Customer,Amount\r\n07/08/2025,A1,1.00\r\n")
    assert iso(at.dataframe[0].value["date"]) == ["2025-07-08"]


def test_two_years_at_once_are_told_as_a_span(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A first import of two years: one line says how many months, from when to when,
    with the rows and the money (worked out here), not 24 month names in a row."""
    lines = ["Data;Cliente;Importo"]
    for month in range(24):
        year, m = 2024 + month // 12, month % 12 + 1
        lines += [f"10/{m:02d}/{year};C{month};10,50", f"20/{m:02d}/{year};D{month};2,00"]
    data = ("\n".join(lines) + "\n").encode()
    at = upload(open_import(make_app), "storico.csv", data)
    span = "24 mesi, da gennaio 2024 a dicembre 2025"
    assert f"{span}: 48 righe di vendite, 300,00\xa0€" in shown(at.success[0])
    column = "Mesi nuovi (da aggiungere)"
    plan = next(d.value for d in at.dataframe if column in d.value.columns)
    assert plan.iloc[0][column] == span
    at.button(key="import_go").click().run()
    assert not at.exception
    assert f"«storico.csv»: 48 righe ({span})" in landed_on_overview(at)
    assert rows(db_path, "SELECT count(*), sum(amount_cents) FROM sales") == [(48, 30000)]


def test_a_big_file_dropped_on_the_page_is_stored_whole(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """25,000 lines (past the size from which an import writes through the rollback
    journal when it has the store to itself): stored whole from the page, and the store
    is in WAL mode again for the sessions that read it next."""
    lines = ["Data;Cliente;Importo;N. fattura"]
    lines += [f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025;C{i % 300:03d};{i % 997},{i % 100:02d};F{i}"
              for i in range(25_000)]  # fmt: skip
    cents = sum((i % 997) * 100 + i % 100 for i in range(25_000))
    at = upload(open_import(make_app), "anno.csv", ("\n".join(lines) + "\n").encode())
    at.button(key="import_go").click().run()
    assert not at.exception
    assert "«anno.csv»: 25.000 righe" in landed_on_overview(at)
    assert rows(db_path, "SELECT count(*), sum(amount_cents) FROM sales") == [(25_000, cents)]
    assert rows(db_path, "SELECT count(*), sum(lines) FROM sales_orders") == [(25_000, 25_000)]
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
