-- Core schema: imported data sets, the import log, remembered mappings, settings.
-- Dates are ISO text (YYYY-MM-DD); money is integer cents.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('data_version', '0');

CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    dataset      TEXT NOT NULL CHECK (dataset IN ('sales', 'complaints', 'surveys')),
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    rows         INTEGER NOT NULL,
    rejected     INTEGER NOT NULL DEFAULT 0,
    period_from  TEXT,
    period_to    TEXT,
    imported_at  TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'undone', 'replaced')),
    note         TEXT
);
CREATE INDEX imports_sha ON imports (dataset, sha256);

CREATE TABLE sales (
    id             INTEGER PRIMARY KEY,
    import_id      INTEGER NOT NULL REFERENCES imports (id),
    date           TEXT NOT NULL,
    customer_id    TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL,
    order_id       TEXT,
    customer_name  TEXT,
    product        TEXT,
    category       TEXT,
    channel        TEXT,
    quantity       REAL
);
CREATE INDEX sales_import ON sales (import_id);

CREATE TABLE complaints (
    id           INTEGER PRIMARY KEY,
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    opened       TEXT NOT NULL,
    closed       TEXT,
    customer_id  TEXT,
    touchpoint   TEXT,
    category     TEXT,
    department   TEXT,
    owner        TEXT,
    channel      TEXT,
    description  TEXT,
    cost_cents   INTEGER,
    CHECK (closed IS NULL OR closed >= opened)
);
CREATE INDEX complaints_import ON complaints (import_id);

CREATE TABLE surveys (
    id           INTEGER PRIMARY KEY,
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    date         TEXT NOT NULL,
    customer_id  TEXT,
    nps          INTEGER CHECK (nps IS NULL OR nps BETWEEN 0 AND 10),
    csat         INTEGER CHECK (csat IS NULL OR csat BETWEEN 1 AND 5),
    ces          INTEGER CHECK (ces IS NULL OR ces BETWEEN 1 AND 7),
    touchpoint   TEXT,
    comment      TEXT
);
CREATE INDEX surveys_import ON surveys (import_id);

-- A confirmed column mapping, remembered per data set and header layout.
CREATE TABLE mappings (
    dataset     TEXT NOT NULL,
    signature   TEXT NOT NULL,
    mapping     TEXT NOT NULL,   -- JSON: canonical column -> header in the file
    options     TEXT,            -- JSON: sheet, header row, formats confirmed
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (dataset, signature)
);

-- Small settings as JSON values (targets, SLA days, thresholds, ...).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
