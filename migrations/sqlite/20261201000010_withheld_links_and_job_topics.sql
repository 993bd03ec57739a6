-- Hardening the outbox and the job queue.
--
-- outbox.one_time_link: a password-reset or confirmation link waiting to be
-- sent by SMTP. The stored body holds a marker in its place, so the admin
-- outbox page never shows it; the worker puts it into the email it sends and
-- then erases it. Without SMTP (the local mailbox) links stay in the body and
-- this column is empty.
ALTER TABLE outbox ADD COLUMN one_time_link TEXT;

-- outbox.dedupe_key: set by background jobs for the emails they send, so a job
-- that runs twice (its lease ran out while it worked) queues its email once.
ALTER TABLE outbox ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key);

-- jobs.topic: the record a job is about (e.g. course_run:42), so a change to
-- that record can find its pending jobs (a moved run reschedules its reminders).
ALTER TABLE jobs ADD COLUMN topic TEXT;
CREATE INDEX jobs_topic ON jobs (topic, kind, status);
