"""Streamlit pieces of the import pages: data set choice, upload, detected facts, mapping
editor, tables. The computing is in ``cx_sme.ingest.importer``; here only widgets and layout.

Messages that carry user text (file names, headers, cell values) are escaped before
``st.error``/``st.warning`` render them, so nothing from a file is read as Markdown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from cx_sme.core.datasets import DATASETS
from cx_sme.core.formatting import date, figure, money, month_label, number
from cx_sme.core.i18n import t
from cx_sme.core.markup import escape_markdown
from cx_sme.files.readers import RawTable
from cx_sme.ingest import importer, mapping
from cx_sme.ingest.validation import Options, format_label
from ui.frame.widgets import table_height

# Wrong rows listed on screen; the downloadable file has all of them.
ERRORS_ON_SCREEN = 2_000


def expected_columns() -> None:
    """What a file of each data set must and may contain."""
    lines = []
    for dataset in DATASETS:
        required = [t(f"import.column.{c.name}") for c in mapping.columns(dataset) if c.required]
        optional = [
            t(f"import.column.{c.name}") for c in mapping.columns(dataset) if not c.required
        ]
        lines.append(
            t(
                f"import.page.expects_{dataset}",
                required=", ".join(required),
                optional=", ".join(optional),
            )
        )
    st.info("\n\n".join(lines), icon=":material/info:")


def uploader() -> Any:
    st.session_state.setdefault("import_upload_gen", 0)
    return st.file_uploader(
        t("import.page.upload"),
        type=["xlsx", "xlsm", "csv", "zip", "xml", "p7m"],
        accept_multiple_files=True,
        key=f"import_upload_{st.session_state['import_upload_gen']}",
        help=t("import.page.upload_help"),
    )


def reset_upload() -> None:
    """Forget the uploaded file (the uploader comes back empty)."""
    st.session_state["import_upload_gen"] = st.session_state.get("import_upload_gen", 0) + 1
    for key in ("import_table", "import_table_key", "import_prepared"):
        st.session_state.pop(key, None)


def read_table(data: bytes, name: str, sha: str, sheet: str | None) -> RawTable:
    """The file read once per (file, sheet) and kept for this session's reruns."""
    key = (sha, sheet)
    if st.session_state.get("import_table_key") != key:
        st.session_state.pop("import_table", None)
        with st.spinner(t("import.progress.reading")):
            table = importer.read(data, name, sheet=sheet)
        st.session_state["import_table"] = table
        st.session_state["import_table_key"] = key
    table = st.session_state["import_table"]
    assert isinstance(table, RawTable)
    return table


def prepare(
    conn: Any,
    dataset: str,
    name: str,
    data: bytes,
    table: RawTable,
    sha: str,
    chosen: dict[str, str] | None = None,
    options: Options | None = None,
) -> importer.Prepared:
    """``importer.prepare`` once per (data set, file, sheet, mapping, formats) for this session's
    reruns; the comparison with the store (already imported? months held?) is always
    done again, since another session may have imported meanwhile."""
    if table.detected.kind == "einvoice":
        # which invoices are new and whose they are depend on the store: always afresh
        return importer.prepare(conn, dataset, name, data, table=table, sha256=sha)
    mapped = None if chosen is None else tuple(sorted(chosen.items()))
    key = (dataset, sha, table.detected.sheet, mapped, options)
    cache: dict = st.session_state.setdefault("import_prepared", {})
    if key in cache:
        return importer.prepare_conflicts(conn, cache[key])
    prepared = importer.prepare(
        conn, dataset, name, data, table=table, sha256=sha, mapping=chosen, options=options
    )
    if len(cache) >= 2:  # the first guess and the mapping being edited are enough
        victim = next((k for k in cache if k[3:] != (None, None)), next(iter(cache)))
        cache.pop(victim)
    cache[key] = prepared
    return prepared


def sheet_choice(table: RawTable, sha: str) -> str | None:
    """A sheet selector when the workbook has several; the sheet to read."""
    sheets = list(table.detected.sheets)
    if len(sheets) < 2:
        return table.detected.sheet
    key = f"import_sheet_{sha}"
    st.session_state.setdefault(key, table.detected.sheet or sheets[0])
    choice = st.selectbox(t("import.page.sheet"), sheets, key=key)
    return str(choice)


def detected_facts(prepared: importer.Prepared) -> None:
    """What was found out about the file, in plain words."""
    det = prepared.table.detected
    facts = []
    if det.kind == "xlsx" and det.sheet:
        facts.append(t("import.facts.sheet", sheet=det.sheet, count=len(det.sheets)))
    facts.append(t("import.facts.header_row", row=det.header_row))
    if det.kind == "csv":
        separators = {";": t("import.facts.sep_semicolon"), ",": t("import.facts.sep_comma"),
                      "\t": t("import.facts.sep_tab")}  # fmt: skip
        facts.append(
            t(
                "import.facts.csv",
                separator=separators.get(det.separator or "", det.separator or ""),
                encoding=_encoding_label(det.encoding),
            )
        )
    if det.kind == "xlsx" and det.date_system == "1904":
        facts.append(t("import.facts.date_1904"))
    if prepared.validation is not None:
        for name, fmt in prepared.validation.formats.items():
            if fmt in ("native", "score"):
                continue
            facts.append(
                t(
                    "import.facts.format",
                    column=t(f"import.column.{name}"),
                    format=format_label(fmt),
                )
            )
    facts.append(t("import.facts.rows", rows=number(len(prepared.table.frame))))
    st.markdown("\n".join(f"- {escape_markdown(f)}" for f in facts))
    for row, text in det.dropped_rows:
        st.warning(
            escape_markdown(t("import.facts.dropped", row=row, text=text)), icon=":material/info:"
        )


def _encoding_label(encoding: str | None) -> str:
    names = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "cp1252": "Windows-1252",
             "utf-16": "UTF-16", "utf-8+cp1252": "UTF-8 + Windows-1252"}  # fmt: skip
    return names.get(encoding or "", encoding or "?")


def mapping_editor(
    dataset: str, table: RawTable, first: importer.Prepared
) -> tuple[dict[str, str], Options]:
    """One selectbox per canonical column, preset with the remembered or guessed mapping,
    and the date/number formats (detected unless the user forces one); returns the
    mapping and the reading options the user confirms."""
    initial, source = first.mapping, first.mapping_source
    signature = mapping.signature(table.columns)
    headers = list(table.columns)
    none = ""
    labels = {none: t("import.map.none"), **{h: h for h in headers}}
    chosen: dict[str, str] = {}
    with st.expander(t("import.map.title"), expanded=source != "remembered"):
        st.caption(t(f"import.map.source_{source}"))
        cols = st.columns(3)
        for i, col in enumerate(mapping.columns(dataset)):
            label = column_label(col.name) + (" *" if col.required else "")
            current = initial.get(col.name, none)
            options = [none, *headers]
            with cols[i % 3]:
                value = st.selectbox(
                    label,
                    options,
                    index=options.index(current) if current in options else 0,
                    format_func=labels.__getitem__,
                    key=f"import_map_{dataset}_{signature}_{col.name}",
                )
            if value:
                chosen[col.name] = str(value)
        st.caption(escape_markdown(t("import.map.required_note")))
        options = _formats_editor(signature, first)
    return chosen, options


DATE_CHOICES = ("auto", "dmy", "mdy", "ymd", "%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%d.%m.%Y",
                "%d-%m-%Y", "%Y/%m/%d", "%d/%m/%y", "excel_serial")  # fmt: skip
NUMBER_CHOICES = ("auto", "it", "en")


def _formats_editor(signature: str, first: importer.Prepared) -> Options:
    """Date and number format: "detected" by default, or forced by the user (shown only
    when the file writes dates or numbers as text, where a format can be misread)."""
    found = first.validation.formats if first.validation is not None else {}
    text_dates = [f for n, f in found.items() if _is_date(first.dataset, n) and f != "native"]
    text_numbers = [f for f in found.values() if f in ("it", "en")]
    date_format, number_format = first.options.date_format, first.options.number_format
    if not text_dates and not text_numbers:
        return first.options
    left, right = st.columns(2)
    asked = {a.kind for a in first.validation.ambiguities} if first.validation else set()
    if text_dates:
        auto = t("import.map.auto", found=format_label(text_dates[0]))
        if "dates" in asked:
            auto = t("import.map.auto_asked")
        labels = {c: auto if c == "auto" else format_label(c) for c in DATE_CHOICES}
        with left:
            date_format = str(
                st.selectbox(
                    t("import.map.date_format"),
                    DATE_CHOICES,
                    index=DATE_CHOICES.index(date_format) if date_format in DATE_CHOICES else 0,
                    format_func=labels.__getitem__,
                    key=f"import_datefmt_{signature}",
                )
            )
    if text_numbers:
        auto = t("import.map.auto", found=format_label(text_numbers[0]))
        if "numbers" in asked:
            auto = t("import.map.auto_asked")
        labels = {c: auto if c == "auto" else format_label(c) for c in NUMBER_CHOICES}
        with right:
            number_format = str(
                st.selectbox(
                    t("import.map.number_format"),
                    NUMBER_CHOICES,
                    index=NUMBER_CHOICES.index(number_format)
                    if number_format in NUMBER_CHOICES
                    else 0,
                    format_func=labels.__getitem__,
                    key=f"import_numfmt_{signature}",
                )
            )
    return replace(first.options, date_format=date_format, number_format=number_format)


def reading_question(prepared: importer.Prepared, sha: str) -> Options | None:
    """When the file's dates or numbers read two ways, ask which reading is right, with
    examples read both ways side by side; the options with the answers, or None while
    a question is unanswered (then nothing below makes sense yet)."""
    found = prepared.validation.ambiguities if prepared.validation is not None else []
    if not found:
        return prepared.options
    options = prepared.options
    answered = True
    for ambiguity in found:
        kind, (first, second) = ambiguity.kind, ambiguity.readings
        with st.container(border=True):
            st.markdown("**" + t(f"import.question.{kind}_title") + "**")
            st.caption(
                escape_markdown(
                    t(f"import.question.{kind}_intro", columns="», «".join(ambiguity.columns))
                )
            )
            labels = {r: t(f"import.question.{kind}_{r}") for r in (first, second)}
            st.dataframe(
                pd.DataFrame(
                    ambiguity.examples,
                    columns=[t("import.question.as_written"), labels[first], labels[second]],
                ),
                hide_index=True,
            )
            choice = st.radio(
                t(f"import.question.{kind}_ask"),
                (first, second),
                index=None,
                format_func=labels.__getitem__,
                key=f"import_reading_{kind}_{sha}",
            )
        if choice is None:
            answered = False
        elif kind == "dates":
            options = replace(options, date_format=str(choice))
        else:
            options = replace(options, number_format=str(choice))
    return options if answered else None


def _is_date(dataset: str, name: str) -> bool:
    return any(c.name == name and c.kind == "date" for c in mapping.columns(dataset))


def column_label(name: str) -> str:
    """A canonical column's name for a header or a label ("Codice cliente")."""
    text = t(f"import.column.{name}")
    return text[:1].upper() + text[1:]


def preview(prepared: importer.Prepared) -> None:
    frame = prepared.preview(20)
    if frame.empty:
        return
    st.subheader(t("import.page.preview"))
    st.caption(t("import.page.preview_note", shown=len(frame), total=number(prepared.valid_rows)))
    # Every cell as text in the language's format (Babel's "1.234,56 €", not the
    # browser's idea of a number); an empty cell stays empty.
    config: dict[str, Any] = {}
    for col in mapping.columns(prepared.dataset):
        if col.name not in frame.columns:
            continue
        label = column_label(col.name)
        values = frame[col.name]
        if col.kind == "date":
            frame[col.name] = [date(v) if not pd.isna(v) else "" for v in values]
            config[col.name] = st.column_config.TextColumn(label)
        elif col.kind in ("money", "number", "score"):
            show = money if col.kind == "money" else figure
            frame[col.name] = [show(v) if not pd.isna(v) else "" for v in values]
            config[col.name] = st.column_config.TextColumn(label, alignment="right")
        else:
            frame[col.name] = ["" if v is None or pd.isna(v) else v for v in values]
            config[col.name] = st.column_config.TextColumn(label)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def errors_table(prepared: importer.Prepared) -> None:
    table = prepared.errors(limit=ERRORS_ON_SCREEN)
    table = table.rename(
        columns={
            "row": t("import.table.row"),
            "column": t("import.table.column"),
            "value": t("import.table.value"),
            "reason": t("import.table.reason"),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=table_height(len(table), most=10))
    total = len(prepared.validation.errors) if prepared.validation is not None else 0
    if total > ERRORS_ON_SCREEN:
        st.caption(t("import.page.errors_cut", shown=number(ERRORS_ON_SCREEN), total=number(total)))


def holders_text(infos: list[importer.ImportInfo]) -> str:
    """The imports that hold some months: «file.xlsx» (importazione n. 3), ..."""
    return ", ".join(t("import.page.holder", file=i.file_name, id=i.id) for i in infos)


def history_config() -> dict[str, Any]:
    right = st.column_config.TextColumn(alignment="right")
    return {
        t("import.history.rows"): right,
        t("import.history.rejected"): right,
        t("import.history.stored"): right,
    }


def months_text(months: list[str]) -> str:
    return ", ".join(month_label(m) for m in months)


def period_text(first: str | None, last: str | None) -> str:
    if not first or not last:
        return "—"
    return t("import.page.period", first=date(first), last=date(last))


def history_frame(infos: list[importer.ImportInfo]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("import.history.id"): [i.id for i in infos],
            t("import.history.when"): [i.imported_at_label for i in infos],
            t("import.history.dataset"): [t(f"import.dataset.{i.dataset}") for i in infos],
            t("import.history.file"): [i.file_name for i in infos],
            t("import.history.rows"): [number(i.rows) for i in infos],
            t("import.history.rejected"): [number(i.rejected) for i in infos],
            t("import.history.stored"): [number(i.stored) for i in infos],
            t("import.history.period"): [period_text(i.period_from, i.period_to) for i in infos],
            t("import.history.status"): [t(f"import.status.{i.status}") for i in infos],
        }
    )


def fingerprints(infos: list[importer.ImportInfo]) -> None:
    """Each file's SHA-256, for whoever checks a file against the history (the command
    line's ``history`` prints it too): folded away, not in the owner's table."""
    with st.expander(t("import.history.fingerprints")):
        st.caption(t("import.history.fingerprints_note"))
        st.dataframe(
            pd.DataFrame(
                {
                    t("import.history.id"): [i.id for i in infos],
                    t("import.history.file"): [i.file_name for i in infos],
                    "SHA-256": [i.sha256 for i in infos],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def span_change(before: tuple[str, str] | None, after: tuple[str, str] | None) -> list[str]:
    """What an undo did to the months the dashboards can show, in words (nothing when
    the span of the sales data stayed the same)."""
    if before is None or before == after:
        return []
    if after is None:
        return [t("import.history.span_empty")]
    first, last = (month_label(day[:7]) for day in after)
    was_first, was_last = (month_label(day[:7]) for day in before)
    return [t("import.history.span_changed", first=first, last=last,
              was_first=was_first, was_last=was_last)]  # fmt: skip
