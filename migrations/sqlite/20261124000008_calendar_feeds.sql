-- A learner's personal calendar feed: one secret address per learner that
-- calendar apps subscribe to. Only the token's SHA-256 is kept, so a leaked
-- row is no working address; replacing the token turns the old address off.
CREATE TABLE calendar_feeds (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
