"""The business case against a small example computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from cx_sme.core.errors import CxError, InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.programme import business_case as roi
from tests.programme_data import store

# The hand computation for tests/programme_data.py (see the comments there):
#   window: 2024-07 .. 2025-06 (the 12 months ending with June 2025, the last sale)
#   active customers: C1, C2, C3, C4 = 4
#   revenue: 200.00 + 350.50 - 50.50 + 1500.00 + 1000.00 = 3000.00
#   revenue per customer: 3000.00 / 4 = 750.00
#   complaint cost: 120.40 + 79.60 = 200.00 (3 complaints, 2 with a cost)
# With retention +3 points, ticket +2.5 %, complaints -40 %:
#   extra retained customers: 4 × 3 / 100 = 0.12
#   retention: 0.12 × 750.00 = 90.00
#   ticket: 3000.00 × 2.5 / 100 = 75.00
#   complaints: 200.00 × 40 / 100 = 80.00
#   total: 90.00 + 75.00 + 80.00 = 245.00


def test_hand_computed_example(fresh_db) -> None:
    store(fresh_db)
    base = roi.load_base(fresh_db)
    assert (base.first_month, base.last_month) == ("2024-07", "2025-06")
    assert base.active_customers == 4
    assert base.revenue == Decimal("3000.00")
    assert base.revenue_per_customer == Decimal("750")
    assert base.complaint_cost == Decimal("200.00")
    assert (base.complaints, base.complaints_with_cost) == (3, 2)
    result = roi.what_if(base, 3, 2.5, 40)
    assert result.extra_customers == Decimal("0.12")
    assert result.retention_extra == Decimal("90.00")
    assert result.ticket_extra == Decimal("75.00")
    assert result.complaint_savings == Decimal("80.00")
    assert result.total == Decimal("245.00")


def test_every_input_and_intermediate_figure_is_returned(fresh_db) -> None:
    store(fresh_db)
    figures = roi.business_case(fresh_db, 3, 2.5, 40)
    assert figures == {
        "first_month": "2024-07",
        "last_month": "2025-06",
        "retention_gain_points": 3.0,
        "ticket_gain_percent": 2.5,
        "complaint_reduction_percent": 40.0,
        "active_customers_12m": 4,
        "revenue_12m": 3000.0,
        "revenue_per_customer_12m": 750.0,
        "complaints_12m": 3,
        "complaints_with_cost_12m": 2,
        "complaint_cost_12m": 200.0,
        "extra_retained_customers": 0.12,
        "retention_extra_revenue": 90.0,
        "ticket_extra_revenue": 75.0,
        "complaint_savings": 80.0,
        "extra_revenue_per_year": 245.0,
        "revenue_at_risk": 2850.5,
    }


def test_money_is_exact_and_the_total_is_the_sum_of_the_rounded_parts() -> None:
    sales = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-04"]),
            "customer_id": ["A", "B", "C"],
            "amount": [0.1, 0.2, 33.03],  # floats that do not add up exactly in binary
        }
    )
    complaints = pd.DataFrame({"opened": pd.to_datetime(["2025-01-05"]), "cost": [0.05]})
    base = roi.base_figures(sales, complaints)
    assert base.revenue == Decimal("33.33")
    result = roi.what_if(base, 10, 0.15, 50)
    # 3 × 10 % × 11.11 = 3.333 -> 3.33; 33.33 × 0.15 % = 0.049995 -> 0.05; 0.025 -> 0.03
    assert (result.retention_extra, result.ticket_extra, result.complaint_savings) == (
        Decimal("3.33"), Decimal("0.05"), Decimal("0.03"),
    )  # fmt: skip
    assert result.total == Decimal("3.41")


def test_zero_gains_give_zero(fresh_db) -> None:
    store(fresh_db)
    assert roi.what_if(roi.load_base(fresh_db), 0, 0, 0).total == Decimal("0.00")


def test_without_complaints_the_cost_is_zero(fresh_db) -> None:
    store(fresh_db, complaints=[])
    base = roi.load_base(fresh_db)
    assert (base.complaint_cost, base.complaints) == (Decimal("0.00"), 0)


def test_without_sales_there_is_no_business_case(fresh_db) -> None:
    with pytest.raises(CxError, match="Non ci sono vendite"):
        roi.load_base(fresh_db)


@pytest.mark.parametrize(
    ("gains", "message"),
    [
        ((-1, 0, 0), "negativo"),
        ((0, -0.5, 0), "negativo"),
        ((0, 0, -10), "negativo"),
        ((51, 0, 0), "non è realistico. Il massimo ammesso è 50"),
        ((0, 101, 0), "massimo ammesso è 100"),
        ((0, 0, 100.5), "massimo ammesso è 100"),
        ((float("nan"), 0, 0), "non è un numero"),
        ((0, float("inf"), 0), "non è un numero"),
        ((0, 0, "5"), "non è un numero"),
        ((True, 0, 0), "non è un numero"),
    ],
)
def test_negative_and_absurd_gains_are_refused(gains, message) -> None:
    with pytest.raises(InputRefused, match=message):
        roi.check_gains(*gains)


def test_limits_are_allowed() -> None:
    assert roi.check_gains(50, 100, 100) == (Decimal(50), Decimal(100), Decimal(100))


def test_the_steps_and_the_summary_spell_out_the_figures(fresh_db) -> None:
    store(fresh_db)
    result = roi.what_if(roi.load_base(fresh_db), 3, 2.5, 40)
    steps = {s.key: s for s in roi.steps(result)}
    assert steps["retention"].formula == (
        "4 clienti attivi × 3 punti ÷ 100 = 0,12 clienti in più che restano; "
        "× 750,00\xa0€ di fatturato per cliente = 90,00\xa0€"
    )
    assert steps["ticket"].formula == "3.000,00\xa0€ di fatturato × 2,5 % = 75,00\xa0€"
    assert steps["complaints"].formula == "200,00\xa0€ di costo dei reclami × 40 % = 80,00\xa0€"
    assert steps["total"].formula == "90,00\xa0€ + 75,00\xa0€ + 80,00\xa0€ = 245,00\xa0€"
    assert roi.share_of_revenue(result) == pytest.approx(245 / 3000 * 100)
    text = roi.summary_text(result, 2850.5)
    assert "Dati degli ultimi 12 mesi: luglio 2024 – giugno 2025" in text
    assert "- Fatturato per cliente: 750,00\xa0€" in text
    assert "Fatturato a rischio: 2.850,50\xa0€" in text
    set_language("en")
    assert roi.steps(result)[1].formula == "€3,000.00 revenue × 2.5% = €75.00"
