"""AppTest smoke over every dashboard page, with the sample company in Italian and English
(no exception, the key metrics with their formatted values) and on an empty store."""

from __future__ import annotations

import pytest

from cx_sme.core.frames import load_frames
from cx_sme.core.i18n import set_language
from cx_sme.kpi import engine as kpis
from cx_sme.kpi.catalog import format_value, label

PAGES = {
    "app_pages/overview.py": (
        "new_customers", "retention_rate", "revenue_returning", "cost_to_serve",
        "nps", "csat", "complaints", "open_backlog",
    ),
    "app_pages/sales.py": ("revenue", "orders", "average_ticket", "active_customers", "churn_rate"),
    "app_pages/complaints.py": (
        "complaints", "complaint_rate", "open_backlog", "median_resolution_days", "within_sla",
    ),
    "app_pages/voice.py": ("nps", "csat", "ces", "responses"),
    "app_pages/links.py": ("revenue_at_risk",),
}  # fmt: skip


@pytest.fixture(scope="module")
def expected(sample_db_template):  # type: ignore[no-untyped-def]
    from cx_sme.core import db

    conn = db.connect(sample_db_template)
    try:
        kset = kpis.compute(load_frames(conn), "month")
    finally:
        conn.close()
    return kset


def _value(kset: kpis.KpiSet, key: str, period: str) -> float:
    for table in (kset.sales, kset.complaints, kset.surveys, kset.links):
        if key in table.columns:
            return float(table.at[period, key])
    raise KeyError(key)


def _open(app, page: str):  # type: ignore[no-untyped-def]
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    if page != "app_pages/overview.py":
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_shows_the_sample_company(sample_app, expected, page: str, lang: str) -> None:
    at = _open(sample_app(lang=lang), page)
    set_language(lang)
    current = kpis_last_period(expected)
    shown = {m.label.split(" · ")[-1]: m.value for m in at.metric}
    for key in PAGES[page]:
        name = label(key)
        assert name in shown, (name, sorted(shown))
        assert shown[name] == format_value(key, _value(expected, key, current)), key
    assert at.title[0].value  # the page title is there
    assert not at.error


def kpis_last_period(kset: kpis.KpiSet) -> str:
    return str(kset.sales.index[-1])


def test_overview_tells_the_story_in_words(sample_app) -> None:
    at = _open(sample_app(lang="it"), "app_pages/overview.py")
    text = " ".join(m.value for m in at.markdown)
    assert "«Fattura»" in text  # where complaints come from, and the worst NPS
    assert "«Amministrazione»" in text
    assert "«Consegna e magazzino»" in text  # the rise after the courier change
    assert "volte più spesso" in text  # detractors churn more
    assert "non hanno un responsabile" in text
    tabs = [tab.label for tab in at.tabs]
    assert any(tab.startswith("Reclami senza responsabile (") for tab in tabs)
    assert any(tab.startswith("Detrattori da richiamare (") for tab in tabs)


def test_links_page_uses_the_last_complete_period(sample_app, expected) -> None:
    at = _open(sample_app(lang="it"), "app_pages/links.py")
    complete = str(expected.links["retention_all_active"].dropna().index[-1])
    shown = {m.label: m.value for m in at.metric}
    value = float(expected.links.at[complete, "retention_detractors"])
    assert shown[label("retention_detractors")] == format_value("retention_detractors", value)


def test_voice_page_lists_themes_with_examples_as_plain_text(sample_app) -> None:
    at = _open(sample_app(lang="it"), "app_pages/voice.py")
    assert any("Fatture ed errori amministrativi" in m.value for m in at.markdown)
    assert any("Consegna e corriere" in m.value for m in at.markdown)
    examples = [x.value for x in at.text]
    assert examples and all(e.startswith("“") for e in examples[:-1])


@pytest.mark.parametrize("page", list(PAGES))
def test_empty_store_shows_a_friendly_message(make_app, page: str) -> None:
    at = _open(make_app(lang="it"), page) if page != "app_pages/overview.py" else None
    if at is None:
        at = make_app(lang="it")
        at.run()
        at.switch_page(page)
        at.run()
        assert not at.exception
    assert not at.metric
    assert any("Non ci sono ancora vendite" in i.value for i in at.info)


def test_close_the_loop_from_the_overview(sample_app, sample_db_path) -> None:
    """An owner, a status and a note typed in the alerts panel are stored, shown again,
    and a solved detractor leaves the list."""
    from cx_sme.core import db
    from cx_sme.dashboards import followups

    at = sample_app(lang="it")
    at.run()
    tab = next(tb.label for tb in at.tabs if tb.label.startswith("Detrattori da richiamare"))
    before = int(tab.split("(")[1].rstrip(")"))
    edits = {"Chi se ne occupa": "Anna Bianchi", "Stato": "Risolto", "Nota": "Richiamata *oggi*"}
    at.session_state["_editor_detractor"] = {
        "edited_rows": {0: edits},
        "added_rows": [],
        "deleted_rows": [],
    }
    save = [b for b in at.button if b.label == "Salva"]
    save[1].click().run()
    assert not at.exception
    assert any("Salvato 1 aggiornamento" in s.value for s in at.success)
    conn = db.connect(sample_db_path)
    stored = list(followups.followups(conn, "detractor").values())
    conn.close()
    assert len(stored) == 1
    assert (stored[0].owner, stored[0].status, stored[0].note) == (
        "Anna Bianchi",
        "solved",
        "Richiamata *oggi*",
    )
    tab = next(tb.label for tb in at.tabs if tb.label.startswith("Detrattori da richiamare"))
    assert int(tab.split("(")[1].rstrip(")")) == before - 1
