"""A small, known store for the report, backup and page tests: fourteen months of sales
(January 2024 to February 2025), complaints and survey answers, touchpoint scores and
actions, including user text that looks like formulas and markup."""

from __future__ import annotations

import sqlite3

from cx_sme.company import touchpoints
from cx_sme.core import db
from cx_sme.programme import engagement, governance
from cx_sme.programme import six_areas as maturity
from cx_sme.team import actions, meetings

XSS = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","clic")'
REPORT_MONTH = "2025-02"


def _import(conn: sqlite3.Connection, dataset: str, rows: int) -> int:
    cursor = conn.execute(
        "INSERT INTO imports (dataset, file_name, sha256, rows, period_from, period_to, "
        "imported_at) VALUES (?, ?, ?, ?, '2024-01-01', '2025-02-28', '2025-03-01T09:00:00') "
        "RETURNING id",
        (dataset, f"{dataset}.xlsx", f"sha-{dataset}", rows),
    )
    return int(cursor.fetchone()[0])


def fill(conn: sqlite3.Connection) -> None:
    """Sales for 14 months (customers C01–C12 buying on a pattern), complaints and
    surveys in the last months, two scored touchpoints, three actions."""
    months = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01", "2025-02"]
    with db.write_transaction(conn):
        sales = _import(conn, "sales", 0)
        n = 0
        for index, month in enumerate(months):
            for c in range(1, 13):
                if (c + index) % 3 == 0 and c != 1:
                    continue
                n += 1
                conn.execute(
                    "INSERT INTO sales (import_id, date, customer_id, amount_cents, order_id, "
                    "customer_name, product) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        sales,
                        f"{month}-{(c % 27) + 1:02d}",
                        f"C{c:02d}",
                        100_000 + 12_345 * c + 1_000 * index,
                        f"F{index:02d}{c:02d}",
                        "-Rossi & Figli Srl" if c == 1 else f"Cliente {c}",
                        "Caldaia",
                    ),
                )
        conn.execute("UPDATE imports SET rows = ? WHERE id = ?", (n, sales))

        complaints = _import(conn, "complaints", 5)
        for opened, closed, customer, touchpoint, description, cost in (
            ("2025-01-10", "2025-01-14", "C02", "Consegna e magazzino", "Ritardo", 4000),
            ("2025-01-20", None, "C03", "Fattura", "Fattura doppia", 1500),
            ("2025-02-03", "2025-02-05", "C01", "Consegna e magazzino", FORMULA, 2500),
            ("2025-02-11", None, "C04", "consegna e MAGAZZINO", XSS, 3000),
            ("2025-02-20", "2025-02-27", "C05", "Centralino e telefono", "Attesa lunga", 800),
        ):
            conn.execute(
                "INSERT INTO complaints (import_id, opened, closed, customer_id, touchpoint, "
                "category, department, owner, description, cost_cents) "
                "VALUES (?, ?, ?, ?, ?, 'Servizio', 'service', 'Anna', ?, ?)",
                (complaints, opened, closed, customer, touchpoint, description, cost),
            )

        surveys = _import(conn, "surveys", 8)
        for day, customer, nps, csat, comment in (
            ("2025-01-15", "C02", 9, 5, "Ottimo"),
            ("2025-01-16", "C03", 4, 2, "Male"),
            ("2025-02-02", "C01", 10, 5, "+39 chiamatemi"),
            ("2025-02-05", "C04", 3, 1, XSS),
            ("2025-02-06", "C05", 8, 4, "Bene"),
            ("2025-02-07", "C06", 9, 4, "**grassetto** e [link](http://x)"),
            ("2025-02-08", "C07", 6, 3, "@tutti: lenti"),
            ("2025-02-09", "C08", 10, 5, None),
        ):
            conn.execute(
                "INSERT INTO surveys (import_id, date, customer_id, nps, csat, ces, touchpoint, "
                "comment) VALUES (?, ?, ?, ?, ?, 5, 'Consegna e magazzino', ?)",
                (surveys, day, customer, nps, csat, comment),
            )
        db.bump_data_version(conn)

    delivery = touchpoints.by_code(conn, "delivery")
    invoice = touchpoints.by_code(conn, "invoice")
    touchpoints.record_score(conn, delivery.id, 2, "2025-01-28")
    touchpoints.record_score(conn, delivery.id, 3, "2025-02-25")
    touchpoints.record_score(conn, invoice.id, 4, "2025-02-25")
    actions.add_action(
        conn,
        "Richiamare i clienti con consegne in ritardo " + XSS,
        touchpoint_id=delivery.id,
        kpi="nps",
        owner="Marco",
        department="production",
        due="2025-02-15",
        status="in_progress",
        baseline=-10,
        target=10,
        notes=FORMULA,
    )
    actions.add_action(
        conn,
        "Fattura elettronica con riepilogo chiaro",
        touchpoint_id=invoice.id,
        kpi="complaints",
        owner="Giulia",
        department="admin",
        due="2099-03-31",
    )
    actions.add_action(conn, "Azione chiusa", owner="Luca", status="done")


def fill_notes(conn: sqlite3.Connection) -> None:
    """The attack text in every field a user types that a page may show."""
    fill(conn)  # complaints and survey comments with XSS, an action titled with it
    delivery = touchpoints.by_code(conn, "delivery")
    touchpoints.set_notes(conn, delivery.id, XSS)
    actions.add_action(conn, XSS, touchpoint_id=delivery.id, owner=XSS, notes=XSS)
    meeting = meetings.start_meeting(conn, attendees=[("sales", XSS)], focus=[delivery.id])
    meetings.add_decision(conn, meeting.id, XSS, owner="Anna")
    governance.add_member(conn, XSS, XSS, "sales", is_lead=True)
    maturity.record(conn, "strategy", 2, "2025-02-01", next_step=XSS, owner=XSS, note=XSS)
    engagement.add_action(conn, engagement.KINDS[0], XSS, XSS, "2025-03-01", note=XSS)
    # comments the voice page quotes as examples of a theme
    with db.write_transaction(conn):
        survey_import = conn.execute("SELECT max(id) FROM imports WHERE dataset = 'surveys'")
        import_id = survey_import.fetchone()[0]
        for n, text in enumerate(
            ("Consegna arrivata in ritardo", "Prezzo troppo alto", "Personale gentile")
        ):
            conn.execute(
                "INSERT INTO surveys (import_id, date, customer_id, nps, comment) "
                "VALUES (?, ?, ?, 5, ?)",
                (import_id, f"2025-02-1{n}", f"C0{n + 1}", f"{text} {XSS}"),
            )
        db.bump_data_version(conn)
