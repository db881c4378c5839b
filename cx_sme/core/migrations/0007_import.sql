-- Import workflow: rows taken out by a replacement are kept here, so that undoing the
-- replacing import puts them back. replaced_by is the import that replaced them; the other
-- columns are those of the data set's table.

CREATE TABLE sales_replaced (
    replaced_by    INTEGER NOT NULL REFERENCES imports (id),
    id             INTEGER NOT NULL,
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
CREATE INDEX sales_replaced_by ON sales_replaced (replaced_by);
CREATE INDEX sales_replaced_import ON sales_replaced (import_id);

CREATE TABLE complaints_replaced (
    replaced_by  INTEGER NOT NULL REFERENCES imports (id),
    id           INTEGER NOT NULL,
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
    cost_cents   INTEGER
);
CREATE INDEX complaints_replaced_by ON complaints_replaced (replaced_by);
CREATE INDEX complaints_replaced_import ON complaints_replaced (import_id);

CREATE TABLE surveys_replaced (
    replaced_by  INTEGER NOT NULL REFERENCES imports (id),
    id           INTEGER NOT NULL,
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    date         TEXT NOT NULL,
    customer_id  TEXT,
    nps          INTEGER,
    csat         INTEGER,
    ces          INTEGER,
    touchpoint   TEXT,
    comment      TEXT
);
CREATE INDEX surveys_replaced_by ON surveys_replaced (replaced_by);
CREATE INDEX surveys_replaced_import ON surveys_replaced (import_id);
