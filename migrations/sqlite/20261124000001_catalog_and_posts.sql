-- The first tables: just enough catalog and blog for the home page to list
-- upcoming trainings, featured courses and the latest posts. Later migrations add
-- to them; none of these files is ever edited once landed.
--
-- Conventions (SQLite): ids are INTEGER PRIMARY KEY; timestamps are UTC, bound
-- from Rust as chrono DateTime<Utc> and stored as RFC 3339 text, which sorts in
-- time order; booleans are 0/1.

-- Courses: what is taught.
CREATE TABLE courses (
    id           INTEGER PRIMARY KEY,
    slug         TEXT    NOT NULL UNIQUE,
    code         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    is_published BOOLEAN NOT NULL DEFAULT FALSE,
    is_featured  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

-- The home page lists featured, published courses by title.
CREATE INDEX courses_featured ON courses (is_featured, is_published, title);

-- Course runs: one dated delivery of a course.
CREATE TABLE course_runs (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL REFERENCES courses (id) ON DELETE RESTRICT,
    starts_at  TEXT    NOT NULL,
    ends_at    TEXT    NOT NULL,
    mode       TEXT    NOT NULL CHECK (mode IN ('online', 'in_person')),
    status     TEXT    NOT NULL DEFAULT 'scheduled'
                       CHECK (status IN ('scheduled', 'cancelled', 'completed')),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    CHECK (ends_at > starts_at)
);

-- "Upcoming trainings": scheduled runs in start order.
CREATE INDEX course_runs_upcoming ON course_runs (status, starts_at);
CREATE INDEX course_runs_course ON course_runs (course_id);

-- Posts: blog articles. A post without published_at is a draft.
CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    excerpt      TEXT NOT NULL DEFAULT '',
    published_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- "Latest blog posts": newest published first.
CREATE INDEX posts_latest ON posts (published_at);
