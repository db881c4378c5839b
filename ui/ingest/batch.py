"""The Import page's plan for the month's files: what each file adds, skips or would
change, the decisions on changed months, and the one button that stores them all.
The planning is in :mod:`cx_sme.ingest.month_plan`; here only widgets and layout."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cx_sme.core.datasets import DATASETS
from cx_sme.core.errors import CxError
from cx_sme.core.formatting import MONTHS_LISTED, money, month_label, months_text, number
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.files.bundle import unpack
from cx_sme.ingest import importer, month_plan
from cx_sme.ingest.month_plan import ADDED, CHANGED, NEW, UNCHANGED, FilePlan
from cx_sme.ingest.recognition import Recognition, recognise
from ui.frame.widgets import refusal
from ui.ingest import einvoice_block


def unpack_all(files: list[Any]) -> list[tuple[str, bytes]]:
    """The uploaded files, the spreadsheets of each .zip in its place."""
    out: list[tuple[str, bytes]] = []
    for upload in files:
        out.extend(unpack(upload.name, upload.getvalue()))
    return out


def recognition_of(conn: Any, name: str, data: bytes, sha: str) -> tuple[Any, Recognition]:
    """The file read (once per session) and the data set found for it."""
    cache: dict = st.session_state.setdefault("import_recognised", {})
    if sha not in cache:
        with st.spinner(t("import.progress.reading")):
            table = importer.read(data, name)
        if len(cache) > 40:
            cache.clear()
        cache[sha] = table
    table = cache[sha]
    return table, recognise(conn, table.frame)


def dataset_choice(sha: str, recognition: Recognition, *, compact: bool = False) -> str | None:
    """The data set of one file: preset with what was recognised, changeable; None until
    the user says, when it could not be told."""
    labels = {d: t(f"import.dataset.{d}") for d in DATASETS}
    key = f"import_dataset_{sha}"
    if st.session_state.get(key) is None and recognition.dataset is not None:
        # a file recognised only now (another sheet was chosen) is preset too
        st.session_state[key] = recognition.dataset
    choice = st.segmented_control(
        t("import.page.dataset"),
        DATASETS,
        format_func=labels.__getitem__,
        key=key,
        label_visibility="collapsed" if compact else "visible",
    )
    if choice is None:
        st.warning(t("import.batch.ask_dataset"), icon=":material/help:")
        return None
    if recognition.source == "remembered" and choice not in recognition.remembered:
        st.error(t("import.batch.other_dataset"), icon=":material/swap_horiz:")
    return str(choice)


def prepare_many(conn: Any, uploads: list[tuple[str, bytes]]) -> tuple[list[FilePlan], bool]:
    """One row per file: its data set (changeable) and whether it is ready; the plans of
    the ready files, and whether a file still needs something (then nothing is stored)."""
    plans: list[FilePlan] = []
    waiting = False
    for name, data in uploads:
        sha = importer.sha256_of(data)
        with st.container(border=True):
            left, right = st.columns([2, 3], vertical_alignment="center")
            left.markdown("**" + escape_markdown(name) + "**")
            try:
                table, recognition = recognition_of(conn, name, data, sha)
            except CxError as err:
                with right:
                    refusal(err)
                waiting = True
                continue
            with right:
                dataset = dataset_choice(sha, recognition, compact=True)
            if dataset is None:
                waiting = True
                continue
            try:
                prepared = importer.prepare(conn, dataset, name, data, table=table, sha256=sha)
                if prepared.einvoice is not None and not einvoice_block.show(conn, prepared):
                    waiting = True
                    continue
                plan = month_plan.plan_file(conn, prepared, recognition)
                month_plan.check_file(plan)
            except CxError as err:
                refusal(err)
                st.caption(t("import.batch.fix_alone"))
                waiting = True
                continue
            plans.append(plan)
    return plans, waiting


def summary(plans: list[FilePlan]) -> None:
    """The plan: per file its rows and months; the new months named in words."""
    news = _new_months(plans)
    if news:
        st.success(
            escape_markdown(t("import.batch.new_months", months="; ".join(news))),
            icon=":material/fiber_new:",
        )
    table = pd.DataFrame(
        [
            {
                t("import.batch.col_file"): p.prepared.file_name,
                t("import.batch.col_dataset"): t(f"import.dataset.{p.dataset}"),
                t("import.batch.col_rows"): number(p.prepared.valid_rows),
                t("import.batch.col_new"): _months_cell(p),
                t("import.batch.col_unchanged"): number(len(p.of(UNCHANGED))),
                t("import.batch.col_changed"): ", ".join(
                    month_label(m.month) for m in p.of(CHANGED)
                )
                or "—",
            }
            for p in plans
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")


def _months_cell(plan: FilePlan) -> str:
    """The plan table's new months: each of a few (added invoices marked "+"), or a span."""
    new, added = plan.of(NEW), plan.of(ADDED)
    if len(new) + len(added) > MONTHS_LISTED:
        return months_text([m.month for m in new + added])
    names = [month_label(m.month) for m in new] + [f"{month_label(m.month)} (+)" for m in added]
    return ", ".join(names) or "—"


def _new_months(plans: list[FilePlan]) -> list[str]:
    """Each new month in words with its rows (and money); a file that brings more than a
    few (a first import of two years) in one line: how many months, from when to when."""
    out = []
    for plan in plans:
        months = plan.of(NEW) + plan.of(ADDED)
        dataset = t(f"import.dataset_of.{plan.dataset}")
        if len(months) > MONTHS_LISTED:
            text = t("import.batch.month_rows", month=months_text([m.month for m in months]),
                     rows=number(sum(m.rows for m in months)), dataset=dataset)  # fmt: skip
            cents = sum(m.cents for m in months)
            if month_plan.MONEY[plan.dataset] and cents:
                text += ", " + money(cents / 100)
            out.append(text)
            continue
        for month in months:
            text = t("import.batch.month_rows", month=month_label(month.month),
                     rows=number(month.rows), dataset=dataset)  # fmt: skip
            if month_plan.MONEY[plan.dataset] and month.cents:
                text += ", " + money(month.cents / 100)
            if month.status == ADDED:
                text += " (" + t("import.batch.status_added") + ")"
            out.append(text)
    return out


def decisions(plans: list[FilePlan]) -> tuple[dict[int, set[str]], dict[int, set[str]], bool]:
    """A choice for every changed month (keep or replace) and a confirmation for every
    flagged one; returns (months to replace, months confirmed, whether a flagged month is
    still unconfirmed)."""
    replace: dict[int, set[str]] = {}
    confirmed: dict[int, set[str]] = {}
    unconfirmed = False
    for i, plan in enumerate(plans):
        replace[i], confirmed[i] = set(), set()
        defaults = plan.default_replace()
        sha = plan.prepared.sha256[:12]
        for month in plan.months:
            if month.status == UNCHANGED or (month.status == NEW and not month.guard):
                continue
            label = month_label(month.month)
            if month.guard:
                st.error(escape_markdown(_guard_text(plan, month)), icon=":material/warning:")
            if month.status == CHANGED:
                chosen = st.checkbox(
                    t("import.batch.replace_month", month=label, file=plan.prepared.file_name,
                      change=_change_text(month)),
                    value=month.month in defaults,
                    key=f"import_replace_{sha}_{month.month}",
                )  # fmt: skip
                if chosen:
                    replace[i].add(month.month)
            if month.guard and (month.status == NEW or month.month in replace[i]):
                sure = st.checkbox(
                    t("import.batch.confirm_month", month=label),
                    key=f"import_confirm_{sha}_{month.month}",
                )
                if sure:
                    confirmed[i].add(month.month)
                else:
                    unconfirmed = True
    return replace, confirmed, unconfirmed


def _change_text(month: month_plan.MonthChange) -> str:
    if month.closures_only:
        return t("import.batch.closures", count=number(month.changed))
    return t(
        "import.batch.change",
        added=number(month.added),
        removed=number(month.removed),
        changed=number(month.changed),
        plus=money(month.cents_added / 100),
        minus=money(month.cents_removed / 100),
    )


def _guard_text(plan: FilePlan, month: month_plan.MonthChange) -> str:
    return t(
        f"import.batch.guard_{month.guard}",
        file=plan.prepared.file_name,
        month=month_label(month.month),
        rows=number(month.rows),
        stored=number(month.stored_rows),
        money=money(month.cents / 100),
        stored_money=money(month.stored_cents / 100),
    )


def import_button(
    conn: Any,
    plans: list[FilePlan],
    replace: dict[int, set[str]],
    confirmed: dict[int, set[str]],
    valid_only: set[int],
    blocked: bool,
) -> None:
    """One button for the whole batch; afterwards the Overview opens on the new month."""
    rows = sum(p.rows_to_store(replace[i]) for i, p in enumerate(plans))
    if not rows:
        if any(p.of(CHANGED) for p in plans):
            st.info(t("import.batch.choose_changed"), icon=":material/rule:")
        else:
            st.info(t("import.batch.nothing_new"), icon=":material/check_circle:")
        return
    if blocked:
        st.caption(t("import.page.confirm_first"))
    key = "import.batch.go_one" if len(plans) == 1 else "import.batch.go"
    label = t(key, rows=number(rows), files=len(plans))
    if valid_only and len(plans) == 1:
        label = t("import.page.import_valid_only", rows=number(rows))
    if not st.button(label, type="primary", disabled=blocked, key="import_go",
                     icon=":material/upload:"):  # fmt: skip
        return
    bar = st.progress(0.0, text=t("import.progress.converting"))
    try:
        stored = month_plan.commit_batch(
            conn, plans, replace, confirmed, valid_only=valid_only,
            progress=lambda f, text: bar.progress(min(1.0, f), text=text),
        )  # fmt: skip
    except CxError as err:
        bar.empty()
        refusal(err)
        return
    added = [
        t("import.batch.done_file", file=s.file_name, rows=number(s.rows),
          months=months_text(s.months_added + s.months_replaced))
        for s in stored if s.import_id is not None
    ]  # fmt: skip
    st.session_state["import_batch_done"] = t("import.batch.done", what="; ".join(added))
    st.session_state["import_upload_gen"] = st.session_state.get("import_upload_gen", 0) + 1
    st.session_state.pop("import_prepared", None)
    st.switch_page("app_pages/overview.py")
