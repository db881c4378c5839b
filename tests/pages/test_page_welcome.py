"""The welcome page: the sample company in one click on an empty store, the way out of
it ("start with my own data"), and no sample offered once the company's own data is stored."""

from __future__ import annotations

import sqlite3

import pytest

from cx_sme.core import db
from cx_sme.sample.files import COMPLAINTS_FILE, SALES_FILE, SURVEYS_FILE


def _imports(path) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    conn = db.connect(path)
    try:
        return conn.execute("SELECT dataset, file_name, status FROM imports ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("lang", "title", "button"),
    [
        ("it", "Benvenuto in CX per PMI", "Carica l'azienda di esempio"),
        ("en", "Welcome to CX for SMEs", "Load the sample company"),
    ],
)
def test_empty_store_opens_on_the_welcome_page(make_app, lang, title, button) -> None:
    at = make_app(lang=lang)
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    labels = [b.label for b in at.button]
    assert button in labels


@pytest.mark.parametrize("lang", ["it", "en"])
def test_one_click_loads_the_sample_as_three_imports(make_app, db_path, lang) -> None:
    at = make_app(lang=lang)
    at.run()
    at.button(key="load_sample").click().run()
    assert not at.exception
    assert not at.error
    assert _imports(db_path) == [
        ("sales", SALES_FILE, "active"),
        ("complaints", COMPLAINTS_FILE, "active"),
        ("surveys", SURVEYS_FILE, "active"),
    ]
    conn = sqlite3.connect(db_path)
    try:
        counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("sales", "complaints", "surveys")]  # fmt: skip
    finally:
        conn.close()
    assert counts[0] > 5_000 and counts[1] > 150 and counts[2] > 600
    if lang == "it":
        # The app moved on to the overview. (Not checked in English: after st.switch_page
        # AppTest runs the target page without app.py, so the session's language is not
        # applied to that run; the browser test covers the real switch.)
        assert at.title[0].value == "Panoramica"


def _data_rows(path) -> int:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(path)
    try:
        return sum(
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("imports", "sales", "complaints", "surveys")
        )
    finally:
        conn.close()


def test_start_with_my_own_data_asks_then_removes_the_sample(sample_app, sample_db_path) -> None:
    at = sample_app()
    at.run()
    at.switch_page("app_pages/welcome.py").run()
    labels = [b.label for b in at.button]
    assert "Carica l'azienda di esempio" not in labels  # already loaded: not offered again
    at.button(key="own_data_welcome").click().run()
    assert not at.exception
    # Nothing is removed before the confirmation, which names what goes and what stays.
    assert _data_rows(sample_db_path) > 5_000
    warning = at.warning[0].value
    assert "3 importazioni" in warning and "Non si può annullare" in warning
    assert any("Restano impostazioni" in c.value for c in at.caption)
    at.button(key="own_data_no_welcome").click().run()
    assert _data_rows(sample_db_path) > 5_000
    at.button(key="own_data_welcome").click().run()
    at.button(key="own_data_yes_welcome").click().run()
    assert not at.exception
    assert _data_rows(sample_db_path) == 0
    # The Import page opens, saying what went and asking for the month's files.
    assert at.title[0].value == "Importa file"
    assert any("Azienda di esempio tolta (3 importazioni" in s.value for s in at.success)


def test_own_data_stored_the_sample_is_no_longer_offered(make_app, db_path) -> None:
    from cx_sme.ingest.importer import import_file

    conn = db.connect(db_path)
    try:
        import_file(conn, "sales", "vendite.csv", b"Data;Cliente;Importo\n15/01/2026;A1;10,00\n")
    finally:
        conn.close()
    at = make_app()
    at.run()
    at.switch_page("app_pages/welcome.py").run()
    assert not at.exception
    keys = [b.key for b in at.button]
    assert "load_sample" not in keys and "own_data_welcome" not in keys
    assert at.subheader[0].value == "I tuoi dati sono caricati"
