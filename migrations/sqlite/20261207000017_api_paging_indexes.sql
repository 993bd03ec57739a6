-- The JSON API pages by keys (api::paging): published courses by id, and
-- the schedule by start then id. Each index serves its order directly, so a
-- page reads its 50 rows instead of sorting every match (bench/api.sh: the
-- planners otherwise sorted 10,000 courses, or every run sharing a start
-- time, per request). The schedule page's order is the same.
CREATE INDEX courses_published_by_id ON courses (is_published, id);
CREATE INDEX course_runs_upcoming_by_id ON course_runs (status, starts_at, id);
-- It covers what this one served.
DROP INDEX course_runs_upcoming;
