-- A durable job queue: work done after the request returns (reminders, offer
-- expiry, alerts). A worker claims due jobs by setting them running with a
-- lease; a worker that dies leaves its jobs to be claimed again once the lease
-- runs out. A failed job waits longer after each attempt and ends dead after
-- `max_attempts`, for an admin to look at and retry.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    -- JSON, as the job's kind reads it.
    payload      TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'running', 'failed', 'done', 'dead')),
    run_at       TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts > 0),
    last_error   TEXT,
    locked_until TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

-- What workers ask: the due jobs, oldest first.
CREATE INDEX jobs_due ON jobs (status, run_at, id);
-- What the admin job queue page asks: one status, most recently changed first.
CREATE INDEX jobs_by_status ON jobs (status, updated_at);
