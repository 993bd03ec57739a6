use chrono::{DateTime, Utc};

use crate::db::{on_pool, Database};

#[derive(Debug, sqlx::FromRow)]
pub struct PostCardRow {
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub published_at: DateTime<Utc>,
}

/// Published posts, newest first. Drafts (no `published_at`) never appear.
pub async fn latest_posts(db: &Database, limit: i64) -> sqlx::Result<Vec<PostCardRow>> {
    const SQL: &str = "
        SELECT slug, title, excerpt, published_at
        FROM posts
        WHERE published_at IS NOT NULL
        ORDER BY published_at DESC, id DESC
        LIMIT $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(limit).fetch_all(pool).await)
}
