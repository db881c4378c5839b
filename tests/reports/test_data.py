"""What a cached monthly report follows besides the data version, and the report built
from a store's address (a SQLite file or a PostgreSQL company)."""

from __future__ import annotations

from cx_sme.company import touchpoints
from cx_sme.core import db
from cx_sme.reports import data as report_data
from cx_sme.reports import monthly
from cx_sme.team import actions
from tests.report_store import REPORT_MONTH, fill


def test_inputs_stamp_follows_actions_scores_and_settings(fresh_db) -> None:
    first = report_data.inputs_stamp(fresh_db)
    assert report_data.inputs_stamp(fresh_db) == first  # stable while nothing changes
    fingerprint, *parts = first.split(":")
    # actions: how many / the latest change; scores: how many / the latest id
    assert parts == ["0/", "0/0"]
    action = actions.add_action(fresh_db, "Richiamare i detrattori")
    second = report_data.inputs_stamp(fresh_db)
    assert second == f"{fingerprint}:1/{action.updated_at}:0/0"
    tp = touchpoints.list_touchpoints(fresh_db)[0]
    touchpoints.record_score(fresh_db, tp.id, 4)
    third = report_data.inputs_stamp(fresh_db)
    assert third == f"{fingerprint}:1/{action.updated_at}:1/1"
    db.set_setting(fresh_db, "sla_days", 10)
    assert len({first, second, third, report_data.inputs_stamp(fresh_db)}) == 4


def test_build_file_on_the_store_s_address(fresh_db, store_address) -> None:
    fill(fresh_db)
    xlsx = monthly.build_file(store_address, REPORT_MONTH, "en", "xlsx")
    assert xlsx[:2] == b"PK"
    pdf = monthly.build_file(store_address, REPORT_MONTH, "it", "pdf")
    assert pdf[:5] == b"%PDF-"
