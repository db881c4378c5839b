"""The words of the sample company: names, products, people and the Italian sentences its
customers write in complaints and survey comments.

Pure data for :mod:`cx_sme.sample.generator`; nothing here is shown by the app itself
(it reaches the screen only as imported data, like a user's own files would).
"""

from __future__ import annotations

COMPANY = "Termoidraulica Lambro S.r.l."
COMPANY_SHORT = "Termoidraulica Lambro"

# Touchpoint and department names exactly as the shared vocabulary spells them.
TP = {
    "sales_visit": "Visita dell'agente",
    "phone": "Centralino e telefono",
    "trade_fair": "Fiere ed eventi",
    "catalogue": "Catalogo e brochure",
    "website": "Sito web",
    "newsletter": "Newsletter ed email",
    "quote": "Preventivo",
    "order_confirmation": "Conferma d'ordine",
    "delivery": "Consegna e magazzino",
    "packaging": "Etichetta e confezione",
    "shop": "Accoglienza in negozio",
    "manual": "Manuale di istruzioni",
    "invoice": "Fattura",
    "payments": "Pagamenti e incassi",
    "after_sales": "Assistenza post-vendita",
    "complaints": "Gestione reclami",
}
DEPT = {
    "sales": "Commerciale",
    "marketing": "Marketing e digitale",
    "service": "Servizio clienti e post-vendita",
    "it": "IT",
    "admin": "Amministrazione",
    "production": "Produzione e magazzino",
    "hr": "Risorse umane",
}
TP_DEPT = {
    "sales_visit": "sales", "phone": "service", "trade_fair": "marketing",
    "catalogue": "marketing", "website": "it", "newsletter": "marketing", "quote": "sales",
    "order_confirmation": "sales", "delivery": "production", "packaging": "production",
    "shop": "hr", "manual": "production", "invoice": "admin", "payments": "admin",
    "after_sales": "service", "complaints": "service",
}  # fmt: skip

# Who handles complaints in each department (as typed in the log).
OWNERS = {
    "admin": ["Giulia Ferri", "Paolo Riva"],
    "production": ["Marco Colombo", "Davide Sala"],
    "service": ["Elena Brambilla", "Luca Mauri"],
    "sales": ["Stefano Galli", "Chiara Villa"],
    "it": ["Andrea Fumagalli"],
    "marketing": ["Sara Cattaneo"],
    "hr": ["Laura Pozzi"],
}

SURNAMES = (
    "Brambilla Colombo Ferrari Fumagalli Galbiati Mauri Sala Villa Cattaneo Riva Viganò "
    "Meroni Corbetta Longoni Mariani Redaelli Frigerio Pozzi Ronchi Arosio Vergani "
    "Tagliabue Molteni Cazzaniga Crippa Sironi Radaelli Beretta Terraneo Perego Spinelli "
    "Motta Galli Rossi Bianchi Mapelli Pirovano Consonni Caspani Zappa Nava Citterio "
    "Casati Lissoni Oggioni Ballabio Confalonieri Bonfanti Ratti Vismara Gerosa Sangalli "
    "Corti Valtorta Rigamonti Barzaghi Maggioni Agostoni Esposito Russo Romano Greco "
    "Marino Bruno Gallo Conti Mancini Lombardi Moretti Barbieri Fontana Santoro Rinaldi "
    "Caruso Ferrara Gatti Pellegrini Palumbo Sanna Fabbri Monti Pagani Invernizzi Cereda"
).split()
FIRST_NAMES = (
    "Luca Marco Giuseppe Paolo Andrea Stefano Roberto Fabio Massimo Davide Simone "
    "Alessandro Giorgio Mauro Claudio Franco Emanuele Matteo Daniele Gianluca Walter "
    "Laura Silvia Elena Chiara Francesca Paola Giovanna Anna Roberta Monica Cristina"
).split()
TOWNS = (
    "Monza Seregno Desio Lissone Cantù Carate Vimercate Arcore Meda Giussano Besana "
    "Agrate Cesano Lentate Mariano Erba Lecco Merate Usmate Biassono Brugherio Muggiò "
    "Nova Varedo Limbiate Seveso Barlassina Renate Verano Triuggio Macherio Sovico"
).split()

# Business-name patterns per customer segment; {s}/{s2} surnames, {f} first name,
# {town} a Brianza town.
NAME_PATTERNS = {
    "installer": [
        "Idraulica {s} S.n.c.", "{s} Impianti S.r.l.", "Termoidraulica {s} di {s} {f}",
        "{s} {f} - Impianti termoidraulici", "Climaservice {s} S.a.s.", "F.lli {s} S.n.c.",
        "{s} & {s2} Impianti S.r.l.", "Termotecnica {town} S.r.l.", "Idrotermica {s} S.r.l.",
        "{s} Caldaie e Clima di {f} {s}", "Impianti {s} {f}", "Idroservice {town} S.n.c.",
    ],
    "builder": [
        "Edil{s} S.r.l.", "Costruzioni {s} S.p.A.", "Impresa Edile {s} S.r.l.",
        "{town} Costruzioni S.r.l.", "Immobiliare {s} S.r.l.", "Edilizia {s} & C. S.a.s.",
    ],
    "reseller": [
        "Ferramenta {s} S.a.s.", "Colorificio e Ferramenta {s}", "Brico {town} S.r.l.",
        "Ferramenta {town} di {s} {f}", "Casa e Bagno {s} S.r.l.",
    ],
    "maintenance": [
        "{town} Servizi Condominiali S.r.l.", "Global Service {s} S.r.l.",
        "Studio {s} Amministrazioni Condominiali", "Manutenzioni {s} S.r.l.",
    ],
    "private": ["{s} {f}"],
}  # fmt: skip

# Channels as the invoicing software labels them.
CH_COUNTER = "Banco vendita"
CH_AGENT = "Agente"
CH_OFFICE = "Ufficio vendite"
CH_WEB = "E-commerce"

# (article description, category, unit price €, typical quantities)
PRODUCTS: list[tuple[str, str, float, tuple[int, ...]]] = [
    ("Caldaia a condensazione 25 kW", "Caldaie e scaldacqua", 1180.0, (1, 1, 1, 2)),
    ("Caldaia a condensazione 35 kW", "Caldaie e scaldacqua", 1540.0, (1,)),
    ("Scaldabagno elettrico 80 l", "Caldaie e scaldacqua", 189.0, (1, 1, 2)),
    ("Scaldacqua a pompa di calore 200 l", "Caldaie e scaldacqua", 1390.0, (1,)),
    ("Kit fumi coassiale 60/100", "Caldaie e scaldacqua", 72.0, (1, 1, 2, 3)),
    ("Climatizzatore dual split 9000+12000 BTU", "Climatizzazione", 1090.0, (1, 1, 2)),
    ("Climatizzatore mono split 12000 BTU", "Climatizzazione", 560.0, (1, 1, 2, 3)),
    ("Pompa di calore aria-acqua 8 kW", "Climatizzazione", 4200.0, (1,)),
    ("Kit staffe e canaline split", "Climatizzazione", 38.0, (1, 2, 3, 4)),
    ("Miscelatore lavabo monocomando", "Rubinetteria", 64.0, (1, 2, 4, 6)),
    ("Miscelatore doccia termostatico", "Rubinetteria", 158.0, (1, 1, 2)),
    ("Colonna doccia con soffione 25 cm", "Rubinetteria", 219.0, (1, 1, 2)),
    ('Rubinetto a sfera 1/2"', "Rubinetteria", 7.9, (5, 10, 10, 20)),
    ("Valvola termostatica con testa", "Rubinetteria", 24.5, (4, 6, 8, 10)),
    ("Vaso sospeso rimless con sedile", "Sanitari e arredo bagno", 245.0, (1, 1, 2, 4)),
    ("Lavabo 60 cm ceramica", "Sanitari e arredo bagno", 118.0, (1, 1, 2)),
    ("Piatto doccia 80x120 in resina", "Sanitari e arredo bagno", 289.0, (1, 1, 2)),
    ("Mobile bagno 80 cm con specchio", "Sanitari e arredo bagno", 540.0, (1,)),
    ("Cassetta di scarico da incasso", "Sanitari e arredo bagno", 132.0, (1, 2, 4)),
    ("Tubo multistrato 16x2 (rotolo 100 m)", "Tubi e raccordi", 138.0, (1, 1, 2, 3)),
    ("Tubo multistrato 20x2 (rotolo 100 m)", "Tubi e raccordi", 189.0, (1, 1, 2)),
    ("Raccordo a pressare 16 (conf. 10 pz)", "Tubi e raccordi", 29.0, (1, 2, 3, 5)),
    ("Raccordo a pressare 20 (conf. 10 pz)", "Tubi e raccordi", 36.0, (1, 2, 3)),
    ("Tubo PP scarico 40 mm (barra 2 m)", "Tubi e raccordi", 6.4, (5, 10, 20)),
    ('Collettore complanare 1" 6 vie', "Tubi e raccordi", 96.0, (1, 1, 2)),
    ("Circolatore elettronico 25-60", "Pompe e circolatori", 215.0, (1, 1, 2)),
    ("Elettropompa sommersa 0,75 kW", "Pompe e circolatori", 310.0, (1,)),
    ("Autoclave con vaso 24 l", "Pompe e circolatori", 265.0, (1,)),
    ("Radiatore in alluminio 600 (elemento)", "Radiatori e termoarredi", 14.8, (10, 20, 30)),
    ("Termoarredo scaldasalviette 1200x500", "Radiatori e termoarredi", 168.0, (1, 1, 2)),
    ("Scheda elettronica caldaia (ricambio)", "Ricambi", 245.0, (1,)),
    ("Vaso di espansione 8 l", "Ricambi", 32.0, (1, 2, 3)),
    ("Scambiatore a piastre (ricambio)", "Ricambi", 178.0, (1,)),
    ("Valvola gas caldaia (ricambio)", "Ricambi", 196.0, (1,)),
    ("Pasta sigillante e canapa (kit)", "Utensileria e consumo", 9.5, (2, 4, 6, 10)),
    ("Pinza pressatrice manuale 16-20", "Utensileria e consumo", 289.0, (1,)),
    ("Nastro PTFE (conf. 10 rotoli)", "Utensileria e consumo", 11.0, (1, 2, 5)),
]

# Which products a segment buys (by category weight) and how the season moves them.
CATEGORY_SEASON = {
    "Caldaie e scaldacqua": (1.5, 1.3, 1.0, 0.8, 0.6, 0.5, 0.5, 0.4, 1.2, 1.7, 1.8, 1.6),
    "Climatizzazione": (0.2, 0.3, 0.6, 1.2, 2.2, 2.6, 2.2, 0.8, 0.5, 0.3, 0.2, 0.2),
    "Radiatori e termoarredi": (1.3, 1.1, 0.9, 0.7, 0.6, 0.6, 0.6, 0.5, 1.1, 1.5, 1.6, 1.4),
}

# ---------------------------------------------------------------------------------
# Complaints: category (as typed in the log) and descriptions per touchpoint.
# {doc} is the invoice or credit-note number, {art} an article, {n} a small number.
# ---------------------------------------------------------------------------------
COMPLAINT_TEXT: dict[str, list[tuple[str, list[str]]]] = {
    "invoice": [
        ("Errore di fatturazione", [
            "Fattura {doc}: sconto concordato non applicato",
            "Prezzo in fattura {doc} diverso dal preventivo",
            "Fattura {doc} intestata alla vecchia ragione sociale",
            "Addebitato il trasporto che doveva essere franco",
            "Fattura {doc} con quantità sbagliata su {art}",
            "IVA al 22% invece che agevolata al 10% (ristrutturazione)",
            "Fattura {doc} duplicata, arrivata due volte allo SDI",
            "Manca il riferimento al nostro ordine in fattura {doc}",
            "Codice destinatario SDI errato, fattura {doc} non ricevuta",
            "Fatturato {art} che non abbiamo mai ricevuto",
        ]),
        ("Nota di credito", [
            "Nota di credito promessa per fattura {doc} mai emessa",
            "Chiede nota di credito per differenza prezzo su {doc}",
            "Nota di credito emessa con importo sbagliato",
        ]),
    ],
    "payments": [
        ("Pagamenti", [
            "Sollecito di pagamento per fattura già saldata",
            "Riba presentata prima della scadenza concordata",
            "Bonifico non abbinato, il cliente risulta insoluto",
            "Addebitati interessi di mora non dovuti",
        ]),
    ],
    "delivery": [
        ("Ritardo consegna", [
            "Consegna in ritardo di {n} giorni, cantiere fermo",
            "Merce non arrivata nella data confermata",
            "Il corriere non ha avvisato prima della consegna",
            "Consegna rimandata due volte senza preavviso",
            "Materiale urgente consegnato dopo {n} giorni lavorativi",
        ]),
        ("Merce danneggiata", [
            "{art} arrivato con l'imballo rotto",
            "{art} danneggiato durante il trasporto",
            "Bancale consegnato rovesciato, merce rovinata",
        ]),
        ("Consegna incompleta", [
            "Manca un collo: {art} non consegnato",
            "Consegnato {art} al posto di quanto ordinato",
            "Merce lasciata all'indirizzo sbagliato",
            "Consegna parziale senza bolla del residuo",
        ]),
    ],
    "after_sales": [
        ("Guasto prodotto", [
            "{art} in blocco dopo {n} settimane dall'installazione",
            "Richiesta intervento in garanzia su {art}",
            "{art} rumoroso, il cliente finale si lamenta",
            "Ricambio in garanzia per {art} non ancora arrivato",
        ]),
        ("Tempi di assistenza", [
            "Tecnico non richiamato dopo tre solleciti",
            "Attesa di {n} giorni per il sopralluogo",
        ]),
    ],
    "order_confirmation": [
        ("Errore ordine", [
            "Conferma d'ordine con articolo sbagliato",
            "Data di consegna in conferma non rispettata",
            "Conferma d'ordine mai arrivata",
            "Prezzi in conferma diversi dal listino concordato",
        ]),
    ],
    "packaging": [
        ("Etichettatura", [
            "Etichette dei colli illeggibili",
            "Confezione senza etichetta con il codice articolo",
            "Imballo insufficiente per {art}",
        ]),
    ],
    "website": [
        ("Sito e ordini online", [
            "Ordine online pagato ma non registrato",
            "Disponibilità sul sito non corrispondente al magazzino",
            "Non riesce ad accedere all'area riservata",
            "Prezzo sul sito diverso da quello addebitato",
        ]),
    ],
    "shop": [
        ("Accoglienza", [
            "Attesa lunga al banco, un solo addetto",
            "Addetto al banco scortese",
            "Materiale prenotato non pronto al ritiro",
        ]),
    ],
    "phone": [
        ("Centralino", [
            "Nessuna risposta al centralino per tutta la mattina",
            "Trasferito tre volte senza trovare l'ufficio giusto",
            "Richiamata promessa e mai fatta",
        ]),
    ],
    "quote": [
        ("Preventivo", [
            "Preventivo arrivato dopo {n} giorni",
            "Preventivo con articoli diversi dalla richiesta",
        ]),
    ],
    "sales_visit": [
        ("Agente", [
            "L'agente non si fa vedere da mesi",
            "L'agente ha promesso uno sconto poi non riconosciuto",
        ]),
    ],
    "manual": [
        ("Documentazione", [
            "Manuale di {art} solo in inglese",
            "Schema elettrico mancante nella confezione di {art}",
        ]),
    ],
}  # fmt: skip

COMPLAINT_CHANNELS = ["Telefono", "Email", "Email", "PEC", "Agente", "Di persona", "Telefono"]

# ---------------------------------------------------------------------------------
# Survey comments. Per touchpoint and mood (neg = 0-6, mid = 7-8, pos = 9-10) a list of
# sentences; the generator joins one or two of them, sometimes with a generic one, and
# varies the punctuation as people do when typing into a form.
# ---------------------------------------------------------------------------------
COMMENTS: dict[str, dict[str, list[str]]] = {
    "invoice": {
        "neg": [
            "Ennesima fattura sbagliata, ogni mese dobbiamo ricontrollare tutto",
            "Lo sconto concordato con l'agente in fattura non c'è mai",
            "Terza fattura da correggere in due mesi",
            "Ci avete fatturato un prezzo diverso da quello del preventivo",
            "Aspetto ancora la nota di credito che mi avevate promesso",
            "In amministrazione nessuno risponde quando c'è un errore in fattura",
            "Fatture con quantità sbagliate, il mio commercialista impazzisce",
            "Mi avete addebitato il trasporto che doveva essere gratuito",
            "Per correggere una fattura ci sono volute tre settimane",
            "La fattura elettronica è arrivata con il codice destinatario sbagliato",
            "Gli errori in fattura ci fanno perdere un sacco di tempo",
            "Non è possibile dover controllare riga per riga ogni fattura",
            "Pago puntuale e mi arrivano fatture sbagliate, così non va",
            "Ho dovuto chiamare quattro volte per far sistemare una fattura",
        ],
        "mid": [
            "Qualche errore in fattura ogni tanto, però poi lo correggete",
            "Fatture chiare ma a volte manca il riferimento all'ordine",
            "Una fattura da rifare anche questo mese, ma risolta in fretta",
            "Va bene, anche se lo sconto l'ho dovuto far notare io",
        ],
        "pos": [
            "Fatture precise e puntuali",
            "Tutto corretto in fattura, grazie",
            "Amministrazione sempre disponibile",
            "Fatture chiare, con il riferimento al nostro ordine: comodo",
        ],
    },
    "payments": {
        "neg": [
            "Mi arrivano solleciti per fatture già pagate",
            "La riba è stata presentata prima della scadenza concordata",
            "Poca flessibilità sui termini di pagamento",
        ],
        "mid": [
            "Condizioni di pagamento nella media",
            "Estratto conto un po' difficile da leggere",
        ],
        "pos": ["Ufficio incassi gentile e veloce", "Estratti conto sempre chiari"],
    },
    "delivery": {
        "neg": [
            "Consegna arrivata in ritardo e il cantiere è rimasto fermo",
            "Il corriere non avvisa mai prima di passare",
            "Merce arrivata con l'imballo rotto",
            "Mancava un collo e nessuno sapeva dirmi dove fosse",
            "Le date di consegna confermate non vengono rispettate",
            "Ho aspettato una settimana per del materiale che era a magazzino",
        ],
        "neg_courier": [
            "Da quando avete cambiato corriere le consegne arrivano quando vogliono",
            "Il nuovo corriere lascia la merce senza avvisare nessuno",
            "Col vecchio trasportatore andava molto meglio",
            "Nuovo corriere pessimo: due consegne sbagliate in un mese",
            "Il corriere nuovo non trova mai il cantiere e riporta indietro la merce",
            "Pacchi ammaccati e consegne in ritardo da quando è cambiato il corriere",
            "Per una bolla sbagliata del corriere ho perso due giorni di lavoro",
            "Dovete tornare al corriere di prima, così non si lavora",
        ],
        "mid": [
            "Consegne abbastanza puntuali, qualche volta in ritardo",
            "Merce arrivata bene ma un giorno dopo il previsto",
            "Il magazzino è fornito, la consegna a volte è lenta",
            "Il corriere potrebbe avvisare prima",
        ],
        "pos": [
            "Consegna puntuale, come sempre",
            "Materiale arrivato in cantiere il giorno dopo l'ordine",
            "Magazzino fornitissimo e consegne rapide",
            "Il vostro autista è sempre gentile e preciso",
            "Ordinato al mattino e consegnato il giorno seguente, perfetto",
        ],
    },
    "after_sales": {
        "neg": [
            "Caldaia in blocco e per il ricambio in garanzia ho aspettato settimane",
            "Il tecnico non mi ha mai richiamato",
            "Assistenza lenta, il mio cliente è rimasto senza acqua calda",
            "Per una garanzia ho dovuto fare tutto io con il produttore",
        ],
        "mid": [
            "Assistenza competente ma i tempi sono lunghi",
            "Il problema è stato risolto, ci è voluto un po'",
            "Bene il tecnico, meno bene i tempi dei ricambi",
        ],
        "pos": [
            "Assistenza tecnica preparata, mi hanno risolto un problema in mezz'ora al telefono",
            "Ricambio arrivato in 24 ore, ottimo",
            "Il tecnico è venuto in cantiere a spiegarci l'impianto, gentilissimo",
            "Supporto tecnico di livello",
        ],
    },
    "shop": {
        "neg": [
            "Al banco c'è sempre coda e una sola persona",
            "Al banco non sapevano dirmi se il pezzo era disponibile",
        ],
        "mid": [
            "Personale del banco gentile, un po' di attesa la mattina presto",
            "Banco ben fornito, orari un po' stretti",
        ],
        "pos": [
            "Al banco sempre gentili e competenti",
            "Trovo sempre quello che mi serve al banco, e se manca lo ordinano subito",
            "Orario di apertura alle 7 comodissimo per noi installatori",
            "Mario al banco è una garanzia",
            "Showroom bello e personale preparato",
        ],
    },
    "sales_visit": {
        "neg": ["L'agente si fa vedere poco", "Promesse dell'agente non mantenute"],
        "mid": ["Agente disponibile, ma vorrei più novità di prodotto"],
        "pos": [
            "Il nostro agente è preparato e sempre reperibile",
            "Ottimo rapporto con l'agente, ci segue da anni",
            "L'agente ci ha fatto risparmiare con una soluzione alternativa",
        ],
    },
    "order_confirmation": {
        "neg": ["La conferma d'ordine arriva tardi o non arriva", "Conferma d'ordine con errori"],
        "mid": ["Conferme d'ordine corrette ma lente"],
        "pos": ["Conferma d'ordine immediata e precisa", "Conferma via email in pochi minuti"],
    },
    "website": {
        "neg": [
            "Il sito dice disponibile e poi la merce non c'è",
            "Ordinare dal sito è complicato",
        ],
        "mid": ["Sito comodo ma lento", "Sul sito mancano le schede tecniche di molti articoli"],
        "pos": [
            "Il sito è comodo per ordinare la sera",
            "Ordine online semplice e veloce",
            "Comodo vedere la disponibilità sul sito",
        ],
    },
    "phone": {
        "neg": ["Al centralino non risponde nessuno", "Mi hanno passato tre uffici diversi"],
        "mid": ["Al telefono gentili, a volte bisogna richiamare"],
        "pos": ["Rispondono subito al telefono", "Centralino gentile e veloce"],
    },
    "quote": {
        "neg": ["Il preventivo è arrivato dopo una settimana"],
        "mid": ["Preventivi precisi ma non velocissimi"],
        "pos": ["Preventivo in giornata, bravi", "Preventivi chiari e competitivi"],
    },
    "packaging": {
        "neg": ["Imballi fatti male, merce rovinata"],
        "mid": ["Etichette dei colli non sempre leggibili"],
        "pos": ["Colli ben imballati ed etichettati"],
    },
    "catalogue": {
        "neg": ["Catalogo vecchio, prezzi non aggiornati"],
        "mid": ["Il catalogo è utile, manca qualche articolo nuovo"],
        "pos": ["Il catalogo nuovo è molto chiaro", "Listino aggiornato e facile da consultare"],
    },
    "newsletter": {
        "neg": ["Troppe email promozionali"],
        "mid": ["Newsletter a volte interessante"],
        "pos": ["Le newsletter sulle novità normative sono utili"],
    },
    "trade_fair": {
        "neg": ["In fiera lo stand era sempre vuoto di personale"],
        "mid": ["Bello lo stand in fiera, poco tempo per parlare"],
        "pos": [
            "Bella accoglienza allo stand in fiera",
            "In fiera ho scoperto prodotti che non conoscevo",
        ],
    },
    "complaints": {
        "neg": [
            "Ho fatto un reclamo a inizio mese e nessuno mi ha più ricontattato",
            "Ho segnalato un problema e non so nemmeno chi se ne stia occupando",
            "Reclamo aperto da settimane, ogni volta che chiamo devo rispiegare tutto",
        ],
        "mid": ["Il reclamo è stato risolto, ma ci è voluto parecchio"],
        "pos": [
            "Reclamo gestito in fretta e con cortesia",
            "Avete riconosciuto l'errore e rimediato subito, apprezzato",
        ],
    },
    "manual": {
        "neg": ["Istruzioni solo in inglese"],
        "mid": ["Manuale comprensibile ma senza schemi"],
        "pos": ["Istruzioni chiare"],
    },
}

# Generic sentences people add to the main one.
GENERIC = {
    "neg": [
        "Così non va.",
        "Stiamo valutando altri fornitori.",
        "Peccato perché i prodotti sono buoni.",
        "Spero che migliorate.",
        "Mi aspetto di più da un fornitore come voi.",
        "Siamo clienti da anni ma la pazienza ha un limite.",
        "Vi ho già segnalato il problema più volte.",
        "Per il resto nulla da dire.",
    ],
    "mid": [
        "Per il resto tutto bene.",
        "Nel complesso soddisfatto.",
        "Si può migliorare.",
        "Prezzi nella media.",
        "Prezzi un po' alti rispetto all'online.",
        "Comunque continuo a lavorare con voi.",
    ],
    "pos": [
        "Continuate così!",
        "Grazie a tutto lo staff.",
        "Fornitore affidabile.",
        "Vi consiglio sempre ai colleghi.",
        "Bravi!",
        "Sempre un piacere lavorare con voi.",
    ],
}
