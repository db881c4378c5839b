"""Focus areas: headline KPIs, default steps, stored choice."""

from __future__ import annotations

import pytest

from cx_sme.company import focus_area as focus
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.kpi.catalog import CATALOG, TARGETABLE


def test_every_focus_has_four_known_headlines_and_targetable_steps() -> None:
    for code in focus.FOCUS_AREAS:
        headlines = focus.headline_kpis(code)
        assert len(headlines) == 4 and set(headlines) <= set(CATALOG)
        assert not set(headlines) & set(focus.BUSINESS_INDICATORS)
        steps = focus.default_steps(code)
        assert set(steps) <= set(TARGETABLE)
        assert set(headlines) <= set(steps)  # every headline has a default target
        for key, step in steps.items():
            better = CATALOG[key].higher_is_better
            assert (step > 0) == better, key  # every step points the better way


def test_business_indicators_are_the_four_of_the_articles() -> None:
    assert focus.BUSINESS_INDICATORS == (
        "new_customers",
        "retention_rate",
        "revenue_returning",
        "cost_to_serve",
    )


def test_choose_and_read_back(fresh_db) -> None:
    assert focus.current_focus(fresh_db) == "loyalty"
    assert not focus.focus_is_chosen(fresh_db)
    focus.set_focus(fresh_db, "detractors")
    assert focus.current_focus(fresh_db) == "detractors"
    assert focus.focus_is_chosen(fresh_db)


def test_unknown_focus_is_refused(fresh_db) -> None:
    with pytest.raises(InputRefused) as err:
        focus.set_focus(fresh_db, "profit")
    assert "profit" in str(err.value)
    assert focus.current_focus(fresh_db) == "loyalty"


def test_labels_in_both_languages() -> None:
    for lang in ("it", "en"):
        set_language(lang)
        for code in focus.FOCUS_AREAS:
            assert focus.focus_label(code) != f"dash.focus.{code}"
            assert focus.focus_description(code).endswith(".")
