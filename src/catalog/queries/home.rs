//! What the home page lists from the catalog.

use super::CourseCardRow;
use crate::db::{on_pool, Database};

/// Published courses marked as featured, by title.
pub async fn featured_courses(db: &Database, limit: i64) -> sqlx::Result<Vec<CourseCardRow>> {
    const SQL: &str = "
        SELECT id, slug, code, title, summary, price_centavos, currency, category_id
        FROM courses
        WHERE is_featured = TRUE AND is_published = TRUE
        ORDER BY title, id
        LIMIT $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(limit).fetch_all(pool).await)
}
