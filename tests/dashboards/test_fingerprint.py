"""The dashboards' caches follow settings, follow-ups and catalogue names."""

from __future__ import annotations

from cx_sme.company import touchpoints
from cx_sme.core import db
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
