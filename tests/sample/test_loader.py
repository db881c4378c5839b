"""Loading the sample company, and the story its stored rows tell.

The story is recomputed here from the stored rows with plain SQL and pandas (not with the
KPI engine), the way an owner would check it in Excel.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from cx_sme.core.errors import CxError, FileRefused
from cx_sme.ingest.import_log import undo_import
from cx_sme.ingest.importer import import_file
from cx_sme.sample import loader as sample
from cx_sme.sample.files import COMPLAINTS_FILE, SALES_FILE, SURVEYS_FILE

COURIER = pd.Timestamp("2025-12-01")


def _frame(conn: sqlite3.Connection, sql: str, dates: tuple[str, ...] = ()) -> pd.DataFrame:
    cursor = conn.execute(sql)
    frame = pd.DataFrame(cursor.fetchall(), columns=[d[0] for d in cursor.description])
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _key(text: object) -> str:
    return str(text or "").strip().lower()


def _stored(conn: sqlite3.Connection) -> dict[str, pd.DataFrame]:
    return {
        "sales": _frame(conn, "SELECT * FROM sales", ("date",)),
        "complaints": _frame(conn, "SELECT * FROM complaints", ("opened", "closed")),
        "surveys": _frame(conn, "SELECT * FROM surveys", ("date",)),
    }


@pytest.fixture
def stored(sample_db: sqlite3.Connection) -> dict[str, pd.DataFrame]:
    """The sample's rows as stored (the session's SQLite copy: for the story's figures)."""
    return _stored(sample_db)


@pytest.fixture
def sample_store(fresh_db: sqlite3.Connection) -> sqlite3.Connection:
    """The sample loaded into a new store, on each database in turn."""
    sample.load_sample(fresh_db)
    return fresh_db


# -- loading ------------------------------------------------------------------------------


def test_load_sample_stores_three_imports_with_no_rejected_row(fresh_db) -> None:
    summary = sample.load_sample(fresh_db)
    imports = fresh_db.execute(
        "SELECT dataset, file_name, rows, rejected, status, period_from, period_to "
        "FROM imports ORDER BY id"
    ).fetchall()
    assert [(d, f) for d, f, *_ in imports] == [
        ("sales", SALES_FILE),
        ("complaints", COMPLAINTS_FILE),
        ("surveys", SURVEYS_FILE),
    ]
    assert all(rejected == 0 and status == "active" for _, _, _, rejected, status, *_ in imports)
    assert summary.imports == 3
    assert summary.rows == sum(rows for _, _, rows, *_ in imports)
    counts = [
        fresh_db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("sales", "complaints", "surveys")
    ]
    assert counts == [rows for _, _, rows, *_ in imports]
    assert imports[0][5:] == ("2024-11-01", "2026-10-31")


def test_every_line_of_the_files_is_stored(sample_store) -> None:
    """Each data row of the spreadsheets is a stored row; the "Totale" matches the cents."""
    book = load_workbook(sample.SAMPLE_DIR / SALES_FILE, read_only=True)
    rows = list(book.active.iter_rows(min_row=5, values_only=True))
    book.close()
    assert rows[-1][0] == "Totale"
    assert sample_store.execute("SELECT COUNT(*) FROM sales").fetchone()[0] == len(rows) - 1
    total_cents = sample_store.execute("SELECT SUM(amount_cents) FROM sales").fetchone()[0]
    assert total_cents == round(rows[-1][11] * 100)
    book = load_workbook(sample.SAMPLE_DIR / COMPLAINTS_FILE, read_only=True)
    logged = book["Reclami"].max_row - 1
    book.close()
    assert sample_store.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == logged
    answers = pd.read_csv(sample.SAMPLE_DIR / SURVEYS_FILE, dtype=str)
    assert sample_store.execute("SELECT COUNT(*) FROM surveys").fetchone()[0] == len(answers)


def test_codes_keep_their_leading_zeros_and_messy_cells_are_clean(sample_store) -> None:
    stored = _stored(sample_store)
    codes = stored["sales"]["customer_id"]
    assert codes.str.fullmatch(r"\d{5}").all()
    assert codes.str.startswith("00").any()
    complaints = stored["complaints"]
    assert complaints["opened"].notna().all()
    assert not complaints["touchpoint"].str.contains(r"^\s|\s$").any()
    assert complaints["owner"].isna().sum() > 20  # empty owner cells stay empty
    # every complainer and respondent with a code is a customer of the sales file
    customers = set(codes)
    assert set(complaints["customer_id"].dropna()) <= customers
    assert set(stored["surveys"]["customer_id"].dropna()) <= customers


def test_loading_twice_is_refused_and_nothing_doubles(sample_store) -> None:
    before = sample_store.execute("SELECT COUNT(*) FROM sales").fetchone()[0]
    with pytest.raises(CxError) as refused:
        sample.load_sample(sample_store)
    assert refused.value.key == "sample.error.already_loaded"
    assert "già caricata" in str(refused.value)
    assert sample_store.execute("SELECT COUNT(*) FROM sales").fetchone()[0] == before
    assert sample_store.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 3
    assert sample.is_loaded(sample_store)


def test_loads_again_once_its_imports_are_undone(sample_store) -> None:
    for (import_id,) in sample_store.execute("SELECT id FROM imports").fetchall():
        undo_import(sample_store, import_id)
    assert not sample.is_loaded(sample_store)
    assert sample.load_sample(sample_store).imports == 3


def test_refused_on_a_store_with_the_user_s_own_data(fresh_db) -> None:
    own = b"Data;Cliente;Importo\n03/02/2026;00042;1.234,56\n"
    import_file(fresh_db, "sales", "vendite.csv", own)
    with pytest.raises(CxError) as refused:
        sample.load_sample(fresh_db)
    assert refused.value.key == "sample.error.not_empty"
    assert fresh_db.execute("SELECT COUNT(*) FROM sales").fetchone()[0] == 1


def test_all_or_nothing_when_a_file_is_broken(fresh_db, tmp_path: Path) -> None:
    for name in (SALES_FILE, COMPLAINTS_FILE):
        shutil.copy(sample.SAMPLE_DIR / name, tmp_path / name)
    (tmp_path / SURVEYS_FILE).write_bytes(b"")
    with pytest.raises(FileRefused):
        sample.load_sample(fresh_db, tmp_path)
    assert fresh_db.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0
    assert fresh_db.execute("SELECT COUNT(*) FROM sales").fetchone()[0] == 0


def test_missing_files_say_where_they_were_looked_for(fresh_db, tmp_path: Path) -> None:
    with pytest.raises(CxError) as refused:
        sample.load_sample(fresh_db, tmp_path / "nowhere")
    assert refused.value.key == "sample.error.missing"
    assert "nowhere" in str(refused.value)


# -- the story ----------------------------------------------------------------------------


def test_detractors_stop_buying_about_twice_as_often(stored) -> None:
    sales, surveys = stored["sales"], stored["surveys"]
    active = sales.assign(month=sales["date"].dt.to_period("M"))[["month", "customer_id"]]
    active = set(map(tuple, active.drop_duplicates().itertuples(index=False)))
    last_month = sales["date"].max().to_period("M")
    answers = surveys.dropna(subset=["customer_id", "nps"]).sort_values(["date", "id"])
    answers = answers.assign(month=answers["date"].dt.to_period("M"))
    answers = answers[answers["month"] < last_month]
    latest = answers.groupby(["month", "customer_id"]).tail(1)
    pairs = zip(latest["month"], latest["customer_id"], strict=True)
    bought_next = [(month + 1, customer) in active for month, customer in pairs]
    latest = latest.assign(stopped=~pd.Series(bought_next, index=latest.index))
    detractors = latest[latest["nps"] <= 6]
    others = latest[latest["nps"] > 6]
    assert len(detractors) >= 100
    ratio = detractors["stopped"].mean() / others["stopped"].mean()
    assert 1.6 <= ratio <= 3.0, ratio


def test_the_new_courier_raises_delivery_complaints_and_resolution_days(stored) -> None:
    complaints = stored["complaints"]
    delivery = complaints[complaints["touchpoint"].map(_key) == "consegna e magazzino"]
    before = delivery[delivery["opened"] < COURIER]
    after = delivery[delivery["opened"] >= COURIER]
    per_month_before = len(before) / 13
    per_month_after = len(after) / 11
    assert per_month_after >= 2.5 * per_month_before
    days = (delivery["closed"] - delivery["opened"]).dt.days
    closed_before = days[(delivery["closed"] < COURIER) & days.notna()]
    closed_after = days[(delivery["closed"] >= COURIER) & days.notna()]
    assert closed_after.median() >= 2.5 * closed_before.median()
    # other complaints do not move like that: the change is the courier's
    others = complaints[complaints["touchpoint"].map(_key) != "consegna e magazzino"]
    other_days = (others["closed"] - others["opened"]).dt.days
    owned = others["owner"].notna()
    assert other_days[owned & (others["opened"] >= COURIER)].median() <= 1.5 * (
        other_days[owned & (others["opened"] < COURIER)].median()
    )


def test_invoice_errors_drive_complaints_and_detractors(stored) -> None:
    complaints, surveys = stored["complaints"], stored["surveys"]
    touchpoints = complaints["touchpoint"].map(_key)
    departments = complaints["department"].map(_key)
    assert touchpoints.value_counts().index[0] == "fattura"
    admin = touchpoints[departments == "amministrazione"]
    assert admin.value_counts().index[0] == "fattura"
    assert (touchpoints == "fattura").mean() > 0.35

    invoice = complaints[touchpoints == "fattura"][["customer_id", "opened"]].dropna()
    answers = surveys.dropna(subset=["customer_id", "nps"])
    pairs = answers.reset_index().merge(invoice, on="customer_id")
    near = pairs[(pairs["opened"] - pairs["date"]).dt.days.abs() <= 30]["index"].unique()
    is_near = answers.index.isin(near)
    detractor = answers["nps"] <= 6
    near_share = detractor[is_near].mean()
    other_share = detractor[~is_near].mean()
    assert is_near.sum() >= 30
    assert near_share >= 3 * other_share, (near_share, other_share)

    by_touchpoint = surveys.dropna(subset=["nps"]).groupby(surveys["touchpoint"].map(_key))
    nps = by_touchpoint["nps"].agg(
        lambda s: ((s >= 9).mean() - (s <= 6).mean()) * 100 if len(s) >= 30 else None
    )
    assert nps.dropna().idxmin() == "fattura"


def test_unowned_open_complaints_pile_up(stored) -> None:
    complaints = stored["complaints"]
    months = pd.period_range("2024-11", "2026-10", freq="M")
    unowned = []
    for month in months:
        end = month.to_timestamp(how="end").normalize()
        is_open = (complaints["opened"] <= end) & (
            complaints["closed"].isna() | (complaints["closed"] > end)
        )
        unowned.append(int((is_open & complaints["owner"].isna()).sum()))
    assert sum(unowned[:12]) / 12 < 3
    assert sum(unowned[-6:]) / 6 >= 4 * max(1.0, sum(unowned[:12]) / 12)
    still_open = complaints[complaints["closed"].isna()]
    assert still_open["owner"].isna().sum() > still_open["owner"].notna().sum()
    # the share of complaints logged without an owner grows
    year = complaints["opened"] >= pd.Timestamp("2025-11-01")
    assert complaints[year]["owner"].isna().mean() >= 3 * complaints[~year]["owner"].isna().mean()


def test_seasonality_and_growth_look_real(stored) -> None:
    sales = stored["sales"]
    revenue = sales.groupby(sales["date"].dt.to_period("M"))["amount_cents"].sum() / 100
    assert len(revenue) == 24
    for year in (2025, 2026):
        august = revenue[pd.Period(f"{year}-08", "M")]
        assert august < 0.55 * revenue.drop(pd.Period(f"{year}-08", "M")).mean()
    first, second = revenue.iloc[:12].sum(), revenue.iloc[12:].sum()
    assert 1.02 <= second / first <= 1.25
    air = sales[sales["category"] == "Climatizzazione"]
    by_month = air.groupby(air["date"].dt.month)["amount_cents"].sum()
    assert by_month[6] > 4 * by_month[1]
    assert (sales["amount_cents"] < 0).sum() > 50  # credit notes
