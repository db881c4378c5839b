"""The overview's alerts: open complaints nobody owns, and detractors to call back.

- An *unowned complaint* is open now (no closing date) and has an empty owner in the
  complaints log (:func:`cx_sme.kpi.complaints.unowned_open`).
- A *detractor to call back* is a customer whose latest valid NPS answer scores 0–6.
  Answers without a customer code cannot be called back and are left out.

Each alert carries the natural key of its follow-up (:mod:`cx_sme.dashboards.followups`), so the
owner, status and note typed in the panel attach to it again after a re-import. Ages are
counted at the *as-of* date: the latest date found in the data, not today's date (the
data may be a month old when it is looked at).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cx_sme.core.frames import Frames
from cx_sme.core.periods import period_key, period_start, shift_period
from cx_sme.dashboards import followups
from cx_sme.dashboards.breakdowns import Catalogue
from cx_sme.kpi.complaints import unowned_open

COMPLAINT_COLUMNS = (
    "key", "opened", "days_open", "customer_id", "customer_name", "touchpoint",
    "department", "category", "description",
)  # fmt: skip
DETRACTOR_COLUMNS = (
    "key", "customer_id", "customer_name", "answered", "days_ago", "nps", "touchpoint",
    "comment", "revenue_12m", "open_complaints",
)  # fmt: skip
FOLLOWUP_COLUMNS = ("owner", "status", "note", "updated_at")


@dataclass(frozen=True)
class Alerts:
    as_of: dt.date | None
    complaints: pd.DataFrame  # COMPLAINT_COLUMNS, oldest first
    detractors: pd.DataFrame  # DETRACTOR_COLUMNS, most recent answer first


def as_of(frames: Frames) -> dt.date | None:
    """The latest date of any data set (sales, complaint opened or closed, answer)."""
    found = []
    for column in (
        frames.sales["date"],
        frames.complaints["opened"],
        frames.complaints["closed"],
        frames.surveys["date"],
    ):
        if len(column) and column.notna().any():
            found.append(column.max())
    return max(found).date() if found else None


def customer_names(sales: pd.DataFrame) -> dict[str, str]:
    """Customer code → the latest non-empty name in the sales data."""
    if sales.empty or "customer_name" not in sales:
        return {}
    rows = sales.loc[sales["customer_name"].notna(), ["customer_id", "customer_name"]]
    rows = rows[rows["customer_name"].astype(str).str.strip() != ""]
    latest = rows.groupby("customer_id", sort=False)["customer_name"].last()
    return {str(k): str(v) for k, v in latest.items()}


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def unowned_complaints(frames: Frames, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Open complaints with no owner, oldest first, with their follow-up keys."""
    complaints = frames.complaints
    if complaints.empty:
        return pd.DataFrame({c: [] for c in COMPLAINT_COLUMNS})
    names = customer_names(frames.sales) if names is None else names
    keys = followups.complaint_keys(complaints)
    rows = unowned_open(complaints)
    day = as_of(frames)
    cutoff = pd.Timestamp(day) if day else None
    out = pd.DataFrame(
        {
            "key": keys.loc[rows.index].astype(object),
            "opened": rows["opened"].dt.date,
            "days_open": (cutoff - rows["opened"]).dt.days if cutoff is not None else np.nan,
            "customer_id": [_text(v) for v in rows["customer_id"]],
            "customer_name": [names.get(str(v)) if _text(v) else None for v in rows["customer_id"]],
            "touchpoint": [_text(v) for v in rows["touchpoint"]],
            "department": [_text(v) for v in rows["department"]],
            "category": [_text(v) for v in rows["category"]],
            "description": [_text(v) for v in rows["description"]],
        }
    )
    return out.reset_index(drop=True)


def latest_nps_answers(surveys: pd.DataFrame) -> pd.DataFrame:
    """Each customer's latest valid NPS answer (columns of the surveys frame)."""
    valid = surveys[surveys["nps"].between(0, 10) & surveys["customer_id"].notna()]
    valid = valid[valid["customer_id"].astype(str).str.strip() != ""]
    # Stable sort keeps file order among answers of the same day: the last one wins.
    ordered = valid.sort_values("date", kind="stable")
    return ordered.groupby("customer_id", sort=False).tail(1)


def detractors_to_call(frames: Frames, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Customers whose latest NPS answer is a detractor, most recent answer first, with
    their revenue of the last 12 months and their complaints still open."""
    surveys = frames.surveys
    if surveys.empty:
        return pd.DataFrame({c: [] for c in DETRACTOR_COLUMNS})
    names = customer_names(frames.sales) if names is None else names
    latest = latest_nps_answers(surveys)
    rows = latest[latest["nps"] <= 6].sort_values("date", ascending=False, kind="stable")
    day = as_of(frames)
    revenue = _revenue_12m(frames.sales, day)
    still_open = _open_complaints(frames.complaints)
    ids = [str(v).strip() for v in rows["customer_id"]]
    out = pd.DataFrame(
        {
            "key": [followups.detractor_key(c, d) for c, d in zip(ids, rows["date"], strict=True)],
            "customer_id": ids,
            "customer_name": [names.get(c) for c in ids],
            "answered": rows["date"].dt.date.to_numpy(),
            "days_ago": (pd.Timestamp(day) - rows["date"]).dt.days.to_numpy() if day else np.nan,
            "nps": rows["nps"].astype(int).to_numpy(),
            "touchpoint": [_text(v) for v in rows["touchpoint"]],
            "comment": [_text(v) for v in rows["comment"]],
            "revenue_12m": [revenue.get(c, 0.0) for c in ids],
            "open_complaints": [still_open.get(c, 0) for c in ids],
        }
    )
    return out.reset_index(drop=True)


def _revenue_12m(sales: pd.DataFrame, day: dt.date | None) -> dict[str, float]:
    """Revenue per customer in the 12 calendar months ending with the as-of month (the
    window of revenue at risk)."""
    if sales.empty or day is None:
        return {}

    first = period_start(shift_period(period_key(day, "month"), -11))
    window = sales[sales["date"] >= pd.Timestamp(first)]
    sums = window.groupby("customer_id", sort=False)["amount"].sum()
    return {str(k): round(float(v), 2) for k, v in sums.items()}


def _open_complaints(complaints: pd.DataFrame) -> dict[str, int]:
    if complaints.empty:
        return {}
    rows = complaints[complaints["closed"].isna() & complaints["customer_id"].notna()]
    counts = rows.groupby("customer_id", sort=False).size()
    return {str(k).strip(): int(v) for k, v in counts.items()}


def collect(frames: Frames, touchpoints: Catalogue | None = None) -> Alerts:
    """Both alert lists from one snapshot of the data (cache it by data version and
    catalogue). With ``touchpoints`` their touchpoint column shows the catalogue's names,
    as the charts do, not the file's spelling."""
    names = customer_names(frames.sales)
    complaints = unowned_complaints(frames, names)
    detractors = detractors_to_call(frames, names)
    if touchpoints is not None:
        for rows in (complaints, detractors):
            rows["touchpoint"] = touchpoints.display(rows["touchpoint"])
    return Alerts(as_of=as_of(frames), complaints=complaints, detractors=detractors)


def with_followups(alerts: pd.DataFrame, stored: dict[str, followups.FollowUp]) -> pd.DataFrame:
    """The alerts with their follow-up columns (status ``to_call`` when none yet)."""
    out = alerts.copy()
    found = [stored.get(k) for k in out["key"]]
    out["owner"] = [f.owner if f else None for f in found]
    out["status"] = [f.status if f else "to_call" for f in found]
    out["note"] = [f.note if f else None for f in found]
    out["updated_at"] = [f.updated_at if f else None for f in found]
    return out


def pending(alerts: pd.DataFrame) -> pd.DataFrame:
    """The alerts not marked solved."""
    return alerts[alerts["status"] != "solved"]


def without_followup(alerts: pd.DataFrame) -> pd.DataFrame:
    """The alerts nobody took in hand yet: no owner and still "to call"."""
    return alerts[(alerts["status"] == "to_call") & alerts["owner"].isna()]
