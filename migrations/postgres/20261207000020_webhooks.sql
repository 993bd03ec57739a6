-- Webhooks: the endpoints admins register, the messages Kurso owes each of
-- them, and every attempt to deliver one.
--
-- A delivery is written in the transaction of the change it reports (the
-- outbox): it exists if and only if the change committed. Its body is fixed
-- then, so every retry and every "Resend" sends the same bytes under the same
-- `webhook-id`; only the timestamp and signature are new per attempt.
CREATE TABLE webhook_endpoints (
    id                      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url                     TEXT    NOT NULL,
    description             TEXT    NOT NULL,
    -- The event types sent, space-separated (`enrollment.created run.updated`).
    events                  TEXT    NOT NULL,
    -- The signing secret, sealed under the data keys (crate::crypto).
    secret_sealed           BYTEA   NOT NULL,
    -- During a rotation the old secret signs too, until it expires.
    previous_secret_sealed  BYTEA,
    previous_secret_expires_at TIMESTAMPTZ,
    -- Set when deliveries failed for the whole retry schedule, or by an admin.
    disabled_at             TIMESTAMPTZ,
    disabled_reason         TEXT,
    created_by              BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at              TIMESTAMPTZ NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhook_deliveries (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id   BIGINT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    -- The `webhook-id` header: the same on every attempt, so receivers can
    -- drop a message they already handled.
    message_id    TEXT    NOT NULL UNIQUE,
    event_type    TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    -- pending, delivered or failed.
    status        TEXT    NOT NULL,
    attempts      BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    delivered_at  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- The delivery log, newest first, per endpoint.
CREATE INDEX webhook_deliveries_of_endpoint ON webhook_deliveries (endpoint_id, id);

CREATE TABLE webhook_attempts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    -- The receiver's HTTP status; none when no answer came (refused address,
    -- timeout, connection error: then `error` says which).
    status_code   INTEGER,
    error         TEXT,
    latency_ms    BIGINT  NOT NULL,
    -- The first characters of the receiver's answer, for the admin's log.
    response_snippet TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX webhook_attempts_of_delivery ON webhook_attempts (delivery_id, id);
