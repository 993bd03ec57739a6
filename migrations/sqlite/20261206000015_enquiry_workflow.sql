-- The inbox's workflow: the admin who looks after an enquiry, and its
-- timeline of internal notes, replies sent, status changes and assignments.
ALTER TABLE enquiries ADD COLUMN assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX enquiries_assignee ON enquiries (assignee_id);
-- The retention job erases enquiries by age.
CREATE INDEX enquiries_created ON enquiries (created_at);

-- kind: note (internal), reply (sent to the sender by email), status or
-- assigned. body_sealed holds a note's or a reply's text, sealed like the
-- enquiry's own values (associated data enquiry_events.body.{id}), because it
-- often repeats what the sender wrote. detail says what changed with no
-- personal data in it ("new in_progress", an assignee's user id).
CREATE TABLE enquiry_events (
    id            INTEGER PRIMARY KEY,
    enquiry_id    INTEGER NOT NULL REFERENCES enquiries (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('note', 'reply', 'status', 'assigned')),
    actor_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    detail        TEXT    NOT NULL DEFAULT '',
    body_sealed   BLOB,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX enquiry_events_enquiry ON enquiry_events (enquiry_id, id);
