-- The CX team's work: the touchpoint catalogue and its scores over time, the action plan,
-- and the monthly meetings with their attendees and minutes.
-- Dates are ISO text (YYYY-MM-DD); timestamps ISO text to the second.

-- A touchpoint: where the customer meets the company. A NULL name shows the translated
-- default of the code; NULL questions show the translated default questions.
CREATE TABLE touchpoints (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT,
    phase       TEXT NOT NULL CHECK (phase IN ('before', 'during', 'after')),
    department  TEXT REFERENCES departments (code),
    position    INTEGER NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    -- the user's own guiding questions, one per line
    questions   TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    -- former names (JSON list), so data files written before a rename still match
    aliases     TEXT NOT NULL DEFAULT '[]'
);

INSERT INTO touchpoints (code, phase, department, position) VALUES
    ('sales_visit', 'before', 'sales', 1),
    ('phone', 'before', 'service', 2),
    ('trade_fair', 'before', 'marketing', 3),
    ('catalogue', 'before', 'marketing', 4),
    ('website', 'before', 'it', 5),
    ('social', 'before', 'marketing', 6),
    ('newsletter', 'before', 'marketing', 7),
    ('video', 'before', 'marketing', 8),
    ('quote', 'before', 'sales', 9),
    ('order_confirmation', 'during', 'sales', 10),
    ('delivery', 'during', 'production', 11),
    ('packaging', 'during', 'production', 12),
    ('shop', 'during', 'hr', 13),
    ('manual', 'during', 'production', 14),
    ('invoice', 'after', 'admin', 15),
    ('payments', 'after', 'admin', 16),
    ('after_sales', 'after', 'service', 17),
    ('complaints', 'after', 'service', 18);

-- Minutes of a meeting are kept with it; a meeting is open while closed_at is NULL.
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    held_on     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    closed_at   TEXT,
    -- the touchpoints in focus (JSON list of touchpoint ids, one to three)
    focus       TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE meeting_attendees (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    department  TEXT NOT NULL REFERENCES departments (code),
    name        TEXT NOT NULL CHECK (trim(name) <> '')
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id);

CREATE TABLE minutes (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    written_at  TEXT NOT NULL,
    language    TEXT NOT NULL,
    body        TEXT NOT NULL
);

-- The team's 1-5 score of a touchpoint on a date: a history, never overwritten.
CREATE TABLE touchpoint_scores (
    id             INTEGER PRIMARY KEY,
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints (id),
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    scored_on      TEXT NOT NULL,
    meeting_id     INTEGER REFERENCES meetings (id),
    created_at     TEXT NOT NULL
);
CREATE INDEX touchpoint_scores_tp ON touchpoint_scores (touchpoint_id, scored_on);

-- An improvement action: assess (baseline) -> act -> measure (result against target).
CREATE TABLE actions (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL CHECK (trim(title) <> ''),
    touchpoint_id  INTEGER REFERENCES touchpoints (id),
    -- the indicator that will show it worked: a KPI key or the team's own wording
    kpi            TEXT,
    owner          TEXT,
    department     TEXT REFERENCES departments (code),
    due            TEXT,
    status         TEXT NOT NULL DEFAULT 'proposed'
                   CHECK (status IN ('proposed', 'in_progress', 'done', 'dropped')),
    baseline       REAL,
    target         REAL,
    result         REAL,
    measured_on    TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    meeting_id     INTEGER REFERENCES meetings (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX actions_status ON actions (status, due);

-- Status changes made during a meeting, for its minutes.
CREATE TABLE action_updates (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    meeting_id  INTEGER REFERENCES meetings (id),
    status      TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
