-- Privacy and access control.
-- Every erasure of a customer's data (GDPR art. 17): when, by whom, which customer as a
-- keyed hash (never the id itself), and how many rows of each table went.
CREATE TABLE erasures (
    id             INTEGER PRIMARY KEY,
    erased_at      TEXT NOT NULL,
    erased_by      TEXT NOT NULL,
    customer_hash  TEXT NOT NULL,
    rows_erased    INTEGER NOT NULL,
    detail         TEXT NOT NULL
);
CREATE INDEX erasures_hash ON erasures (customer_hash);

-- Failed password attempts (UTC ISO times), for the lockout; old rows are pruned.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    at  TEXT NOT NULL
);

-- The secret key of the customer hashes and pseudonyms, random per database.
INSERT INTO meta (key, value) VALUES ('privacy_key', lower(hex(randomblob(16))));
