-- The CX programme: governance roster, six-area plan, five-traps self-check, people
-- engagement plan. Dates are ISO text (YYYY-MM-DD); timestamps ISO text in local time.
-- The governance model (lead or team) is the setting "governance_model".

-- The CX lead or the cross-functional team. department is NULL for general management
-- (the owner, a managing director), who belongs to no single department.
CREATE TABLE programme_members (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role        TEXT,
    department  TEXT REFERENCES departments (code),
    is_lead     INTEGER NOT NULL DEFAULT 0 CHECK (is_lead IN (0, 1)),
    is_sponsor  INTEGER NOT NULL DEFAULT 0 CHECK (is_sponsor IN (0, 1)),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    added_on    TEXT NOT NULL,
    left_on     TEXT
);

-- One row per self-assessment of one of the six areas; the latest row per area is the
-- current state, the earlier ones are the history.
CREATE TABLE maturity_assessments (
    id           INTEGER PRIMARY KEY,
    area         TEXT NOT NULL CHECK (area IN
                   ('strategy', 'data', 'journey', 'kpis', 'governance', 'people')),
    score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    assessed_on  TEXT NOT NULL,
    next_step    TEXT,
    owner        TEXT,
    note         TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX maturity_area ON maturity_assessments (area, assessed_on);

-- A periodic five-traps self-check and its answers (0 = no, 1 = partly, 2 = yes).
CREATE TABLE trap_checks (
    id          INTEGER PRIMARY KEY,
    checked_on  TEXT NOT NULL,
    note        TEXT,
    created_at  TEXT NOT NULL
);
CREATE TABLE trap_answers (
    check_id  INTEGER NOT NULL REFERENCES trap_checks (id) ON DELETE CASCADE,
    trap      TEXT NOT NULL,
    question  TEXT NOT NULL,
    answer    INTEGER NOT NULL CHECK (answer BETWEEN 0 AND 2),
    PRIMARY KEY (check_id, question)
);

-- The internal plan to involve people: e-mail series, posters, champions, newsletter...
CREATE TABLE engagement_actions (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner       TEXT NOT NULL CHECK (length(trim(owner)) > 0),
    due         TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    done_on     TEXT,
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX engagement_due ON engagement_actions (due);
