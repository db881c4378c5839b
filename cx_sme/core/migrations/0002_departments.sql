-- The company's departments. Every touchpoint, action and team member belongs to one.
-- Seeded with the seven an Italian SME usually has; the list can be edited (retire, add).

CREATE TABLE departments (
    code     TEXT PRIMARY KEY,
    name     TEXT,              -- the user's own name; NULL shows the translated default
    position INTEGER NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1
);
INSERT INTO departments (code, position) VALUES
    ('sales', 1), ('marketing', 2), ('service', 3), ('it', 4),
    ('admin', 5), ('production', 6), ('hr', 7);
