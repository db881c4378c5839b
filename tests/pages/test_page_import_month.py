"""The monthly routine through AppTest (issue 11): next month's three sample files dropped
together, recognised, one plan naming the new month, one click, and the Overview on the
new month in the same session; a complaints log alone is recognised; a sales file
missing half of a month is flagged. Expected figures come from the generator's own rows
(``simulate``), not from the importer."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from cx_sme.sample.files import COMPLAINTS_FILE, SALES_FILE, SURVEYS_FILE, write_all
from cx_sme.sample.generator import simulate

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shown(element) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\\(.)", r"\1", element.value)


@pytest.fixture(scope="module")
def november(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("november")
    return {p.name: p.read_bytes() for p in write_all(simulate("2026-11"), folder)}


def drop(at, files: list[tuple[str, bytes, str]]):  # type: ignore[no-untyped-def]
    at.switch_page("app_pages/import_data.py").run()
    gen = at.session_state["import_upload_gen"]
    at.file_uploader(key=f"import_upload_{gen}").set_value(files).run()
    assert not at.exception
    return at


def mime(name: str) -> str:
    return CSV if name.endswith(".csv") else XLSX


def test_next_months_three_files_in_one_step(  # type: ignore[no-untyped-def]
    sample_app, sample_db_path: Path, november: dict[str, bytes]
) -> None:
    data = simulate("2026-11")
    nov_sales = [s for s in data.sales if s.date >= dt.date(2026, 11, 1)]
    at = sample_app()
    at.run()
    drop(at, [(n, b, mime(n)) for n, b in november.items()])
    found = {c.key: c.value for c in at.segmented_control if c.key.startswith("import_dataset_")}
    assert sorted(found.values()) == ["complaints", "sales", "surveys"]
    plan = at.dataframe[-1].value
    by_file = {row[0]: row for row in plan.values.tolist()}
    for name in (SALES_FILE, COMPLAINTS_FILE, SURVEYS_FILE):
        assert by_file[name][3] == "novembre 2026"
    assert by_file[SALES_FILE][4] == "23" and by_file[SURVEYS_FILE][4] == "23"
    # complaints: October's rows come back with some closed in November
    assert by_file[COMPLAINTS_FILE][5] == "ottobre 2026"
    money = sum(round(s.amount * 100) for s in nov_sales) / 100
    money_text = f"{money:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    headline = shown(at.success[0])
    assert f"novembre 2026: {len(nov_sales):,} righe di vendite".replace(",", ".") in headline
    assert money_text in headline
    closed = next(c for c in at.checkbox if c.key.endswith("_2026-10"))
    assert closed.value and "reclami chiusi nel frattempo" in closed.label
    go = at.button(key="import_go")
    go.click().run()
    assert not at.exception
    assert at.title[0].value == "Panoramica"
    assert SALES_FILE in shown(at.success[0])
    assert at.session_state["period_range"][1] == "2026-11"
    conn = sqlite3.connect(sample_db_path)
    try:
        stored = conn.execute(
            "SELECT COUNT(*), SUM(amount_cents) FROM sales WHERE date >= '2026-11-01'"
        ).fetchone()
        imports = conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0]
    finally:
        conn.close()
    assert stored == (len(nov_sales), sum(round(s.amount * 100) for s in nov_sales))
    assert imports == 3 + 3  # the sample's three, and one entry per file of the batch


def test_a_complaints_log_alone_is_recognised(  # type: ignore[no-untyped-def]
    sample_app, november: dict[str, bytes]
) -> None:
    at = sample_app()
    at.run()
    drop(at, [(COMPLAINTS_FILE, november[COMPLAINTS_FILE], XLSX)])
    (control,) = [c for c in at.segmented_control if c.key.startswith("import_dataset_")]
    assert control.value == "complaints"


def test_a_sales_file_missing_half_a_month_is_flagged(  # type: ignore[no-untyped-def]
    sample_app, sample_db_path: Path
) -> None:
    conn = sqlite3.connect(sample_db_path)
    try:
        october = conn.execute(
            "SELECT date, customer_id, amount_cents, order_id FROM sales "
            "WHERE date >= '2026-10-01' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    kept = october[: len(october) // 2 - 1]
    body = "date,customer_id,amount,order_id\n" + "".join(
        f"{d},{c},{a / 100:.2f},{o}\n" for d, c, a, o in kept
    )
    at = sample_app()
    at.run()
    drop(at, [("ottobre.csv", body.encode(), CSV)])
    warning = next(shown(e) for e in at.error if "meno della metà" in shown(e))
    assert f"{len(kept)} righe" in warning and f"{len(october):,}".replace(",", ".") in warning
    replace = next(c for c in at.checkbox if c.key.startswith("import_replace_"))
    assert not replace.value
    replace.check().run()
    assert at.button(key="import_go").disabled  # the confirmation is still missing
    next(c for c in at.checkbox if c.key.startswith("import_confirm_")).check().run()
    assert not at.button(key="import_go").disabled
