//! The sitemap's reads: only what a visitor may open today. Drafts, unpublished
//! courses and posts scheduled for later stay out.

use chrono::{DateTime, Utc};

use crate::db::{on_pool, Database};

#[derive(Debug, sqlx::FromRow)]
pub struct Entry {
    /// A course's or post's slug, or a tag.
    pub key: String,
    pub modified_at: DateTime<Utc>,
}

pub async fn published_courses(db: &Database) -> sqlx::Result<Vec<Entry>> {
    const SQL: &str = "
        SELECT slug AS key, updated_at AS modified_at FROM courses
        WHERE is_published ORDER BY slug";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

/// A post last changed when it was edited or, for a scheduled post, when it
/// appeared, whichever is later.
pub async fn shown_posts(db: &Database, now: DateTime<Utc>) -> sqlx::Result<Vec<Entry>> {
    const SQL: &str = "
        SELECT slug AS key,
               CASE WHEN updated_at > published_at THEN updated_at ELSE published_at END AS modified_at
        FROM posts
        WHERE status <> 'draft' AND published_at IS NOT NULL AND published_at <= $1
        ORDER BY published_at DESC, id DESC";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(now).fetch_all(pool).await)
}

/// Every tag of a shown post; its page changed when its newest post did.
pub async fn shown_tags(db: &Database, now: DateTime<Utc>) -> sqlx::Result<Vec<Entry>> {
    const SQL: &str = "
        SELECT pt.tag AS key,
               MAX(CASE WHEN p.updated_at > p.published_at THEN p.updated_at ELSE p.published_at END) AS modified_at
        FROM post_tags pt JOIN posts p ON p.id = pt.post_id
        WHERE p.status <> 'draft' AND p.published_at IS NOT NULL AND p.published_at <= $1
        GROUP BY pt.tag
        ORDER BY pt.tag";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(now).fetch_all(pool).await)
}
