-- API tokens: what a program sends as `Authorization: Bearer kurso_…` to act
-- for the user who made the token, within its scopes. The secret is shown
-- once and stored only as its SHA-256 (a leaked row cannot be used); `prefix`
-- is its first characters, so lists tell tokens apart and secret scanners
-- recognise Kurso's. A revoked or expired token stays listed, refused.
CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    prefix       TEXT   NOT NULL,
    secret_hash  TEXT   NOT NULL UNIQUE,
    -- Space-separated, such as "catalog:read users:read".
    scopes       TEXT   NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    last_used_ip TEXT,
    revoked_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- The admin's list: newest first.
CREATE INDEX api_tokens_newest ON api_tokens (created_at);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
