"""The Reports and Settings pages through AppTest, in Italian and English."""

from __future__ import annotations

import sqlite3

import pytest

from cx_sme.admin import backup, privacy
from cx_sme.core import db
from tests.report_store import fill


@pytest.fixture
def store(app_env):
    conn = db.connect(app_env)
    fill(conn)
    return conn


def _page(make_app, page: str, lang: str = "it"):
    at = make_app(lang=lang)
    at.run()
    at.switch_page(f"app_pages/{page}").run()
    assert not at.exception, at.exception
    return at


def _downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


# --- reports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "buttons", "first_kpi"),
    [
        ("it", "Report", ["Scarica il report Excel", "Scarica il PDF"], "Nuovi clienti"),
        ("en", "Reports", ["Download the Excel report", "Download the PDF"], "New customers"),
    ],
)
def test_reports_page(make_app, store, lang, title, buttons, first_kpi) -> None:
    at = _page(make_app, "reports.py", lang)
    assert at.title[0].value == title
    assert at.selectbox(key="reports_month").value == "2025-02"
    assert _downloads(at) == buttons
    preview = at.dataframe[0].value
    assert len(preview) == 8 and preview.iloc[0, 0] == first_kpi


def test_reports_outcome_is_a_word_any_screen_shows(make_app, store) -> None:
    """No coloured emoji (empty boxes without an emoji font): the outcome is a word on a
    coloured cell; and a target changed meanwhile shows at the next rerun (the preview
    is cached by what it reads, not served stale)."""
    from cx_sme.kpi import targets

    at = _page(make_app, "reports.py")
    preview = at.dataframe[0].value
    outcomes = set(preview["Esito"])
    assert outcomes <= {"Raggiunto", "Quasi", "Mancato", ""}
    assert all(ord(ch) < 0x2000 for text in outcomes for ch in text)
    targets.set_target(store, "revenue", "month", 123_456)
    at.run()
    row = at.dataframe[0].value.set_index("Indicatore").loc["Fatturato"]
    assert row["Obiettivo"] == "123.456\xa0€"


def test_reports_page_follows_the_month(make_app, store) -> None:
    at = _page(make_app, "reports.py")
    at.selectbox(key="reports_month").select("2024-06").run()
    assert not at.exception
    assert "giugno 2024" in at.subheader[-1].value
    assert at.code[0].value.endswith("--xlsx report-cx-2024-06.xlsx --pdf report-cx-2024-06.pdf")


def test_reports_page_without_data(make_app, app_env) -> None:
    at = _page(make_app, "reports.py")
    assert "Non ci sono ancora dati" in at.info[0].value
    assert _downloads(at) == []


# --- settings: data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "tabs"),
    [
        ("it", ["Obiettivi e SLA", "Dati e backup", "Privacy", "Accesso"]),
        ("en", ["Targets and SLA", "Data and backup", "Privacy", "Access"]),
    ],
)
def test_settings_tabs(make_app, store, lang, tabs) -> None:
    at = _page(make_app, "settings.py", lang)
    assert [tab.label for tab in at.tabs] == tabs
    assert _downloads(at) == [
        "Scarica il backup completo" if lang == "it" else "Download the full backup"
    ]


def test_restore_refuses_a_file_that_is_not_a_backup(make_app, store) -> None:
    at = _page(make_app, "settings.py")
    at.file_uploader(key="settings_restore_upload").set_value(
        ("vendite.sqlite", b"codice;importo\n", "application/octet-stream")
    ).run()
    assert not at.exception
    assert any("non è un backup di CX per PMI" in e.value for e in at.error)
    assert not any(b.key == "settings_restore_go" for b in at.button)


def test_restore_a_backup_after_confirmation(make_app, store, app_env) -> None:
    data = backup.backup_bytes(store)
    with db.write_transaction(store):
        store.execute("DELETE FROM surveys")
    at = _page(make_app, "settings.py")
    at.file_uploader(key="settings_restore_upload").set_value(
        ("backup.sqlite", data, "application/vnd.sqlite3")
    ).run()
    assert any("Backup valido" in s.value and "8 risposte" in s.value for s in at.success)
    go = at.button(key="settings_restore_go")
    assert go.disabled
    at.checkbox(key="settings_restore_sure").check().run()
    at.button(key="settings_restore_go").click().run()
    assert not at.exception
    assert any("Ripristino completato" in s.value for s in at.success)
    check = sqlite3.connect(app_env)
    assert check.execute("SELECT count(*) FROM surveys").fetchone()[0] == 8
    check.close()
    assert backup.list_auto_backups(store)[0].reason == "before-restore"


# --- settings: privacy --------------------------------------------------------------------


def test_erase_a_customer_after_confirmation(make_app, store) -> None:
    at = _page(make_app, "settings.py")
    at.text_input(key="settings_erase_id").input("C04").run()
    footprint = next((d.value for d in at.dataframe if "Dati" in d.value.columns), None)
    assert footprint is not None
    assert set(footprint["Dati"]) == {"Righe di vendita", "Reclami", "Risposte ai questionari"}
    assert at.button(key="settings_erase_go").disabled
    at.checkbox(key="settings_erase_sure").check().run()
    at.button(key="settings_erase_go").click().run()
    assert not at.exception
    assert any("Dati del cliente cancellati" in s.value for s in at.success)
    assert privacy.footprint(store, "C04") == {}
    (erasure,) = privacy.erasure_log(store)
    assert erasure.erased_by == "utente locale"
    log = next(d.value for d in at.dataframe if "Chi" in d.value.columns)
    assert log.iloc[0]["Chi"] == "utente locale"


def test_unknown_customer_suggests_similar_codes(make_app, store) -> None:
    at = _page(make_app, "settings.py")
    at.text_input(key="settings_erase_id").input("c04").run()
    assert any("c04" in w.value for w in at.warning)
    assert "C04" in at.code[-1].value
    assert not any(b.key == "settings_erase_go" for b in at.button)


def test_pseudonymise_toggle_is_stored(make_app, store) -> None:
    at = _page(make_app, "settings.py")
    at.toggle(key="settings_pseudo").set_value(True).run()
    assert privacy.pseudonymise_exports(store) is True


# --- settings: access ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "says"),
    [
        ("it", "Accesso libero, solo da questo computer", "127.0.0.1"),
        ("en", "Open access, from this computer only", "127.0.0.1"),
    ],
)
def test_access_tab_says_the_app_is_open_on_localhost(make_app, store, lang, title, says) -> None:
    at = _page(make_app, "settings.py", lang)
    assert title in [s.value for s in at.subheader]
    assert any(says in w.value for w in at.warning)


def test_settings_keep_the_company_vat_for_e_invoices(make_app, store) -> None:
    from cx_sme.einvoice.selection import company_vat

    at = _page(make_app, "settings.py")
    box = next(x for x in at.text_input if x.label.startswith("Partita IVA"))
    box.input("non è una partita iva")
    next(b for b in at.button if b.label == "Salva la partita IVA").click().run()
    assert any("non è una partita IVA" in e.value for e in at.error)
    assert company_vat(store) is None
    box = next(x for x in at.text_input if x.label.startswith("Partita IVA"))
    box.input("01234567890")
    next(b for b in at.button if b.label == "Salva la partita IVA").click().run()
    assert company_vat(store) == "IT01234567890"
