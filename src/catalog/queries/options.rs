//! The choices the catalog's filters offer.

use crate::db::{on_pool, Database};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i64,
}

pub async fn categories(db: &Database) -> sqlx::Result<Vec<CategoryRow>> {
    const SQL: &str =
        "SELECT id, slug, name, description, position FROM categories ORDER BY position, name, id";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

/// Cities that have a venue, for the city filter.
pub async fn venue_cities(db: &Database) -> sqlx::Result<Vec<String>> {
    const SQL: &str = "SELECT DISTINCT city FROM venues ORDER BY city";
    let rows: Vec<(String,)> = on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(city,)| city).collect())
}

/// Every published course as (slug, title), by title, for the enquiry form's
/// topic choice.
pub async fn published_course_choices(db: &Database) -> sqlx::Result<Vec<(String, String)>> {
    const SQL: &str =
        "SELECT slug, title FROM courses WHERE is_published = TRUE ORDER BY title, id";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}
