"""The tables the dashboard pages show, as display data: text in the current language,
numbers and money in its format, built without Streamlit so that they can be tested."""

from __future__ import annotations

import pandas as pd

from cx_sme.core.formatting import money, number, percent
from cx_sme.core.i18n import t
from cx_sme.kpi.catalog import format_value


def complaint_table(frame: pd.DataFrame, sla_days: int) -> pd.DataFrame:
    """Complaints by touchpoint, department or category (a breakdown with names)."""
    col = {k: t(f"dash.complaints.col.{k}", sla_days=sla_days) for k in
           ("name", "complaints", "share", "before", "still_open", "median_days",
            "median_days_before", "within_sla", "cost")}  # fmt: skip
    table = pd.DataFrame(
        {
            col["name"]: frame["name"],
            col["complaints"]: frame["complaints"].astype(int),
            col["share"]: [percent(x, 0) for x in frame["share"]],
            col["before"]: frame["complaints_before"].astype(int),
            col["still_open"]: frame["still_open"].astype(int),
            col["median_days"]: [number(x, 1) for x in frame["median_days"]],
            col["median_days_before"]: [number(x, 1) for x in frame["median_days_before"]],
            col["within_sla"]: [percent(x, 0) for x in frame["within_sla"]],
            col["cost"]: [money(x, 0) for x in frame["cost"]],
        }
    )
    return table


def _margin(value: float) -> str:
    return "—" if pd.isna(value) else "± " + number(value, 0)


def survey_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Survey scores by touchpoint (a breakdown with names)."""
    names = ("name", "responses", "nps", "margin", "detractors", "csat", "ces", "reliable")
    col = {k: t(f"dash.voice.col.{k}") for k in names}
    table = pd.DataFrame(
        {
            col["name"]: frame["name"],
            col["responses"]: frame["responses"].astype(int),
            col["nps"]: [format_value("nps", x) for x in frame["nps"]],
            col["margin"]: [_margin(x) for x in frame["nps_margin"]],
            col["detractors"]: frame["detractors"].astype(int),
            col["csat"]: [percent(x, 0) for x in frame["csat"]],
            col["ces"]: [number(x, 1) for x in frame["ces"]],
            col["reliable"]: [t("dash.voice.few") if few else t("dash.voice.ok")
                              for few in frame["small_sample"]],
        }
    )  # fmt: skip
    return table


def at_risk_table(frame: pd.DataFrame) -> tuple[list[tuple[str, str, str]], pd.DataFrame]:
    """The customers behind revenue at risk: totals by reason, and one row per customer."""
    reasons = {r: t(f"dash.links.reason.{r}") for r in
               ("detractor", "open_complaint", "detractor_and_complaint")}  # fmt: skip
    by_reason = frame.groupby("reason")["revenue"].agg(["sum", "size"])
    totals = [
        (text, money(float(by_reason.at[code, "sum"]), 0),
         t("dash.links.customers", count=number(int(by_reason.at[code, "size"]))))
        for code, text in reasons.items()
        if code in by_reason.index
    ]  # fmt: skip
    col = {k: t(f"dash.links.col.{k}") for k in
           ("customer", "code", "nps", "complaints", "reason", "revenue")}  # fmt: skip
    table = pd.DataFrame(
        {
            col["customer"]: frame["customer_name"],
            col["code"]: frame["customer_id"],
            col["nps"]: [number(x) if pd.notna(x) else "—" for x in frame["latest_nps"]],
            col["complaints"]: frame["open_complaints"].astype(int),
            col["reason"]: [reasons.get(r, r) for r in frame["reason"]],
            col["revenue"]: [money(x, 0) for x in frame["revenue"]],
        }
    )
    return totals, table
