-- People added from the app (Settings › Access, or `people add`): each row gives an
-- address, or a whole domain ("@azienda.it"), a role on one company of the installation
-- (its code; "principale" is the installation's own) or, with company NULL, on every
-- company. Like the companies, the list lives in the installation's store (the one named
-- by --db); in the other companies' stores this table stays empty. The [access] lists of
-- .streamlit/secrets.toml keep working beside it; with a company sign-in the higher of
-- the two roles counts, and without one (on this computer alone or with the password)
-- these rows let nobody in.
CREATE TABLE people (
    id        INTEGER PRIMARY KEY,
    who       TEXT NOT NULL CHECK (who = lower(trim(who)) AND length(who) BETWEEN 3 AND 254
                                   AND instr(who, '@') > 0),
    company   TEXT CHECK (company IS NULL OR length(company) BETWEEN 2 AND 32),
    role      TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    added_at  TEXT NOT NULL,
    added_by  TEXT NOT NULL DEFAULT ''
);

-- One role per address and company; NULL (every company) counts as one company here.
CREATE UNIQUE INDEX people_who_company ON people (who, coalesce(company, ''));
