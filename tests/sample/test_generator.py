"""The sample generator: deterministic, sized like a real SME, files in real users' shapes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cx_sme.sample import files as sample_files
from cx_sme.sample.generator import COURIER_CHANGE, month_start, simulate
from cx_sme.sample.texts import DEPT, TP

PROJECT = Path(__file__).resolve().parents[2]
COMMITTED = PROJECT / "sample_data"


@pytest.fixture(scope="module")
def data():
    return simulate("2026-10")


@pytest.fixture(scope="module")
def written(data, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The three files written once for this module: name -> bytes."""
    paths = sample_files.write_all(data, tmp_path_factory.mktemp("written"))
    return {path.name: path.read_bytes() for path in paths}


def test_same_seed_same_data_other_seed_other_data(data) -> None:
    assert simulate("2026-10") == data
    other = simulate("2026-10", seed=1)
    assert other != data
    assert len(other.sales) != len(data.sales)


def test_the_months_follow_end() -> None:
    assert month_start("2026-10", 0) == dt.date(2024, 11, 1)
    assert month_start("2026-10", COURIER_CHANGE) == dt.date(2025, 12, 1)
    shifted = simulate("2025-06")
    assert shifted.first_day == dt.date(2023, 7, 1)
    assert shifted.as_of == dt.date(2025, 6, 30)
    assert min(s.date for s in shifted.sales) >= shifted.first_day
    assert max(s.date for s in shifted.sales) <= shifted.as_of


def test_sizes_are_those_of_a_real_sme(data) -> None:
    customers = {s.code for s in data.sales}
    assert 150 <= len(customers) <= 400
    assert 5_000 <= len(data.sales) <= 20_000
    assert 150 <= len(data.complaints) <= 400
    assert 600 <= len(data.surveys) <= 1_500
    assert all(re.fullmatch(r"\d{5}", code) for code in customers)
    assert any(code.startswith("00") for code in customers)


def test_the_data_has_the_variety_of_real_files(data) -> None:
    credit_notes = [s for s in data.sales if s.doc_type == "Nota di credito"]
    assert credit_notes and all(s.amount < 0 for s in credit_notes)
    assert all(s.amount > 0 for s in data.sales if s.doc_type == "Fattura")
    assert len({s.channel for s in data.sales}) == 4
    assert len({s.category for s in data.sales}) >= 8
    open_ = [c for c in data.complaints if c.closed is None]
    assert open_ and any(not c.owner for c in open_)
    assert all(c.closed is None or c.closed >= c.opened for c in data.complaints)
    assert all(c.opened <= data.as_of for c in data.complaints)
    assert any(c.cost for c in data.complaints) and any(c.cost is None for c in data.complaints)
    answers = data.surveys
    assert all(0 <= a.nps <= 10 and 1 <= a.csat <= 5 for a in answers)
    with_ces = [a for a in answers if a.ces is not None]
    assert 0 < len(with_ces) < len(answers) and all(1 <= a.ces <= 7 for a in with_ces)
    comments = [a.comment for a in answers if a.comment]
    assert len(comments) > len(answers) / 3
    assert len(set(comments)) > 0.6 * len(comments)  # many different phrasings


def test_comments_match_the_score_and_the_touchpoint(data) -> None:
    invoice_detractors = [
        a.comment.lower() for a in data.surveys if a.touchpoint == "invoice" and a.nps <= 6
    ]
    topical = [c for c in invoice_detractors if c and re.search(r"fattur|sconto|nota di", c)]
    assert len(topical) > 0.6 * len([c for c in invoice_detractors if c])
    courier = [
        a for a in data.surveys if "corriere" in a.comment.lower() and a.touchpoint == "delivery"
    ]
    assert courier and all(a.nps <= 6 for a in courier if "nuovo" in a.comment.lower())
    promoters = [a.comment for a in data.surveys if a.nps >= 9 and a.comment]
    assert not any("così non va" in c.lower() for c in promoters)


def test_sales_file_is_an_invoicing_software_export(data, written) -> None:
    content = written[sample_files.SALES_FILE]
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Termoidraulica Lambro S.r.l."
    assert rows[1][0].startswith("Analisi del venduto")
    assert rows[3] == sample_files.SALES_HEADER
    first = rows[4]
    assert isinstance(first[0], dt.datetime)  # a real Excel date
    assert isinstance(first[3], str) and len(first[3]) == 5  # the code stays text
    assert rows[-1][0] == "Totale"
    body = rows[4:-1]
    assert len(body) == len(data.sales)
    assert rows[-1][11] == pytest.approx(sum(r[11] for r in body), abs=0.01)


def test_complaints_log_is_hand_kept_and_messy(data, written) -> None:
    book = load_workbook(io.BytesIO(written[sample_files.COMPLAINTS_FILE]))
    assert book.sheetnames == ["Reclami", "Elenchi"]
    rows = list(book["Reclami"].iter_rows(values_only=True))
    assert rows[0] == sample_files.COMPLAINTS_HEADER
    body = rows[1:]
    assert len(body) == len(data.complaints)
    opened = [r[1] for r in body]
    text_dates = [d for d in opened if isinstance(d, str)]
    assert text_dates and all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", d) for d in text_dates)
    assert len(text_dates) < 0.15 * len(body)  # a few, not most
    touchpoints = [r[5] for r in body]
    assert any(t != t.strip() for t in touchpoints)
    assert any(t.strip() not in TP.values() and t.strip().lower() in
               {v.lower() for v in TP.values()} for t in touchpoints)  # fmt: skip
    assert {r[6].strip().lower() for r in body} <= {v.lower() for v in DEPT.values()}
    assert any(r[9] is None for r in body)  # empty owner cells
    assert all(isinstance(r[2], str) and len(r[2]) == 5 for r in body)


def test_survey_file_is_a_google_forms_export_in_italian(data, written) -> None:
    content = written[sample_files.SURVEYS_FILE]
    assert not content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Informazioni cronologiche"
    assert tuple(rows[0]) == sample_files.SURVEYS_HEADER
    assert len(rows) == len(data.surveys) + 1
    stamp = re.compile(r"\d{2}/\d{2}/\d{4} \d{1,2}\.\d{2}\.\d{2}")
    assert all(stamp.fullmatch(r[0]) for r in rows[1:])
    assert {r[2] for r in rows[1:]} <= set(TP.values())
    assert any("\n" in r[6] for r in rows[1:])  # paragraph answers keep their line breaks


def test_same_seed_gives_the_committed_bytes(written) -> None:
    """The committed files are exactly what the generator writes (fixed seed, fixed
    timestamps inside the xlsx zips)."""
    assert sorted(written) == sorted(p.name for p in COMMITTED.iterdir() if p.suffix != ".md")
    for name, content in written.items():
        assert content == (COMMITTED / name).read_bytes(), name


def test_command_line_regenerates_the_committed_files(tmp_path: Path) -> None:
    out = tmp_path / "sample_data"
    done = subprocess.run(
        # every warning shown, as the README's command runs it: none may appear
        [
            sys.executable,
            "-W",
            "default",
            "-m",
            "cx_sme.sample",
            "--end",
            "2026-10",
            "--out",
            str(out),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no RuntimeWarning or other noise
    names = [Path(line).name for line in done.stdout.split()]
    assert names == [
        sample_files.SALES_FILE,
        sample_files.COMPLAINTS_FILE,
        sample_files.SURVEYS_FILE,
    ]
    for name in names:
        assert (out / name).read_bytes() == (COMMITTED / name).read_bytes(), name
