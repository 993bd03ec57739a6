//! The catalog page's query: published courses narrowed by search, category,
//! price and by their runs (delivery, city, month), sorted and paged.

use chrono::{DateTime, Utc};

use super::SearchTerms;
use crate::catalog::filters::CatalogSort;
use crate::db::{Database, Param, SqlBuilder};

/// What to look for, already parsed and converted (pesos to centavos, a month
/// to a UTC window in the site's time zone).
#[derive(Clone, Debug, Default)]
pub struct CourseSearch {
    pub search: Option<SearchTerms>,
    pub category_slug: Option<String>,
    pub mode: Option<String>,
    pub city: Option<String>,
    pub starts_within: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub min_price_centavos: Option<i64>,
    pub max_price_centavos: Option<i64>,
    pub sort: CatalogSort,
    pub limit: i64,
    pub offset: i64,
}

impl CourseSearch {
    fn filters_runs(&self) -> bool {
        self.mode.is_some() || self.city.is_some() || self.starts_within.is_some()
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CourseListRow {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub level: String,
    pub duration_hours: i64,
    pub price_centavos: i64,
    pub currency: String,
    pub category_name: Option<String>,
    /// The soonest run matching the run filters (any upcoming run without them).
    pub next_start: Option<DateTime<Utc>>,
    pub upcoming_runs: i64,
    /// How many courses match in all, on every row (a window count).
    pub total_count: i64,
}

/// One page of matching courses and the total count. Ties are broken by id, so
/// pages never overlap or skip a course.
pub async fn search_courses(
    db: &Database,
    now: DateTime<Utc>,
    search: &CourseSearch,
) -> sqlx::Result<(Vec<CourseListRow>, i64)> {
    let rows: Vec<CourseListRow> = build(db, now, search, false).fetch_all(db).await?;
    let total = match rows.first() {
        Some(row) => row.total_count,
        // Past the last page: count without paging.
        None if search.offset > 0 => {
            let counted: Vec<CourseListRow> = build(db, now, search, true).fetch_all(db).await?;
            counted.first().map_or(0, |row| row.total_count)
        }
        None => 0,
    };
    Ok((rows, total))
}

fn build(
    db: &Database,
    now: DateTime<Utc>,
    search: &CourseSearch,
    first_row_only: bool,
) -> SqlBuilder {
    let mut query = SqlBuilder::new(
        "WITH next_runs AS (
            SELECT r.course_id, MIN(r.starts_at) AS next_start, COUNT(*) AS upcoming_runs
            FROM course_runs r
            LEFT JOIN venues v ON v.id = r.venue_id
            WHERE r.status = 'scheduled' AND r.starts_at > ",
    );
    query.bind(Param::Time(now));
    if let Some(mode) = &search.mode {
        query.push(" AND r.mode = ").bind(Param::Text(mode.clone()));
    }
    if let Some(city) = &search.city {
        query.push(" AND v.city = ").bind(Param::Text(city.clone()));
    }
    if let Some((from, until)) = search.starts_within {
        query.push(" AND r.starts_at >= ").bind(Param::Time(from));
        query.push(" AND r.starts_at < ").bind(Param::Time(until));
    }
    query.push(
        " GROUP BY r.course_id)
        SELECT c.id, c.slug, c.code, c.title, c.summary, c.level, c.duration_hours,
               c.price_centavos, c.currency, cat.name AS category_name,
               n.next_start, COALESCE(n.upcoming_runs, 0) AS upcoming_runs,
               COUNT(*) OVER () AS total_count
        FROM courses c
        LEFT JOIN categories cat ON cat.id = c.category_id",
    );
    // With run filters, a course without a matching run is not a match.
    query.push(if search.filters_runs() {
        " JOIN"
    } else {
        " LEFT JOIN"
    });
    query.push(" next_runs n ON n.course_id = c.id");
    if let Some(terms) = &search.search {
        terms.push_join(&mut query, db.backend(), true);
    }
    query.push(" WHERE c.is_published = TRUE");
    if let Some(slug) = &search.category_slug {
        query
            .push(" AND cat.slug = ")
            .bind(Param::Text(slug.clone()));
    }
    if let Some(min) = search.min_price_centavos {
        query
            .push(" AND c.price_centavos >= ")
            .bind(Param::Int(min));
    }
    if let Some(max) = search.max_price_centavos {
        query
            .push(" AND c.price_centavos <= ")
            .bind(Param::Int(max));
    }
    query.push(match (search.sort, search.search.is_some()) {
        (CatalogSort::Relevance, true) => " ORDER BY s.search_rank, c.title, c.id",
        (CatalogSort::Title, _) => " ORDER BY c.title, c.id",
        (CatalogSort::PriceLow, _) => " ORDER BY c.price_centavos, c.title, c.id",
        (CatalogSort::PriceHigh, _) => " ORDER BY c.price_centavos DESC, c.title, c.id",
        // Courses with no upcoming run go last.
        _ => " ORDER BY n.next_start IS NULL, n.next_start, c.title, c.id",
    });
    let (limit, offset) = if first_row_only {
        (1, 0)
    } else {
        (search.limit, search.offset)
    };
    query.push(" LIMIT ").bind(Param::Int(limit));
    query.push(" OFFSET ").bind(Param::Int(offset));
    query
}
