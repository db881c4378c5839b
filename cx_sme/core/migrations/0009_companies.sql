-- Many companies in one installation: the store named by --db (or CX_SME_DB) holds its
-- own company, "principale", and lists the others here; each other company has a store
-- of its own beside it (<store>.companies/<code>.sqlite), migrated like this one. In the
-- other companies' stores this table stays empty. Every store records when it began.

CREATE TABLE companies (
    code     TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 32),
    name     TEXT NOT NULL CHECK (trim(name) <> ''),
    created  TEXT NOT NULL
);

INSERT INTO meta (key, value) VALUES ('created', strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'));
