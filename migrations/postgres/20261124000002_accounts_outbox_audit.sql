-- Accounts, the tokens that verify an email or reset a password, the email
-- outbox and the audit log. Same conventions as the first migration; keep in
-- step with migrations/sqlite.

-- Users: learners and admins. `email` is stored trimmed and lower-cased by the
-- application, so the UNIQUE constraint makes emails case-insensitively unique.
-- `session_epoch` is copied into every session at login; bumping it (password
-- change, role change, disable) ends all of the user's sessions at once.
CREATE TABLE users (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email             TEXT    NOT NULL UNIQUE,
    name              TEXT    NOT NULL,
    password_hash     TEXT    NOT NULL,
    role              TEXT    NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'admin')),
    email_verified_at TIMESTAMPTZ,
    disabled_at       TIMESTAMPTZ,
    session_epoch     BIGINT  NOT NULL DEFAULT 0,
    terms_accepted_at TIMESTAMPTZ NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

-- The admin user list: newest first, optionally by role.
CREATE INDEX users_role_created ON users (role, created_at);

-- One-time tokens mailed to a user. Only a SHA-256 of the token is kept, so a
-- copy of the database cannot be used to take over accounts.
CREATE TABLE account_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    token_hash TEXT    NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Issuing a token retires the user's earlier unused ones of the same purpose.
CREATE INDEX account_tokens_user_purpose ON account_tokens (user_id, purpose);

-- Emails waiting for (or done with) delivery, written in the same transaction as
-- the change that causes them. A worker claims a row by setting `claimed_until`,
-- so several servers can share the table without sending anything twice.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    delivered_via   TEXT    CHECK (delivered_via IN ('smtp', 'local_mailbox')),
    attempts        BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until   TIMESTAMPTZ,
    last_error      TEXT,
    sent_at         TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- The worker's queue: pending rows in the order they are due.
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
-- The admin outbox page: newest first, optionally for one recipient.
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);

-- Who did what to which record, when and from where. Never updated or deleted by
-- the application. `before_state`/`after_state` are JSON without secrets.
CREATE TABLE audit_log (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at   TIMESTAMPTZ NOT NULL,
    actor_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor_email   TEXT,
    action        TEXT    NOT NULL,
    target_type   TEXT,
    target_id     TEXT,
    before_state  TEXT,
    after_state   TEXT,
    ip_address    TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- The dashboard filters by action and by actor, newest first.
CREATE INDEX audit_log_occurred ON audit_log (occurred_at);
CREATE INDEX audit_log_action ON audit_log (action, occurred_at);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, occurred_at);
