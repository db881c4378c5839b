-- Meeting attendees from the governance roster: general management (the sponsor, the
-- owner) belongs to no department, so an attendee's department may now be NULL.

CREATE TABLE meeting_attendees_new (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    department  TEXT REFERENCES departments (code),
    name        TEXT NOT NULL CHECK (trim(name) <> '')
);
INSERT INTO meeting_attendees_new (id, meeting_id, department, name)
    SELECT id, meeting_id, department, name FROM meeting_attendees;
DROP TABLE meeting_attendees;
ALTER TABLE meeting_attendees_new RENAME TO meeting_attendees;
CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id);
