-- Enrollment: a learner's place in a course run. A place is a confirmed seat, a
-- place on the waitlist, or a seat offered from the waitlist and held until the
-- offer is claimed or expires.
--
-- `course_runs.seats_taken` counts confirmed and offered places; enrollment
-- raises it only with a conditional UPDATE (`seats_taken < capacity`), so the
-- check and the change are one statement. `waitlist_seq` hands out waitlist
-- order numbers the same way.
ALTER TABLE course_runs ADD COLUMN waitlist_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE enrollments (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id           BIGINT NOT NULL REFERENCES course_runs (id) ON DELETE RESTRICT,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    status           TEXT   NOT NULL
                            CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled', 'expired')),
    -- Order on the waitlist (lower is earlier); kept after promotion for history.
    waitlist_seq     BIGINT,
    offer_expires_at TIMESTAMPTZ,
    cancelled_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

-- One live place per learner and run: enrolling twice is refused by the
-- database itself, even when two requests race.
CREATE UNIQUE INDEX enrollments_one_live_place
    ON enrollments (run_id, user_id) WHERE status IN ('confirmed', 'waitlisted', 'offered');
CREATE INDEX enrollments_waitlist ON enrollments (run_id, status, waitlist_seq);
CREATE INDEX enrollments_of_learner ON enrollments (user_id, created_at);
CREATE INDEX enrollments_offers_due ON enrollments (status, offer_expires_at);
