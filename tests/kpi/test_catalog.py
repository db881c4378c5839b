"""The KPI catalogue: every KPI of the spec, with label, caption, unit and direction."""

from __future__ import annotations

import pytest

from cx_sme.core.i18n import catalog, set_language
from cx_sme.kpi import catalog as kpi_catalog
from cx_sme.kpi import engine as kpis
from cx_sme.kpi.catalog import CATALOG, format_change, format_value


def test_every_kpi_column_of_the_engine_is_in_the_catalogue() -> None:
    engine = {c for columns in kpis.COLUMNS.values() for c in columns} | {"retention_all_active"}
    assert engine == set(CATALOG)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_labels_and_captions_exist_and_captions_are_sentences(lang: str) -> None:
    set_language(lang)
    for key, info in CATALOG.items():
        assert info.label_key in catalog(lang) and info.caption_key in catalog(lang)
        assert kpi_catalog.caption(key).endswith("."), key
        assert kpi_catalog.label(key) != info.label_key


@pytest.mark.parametrize(
    ("key", "value", "it", "en"),
    [
        ("revenue", 1234567.4, "1.234.567\xa0€", "€1,234,567"),
        ("average_ticket", 768.966, "768,97\xa0€", "€768.97"),
        ("complaint_rate", 6.6421, "6,64\xa0%", "6.64\xa0%"),
        ("median_resolution_days", 10.0, "10,0 giorni", "10.0 days"),
        ("median_resolution_days", 1.0, "1,0 giorni", "1.0 days"),
        ("nps", -19.4, "-19", "-19"),
        ("nps", 0.2, "0", "0"),
        ("ces", 5.44, "5,4", "5.4"),
        ("orders", None, "—", "—"),
        ("orders", float("nan"), "—", "—"),
    ],
)
def test_format_value(key: str, value: float | None, it: str, en: str) -> None:
    assert format_value(key, value) == it
    set_language("en")
    assert format_value(key, value) == en


def test_format_change() -> None:
    assert format_change("retention_rate", 1.0) == "+1,0 punti"
    assert format_change("nps", 1.0) == "+1 punto"
    assert format_change("nps", -12.4) == "-12 punti"
    assert format_change("revenue", -3.25, relative=True) == "-3,2\xa0%"
    assert format_change("complaints", 0.0) == "±0"
    assert format_change("median_resolution_days", -1.0) == "-1,0 giorni"
    assert format_change("average_ticket", 12.5) == "+12,50\xa0€"


def test_directions() -> None:
    assert CATALOG["churn_rate"].higher_is_better is False
    assert CATALOG["revenue_at_risk"].higher_is_better is False
    assert CATALOG["responses"].higher_is_better is None
    assert "responses" not in kpi_catalog.TARGETABLE
