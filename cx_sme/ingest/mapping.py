"""Column mapping: which header of the user's file feeds which canonical column.

Each data set has its canonical columns (spec/KPIS.md). :func:`guess_mapping` reads the
file's headers — Italian or English, accents, case and punctuation ignored, Google Forms
questions included — and proposes a mapping the user confirms or changes. A confirmed
mapping is remembered per data set and header signature (:func:`remember_mapping`), so
next month's file with the same layout is recognised (:func:`recall_mapping`).

>>> guess_mapping("sales", ["Data documento", "Cod. Cliente", "Ragione sociale", "Totale"])
{'date': 'Data documento', 'customer_id': 'Cod. Cliente', 'amount': 'Totale', \
'customer_name': 'Ragione sociale'}
>>> normalise("Quantità (pz.)")
'quantita pz'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cx_sme.core.db import write_transaction
from cx_sme.ingest.parsing import (
    CSAT_LABELS,
    normalise_label,
    parse_dates,
    parse_numbers,
    parse_scores,
)


@dataclass(frozen=True)
class Column:
    """A canonical column: its name, kind, whether it is required, and how files name it.

    ``kind``: date, id (text that keeps leading zeros), text, money, number, score.
    ``synonyms``: header texts that mean this column (compared normalised);
    ``keywords``: word beginnings that suggest it inside a longer header (a question).
    """

    name: str
    kind: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None


def _words(text: str) -> tuple[str, ...]:
    """Synonyms written as one ``|``-separated string, for compact lists."""
    return tuple(w.strip() for w in text.split("|") if w.strip())


_CUSTOMER_ID = _words(
    "codice cliente|cod cliente|cod cli|cod clie|codcliente|id cliente|cliente|n cliente|"
    "numero cliente|codice anagrafica|cod anagrafica|customer id|customer code|customer|"
    "client id|client code|client|account|account id|partita iva|p iva|piva|codice fiscale"
)
# A name stands for the customer when the file has no code (spec/KPIS.md).
_CUSTOMER_ID_WEAK = _words("ragione sociale|denominazione|nominativo|intestatario")
_CUSTOMER_NAME = _words(
    "ragione sociale|nome cliente|denominazione|descrizione cliente|nominativo|intestatario|"
    "cliente nome|customer name|client name|company|company name|name|nome"
)
_TOUCHPOINT = _words(
    "punto di contatto|punti di contatto|touchpoint|touch point|fase|momento|contatto|area|"
    "servizio|servizio valutato"
)
_COMMENT = _words(
    "commento|commenti|note|osservazioni|suggerimenti|suggerimento|motivo|perche|comment|"
    "comments|feedback|why|notes"
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "sales": (
        Column(
            "date",
            "date",
            True,
            _words(
                "data|data documento|data fattura|data doc|data ordine|data vendita|"
                "data emissione|data registrazione|data movimento|data bolla|data ddt|"
                "data scontrino|giorno|date|invoice date|order date|document date|sale date|"
                "sales date"
            ),
        ),
        Column("customer_id", "id", True, _CUSTOMER_ID + _CUSTOMER_ID_WEAK),
        Column(
            "amount",
            "money",
            True,
            _words(
                "importo|totale|imponibile|totale documento|totale fattura|importo totale|"
                "totale imponibile|importo netto|importo lordo|totale riga|importo riga|valore|"
                "valore riga|ammontare|fatturato|netto|totale ivato|prezzo totale|amount|total|"
                "net amount|total amount|revenue|sales|value|line total"
            ),
        ),
        Column(
            "order_id",
            "id",
            False,
            _words(
                "numero documento|n documento|num documento|nr documento|num doc|n doc|nr doc|"
                "numero fattura|n fattura|nr fattura|num fattura|numero ordine|n ordine|"
                "nr ordine|ordine|documento|fattura|protocollo|scontrino|order|order id|"
                "order number|order no|invoice|invoice number|invoice no|document number|"
                "document"
            ),
        ),
        Column("customer_name", "text", False, _CUSTOMER_NAME),
        Column(
            "product",
            "text",
            False,
            _words(
                "prodotto|articolo|descrizione articolo|codice articolo|cod articolo|"
                "descrizione|servizio|item|product|product name|sku|description"
            ),
        ),
        Column(
            "category",
            "text",
            False,
            _words(
                "categoria|famiglia|gruppo merceologico|linea|linea prodotto|"
                "categoria prodotto|reparto|category|product category|family"
            ),
        ),
        Column(
            "channel",
            "text",
            False,
            _words(
                "canale|canale di vendita|canale vendita|punto vendita|negozio|channel|"
                "sales channel|store|shop"
            ),
        ),
        Column(
            "quantity",
            "number",
            False,
            _words("quantita|qta|q ta|qt|pezzi|numero pezzi|quantity|qty|units|pieces"),
        ),
    ),
    "complaints": (
        Column(
            "opened",
            "date",
            True,
            _words(
                "data apertura|aperto il|apertura|data reclamo|data segnalazione|"
                "data ricezione|ricevuto il|data inserimento|data|opened|open date|"
                "date opened|opened on|created|created at|creation date|date|received"
            ),
        ),
        Column(
            "closed",
            "date",
            False,
            _words(
                "data chiusura|chiuso il|chiusura|data risoluzione|risolto il|data soluzione|"
                "closed|close date|date closed|closed on|resolved|resolved at|resolution date"
            ),
        ),
        Column("customer_id", "id", False, _CUSTOMER_ID + _CUSTOMER_ID_WEAK),
        Column("touchpoint", "text", False, _TOUCHPOINT),
        Column(
            "category",
            "text",
            False,
            _words(
                "categoria|tipo|tipologia|tipo reclamo|motivo|causa|category|type|reason|issue type"
            ),
        ),
        Column(
            "department",
            "text",
            False,
            _words(
                "reparto|ufficio|funzione|area aziendale|reparto responsabile|department|team|dept"
            ),
        ),
        Column(
            "owner",
            "text",
            False,
            _words(
                "responsabile|incaricato|assegnato a|gestito da|referente|owner|assignee|"
                "assigned to|handled by"
            ),
        ),
        Column(
            "channel",
            "text",
            False,
            _words("canale|mezzo|ricevuto tramite|canale di ricezione|channel|source|via"),
        ),
        Column(
            "description",
            "text",
            False,
            _words(
                "descrizione|dettaglio|dettagli|testo|oggetto|problema|note|"
                "descrizione reclamo|description|details|notes|subject|summary"
            ),
        ),
        Column(
            "cost",
            "money",
            False,
            _words(
                "costo|costo gestione|costi|rimborso|nota di credito|importo|valore|cost|"
                "refund|credit note|amount"
            ),
        ),
    ),
    "surveys": (
        Column(
            "date",
            "date",
            True,
            _words(
                "informazioni cronologiche|data|data risposta|data compilazione|inviato il|"
                "data invio|timestamp|date|submitted at|submitted|end date|start date|"
                "response date"
            ),
        ),
        Column(
            "customer_id",
            "id",
            False,
            (*_CUSTOMER_ID, *_words("indirizzo email|email|e mail|email address")),
        ),
        Column(
            "nps",
            "score",
            False,
            _words("nps|net promoter score|punteggio nps"),
            _words("consigli|raccomand|recommend|likely"),
            low=0,
            high=10,
        ),
        Column(
            "csat",
            "score",
            False,
            _words("csat|soddisfazione|customer satisfaction"),
            _words("soddisf|satisf"),
            low=1,
            high=5,
        ),
        Column(
            "ces",
            "score",
            False,
            _words("ces|customer effort score|sforzo"),
            _words("facil|sforz|effort|easy|semplic"),
            low=1,
            high=7,
        ),
        Column("touchpoint", "text", False, _TOUCHPOINT),
        Column(
            "comment",
            "text",
            False,
            _COMMENT,
            _words("comment|suggeriment|miglior|perche|motiv|improve|why"),
        ),
    ),
}

# A survey file must map at least one of these.
SCORE_COLUMNS = ("nps", "csat", "ces")
# The column whose month decides the period of a row.
PERIOD_COLUMN = {"sales": "date", "complaints": "opened", "surveys": "date"}


def columns(dataset: str) -> tuple[Column, ...]:
    """The canonical columns of ``dataset`` (raises KeyError for an unknown one)."""
    return COLUMNS[dataset]


def column(dataset: str, name: str) -> Column:
    return next(c for c in COLUMNS[dataset] if c.name == name)


def required(dataset: str) -> list[str]:
    return [c.name for c in COLUMNS[dataset] if c.required]


def normalise(header: Any) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces.

    >>> normalise("  Q.tà  "), normalise("Data-Fattura"), normalise(None)
    ('q ta', 'data fattura', '')
    """
    return normalise_label(header)


# Scores from this up are exact synonyms (the rank in the list breaks ties).
EXACT = 1000


def header_score(header: str, col: Column) -> int:
    """How well a normalised header names ``col`` (0 = not at all); 1000 and above is an
    exact synonym."""
    if not header:
        return 0
    words = header.split()
    best = 0
    for rank, synonym in enumerate(col.synonyms):
        syn_words = synonym.split()
        if header == synonym:
            return 2 * EXACT - rank
        if _contains(words, syn_words):
            # "Data documento di vendita" contains "data documento": the larger the share
            # of the header the synonym covers, the better.
            best = max(best, 300 + (200 * len(syn_words)) // len(words))
    for stem in col.keywords:
        if any(w.startswith(stem) for w in words):
            best = max(best, 600)
    return best


def _fits(col: Column, series: pd.Series) -> bool:
    """Whether a column's values look like ``col``'s kind (a sample; empty fits)."""
    sample = series.dropna().head(200)
    if sample.dtype == object or pd.api.types.is_string_dtype(sample.dtype):
        sample = sample[sample.astype(str).str.strip() != ""]
    if sample.empty or col.kind in ("text", "id"):
        return True
    if col.kind == "date":
        parsed = parse_dates(sample.reset_index(drop=True))
        ok = ~parsed.bad
    elif col.kind in ("money", "number"):
        ok = ~parse_numbers(sample.reset_index(drop=True)).bad
    else:
        labels = CSAT_LABELS if col.name == "csat" else None
        # Numbers, even out of the scale: a score of 11 is a row error, not a text column.
        ok = ~parse_scores(sample.reset_index(drop=True), labels=labels).bad
    return bool(ok.mean() >= 0.5)


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def guess_mapping(
    dataset: str, headers: Iterable[Any], frame: pd.DataFrame | None = None
) -> dict[str, str]:
    """A proposed mapping canonical column → header (columns with no match are absent).

    Required columns are matched first; each header feeds at most one column. With the
    file's ``frame``, a header that only resembles a column's name (not an exact synonym)
    is proposed only when its values look right (a question with text answers is not a
    score).

    >>> guess_mapping("surveys", ["Informazioni cronologiche",
    ...     "Quanto è probabile che consiglieresti Rossi Srl a un amico o collega?",
    ...     "Quanto sei soddisfatto della consegna?", "Vuoi aggiungere un commento?"])
    ... # doctest: +NORMALIZE_WHITESPACE
    {'date': 'Informazioni cronologiche',
     'nps': 'Quanto è probabile che consiglieresti Rossi Srl a un amico o collega?',
     'csat': 'Quanto sei soddisfatto della consegna?',
     'comment': 'Vuoi aggiungere un commento?'}
    """
    names = [str(h) for h in headers]
    normalised = [normalise(h) for h in names]
    candidates = []
    for order, col in enumerate(COLUMNS[dataset]):
        for index, header in enumerate(normalised):
            score = header_score(header, col)
            if score and score < EXACT and frame is not None and names[index] in frame:
                score = score if _fits(col, frame[names[index]]) else 0
            if score:
                candidates.append((not col.required, -score, order, index, col.name))
    candidates.sort()
    mapping: dict[str, str] = {}
    used: set[int] = set()
    for _opt, _score_neg, _order, index, name in candidates:
        if name in mapping or index in used:
            continue
        mapping[name] = names[index]
        used.add(index)
    order_of = {c.name: i for i, c in enumerate(COLUMNS[dataset])}
    return dict(sorted(mapping.items(), key=lambda item: order_of[item[0]]))


def signature(headers: Iterable[Any]) -> str:
    """A short fingerprint of a header layout (order and spelling details ignored).

    >>> signature(["Data", "Cliente", "Importo"]) == signature(["importo", "DATA", "cliente"])
    True
    """
    names = sorted({normalise(h) for h in headers if normalise(h)})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()[:32]


def clean_mapping(dataset: str, mapping: Mapping[str, Any], headers: Iterable[Any]) -> dict:
    """Keep only known canonical columns mapped to headers present in the file."""
    present = {str(h) for h in headers}
    known = {c.name for c in COLUMNS[dataset]}
    return {k: str(v) for k, v in mapping.items() if k in known and v and str(v) in present}


@dataclass(frozen=True)
class Remembered:
    """A mapping confirmed earlier for the same data set and header layout."""

    mapping: dict[str, str]
    options: dict[str, Any]
    updated_at: str


def recall_mapping(conn: sqlite3.Connection, dataset: str, headers: list[Any]) -> Remembered | None:
    """The mapping confirmed for this layout, if every header it uses is still there."""
    row = conn.execute(
        "SELECT mapping, options, updated_at FROM mappings WHERE dataset = ? AND signature = ?",
        (dataset, signature(headers)),
    ).fetchone()
    if row is None:
        return None
    stored = json.loads(row[0])
    mapping = clean_mapping(dataset, stored, headers)
    if mapping != stored:
        return None
    return Remembered(mapping, json.loads(row[1]) if row[1] else {}, row[2])


def remember_mapping(
    conn: sqlite3.Connection,
    dataset: str,
    headers: list[Any],
    mapping: Mapping[str, str],
    options: Mapping[str, Any] | None = None,
) -> None:
    """Store the confirmed ``mapping`` for this data set and header layout."""
    now = dt.datetime.now().isoformat(timespec="seconds")
    with write_transaction(conn):
        conn.execute(
            "INSERT INTO mappings (dataset, signature, mapping, options, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (dataset, signature) DO UPDATE SET "
            "mapping = excluded.mapping, options = excluded.options, "
            "updated_at = excluded.updated_at",
            (
                dataset,
                signature(headers),
                json.dumps(dict(mapping), ensure_ascii=False),
                json.dumps(dict(options or {}), ensure_ascii=False),
                now,
            ),
        )
