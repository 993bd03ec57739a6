-- Idempotency keys of API writes: the first answer to a POST sent with
-- `Idempotency-Key`, kept 24 hours, so that a client retrying after a timeout
-- gets that answer again instead of a second enrollment. A row without
-- `response_status` is a request still running. Keys belong to a token: two
-- integrations may pick the same key without meeting.
CREATE TABLE api_idempotency_keys (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_id         BIGINT NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    idempotency_key  TEXT   NOT NULL,
    -- SHA-256 of the method, path and body: the same key with another request is refused.
    request_hash     TEXT   NOT NULL,
    response_status  INTEGER,
    -- JSON object of the headers replayed (Content-Type, Location, ETag).
    response_headers TEXT,
    response_body    BYTEA,
    created_at       TIMESTAMPTZ NOT NULL,
    -- When the answer was stored (or the claim taken over).
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (token_id, idempotency_key)
);

-- Expired keys are deleted per token as its new keys arrive.
CREATE INDEX api_idempotency_keys_age ON api_idempotency_keys (token_id, created_at);
