"""Comment themes: normalisation, stopwords, stemming, keyword groups, counts, examples."""

from __future__ import annotations

import socket

import pandas as pd
import pytest

from cx_sme.dashboards import themes
from cx_sme.dashboards.themes import find_themes, normalize, stem, themes_of, tokens


def test_normalize_strips_accents_apostrophes_and_punctuation() -> None:
    assert normalize("Qualità dell’ASSISTENZA... pessima!!") == "qualita dell assistenza pessima"
    assert normalize("  L'agente\n\tè  gentile ") == "l agente e gentile"


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("fattura", "fatture", "fatturato"), False),  # fatturato keeps its suffix
        (("fattura", "fatture"), True),
        (("ritardo", "ritardi"), True),
        (("consegna", "consegne"), True),
        (("spedizione", "spedizioni"), True),
        (("banca", "banche"), True),
        (("gentilissimo", "gentile"), True),
        (("corriere", "corrieri"), True),
    ],
)
def test_light_stemming_brings_forms_together(words: tuple[str, ...], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) is same


def test_tokens_leave_stopwords_and_numbers_out() -> None:
    assert tokens("Non è possibile che la merce arrivi dopo 3 giorni") == [
        "possibil",
        "merc",
        "arriv",
        "giorn",
    ]


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("Da quando avete cambiato corriere le consegne arrivano quando vogliono", {"delivery"}),
        ("Consegna arrivata in ritardo e il cantiere è rimasto fermo", {"delivery"}),
        ("Ennesima fattura sbagliata, ogni mese dobbiamo ricontrollare tutto", {"invoice"}),
        ("Aspetto ancora la nota di credito che mi avevate promesso", {"invoice"}),
        ("Prezzi un po' alti rispetto all'online.", {"price", "website"}),
        ("Al banco sempre gentili e competenti", {"staff", "shop"}),
        ("Il tecnico non mi ha mai richiamato", {"service"}),
        ("Caldaia difettosa, guasta dopo una settimana", {"quality"}),
        ("Ordine online semplice e veloce", {"website", "ordering"}),
        # a word of manner belongs to the subject it is said of (issue 12: misfiled themes)
        ("Agente disponibile, ma vorrei più novità di prodotto", {"staff"}),
        ("Al banco non sapevano dirmi se il pezzo era disponibile", {"shop"}),
        ("Il pezzo non è mai disponibile", {"ordering"}),
        ("Conferma via email in pochi minuti", {"ordering"}),
        ("Troppe email promozionali!", {"communication"}),
        ("La fattura elettronica è arrivata con il codice destinatario sbagliato", {"invoice"}),
        ("Materiale arrivato in cantiere il giorno dopo l'ordine", {"delivery", "ordering"}),
        ("Mi hanno passato tre uffici diversi", {"service"}),
        ("Ho segnalato un problema e non so chi se ne stia occupando", {"service"}),
        ("Manuale comprensibile ma senza schemi", {"manual"}),
        ("Banco ben fornito, orari un po' stretti", {"shop"}),
        ("In fiera ho scoperto prodotti che non conoscevo", {"communication"}),
        ("Tutto bene, continuate così", set()),
        # "importante" is not "importo"; "personalizzato" is not "personale"
        ("È importante un servizio personalizzato", set()),
    ],
)
def test_themes_of_real_comments(comment: str, expected: set[str]) -> None:
    assert themes_of(comment) == expected


def _surveys() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                [
                    "2026-01-05",
                    "2026-01-10",
                    "2026-01-12",
                    "2026-02-01",
                    "2026-02-03",
                    "2026-02-04",
                    "2026-02-05",
                    "2026-02-06",
                ]
            ),
            "nps": [2.0, 9.0, 3.0, None, 10.0, 5.0, 8.0, 1.0],
            "comment": [
                "Il corriere nuovo è pessimo",
                "Consegna puntuale, come sempre",
                "Fattura sbagliata e consegna in ritardo",
                "",
                None,
                "il corriere nuovo è pessimo!",
                "Parcheggio bello, cortile stretto",
                "Orari del magazzino scomodi",
            ],
        }
    )


def test_find_themes_counts_shares_detractors_and_examples() -> None:
    report = find_themes(_surveys(), examples=2)
    assert report.comments == 6  # empty and missing comments are not comments
    by_code = {th.code: th for th in report.themes}
    delivery = by_code["delivery"]
    assert delivery.count == 5 and delivery.scored == 5 and delivery.detractors == 4
    assert delivery.share == pytest.approx(5 / 6 * 100)
    # detractors first, most recent first, near-duplicates shown once
    assert delivery.examples == ("Orari del magazzino scomodi", "il corriere nuovo è pessimo!")
    assert by_code["invoice"].count == 1
    assert report.themes[0].code == "delivery"
    assert by_code["shop"].count == 1  # the warehouse's opening hours
    assert report.unmatched == 1
    assert [w for w, _ in report.frequent_words] == ["parcheggio", "bello", "cortile", "stretto"]


def test_examples_keep_the_comment_as_typed() -> None:
    surveys = pd.DataFrame(
        {"date": pd.to_datetime(["2026-01-01"]), "nps": [2.0],
         "comment": ["Fattura *sbagliata*\n<b>di nuovo</b>   [link](http://x)"]}
    )  # fmt: skip
    report = find_themes(surveys)
    assert report.themes[0].examples == ("Fattura *sbagliata*\n<b>di nuovo</b> [link](http://x)",)


def test_theme_counts_by_period() -> None:
    counts = themes.theme_counts_by_period(_surveys(), "month")
    delivery = counts[counts["theme"] == "delivery"].set_index("period")["comments"]
    assert delivery.to_dict() == {"2026-01": 3, "2026-02": 2}


def test_no_comments() -> None:
    empty = pd.DataFrame({"date": pd.to_datetime([]), "nps": [], "comment": []})
    assert find_themes(empty).comments == 0
    assert themes.theme_counts_by_period(empty, "month").empty


def test_runs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("themes must not use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert find_themes(_surveys()).comments == 6


def test_every_theme_has_a_label_in_both_languages() -> None:
    from cx_sme.core.i18n import catalog

    for lang in ("it", "en"):
        for code in themes.THEME_CODES:
            assert f"dash.theme.{code}" in catalog(lang)
