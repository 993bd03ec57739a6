-- A learner's change of email waits here until the new address is proven:
-- the link mailed to it carries a token stored only as its SHA-256, like
-- account_tokens. One pending change per user; asking again replaces it.
CREATE TABLE email_changes (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    new_email  TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
