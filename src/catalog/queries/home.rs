//! What the home page lists from the catalog.

use crate::db::{on_pool, Database};

#[derive(Debug, sqlx::FromRow)]
pub struct CourseCardRow {
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub price_centavos: i64,
    pub currency: String,
}

/// Published courses marked as featured, by title.
pub async fn featured_courses(db: &Database, limit: i64) -> sqlx::Result<Vec<CourseCardRow>> {
    const SQL: &str = "
        SELECT slug, code, title, summary, price_centavos, currency
        FROM courses
        WHERE is_featured = TRUE AND is_published = TRUE
        ORDER BY title, id
        LIMIT $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(limit).fetch_all(pool).await)
}
