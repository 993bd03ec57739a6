-- Attendance, marked by an admin on the roster once a run has started: NULL
-- until marked, then whether the learner came. Certificates will read it.
ALTER TABLE enrollments ADD COLUMN attended BOOLEAN;
