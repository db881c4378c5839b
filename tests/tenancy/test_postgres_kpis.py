"""The KPIs of a company stored in PostgreSQL (a real throwaway cluster) equal those of
the same company in SQLite: the sample company is copied into its schema, the KPI load
reads it there (the same parameter-free queries), and every KPI table of every period,
and the cohorts, come out the same as from the SQLite store."""

from __future__ import annotations

import sqlite3

import pandas as pd
import psycopg
import pytest

from cx_sme.core import db
from cx_sme.core.frames import DASHBOARD_SALES_COLUMNS, KPI_SALES_COLUMNS, load_frames
from cx_sme.kpi import cohorts
from cx_sme.kpi import engine as kpis
from cx_sme.tenancy import postgres_copy


@pytest.fixture
def sample_in_postgres(
    postgres_company: psycopg.Connection, sample_db: sqlite3.Connection
) -> psycopg.Connection:
    postgres_copy.sqlite_to_postgres(sample_db, postgres_company)
    return postgres_company


@pytest.mark.parametrize("columns", [KPI_SALES_COLUMNS, DASHBOARD_SALES_COLUMNS])
def test_the_kpi_load_reads_the_same_frames_from_both(
    sample_db: sqlite3.Connection, sample_in_postgres: psycopg.Connection, columns: tuple
) -> None:
    here, there = load_frames(sample_db, columns), load_frames(sample_in_postgres, columns)
    assert there.version == here.version == db.data_version(sample_db)
    assert len(there.sales) > 1_000  # the order totals, in step on both
    for name in ("sales", "complaints", "surveys"):
        pd.testing.assert_frame_equal(getattr(there, name), getattr(here, name))


@pytest.mark.parametrize("granularity", ["month", "quarter", "year"])
def test_every_kpi_is_the_same_on_both(
    sample_db: sqlite3.Connection, sample_in_postgres: psycopg.Connection, granularity: str
) -> None:
    here = kpis.encode(load_frames(sample_db, KPI_SALES_COLUMNS))
    there = kpis.encode(load_frames(sample_in_postgres, KPI_SALES_COLUMNS))
    for name in kpis.TABLES:
        pd.testing.assert_frame_equal(
            kpis.table(there, name, granularity), kpis.table(here, name, granularity)
        )
    pd.testing.assert_frame_equal(cohorts.matrix(there)[0], cohorts.matrix(here)[0])
