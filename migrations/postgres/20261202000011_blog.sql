-- The blog: a post's Markdown body and the HTML rendered from it once, at save
-- time (pulldown-cmark, then ammonia); its cover, author, tags and status.
--
-- status: draft (never shown), scheduled (shown from published_at on) or
-- published. A scheduled post needs no job to appear: every read asks for
-- published_at <= now, so it shows on every instance at its time.
ALTER TABLE posts RENAME COLUMN excerpt TO summary;
ALTER TABLE posts
    ADD COLUMN body_markdown TEXT NOT NULL DEFAULT '',
    ADD COLUMN body_html TEXT NOT NULL DEFAULT '',
    ADD COLUMN cover_url TEXT NOT NULL DEFAULT '',
    ADD COLUMN cover_alt TEXT NOT NULL DEFAULT '',
    ADD COLUMN author_trainer_id BIGINT REFERENCES trainers (id) ON DELETE SET NULL,
    ADD COLUMN author_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'scheduled', 'published')),
    ADD COLUMN reading_minutes BIGINT NOT NULL DEFAULT 1;
UPDATE posts SET status = 'published' WHERE published_at IS NOT NULL;

-- What readers see: shown posts, newest first.
DROP INDEX posts_latest;
CREATE INDEX posts_latest ON posts (status, published_at);
CREATE INDEX posts_author_trainer ON posts (author_trainer_id);
CREATE INDEX posts_author_user ON posts (author_user_id);

-- Tags are lower-case words or hyphenated phrases ("cloud", "career-advice").
CREATE TABLE post_tags (
    post_id    BIGINT      NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag        TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_id, tag)
);
CREATE INDEX post_tags_tag ON post_tags (tag, post_id);

-- Full-text search over posts, as over courses (see courses.search_vector).
ALTER TABLE posts ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', summary), 'B') ||
    setweight(to_tsvector('english', body_markdown), 'D')
) STORED;
CREATE INDEX posts_search ON posts USING GIN (search_vector);
