-- Addresses a post had before its slug was changed. /blog/{old} answers 301 to
-- the post's address today, so links and search results keep working. A slug a
-- post uses now always wins over an old address (the row is removed when a
-- post takes it).
CREATE TABLE post_old_slugs (
    slug       TEXT    PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX post_old_slugs_post ON post_old_slugs (post_id);
