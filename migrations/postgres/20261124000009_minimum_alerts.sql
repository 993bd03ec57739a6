-- When admins were told that a run was below its minimum a week before its
-- start. Set by the same conditional UPDATE that queues the alert job, so each
-- run is alerted once however many app instances look.
ALTER TABLE course_runs ADD COLUMN minimum_alert_at TIMESTAMPTZ;
