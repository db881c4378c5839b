-- Dashboards: close-the-loop follow-ups of the overview's alerts.
-- One row per unowned complaint or detractor someone took in hand. The key is natural
-- (built from the complaint's or the answer's own content, see cx_sme/followups.py), so
-- re-importing a month, which stores its rows again under new ids, keeps the follow-up.
-- Targets, SLA days and the focus area are JSON settings (table settings).

CREATE TABLE followups (
    kind         TEXT NOT NULL CHECK (kind IN ('complaint', 'detractor')),
    item_key     TEXT NOT NULL,
    customer_id  TEXT,
    summary      TEXT,
    owner        TEXT,
    status       TEXT NOT NULL DEFAULT 'to_call'
                 CHECK (status IN ('to_call', 'called', 'solved')),
    note         TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (kind, item_key)
);
CREATE INDEX followups_customer ON followups (customer_id);
