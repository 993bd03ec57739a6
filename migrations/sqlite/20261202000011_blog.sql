-- The blog: a post's Markdown body and the HTML rendered from it once, at save
-- time (pulldown-cmark, then ammonia); its cover, author, tags and status.
--
-- status: draft (never shown), scheduled (shown from published_at on) or
-- published. A scheduled post needs no job to appear: every read asks for
-- published_at <= now, so it shows on every instance at its time.
ALTER TABLE posts RENAME COLUMN excerpt TO summary;
ALTER TABLE posts ADD COLUMN body_markdown TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN cover_url TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN cover_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN author_trainer_id INTEGER REFERENCES trainers (id) ON DELETE SET NULL;
ALTER TABLE posts ADD COLUMN author_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE posts ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'scheduled', 'published'));
ALTER TABLE posts ADD COLUMN reading_minutes INTEGER NOT NULL DEFAULT 1;
UPDATE posts SET status = 'published' WHERE published_at IS NOT NULL;

-- What readers see: shown posts, newest first.
DROP INDEX posts_latest;
CREATE INDEX posts_latest ON posts (status, published_at);
CREATE INDEX posts_author_trainer ON posts (author_trainer_id);
CREATE INDEX posts_author_user ON posts (author_user_id);

-- Tags are lower-case words or hyphenated phrases ("cloud", "career-advice").
CREATE TABLE post_tags (
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (post_id, tag)
);
CREATE INDEX post_tags_tag ON post_tags (tag, post_id);

-- Full-text search over posts, as over courses (see courses_search).
CREATE VIRTUAL TABLE posts_search USING fts5(
    title, summary, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO posts_search (rowid, title, summary, body)
SELECT id, title, summary, body_markdown FROM posts;

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_search (rowid, title, summary, body)
    VALUES (new.id, new.title, new.summary, new.body_markdown);
END;

CREATE TRIGGER posts_search_update
AFTER UPDATE OF title, summary, body_markdown ON posts BEGIN
    DELETE FROM posts_search WHERE rowid = old.id;
    INSERT INTO posts_search (rowid, title, summary, body)
    VALUES (new.id, new.title, new.summary, new.body_markdown);
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    DELETE FROM posts_search WHERE rowid = old.id;
END;
