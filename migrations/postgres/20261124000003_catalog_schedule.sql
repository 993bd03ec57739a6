-- The full catalog: categories, venues, trainers, and everything a buyer needs to
-- know about a course and its runs; plus the full-text index behind search.
-- Keep tables and columns in step with migrations/sqlite.

CREATE TABLE categories (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        TEXT        NOT NULL UNIQUE,
    name        TEXT        NOT NULL UNIQUE,
    description TEXT        NOT NULL DEFAULT '',
    position    BIGINT      NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- `city` is what visitors filter by ("Metro Manila", "Cebu City").
CREATE TABLE venues (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE,
    city       TEXT        NOT NULL,
    address    TEXT        NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX venues_city ON venues (city);

CREATE TABLE trainers (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT        NOT NULL,
    bio         TEXT        NOT NULL DEFAULT '',
    credentials TEXT        NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

ALTER TABLE courses
    ADD COLUMN category_id BIGINT REFERENCES categories (id) ON DELETE RESTRICT,
    ADD COLUMN description TEXT NOT NULL DEFAULT '',
    ADD COLUMN outline TEXT NOT NULL DEFAULT '',
    ADD COLUMN prerequisites TEXT NOT NULL DEFAULT '',
    ADD COLUMN duration_hours BIGINT NOT NULL DEFAULT 8 CHECK (duration_hours > 0),
    ADD COLUMN level TEXT NOT NULL DEFAULT 'beginner'
        CHECK (level IN ('beginner', 'intermediate', 'advanced')),
    ADD COLUMN price_centavos BIGINT NOT NULL DEFAULT 0 CHECK (price_centavos >= 0),
    ADD COLUMN currency TEXT NOT NULL DEFAULT 'PHP',
    ADD COLUMN certification_name TEXT NOT NULL DEFAULT '',
    ADD COLUMN certification_vendor TEXT NOT NULL DEFAULT '',
    -- Kept by the application (see migrations/sqlite): the next scheduled run, or
    -- the far-future sentinel 9999-12-31 when there is none, and how many.
    ADD COLUMN next_run_at TIMESTAMPTZ NOT NULL DEFAULT '9999-12-31T00:00:00+00:00',
    ADD COLUMN upcoming_run_count BIGINT NOT NULL DEFAULT 0;

CREATE UNIQUE INDEX courses_code ON courses (code);
CREATE INDEX courses_catalog_title ON courses (is_published, title);
CREATE INDEX courses_catalog_price ON courses (is_published, price_centavos);
CREATE INDEX courses_category ON courses (category_id, is_published);
CREATE INDEX courses_catalog_soonest ON courses (is_published, next_run_at, title, id);

-- Full-text search: a generated, weighted tsvector (title A, summary B, the rest
-- D) with a GIN index. 'english' stems "securing" to "secur".
ALTER TABLE courses ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title || ' ' || code), 'A') ||
    setweight(to_tsvector('english', summary), 'B') ||
    setweight(to_tsvector('english',
        description || ' ' || outline || ' ' || prerequisites || ' ' ||
        certification_name || ' ' || certification_vendor), 'D')
) STORED;
CREATE INDEX courses_search ON courses USING GIN (search_vector);

-- An in-person run has a venue, an online run has none (checked by the
-- application, as on SQLite). `seats_taken` counts confirmed places; enrollment
-- keeps it and never lets it pass `capacity`.
ALTER TABLE course_runs
    ADD COLUMN venue_id BIGINT REFERENCES venues (id) ON DELETE RESTRICT,
    ADD COLUMN trainer_id BIGINT REFERENCES trainers (id) ON DELETE RESTRICT,
    ADD COLUMN capacity BIGINT NOT NULL DEFAULT 20 CHECK (capacity > 0),
    ADD COLUMN min_to_run BIGINT NOT NULL DEFAULT 1 CHECK (min_to_run > 0),
    ADD COLUMN price_override_centavos BIGINT CHECK (price_override_centavos >= 0),
    ADD COLUMN seats_taken BIGINT NOT NULL DEFAULT 0 CHECK (seats_taken >= 0);

CREATE INDEX course_runs_course_start ON course_runs (course_id, status, starts_at);
CREATE INDEX course_runs_venue ON course_runs (venue_id);
CREATE INDEX course_runs_trainer ON course_runs (trainer_id);
