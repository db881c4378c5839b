"""The dashboards' caches follow settings, follow-ups and catalogue names."""

from __future__ import annotations

from cx_sme.company import departments, touchpoints
from cx_sme.core import db
from cx_sme.dashboards import followups
from cx_sme.dashboards.fingerprint import settings_fingerprint


def test_the_fingerprint_changes_with_what_the_pages_show(fresh_db) -> None:
    first = settings_fingerprint(fresh_db)
    assert settings_fingerprint(fresh_db) == first  # stable while nothing changes
    db.set_setting(fresh_db, "sla_days", 10)
    second = settings_fingerprint(fresh_db)
    assert second != first
    tp = touchpoints.list_touchpoints(fresh_db)[0]
    touchpoints.rename_touchpoint(fresh_db, tp.id, "Un nome nuovo")
    assert settings_fingerprint(fresh_db) not in (first, second)


def test_the_fingerprint_follows_follow_ups_and_departments(fresh_db, store_address) -> None:
    seen = [settings_fingerprint(fresh_db)]
    for note in (None, "richiamata"):
        update = followups.Update(key="c:1", owner="Anna", status="called", note=note)
        followups.save(fresh_db, "complaint", [update])
        seen.append(settings_fingerprint(fresh_db))
    departments.rename_department(fresh_db, "sales", "Commerciale")
    seen.append(settings_fingerprint(fresh_db))
    departments.set_department_active(fresh_db, "hr", False)
    seen.append(settings_fingerprint(fresh_db))
    assert len(set(seen)) == 5
    other = db.connect(store_address)  # the same content, read again: the same fingerprint
    try:
        assert settings_fingerprint(other) == seen[-1]
    finally:
        other.close()
