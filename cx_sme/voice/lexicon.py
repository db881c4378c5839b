"""A hand-made Italian lexicon of customer-service words, written as light stems (see
:func:`cx_sme.dashboards.themes.stem`), with their polarity from -1 to 1.

Kept small and specific: words customers use about orders, deliveries, invoices, staff,
products and support. Shifters act on the next polar word within a short window:
negators flip it (and soften it, "non male" is mildly good), intensifiers strengthen it,
diminishers weaken it. A few fixed phrases carry their own weight ("mai più", "per
niente", "non ci siamo").
"""

from __future__ import annotations

# stem -> polarity. Prefix matching applies to stems of five letters or more (like themes).
POLARITY: dict[str, float] = {
    # clearly good
    "ottim": 1.0, "eccellent": 1.0, "perfett": 1.0, "fantastic": 1.0, "eccezional": 1.0,
    "impeccabil": 1.0, "straordinari": 0.9, "magnific": 0.9, "splendid": 0.9,
    "bravissim": 1.0, "brav": 0.8, "bene": 0.7, "buon": 0.7, "bell": 0.6, "soddisfatt": 0.8,
    "content": 0.7, "felic": 0.8, "entusiast": 0.9, "contentissim": 1.0,
    "gentil": 0.8, "cortes": 0.8, "disponibil": 0.6, "professional": 0.8, "competent": 0.8,
    "preparat": 0.6, "cordial": 0.7, "simpatic": 0.6, "attent": 0.6, "precis": 0.7,
    "puntual": 0.8, "rapid": 0.7, "velo": 0.7, "veloc": 0.7, "tempestiv": 0.8,
    "efficient": 0.8, "affidabil": 0.8, "serio": 0.6, "seri": 0.6, "chiar": 0.5,
    "semplic": 0.5, "facil": 0.5, "comod": 0.5, "utile": 0.5, "util": 0.5,
    "convenient": 0.6, "conveni": 0.5, "economic": 0.3, "vantaggios": 0.6, "onest": 0.7,
    "grazi": 0.6, "consigl": 0.6, "raccomand": 0.6, "top": 0.9, "super": 0.6,
    "risolt": 0.6, "risolv": 0.4, "funzion": 0.3, "qualit": 0.2, "ben": 0.6,
    "fiduci": 0.5, "valid": 0.5, "accurat": 0.7, "curat": 0.6,
    "pazient": 0.6, "premuros": 0.8, "eccelt": 0.8, "migliorat": 0.5, "miglior": 0.5,
    "soddisf": 0.7, "complimen": 0.9, "apprezz": 0.7, "piacevol": 0.7, "impagabil": 0.9,
    "benissim": 1.0, "rispett": 0.5, "pront": 0.5, "fresc": 0.5, "generos": 0.6,
    "finalment": 0.3, "subit": 0.3, "risolutiv": 0.8, "integr": 0.4,
    "ok": 0.3, "okay": 0.3, "positiv": 0.6, "sodisfatt": 0.8, "brillant": 0.8,
    # clearly bad
    "pessim": -1.0, "terribil": -1.0, "orribil": -1.0, "vergogn": -1.0, "disastr": -1.0,
    "scandalos": -1.0, "inaccettabil": -1.0, "indecent": -1.0, "assurd": -0.9,
    "schif": -1.0, "peggi": -0.9, "scadent": -0.8, "mal": -0.6, "male": -0.6,
    "cattiv": -0.7, "brutt": -0.6, "scarso": -0.7, "scars": -0.7, "deludent": -0.8,
    "delus": -0.8, "delusion": -0.8, "insoddisfatt": -0.8, "scontent": -0.7,
    "arrabbiat": -0.8, "furios": -0.9, "stuf": -0.7, "esasperat": -0.9, "nervos": -0.5,
    "scortes": -0.9, "maleducat": -0.9, "sgarbat": -0.9, "arrogant": -0.9,
    "incompetent": -0.9, "impreparat": -0.7, "superficial": -0.6, "sbrigativ": -0.5,
    "lent": -0.6, "lentezz": -0.7, "ritard": -0.6, "tard": -0.4, "attes": -0.3,
    "aspett": -0.3, "sbagliat": -0.7, "error": -0.6, "sbagli": -0.6, "guast": -0.7,
    "rott": -0.7, "difett": -0.7, "dannegg": -0.7, "ammaccat": -0.6, "rovinat": -0.7,
    "manc": -0.5, "mancat": -0.5, "persa": -0.5, "pers": -0.4, "smarrit": -0.7,
    "problem": -0.6, "disagi": -0.6, "disserviz": -0.9, "inconvenient": -0.5,
    "reclam": -0.4, "lament": -0.5, "caro": -0.5, "car": -0.4, "costos": -0.5,
    "esagerat": -0.6, "eccessiv": -0.6, "rincar": -0.5, "confus": -0.5,
    "complicat": -0.5, "difficil": -0.5, "impossibil": -0.7, "introvabil": -0.5,
    "inutil": -0.7, "ignorat": -0.8, "dimentic": -0.5, "sparit": -0.6, "truff": -1.0,
    "fregat": -0.9, "sollecit": -0.4, "insistere": -0.3, "ennesim": -0.6, "solit": -0.2,
    "caos": -0.8, "disorganizzat": -0.8, "pasticc": -0.7, "inaffidabil": -0.9,
    "irraggiungibil": -0.8, "irreperibil": -0.8, "scocciat": -0.6, "peccat": -0.4,
    "purtropp": -0.4, "negativ": -0.6, "lamentel": -0.5, "danno": -0.6, "dann": -0.5,
    "inesistent": -0.8, "secc": -0.3, "blocc": -0.6, "caotic": -0.8, "graffi": -0.5,
    "aumentat": -0.3, "cancellat": -0.4, "saltat": -0.4, "sbiadit": -0.6,
    "rumoros": -0.5, "incomprensibil": -0.7, "insistent": -0.5, "assent": -0.5,
    "sprec": -0.6, "perdit": -0.5, "incomplet": -0.6, "sporc": -0.6, "freddo": -0.2,
    "cambier": -0.6, "deluso": -0.8, "abbandon": -0.6,
}  # fmt: skip

NEGATORS = frozenset(("non", "mai", "nessun", "nessuno", "nessuna", "niente", "nulla",
                      "neanche", "nemmeno", "neppure", "senza"))  # fmt: skip

INTENSIFIERS: dict[str, float] = {
    "molto": 1.5, "troppo": 1.5, "tanto": 1.3, "davvero": 1.4, "veramente": 1.4,
    "proprio": 1.2, "estremamente": 1.7, "assolutamente": 1.6, "decisamente": 1.4,
    "totalmente": 1.5, "completamente": 1.5, "sempre": 1.2, "super": 1.4,
    "particolarmente": 1.3, "incredibilmente": 1.6, "parecchio": 1.3,
}  # fmt: skip

DIMINISHERS: dict[str, float] = {"abbastanza": 0.7, "piuttosto": 0.8, "quasi": 0.6,
                                 "leggermente": 0.5, "un po": 0.6}  # fmt: skip

# Conditionals turn a judgement into a wish ("sarebbe utile avere gli orari"): weaker.
CONDITIONALS: dict[str, float] = {"sarebbe": 0.3, "sarebbero": 0.3, "vorrei": 0.3,
                                  "preferirei": 0.3, "potreste": 0.4}  # fmt: skip

# Phrases that negate the polar word after them ("per niente soddisfatto").
NEGATING_PHRASES = frozenset(("per niente", "per nulla"))

# "poco" before a polar word turns it around softly: "poco chiaro", "poco gentile".
SOFT_NEGATORS = frozenset(("poco", "scarsamente"))

# Normalised phrases (see :func:`cx_sme.dashboards.themes.normalize`) with their weight;
# matched before single words, and their words are then not scored again.
PHRASES: dict[str, float] = {
    "mai piu": -1.0, "per niente": -0.8, "per nulla": -0.8, "non ci siamo": -0.8,
    "lascia a desiderare": -0.7, "lasciano a desiderare": -0.7, "da rivedere": -0.5,
    "da migliorare": -0.4, "non male": 0.4, "niente da dire": 0.8, "nulla da dire": 0.8,
    "nessun problema": 0.6, "senza problemi": 0.6, "senza intoppi": 0.7,
    "non ho nulla da ridire": 0.8, "tutto ok": 0.6, "tutto bene": 0.7,
    "al top": 0.9, "a posto": 0.4, "come sempre": 0.3, "non rispondono": -0.8,
    "non risponde": -0.8, "nessuno risponde": -0.8, "nessuno mi ha": -0.7,
    "non funziona": -0.7, "non funzionava": -0.7, "non arriva": -0.6, "non e arrivat": -0.6,
    "ancora in attesa": -0.7, "sto ancora aspettando": -0.7, "mi hanno risolto": 0.7,
    "non consiglio": -0.9, "sconsiglio": -0.9, "da evitare": -1.0, "continuate cosi": 0.8,
    "fate schifo": -1.0, "a volte": -0.1, "una volta su due": -0.5,
    "risolto il problema": 0.8, "risolto subito": 0.8, "richiamato subito": 0.6,
    "in giornata": 0.4, "senza discussion": 0.6, "non si e presentat": -0.8,
    "mai arrivat": -0.8, "non corrispond": -0.7, "senza preavviso": -0.6,
    "non e possibile": -0.6, "preso in giro": -0.9, "presa in giro": -0.9,
    "non hanno fatto nulla": -0.8, "non ha fatto nulla": -0.8, "non fanno nulla": -0.8,
    "troppo alt": -0.7, "prezzi alt": -0.6, "prezzo alt": -0.6,
    "cambiato fornitore": -0.9, "cambiero fornitore": -0.9, "altro fornitore": -0.6,
}  # fmt: skip
