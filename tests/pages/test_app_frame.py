"""The frame (app.py) runs around every page: sidebar, language, period, access gate."""

from __future__ import annotations

import pytest

from cx_sme.core.i18n import set_language

PAGES = [
    "app_pages/overview.py",
    "app_pages/sales.py",
    "app_pages/complaints.py",
    "app_pages/voice.py",
    "app_pages/links.py",
    "app_pages/import_data.py",
    "app_pages/import_history.py",
    "app_pages/touchpoints.py",
    "app_pages/actions.py",
    "app_pages/meeting.py",
    "app_pages/governance.py",
    "app_pages/plan.py",
    "app_pages/engagement.py",
    "app_pages/business_case.py",
    "app_pages/reports.py",
    "app_pages/settings.py",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_runs_inside_the_frame(make_app, path: str) -> None:
    at = make_app()
    at.run()
    at.switch_page(path).run()
    assert not at.exception
    # the sidebar of app.py is there: language choice and period choice
    assert at.sidebar.selectbox(key="_lang_widget").value == "it"
    assert at.sidebar.radio(key="_granularity_widget_it").value == "month"


def test_language_survives_page_switches_and_reloads_keep_it(make_app) -> None:
    at = make_app()
    at.run()
    at.sidebar.selectbox(key="_lang_widget").set_value("en").run()
    set_language("en")
    assert at.title[0].value == "Welcome to CX for SMEs"
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    at.button(key="go_import").click().run()
    assert at.title[0].value == "Import files"
    at.switch_page("app_pages/governance.py").run()
    assert at.session_state["lang"] == "en"
    assert at.sidebar.selectbox(key="_lang_widget").value == "en"


def test_period_choice_survives_a_language_switch(sample_app) -> None:
    at = sample_app()
    at.run()
    at.sidebar.radio(key="_granularity_widget_it").set_value("quarter").run()
    at.sidebar.select_slider(key="_period_range_quarter_widget_it").set_range(
        "2025Q1", "2025Q4"
    ).run()
    assert at.session_state["period_range"] == ("2025Q1", "2025Q4")
    at.sidebar.selectbox(key="_lang_widget").set_value("en").run()
    set_language("en")
    assert at.sidebar.radio(key="_granularity_widget_en").value == "quarter"
    assert at.session_state["period_range"] == ("2025Q1", "2025Q4")
    at.switch_page("app_pages/sales.py").run()
    assert not at.exception
    assert at.session_state["period_range"] == ("2025Q1", "2025Q4")


def test_an_empty_store_opens_on_the_welcome_page(make_app) -> None:
    at = make_app()
    at.run()
    assert at.title[0].value == "Benvenuto in CX per PMI"


def test_stored_data_opens_on_the_overview_and_welcome_stays_reachable(sample_app) -> None:
    at = sample_app()
    at.run()
    assert at.title[0].value == "Panoramica"
    at.switch_page("app_pages/welcome.py").run()
    assert at.title[0].value == "Benvenuto in CX per PMI"


def test_the_overview_has_its_own_address_for_bookmarks(sample_app) -> None:
    at = sample_app()
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert at.title[0].value == "Panoramica"


def test_a_store_from_before_an_upgrade_opens_brought_up_to_date(make_app, db_path) -> None:  # type: ignore[no-untyped-def]
    """A store last opened by an older version (9: before the order totals): the app
    takes a copy, brings it up to date, and the Sales page shows its revenue (worked out
    here: 10 + 2 + 30 €, in March 2026) from the totals made for its lines."""
    from cx_sme.admin.backup import list_auto_backups
    from cx_sme.core import db

    old = db.connect(db_path, migrate_to=9)
    old.execute(
        "INSERT INTO imports (id, dataset, file_name, sha256, rows, imported_at) "
        "VALUES (1, 'sales', 'marzo.csv', 'x', 3, '2026-04-01T09:00:00')"
    )
    old.executemany(
        "INSERT INTO sales (import_id, date, customer_id, amount_cents, order_id) "
        "VALUES (1, ?, ?, ?, ?)",
        [("2026-03-02", "C1", 1000, "F1"), ("2026-03-02", "C1", 200, "F1"),
         ("2026-03-20", "C2", 3000, "F2")],
    )  # fmt: skip
    old.close()
    at = make_app()
    at.run()
    at.switch_page("app_pages/sales.py").run()
    assert not at.exception, at.exception
    figures = {m.label: m.value for m in at.metric}
    assert figures["Fatturato"] == "42\xa0€"
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == db.latest_version()
        assert conn.execute("SELECT count(*), sum(lines) FROM sales_orders").fetchone() == (2, 3)
        assert [b.reason for b in list_auto_backups(conn)] == [
            f"migration-9-to-{db.latest_version()}"
        ]
    finally:
        conn.close()
