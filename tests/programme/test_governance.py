"""Governance: the model, the roster and each warning the articles call for."""

from __future__ import annotations

import datetime as dt

import pytest

from cx_sme.company.departments import add_department, set_department_active
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language
from cx_sme.programme import governance


def codes(conn) -> list[str]:
    return [w.code for w in governance.warnings(conn)]


def full_team(conn) -> None:
    governance.set_model(conn, "team")
    governance.add_member(conn, "Maria Verdi", "Titolare", None, is_sponsor=True)
    governance.add_member(conn, "Anna Rossi", "Responsabile commerciale", "sales", is_lead=True)
    for name, dept in [
        ("Paolo Neri", "marketing"),
        ("Sara Gallo", "service"),
        ("Luca Bianchi", "it"),
        ("Elena Conti", "admin"),
        ("Marco Ferri", "production"),
        ("Giulia Riva", "hr"),
    ]:
        governance.add_member(conn, name, "", dept)


def test_model_is_chosen_and_stored(fresh_db) -> None:
    assert governance.get_model(fresh_db) is None
    assert codes(fresh_db) == ["empty", "no_model"] or codes(fresh_db) == ["no_model", "empty"]
    governance.set_model(fresh_db, "lead")
    assert governance.get_model(fresh_db) == "lead"
    with pytest.raises(InputRefused, match="sconosciuto"):
        governance.set_model(fresh_db, "committee")


def test_a_complete_team_has_no_warning(fresh_db) -> None:
    full_team(fresh_db)
    assert governance.warnings(fresh_db) == []
    roster = governance.list_members(fresh_db)
    assert roster[0].name == "Anna Rossi" and roster[0].is_lead
    assert roster[1].name == "Maria Verdi" and roster[1].department is None


def test_no_sponsor_from_management(fresh_db) -> None:
    full_team(fresh_db)
    sponsor = next(m for m in governance.list_members(fresh_db) if m.is_sponsor)
    governance.remove_member(fresh_db, sponsor.id)
    found = governance.warnings(fresh_db)
    assert [w.code for w in found] == ["no_sponsor"]
    assert found[0].severity == "error" and "direzione" in found[0].message()


def test_customer_service_missing_is_an_error_of_its_own(fresh_db) -> None:
    full_team(fresh_db)
    service = next(m for m in governance.list_members(fresh_db) if m.department == "service")
    governance.remove_member(fresh_db, service.id)
    found = governance.warnings(fresh_db)
    assert [w.code for w in found] == ["service_missing"]
    assert found[0].severity == "error"
    assert "Servizio clienti e post-vendita" in found[0].message()


def test_other_missing_departments_are_named(fresh_db) -> None:
    full_team(fresh_db)
    for member in governance.list_members(fresh_db):
        if member.department in ("hr", "production"):
            governance.remove_member(fresh_db, member.id)
    found = governance.warnings(fresh_db)
    assert [w.code for w in found] == ["departments_missing"]
    assert "Produzione e magazzino, Risorse umane" in found[0].message()
    set_language("en")
    message = governance.warnings(fresh_db)[0].message()
    assert message.startswith("Departments with nobody in the team")
    assert "Production and warehouse, Human resources" in message


def test_a_team_of_sales_marketing_and_it_is_a_new_silo(fresh_db) -> None:
    governance.set_model(fresh_db, "team")
    governance.add_member(fresh_db, "Titolare", "", None, is_sponsor=True)
    governance.add_member(fresh_db, "Anna", "", "sales", is_lead=True)
    governance.add_member(fresh_db, "Paolo", "", "marketing")
    governance.add_member(fresh_db, "Luca", "", "it")
    found = {w.code: w for w in governance.warnings(fresh_db)}
    assert set(found) == {"silo", "service_missing", "departments_missing"}
    assert found["silo"].severity == "error"
    assert "Commerciale, Marketing e digitale, IT" in found["silo"].message()
    assert "silo" in found["silo"].message()
    # one person from customer service breaks the silo
    governance.add_member(fresh_db, "Sara", "", "service")
    assert "silo" not in codes(fresh_db) and "service_missing" not in codes(fresh_db)


def test_the_silo_rule_is_for_teams_not_a_single_lead(fresh_db) -> None:
    governance.set_model(fresh_db, "lead")
    governance.add_member(fresh_db, "Anna", "CCO", "sales", is_lead=True, is_sponsor=True)
    found = codes(fresh_db)
    assert "silo" not in found
    assert "contacts_missing" in found and "departments_missing" not in found


def test_lead_model_without_its_lead(fresh_db) -> None:
    governance.set_model(fresh_db, "lead")
    governance.add_member(fresh_db, "Maria", "Titolare", None, is_sponsor=True)
    found = {w.code: w.severity for w in governance.warnings(fresh_db)}
    assert found["no_lead"] == "error"
    governance.set_model(fresh_db, "team")
    found = {w.code: w.severity for w in governance.warnings(fresh_db)}
    assert "no_lead" not in found and found["no_coordinator"] == "info"


def test_warnings_come_most_serious_first(fresh_db) -> None:
    governance.add_member(fresh_db, "Anna", "", "sales")
    severities = [w.severity for w in governance.warnings(fresh_db)]
    order = {"error": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=order.__getitem__)


def test_retired_department_is_not_missing_and_new_ones_are(fresh_db) -> None:
    full_team(fresh_db)
    set_department_active(fresh_db, "service", False)
    service = next(m for m in governance.list_members(fresh_db) if m.department == "service")
    governance.remove_member(fresh_db, service.id)
    assert governance.warnings(fresh_db) == []
    quality = add_department(fresh_db, "Qualità")
    found = governance.warnings(fresh_db)
    assert [w.code for w in found] == ["departments_missing"] and "Qualità" in found[0].message()
    governance.add_member(fresh_db, "Ugo", "Qualità", quality.code)
    assert governance.warnings(fresh_db) == []


def test_one_lead_at_a_time(fresh_db) -> None:
    first = governance.add_member(fresh_db, "Anna", "", "sales", is_lead=True)
    second = governance.add_member(fresh_db, "Sara", "", "service", is_lead=True)
    leads = [m.id for m in governance.list_members(fresh_db) if m.is_lead]
    assert leads == [second.id]
    governance.update_member(
        fresh_db, first.id, "Anna Rossi", "Vendite", "sales", is_lead=True, is_sponsor=False
    )
    roster = {m.id: m for m in governance.list_members(fresh_db)}
    assert roster[first.id].is_lead and not roster[second.id].is_lead
    assert roster[first.id].name == "Anna Rossi" and roster[first.id].role == "Vendite"


def test_bad_input_is_refused_with_a_message(fresh_db) -> None:
    with pytest.raises(InputRefused, match="nome è vuoto"):
        governance.add_member(fresh_db, "   ", "Ruolo", "sales")
    with pytest.raises(InputRefused, match="non esiste"):
        governance.add_member(fresh_db, "Anna", "", "legal")
    set_department_active(fresh_db, "hr", False)
    with pytest.raises(InputRefused, match="ritirato"):
        governance.add_member(fresh_db, "Anna", "", "hr")
    with pytest.raises(InputRefused, match="troppo lungo"):
        governance.add_member(fresh_db, "A" * 121, "", "sales")
    with pytest.raises(InputRefused, match="non è più nel team"):
        governance.update_member(fresh_db, 99, "Anna", "", "sales", is_lead=False, is_sponsor=False)
    assert governance.list_members(fresh_db) == []


def test_removed_members_leave_the_roster_but_stay_in_history(fresh_db) -> None:
    member = governance.add_member(fresh_db, "Anna", "", "sales", today=dt.date(2025, 1, 2))
    governance.remove_member(fresh_db, member.id, today=dt.date(2025, 6, 30))
    assert governance.list_members(fresh_db) == []
    row = fresh_db.execute(
        "SELECT added_on, left_on, active FROM programme_members WHERE id = ?", (member.id,)
    ).fetchone()
    assert row == ("2025-01-02", "2025-06-30", 0)


def test_markup_in_names_is_stored_as_typed(fresh_db) -> None:
    name = "<img src=x onerror=alert(1)> **Anna**"
    governance.add_member(fresh_db, name, "[link](http://x)", "sales")
    assert governance.list_members(fresh_db)[0].name == name


def test_department_view_shows_people_and_touchpoints(fresh_db) -> None:
    governance.add_member(fresh_db, "Anna", "", "sales")
    governance.add_member(fresh_db, "Bruno", "", "sales")
    view = governance.department_view(fresh_db, {"admin": ["Fattura", "Pagamenti e incassi"]})
    by_code = {v.code: v for v in view}
    assert len(view) == 7
    assert by_code["sales"].members == ("Anna", "Bruno")
    assert by_code["admin"].touchpoints == ("Fattura", "Pagamenti e incassi")
    assert by_code["admin"].members == () and by_code["hr"].touchpoints == ()


def test_roster_names_sort_without_regard_to_case(fresh_db) -> None:
    # Same department: the order is by name, as a person reads it (not capitals first).
    for name in ["bruno Neri", "Carla Riva", "anna Rossi", "Davide Conti"]:
        governance.add_member(fresh_db, name, "", "sales")
    names = [m.name for m in governance.list_members(fresh_db)]
    assert names == ["anna Rossi", "bruno Neri", "Carla Riva", "Davide Conti"]
