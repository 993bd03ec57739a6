//! Catalog reads. Portable SQL, compiled once per backend through `on_pool!`.

use chrono::{DateTime, Utc};

use crate::db::{on_pool, Database};

#[derive(Debug, sqlx::FromRow)]
pub struct UpcomingRunRow {
    pub run_id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub starts_at: DateTime<Utc>,
    pub mode: String,
}

/// Scheduled runs of published courses starting after `after`, soonest first.
pub async fn upcoming_runs(
    db: &Database,
    after: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<UpcomingRunRow>> {
    const SQL: &str = "
        SELECT r.id AS run_id, c.slug AS course_slug, c.title AS course_title, r.starts_at, r.mode
        FROM course_runs r
        JOIN courses c ON c.id = r.course_id
        WHERE r.status = 'scheduled' AND c.is_published = TRUE AND r.starts_at > $1
        ORDER BY r.starts_at, r.id
        LIMIT $2";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(after).bind(limit).fetch_all(pool).await)
}

#[derive(Debug, sqlx::FromRow)]
pub struct CourseCardRow {
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
}

/// Published courses marked as featured, by title.
pub async fn featured_courses(db: &Database, limit: i64) -> sqlx::Result<Vec<CourseCardRow>> {
    const SQL: &str = "
        SELECT slug, code, title, summary
        FROM courses
        WHERE is_featured = TRUE AND is_published = TRUE
        ORDER BY title, id
        LIMIT $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(limit).fetch_all(pool).await)
}
