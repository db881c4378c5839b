"""Comment themes in Italian, found offline: normalisation, stopwords, light stemming and
hand-written keyword groups. No network, no downloaded model.

A comment belongs to every theme its words are about (so "fattura sbagliata e corriere in
ritardo" counts for both). Most keywords name a subject (fattura, corriere, prezzo) and
give their theme wherever they stand. A few say only *how* something went (ritardo,
tardi, errore, attesa): those count for the theme of the nearest subject in the same
sentence ("la conferma d'ordine arriva tardi" is about ordering, not delivery), and for
their own default theme only when the sentence names no subject. A keyword matches a
word when their stems are equal; keywords of five letters or more also match longer
stems that begin with them (``ritard`` matches ritardo, ritardi, ritardato).

>>> tokens("Il corriere è arrivato con 3 giorni di RITARDO!")
['corrier', 'arrivat', 'giorn', 'ritard']
>>> sorted(themes_of("Fattura sbagliata, e la consegna in ritardo"))
['delivery', 'invoice']
>>> themes_of("Personale gentilissimo e molto cortese")
{'staff'}
>>> themes_of("La conferma d'ordine arriva tardi")
{'ordering'}
>>> themes_of("Merce arrivata in ritardo")
{'delivery'}
>>> stem("fatture"), stem("fattura"), stem("banche"), stem("spedizioni")
('fattur', 'fattur', 'banc', 'spedizion')
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from cx_sme.core.i18n import t
from cx_sme.core.periods import period_key

# Common Italian function words (articles, prepositions, pronouns, auxiliaries, fillers),
# written without accents since the text is normalised first.
STOPWORDS = frozenset(
    """
    a ad al allo ai agli all alla alle agl ancora anche avere aveva avevano avete avuto
    c che chi ci cio coi col come con contro cosi cui da dal dallo dai dagli dall dalla
    dalle dei del dell dello della delle degli di dove e ed era erano essere essendo fa
    fare fatto fino fra gia gli ha hanno ho i il in infatti io la le lei li lo loro lui
    ma me mi mia mie miei mio molta molte molti molto ne nei nel nell nello nella nelle
    negli noi non nostra nostre nostri nostro o ogni oppure per perche pero piu poco poi
    qua qual quale quali quando quanto quasi quella quelle quelli quello questa queste
    questi questo qui se sempre senza si sia siamo siete sono sta stata state stati
    stato su sua sue sui sul sull sullo sulla sulle suoi suo tanto te ti tra tu tua tue
    tuo tuoi tutta tutte tutti tutto un una uno vi voi vostra vostro volta volte gia
    pure solo sempre ancora cosa cose ecc etc ok poi dopo prima durante verso presso
    tramite mentre quindi allora comunque cioe invece oltre circa proprio stesso stessa
    altro altra altri altre tale tali mai
    """.split()
)

# Theme code -> keywords, written as stems (see :func:`stem`); "=" asks for the exact stem
# (``=import`` is importo, not importante), a space for two words in a row. The labels
# are in the dash.theme.* catalog keys.
THEMES: dict[str, tuple[str, ...]] = {
    "delivery": (
        "consegn", "corrier", "trasportator", "spedizion", "spedit", "pacc",
        "collo", "coll", "bolla", "tracciament", "tracking", "merc",
        "autist", "magazzin", "imball", "ammaccat", "dannegg", "cantier",
    ),
    "invoice": (
        "fattur", "not credit", "=import", "iva", "addebit", "pagament", "bonific",
        "scadenz", "sollecit", "amministrazion", "contabil", "estratt cont", "riba",
    ),
    "price": (
        "prezz", "car", "costos", "cost", "scont", "listin", "rincar", "convenien",
        "economic", "competitiv", "risparm",
    ),
    "staff": (
        "cortes", "scortes", "gentil", "maleducat", "sgarbat", "=personal", "staff",
        "agent", "cordial", "simpatic", "professional", "competent", "preparat",
        "commess", "educat", "accoglienz",
    ),
    "quality": (
        "qualit", "difett", "rott", "guast", "funzion", "durat", "robust",
        "resistent", "rovinat", "scadent",
    ),
    "service": (
        "assistenz", "rispost", "rispond", "telefon", "centralin", "chiam", "richiam",
        "contatt", "ricontatt", "risolt", "risolv", "support", "tecnic", "ricambi",
        "garanzi", "uffic", "segnal", "occupand", "reclam",
    ),
    "ordering": (
        "ordin", "preventiv", "giacenz", "conferm", "offert", "catalog",
    ),
    "website": ("=sit", "onlin", "web", "ecommerc", "app", "scheda tecnic", "schede tecnic"),
    "shop": ("banc", "negoz", "=orar", "=orari", "apertur", "=cod", "punt vendit", "showroom"),
    "communication": (
        "newsletter", "promozional", "pubblicit", "fier", "social", "video", "volantin",
        "novit normativ",
    ),
    "manual": ("istruzion", "manual", "librett", "=schem", "documentazion"),
}  # fmt: skip
THEME_CODES = tuple(THEMES)

# Words that say how something went, not what it was about -> their theme when the
# sentence names no subject (see the module's docstring).
MODIFIERS: dict[str, str] = {
    # "disponibile" is stock when nothing else is named, a person's manner otherwise
    # ("agente disponibile"); "email" is the channel of whatever the sentence names
    # ("conferma via email") and marketing mail when it names nothing else.
    "disponibil": "ordering",
    "=email": "communication",
    "=mail": "communication",
    "ritard": "delivery",
    "tard": "delivery",
    "attes": "service",
    "aspett": "service",
    "error": "invoice",
    "sbagliat": "invoice",
}
CUSTOM_PREFIX = "custom:"
_SENTENCES = re.compile(r"[.!?;\n]+|\bma\b|\bperò\b|\bpero\b")
_PREFIX_MIN = 5

_APOSTROPHES = re.compile(r"[’'`´]")
_NON_LETTERS = re.compile(r"[^a-z]+")


def normalize(text: str) -> str:
    """Lower case, accents removed, apostrophes and punctuation turned into spaces.

    >>> normalize("Qualità  dell’assistenza: OTTIMA!")
    'qualita dell assistenza ottima'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = _APOSTROPHES.sub(" ", plain)
    return " ".join(_NON_LETTERS.sub(" ", plain).split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light Italian stem: plural and gender endings off, a few suffixes folded.

    Light on purpose: it must only bring the forms of one word together (fattura,
    fatture), never two words apart in meaning.
    """
    w = word
    for suffix, replacement in (
        ("amente", ""),
        ("mente", ""),
        ("zioni", "zion"),
        ("zione", "zion"),
        ("issimi", ""),
        ("issime", ""),
        ("issimo", ""),
        ("issima", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: len(w) - len(suffix)] + replacement
    if len(w) >= 5 and w[-3:] in ("che", "chi", "ghe", "ghi"):
        return w[:-2]
    if len(w) >= 4 and w[-1] in "aeio":
        return w[:-1]
    return w


def tokens(text: str) -> list[str]:
    """The stems of a comment's words, stopwords and numbers left out."""
    return [stem(w) for w in normalize(text).split() if len(w) > 1 and w not in STOPWORDS]


def _matches(word: str, keyword: str) -> bool:
    if keyword.startswith("="):
        return word == keyword[1:]
    return word == keyword or (len(keyword) >= _PREFIX_MIN and word.startswith(keyword))


@lru_cache(maxsize=65536)
def _builtin_themes_of_word(word: str) -> frozenset[str]:
    """The built-in themes whose one-word keywords match ``word`` (a stem)."""
    return frozenset(
        code
        for code, keywords in THEMES.items()
        for keyword in keywords
        if " " not in keyword and _matches(word, keyword)
    )


@lru_cache(maxsize=65536)
def _modifier_theme(word: str) -> str | None:
    return next((code for k, code in MODIFIERS.items() if _matches(word, k)), None)


def _subjects(words: list[str], custom: dict[str, tuple[str, ...]]) -> list[set[str]]:
    """For each word of a sentence, the themes whose subject keywords it matches."""
    hits: list[set[str]] = [set(_builtin_themes_of_word(w)) for w in words]
    phrases = [(code, k) for code, kws in THEMES.items() for k in kws if " " in k]
    for code, keywords in custom.items():
        for keyword in keywords:
            if " " in keyword:
                phrases.append((code, keyword))
            else:
                for i, w in enumerate(words):
                    if _matches(w, keyword):
                        hits[i].add(code)
    for code, keyword in phrases:
        parts = keyword.split()
        for i in range(len(words) - len(parts) + 1):
            if all(_matches(w, k) for w, k in zip(words[i:], parts, strict=False)):
                for j in range(i, i + len(parts)):
                    hits[j].add(code)
    return hits


def themes_of(text: str, custom: dict[str, tuple[str, ...]] | None = None) -> set[str]:
    """The theme codes a comment talks about (``custom``: accepted themes of the company,
    code -> keywords as stems, see :func:`custom_themes`)."""
    found: set[str] = set()
    for sentence in _SENTENCES.split(str(text).casefold()):
        words = tokens(sentence)
        if not words:
            continue
        hits = _subjects(words, custom or {})
        for codes in hits:
            found |= codes
        for i, w in enumerate(words):
            default = _modifier_theme(w)
            if default is None:
                continue
            near = [(abs(i - j), sorted(codes)) for j, codes in enumerate(hits) if codes]
            if near:
                found.update(min(near)[1])
            else:
                found.add(default)
    return found


def custom_themes(accepted: list[dict[str, object]] | None) -> dict[str, tuple[str, ...]]:
    """The company's accepted themes (settings ``custom_themes``: label and keywords as
    typed) as code -> stemmed keywords. The code carries the label.

    >>> custom_themes([{"label": "Parcheggio", "keywords": ["parcheggio", "posti auto"]}])
    {'custom:Parcheggio': ('parcheggi', 'post aut')}
    """
    out: dict[str, tuple[str, ...]] = {}
    for entry in accepted or []:
        label = " ".join(str(entry.get("label", "")).split())
        raw = entry.get("keywords", [])
        keywords = tuple(
            " ".join(stem(w) for w in normalize(str(k)).split())
            for k in (raw if isinstance(raw, list) else [])
            if normalize(str(k))
        )
        if label and keywords:
            out[CUSTOM_PREFIX + label] = keywords
    return out


def theme_label(code: str) -> str:
    if code.startswith(CUSTOM_PREFIX):
        return code[len(CUSTOM_PREFIX) :]
    return t(f"dash.theme.{code}")


@dataclass(frozen=True)
class Theme:
    code: str
    count: int  # comments that talk about it
    share: float  # % of all comments
    detractors: int  # of those, comments from an NPS detractor (0–6)
    scored: int  # of those, comments with an NPS score
    examples: tuple[str, ...]  # the latest few, verbatim


@dataclass(frozen=True)
class ThemeReport:
    comments: int
    themes: list[Theme]  # most frequent first
    unmatched: int
    frequent_words: list[tuple[str, int]] = field(default_factory=list)  # in unmatched ones


def find_themes(
    surveys: pd.DataFrame,
    *,
    examples: int = 3,
    words: int = 12,
    custom: dict[str, tuple[str, ...]] | None = None,
) -> ThemeReport:
    """Themes of the non-empty comments of ``surveys`` (columns comment, date, nps).

    Examples are the latest distinct comments of each theme, detractors first (they are
    the ones to act on). ``frequent_words`` lists the commonest words of the comments no
    theme caught, with their most frequent spelling, so new themes can be spotted.
    """
    if surveys.empty or "comment" not in surveys:
        return ThemeReport(0, [], 0, [])
    rows = surveys[surveys["comment"].notna()]
    rows = rows[rows["comment"].astype(str).str.strip() != ""]
    rows = rows.sort_values("date", ascending=False, kind="stable")
    counts: Counter[str] = Counter()
    detractors: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    order_of = {code: i for i, code in enumerate((*THEMES, *(custom or {})))}
    picked: dict[str, list[tuple[int, int, str]]] = {code: [] for code in order_of}
    unmatched = 0
    leftover: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    for order, (comment, score) in enumerate(zip(rows["comment"], rows["nps"], strict=True)):
        text = "\n".join(
            " ".join(line.split()) for line in str(comment).splitlines() if line.strip()
        )
        found = themes_of(text, custom)
        if not found:
            unmatched += 1
            for w in normalize(text).split():
                if len(w) > 3 and w not in STOPWORDS:
                    s = stem(w)
                    leftover[s] += 1
                    spelling.setdefault(s, Counter())[w] += 1
        is_detractor = score is not None and not pd.isna(score) and score <= 6
        for code in found:
            counts[code] += 1
            if score is not None and not pd.isna(score):
                scored[code] += 1
                detractors[code] += int(is_detractor)
            # detractors first, then the most recent
            picked[code].append((0 if is_detractor else 1, order, text))
    total = len(rows)
    themes = []
    for code in order_of:
        if not counts[code]:
            continue
        chosen: list[str] = []
        seen: set[str] = set()
        for _, _, text in sorted(picked[code]):
            if normalize(text) not in seen:
                seen.add(normalize(text))
                chosen.append(text)
            if len(chosen) == examples:
                break
        themes.append(
            Theme(
                code=code,
                count=counts[code],
                share=counts[code] / total * 100,
                detractors=detractors[code],
                scored=scored[code],
                examples=tuple(chosen),
            )
        )
    themes.sort(key=lambda th: (-th.count, order_of[th.code]))
    frequent = [(spelling[s].most_common(1)[0][0], n) for s, n in leftover.most_common(words)]
    return ThemeReport(total, themes, unmatched, frequent)


def theme_counts_by_period(
    surveys: pd.DataFrame, granularity: str, custom: dict[str, tuple[str, ...]] | None = None
) -> pd.DataFrame:
    """Comments per theme and period (long format: period, theme, comments)."""
    rows: list[tuple[str, str]] = []
    if not surveys.empty and "comment" in surveys:
        for when, comment in zip(surveys["date"], surveys["comment"], strict=True):
            if comment is None or pd.isna(comment) or not str(comment).strip():
                continue
            key = period_key(when, granularity)
            rows.extend((key, code) for code in themes_of(str(comment), custom))
    frame = pd.DataFrame(rows, columns=["period", "theme"])
    return (
        frame.groupby(["period", "theme"]).size().rename("comments").reset_index()
        if not frame.empty
        else pd.DataFrame({"period": [], "theme": [], "comments": []})
    )
