-- Enquiries from the contact form.
--
-- The sender's name, email, phone and message are never stored readable: each
-- *_sealed column holds an XChaCha20-Poly1305 value carrying its key id and
-- nonce, sealed with the table, column and row id as associated data (see
-- src/crypto.rs). email_index is a keyed hash (HMAC-SHA256) of the address, so
-- the inbox finds a sender's enquiries without reading the address.
--
-- topic: a course (course_id), private training for a team, or other.
-- status: new, in_progress, answered, closed; spam for a suspected bot, kept
-- (not dropped) so that a wrongly caught visitor can still be answered.
CREATE TABLE enquiries (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic          TEXT    NOT NULL CHECK (topic IN ('course', 'private_team', 'other')),
    course_id      BIGINT  REFERENCES courses (id) ON DELETE SET NULL,
    preferred_mode TEXT    NOT NULL DEFAULT '',
    company        TEXT    NOT NULL DEFAULT '',
    name_sealed    BYTEA   NOT NULL,
    email_sealed   BYTEA   NOT NULL,
    phone_sealed   BYTEA,
    message_sealed BYTEA   NOT NULL,
    email_index    BYTEA   NOT NULL,
    consent_at     TIMESTAMPTZ NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'in_progress', 'answered', 'closed', 'spam')),
    spam_reason    TEXT    NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- The inbox: by status, newest first; one sender's enquiries; a course's.
CREATE INDEX enquiries_status ON enquiries (status, created_at);
CREATE INDEX enquiries_email_index ON enquiries (email_index);
CREATE INDEX enquiries_course ON enquiries (course_id);
