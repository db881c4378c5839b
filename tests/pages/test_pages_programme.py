"""The CX-programme pages through Streamlit's AppTest, on the sample company, in Italian
and English: governance, the six-area plan and the traps, engagement and the newsletter,
the business case."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from cx_sme.company import focus_area as focus
from cx_sme.core import db
from cx_sme.core.formatting import money
from cx_sme.core.i18n import catalog, set_language
from cx_sme.programme import business_case as roi
from cx_sme.programme import engagement, governance, traps
from cx_sme.programme import six_areas as maturity

IT, EN = catalog("it"), catalog("en")
NASTY = "Anna <img src=x onerror=alert(1)> **Rossi** [link](http://x)"


def open_page(at, path: str):  # type: ignore[no-untyped-def]
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def click(at, label: str):  # type: ignore[no-untyped-def]
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, at.exception
    return at


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def shown(elements) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(unescaped(str(e.value)) for e in elements)


def metric(at, label: str) -> str:  # type: ignore[no-untyped-def]
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return str(found[0])


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize(
    ("page", "title_key", "needle_key"),
    [
        ("governance", "common.page.governance", "programme.gov.departments_title"),
        ("plan", "common.page.plan", "programme.area.strategy"),
        ("engagement", "common.page.engagement", "programme.engagement.kind.management_video"),
        ("business_case", "common.page.business_case", "programme.roi.total_label"),
    ],
)
def test_each_page_in_both_languages(sample_app, lang, page, title_key, needle_key) -> None:
    words = IT if lang == "it" else EN
    at = open_page(sample_app(lang), f"app_pages/{page}.py")
    assert at.title[0].value == words[title_key]
    everything = "\n".join(
        [shown(at.subheader), shown(at.markdown), *(m.label for m in at.metric), shown(at.caption)]
    )
    assert words[needle_key] in everything
    assert not at.error


def test_governance_roster_and_warnings(sample_app, sample_db_path) -> None:
    at = open_page(sample_app(), "app_pages/governance.py")
    assert IT["programme.governance.warning.empty"] in shown(at.warning)
    at.radio(key="gov_model_it").set_value("team").run()

    # an empty name is refused with a message, and nothing is stored
    at.text_input(key="gov_name").set_value("   ")
    click(at, IT["programme.gov.add_button"])
    assert IT["programme.governance.error.empty_name"] in shown(at.error)

    for name, department, sponsor in [
        ("Maria Lambro", "", True),
        ("Anna Bianchi", "sales", False),
        ("Paolo Neri", "marketing", False),
        (NASTY, "it", False),
    ]:
        at.text_input(key="gov_name").set_value(name)
        at.selectbox(key="gov_department_it").set_value(department)
        at.checkbox(key="gov_sponsor").set_value(sponsor)
        click(at, IT["programme.gov.add_button"])
    errors = shown(at.error)
    assert IT["programme.governance.error.empty_name"] not in errors
    assert "Commerciale, Marketing e digitale, IT" in errors  # the new silo
    assert "«Servizio clienti e post-vendita»" in errors
    # the name with markup is stored as typed and never rendered as Markdown or HTML
    assert all("<img" not in str(m.value) for m in at.markdown)
    assert NASTY in shown(at.text)
    conn = db.connect(sample_db_path)
    assert governance.get_model(conn) == "team"
    assert {m.name for m in governance.list_members(conn)} == {
        "Maria Lambro", "Anna Bianchi", "Paolo Neri", NASTY,
    }  # fmt: skip
    conn.close()
    # every department's card lists the touchpoints it owns: administration owns the invoice
    assert "• Fattura" in shown(at.text)


def test_plan_assessment_focus_and_traps(sample_app, sample_db_path) -> None:
    at = open_page(sample_app(), "app_pages/plan.py")
    at.radio(key="plan_focus_it").set_value("detractors").run()
    at.select_slider(key="plan_score_strategy_it").set_value(2)
    at.text_area(key="plan_step_strategy").set_value("Presentare il business case alla direzione")
    at.text_input(key="plan_owner_strategy").set_value("")
    click(at, IT["programme.plan.save"])
    # a next step without an owner is refused
    assert IT["programme.maturity.error.owner"] in shown(at.error)
    at.select_slider(key="plan_score_strategy_it").set_value(2)
    at.text_area(key="plan_step_strategy").set_value("Presentare il business case alla direzione")
    at.text_input(key="plan_owner_strategy").set_value("Anna")
    click(at, IT["programme.plan.save"])
    assert not at.error
    assert metric(at, IT["programme.area.strategy"]) == "2/5"

    # the traps: an incomplete check is refused, a complete one is stored
    at.radio(key="trap_management.q1_it").set_value(0)
    click(at, IT["programme.traps.save"])
    assert "Mancano 14 risposte" in shown(at.error)
    for code in traps.question_codes():
        at.radio(key=f"trap_{code}_it").set_value(0 if code.startswith("management") else 2)
    click(at, IT["programme.traps.save"])
    assert not at.error

    conn = db.connect(sample_db_path)
    assert focus.current_focus(conn) == "detractors"
    latest = maturity.current(conn)["strategy"]
    assert latest is not None and (latest.score, latest.owner) == (2, "Anna")
    check = traps.latest(conn)
    assert check is not None and check.risks["management"] == 100.0
    conn.close()
    assert IT["programme.traps.management.advice"] in shown(at.markdown)


def test_engagement_plan_and_newsletter(sample_app, sample_db_path) -> None:
    at = open_page(sample_app(), "app_pages/engagement.py")
    at.selectbox(key="eng_kind_it").set_value("champions").run()
    assert (
        at.text_input(key="eng_title_champions_it").value
        == IT["programme.engagement.suggest.champions"]
    )
    at.text_input(key="eng_owner").set_value("")
    click(at, IT["programme.eng.add_button"])
    assert IT["programme.engagement.error.empty_owner"] in shown(at.error)
    at.text_input(key="eng_owner").set_value("Giulia Riva")
    click(at, IT["programme.eng.add_button"])
    assert not at.error
    conn = db.connect(sample_db_path)
    added = engagement.list_actions(conn)
    conn.close()
    assert [(a.kind, a.owner, a.status) for a in added] == [("champions", "Giulia Riva", "planned")]

    drafts = [a for a in at.text_area if str(a.key).startswith("eng_draft_")]
    assert len(drafts) == 1
    draft = drafts[0].value
    assert draft.startswith("Newsletter CX — ")
    assert "I NUMERI DEL MESE" in draft and "LA VOCE DI UN CLIENTE" in draft
    assert at.get("download_button")


def test_business_case_figures_follow_the_sliders(sample_app, sample_db_path) -> None:
    conn = db.connect(sample_db_path)
    base = roi.load_base(conn)
    conn.close()
    at = open_page(sample_app(), "app_pages/business_case.py")
    assert metric(at, IT["programme.roi.base.customers"]) == str(base.active_customers)
    assert metric(at, IT["programme.roi.base.revenue"]) == money(float(base.revenue))
    expected = roi.what_if(base, Decimal("2"), Decimal("3"), 20).total
    assert metric(at, IT["programme.roi.total_label"]) == money(float(expected))

    at.select_slider(key="roi_retention_it").set_value(5.0)
    at.select_slider(key="roi_ticket_it").set_value(0.0)
    at.select_slider(key="roi_complaints_it").set_value(50).run()
    expected = roi.what_if(base, 5, 0, 50)
    assert metric(at, IT["programme.roi.total_label"]) == money(float(expected.total))
    assert metric(at, IT["programme.roi.step.ticket"]) == money(0)
    # the formula of each part is spelled out with the figures
    captions = shown(at.caption)
    assert f"{base.active_customers} clienti attivi × 5 punti" in captions
    assert IT["programme.roi.risk.caption"] in captions
    risk_label = [m for m in at.metric if m.label.startswith("A fine ")]
    assert risk_label and risk_label[0].value.endswith("€")


def test_business_case_without_sales(make_app) -> None:
    at = open_page(make_app("en"), "app_pages/business_case.py")
    assert EN["programme.roi.no_sales"] in shown(at.info)
    set_language("it")


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("page", ["governance", "plan", "engagement"])
def test_pages_on_an_empty_store(make_app, lang, page) -> None:
    words = IT if lang == "it" else EN
    at = open_page(make_app(lang), f"app_pages/{page}.py")
    assert not at.error
    if page == "engagement":
        assert words["programme.eng.newsletter_no_data"] in shown(at.info)
    if page == "plan":
        assert words["programme.plan.start_here"] in shown(at.info)
        assert words["programme.traps.never"] in shown(at.info)
    if page == "governance":
        assert words["programme.governance.warning.empty"] in shown(at.warning)
    set_language("it")


def test_the_focus_area_has_one_source_of_truth(sample_app, sample_db_path) -> None:
    """Never chosen: neither Settings nor the plan pretend it is; chosen in Settings, the
    plan's strategy area shows it; changed in the plan, Settings shows the change."""
    from cx_sme.company import focus_area

    at = open_page(sample_app(), "app_pages/settings.py")
    settings_radio = at.radio[0]
    assert settings_radio.value is None
    settings_radio.set_value("detractors")
    next(b for b in at.button if b.label == IT["dash.settings.save"]).click().run()
    conn = db.connect(sample_db_path)
    assert focus_area.current_focus(conn) == "detractors" and focus_area.focus_is_chosen(conn)
    at.switch_page("app_pages/plan.py").run()
    assert at.radio(key="plan_focus_it").value == "detractors"
    at.radio(key="plan_focus_it").set_value("growth").run()
    assert focus_area.current_focus(conn) == "growth"
    conn.close()
    at.switch_page("app_pages/settings.py").run()
    assert at.radio[0].value == "growth"


def test_trap_risk_has_one_unit_in_chart_and_history() -> None:
    """The chart's labels and the history table both give the risk as a percentage."""
    import pandas as pd

    from cx_sme.core.formatting import percent
    from cx_sme.programme.charts import trap_risk_chart

    risks = pd.DataFrame(
        {
            "checked_on": pd.to_datetime(["2026-01-10", "2026-01-10"]),
            "name": ["Nessun sostegno dalla direzione", "Silos"],
            "risk": [50.0, 0.0],
        }
    )
    spec = trap_risk_chart(risks).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert [v["label"] for v in values] == [percent(50, 0), percent(0, 0)] == ["50\xa0%", "0\xa0%"]


def test_business_case_gains_chart_is_built_in_cx_sme() -> None:
    from cx_sme.core.formatting import money
    from cx_sme.programme.charts import gain_bars

    spec = gain_bars(["Clienti trattenuti", "Scontrino", "Reclami"], [1200.0, 800.5, 0.0]).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["part"] for r in rows] == ["Clienti trattenuti", "Scontrino", "Reclami"]
    assert [r["label"] for r in rows] == [money(1200.0), money(800.5), money(0.0)]
