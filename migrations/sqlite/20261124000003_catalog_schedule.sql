-- The full catalog: categories, venues, trainers, and everything a buyer needs to
-- know about a course and its runs; plus the full-text index behind search.
--
-- Columns added to existing tables have defaults, so the migration applies to a
-- database that already holds courses and runs.

-- Categories group courses on the catalog page ("Cloud", "Cybersecurity", ...).
CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- Venues: where in-person runs take place. `city` is what visitors filter by
-- ("Metro Manila", "Cebu City"); the district is part of the address.
CREATE TABLE venues (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    city       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX venues_city ON venues (city);

CREATE TABLE trainers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    bio         TEXT NOT NULL DEFAULT '',
    credentials TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Courses: description and outline are Markdown, rendered to sanitized HTML when
-- shown. Prices are whole centavos. The level is one of three words.
ALTER TABLE courses ADD COLUMN category_id INTEGER REFERENCES categories (id) ON DELETE RESTRICT;
ALTER TABLE courses ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE courses ADD COLUMN outline TEXT NOT NULL DEFAULT '';
ALTER TABLE courses ADD COLUMN prerequisites TEXT NOT NULL DEFAULT '';
ALTER TABLE courses ADD COLUMN duration_hours INTEGER NOT NULL DEFAULT 8 CHECK (duration_hours > 0);
ALTER TABLE courses ADD COLUMN level TEXT NOT NULL DEFAULT 'beginner'
    CHECK (level IN ('beginner', 'intermediate', 'advanced'));
ALTER TABLE courses ADD COLUMN price_centavos INTEGER NOT NULL DEFAULT 0 CHECK (price_centavos >= 0);
ALTER TABLE courses ADD COLUMN currency TEXT NOT NULL DEFAULT 'PHP';
ALTER TABLE courses ADD COLUMN certification_name TEXT NOT NULL DEFAULT '';
ALTER TABLE courses ADD COLUMN certification_vendor TEXT NOT NULL DEFAULT '';
-- The course's next scheduled run and how many are coming, kept by the
-- application whenever runs change and once a minute as runs start, so the
-- catalog can page through 100,000 courses by "soonest run" with an index
-- instead of aggregating every run per request. A course with no upcoming run
-- holds the far-future sentinel 9999-12-31, which sorts last on both backends
-- (NULL would sort first on SQLite and last on PostgreSQL).
ALTER TABLE courses ADD COLUMN next_run_at TEXT NOT NULL DEFAULT '9999-12-31T00:00:00+00:00';
ALTER TABLE courses ADD COLUMN upcoming_run_count INTEGER NOT NULL DEFAULT 0;

-- Course codes are unique: they are what trainers and invoices refer to.
CREATE UNIQUE INDEX courses_code ON courses (code);
-- The catalog filters published courses by category and sorts by title or price.
CREATE INDEX courses_catalog_title ON courses (is_published, title);
CREATE INDEX courses_catalog_price ON courses (is_published, price_centavos);
CREATE INDEX courses_category ON courses (category_id, is_published);
CREATE INDEX courses_catalog_soonest ON courses (is_published, next_run_at, title, id);

-- Runs: an in-person run has a venue, an online run has none (checked by the
-- application; SQLite cannot add a table CHECK to an existing table).
-- `seats_taken` counts confirmed places; enrollment keeps it and never lets it
-- pass `capacity`.
ALTER TABLE course_runs ADD COLUMN venue_id INTEGER REFERENCES venues (id) ON DELETE RESTRICT;
ALTER TABLE course_runs ADD COLUMN trainer_id INTEGER REFERENCES trainers (id) ON DELETE RESTRICT;
ALTER TABLE course_runs ADD COLUMN capacity INTEGER NOT NULL DEFAULT 20 CHECK (capacity > 0);
ALTER TABLE course_runs ADD COLUMN min_to_run INTEGER NOT NULL DEFAULT 1 CHECK (min_to_run > 0);
ALTER TABLE course_runs ADD COLUMN price_override_centavos INTEGER CHECK (price_override_centavos >= 0);
ALTER TABLE course_runs ADD COLUMN seats_taken INTEGER NOT NULL DEFAULT 0 CHECK (seats_taken >= 0);

-- A course's upcoming runs, and the catalog's "soonest run" per course.
CREATE INDEX course_runs_course_start ON course_runs (course_id, status, starts_at);
CREATE INDEX course_runs_venue ON course_runs (venue_id);
CREATE INDEX course_runs_trainer ON course_runs (trainer_id);

-- Full-text search over courses. The table holds its own copy of the text (rowid
-- = course id), kept in step by the triggers below; the porter tokenizer matches
-- "securing" to "security". Columns are weighted at query time: title first.
CREATE VIRTUAL TABLE courses_search USING fts5(
    title, summary, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO courses_search (rowid, title, summary, body)
SELECT id, title || ' ' || code, summary,
       description || ' ' || outline || ' ' || prerequisites || ' ' || certification_name || ' ' || certification_vendor
FROM courses;

CREATE TRIGGER courses_search_insert AFTER INSERT ON courses BEGIN
    INSERT INTO courses_search (rowid, title, summary, body)
    VALUES (new.id, new.title || ' ' || new.code, new.summary,
            new.description || ' ' || new.outline || ' ' || new.prerequisites || ' ' ||
            new.certification_name || ' ' || new.certification_vendor);
END;

-- Only a change to the indexed text re-indexes (not a refresh of next_run_at).
CREATE TRIGGER courses_search_update
AFTER UPDATE OF title, code, summary, description, outline, prerequisites,
                certification_name, certification_vendor ON courses BEGIN
    DELETE FROM courses_search WHERE rowid = old.id;
    INSERT INTO courses_search (rowid, title, summary, body)
    VALUES (new.id, new.title || ' ' || new.code, new.summary,
            new.description || ' ' || new.outline || ' ' || new.prerequisites || ' ' ||
            new.certification_name || ' ' || new.certification_vendor);
END;

CREATE TRIGGER courses_search_delete AFTER DELETE ON courses BEGIN
    DELETE FROM courses_search WHERE rowid = old.id;
END;
