//! The catalog page's query: published courses narrowed by search, category,
//! price and by their runs (delivery, city, month), sorted and paged.
//!
//! Without run filters the soonest-run order comes from `courses.next_run_at`
//! (kept by `refresh_next_runs`), which an index serves in order, so a page
//! costs the same on 100 or 100,000 courses. With run filters the matching runs
//! are aggregated per course, over the runs those filters leave.

use chrono::{DateTime, Utc};

use super::SearchTerms;
use crate::catalog::filters::CatalogSort;
use crate::db::{Database, SqlBuilder};

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
    /// Only courses changed at or after this time (the API's `updated_since`).
    pub updated_since: Option<DateTime<Utc>>,
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
    /// The soonest run matching the run filters (any upcoming run without
    /// them); the far-future sentinel when there is none.
    pub next_start: DateTime<Utc>,
    pub upcoming_runs: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Count {
    total: i64,
}

/// One page of matching courses and the total count. Ties are broken by id, so
/// pages never overlap or skip a course.
pub async fn search_courses(
    db: &Database,
    now: DateTime<Utc>,
    search: &CourseSearch,
) -> sqlx::Result<(Vec<CourseListRow>, i64)> {
    let mut page = SqlBuilder::new("");
    push_runs_cte(&mut page, now, search);
    page.push(
        "SELECT c.id, c.slug, c.code, c.title, c.summary, c.level, c.duration_hours,
                c.price_centavos, c.currency, cat.name AS category_name, c.updated_at,",
    );
    page.push(if search.filters_runs() {
        " n.next_start, n.upcoming_runs"
    } else {
        " c.next_run_at AS next_start, c.upcoming_run_count AS upcoming_runs"
    });
    // Only relevance order needs the rank; a plain condition is cheaper.
    let ranked = matches!(search.sort, CatalogSort::Relevance) && search.search.is_some();
    page.push(" FROM courses c LEFT JOIN categories cat ON cat.id = c.category_id");
    push_joins_and_where(&mut page, db, search, ranked);
    page.push(
        match (search.sort, search.search.is_some(), search.filters_runs()) {
            (CatalogSort::Relevance, true, _) => " ORDER BY s.search_rank, c.title, c.id",
            (CatalogSort::Title, _, _) => " ORDER BY c.title, c.id",
            (CatalogSort::PriceLow, _, _) => " ORDER BY c.price_centavos, c.title, c.id",
            (CatalogSort::PriceHigh, _, _) => " ORDER BY c.price_centavos DESC, c.title, c.id",
            (_, _, true) => " ORDER BY n.next_start, c.title, c.id",
            (_, _, false) => " ORDER BY c.next_run_at, c.title, c.id",
        },
    );
    page.push(" LIMIT ").bind(search.limit);
    page.push(" OFFSET ").bind(search.offset);

    let mut count = SqlBuilder::new("");
    push_runs_cte(&mut count, now, search);
    // No categories join: counting stays inside the courses indexes.
    count.push("SELECT COUNT(*) AS total FROM courses c");
    push_joins_and_where(&mut count, db, search, false);

    let (rows, counts) = tokio::try_join!(
        page.fetch_all::<CourseListRow>(db),
        count.fetch_all::<Count>(db)
    )?;
    Ok((rows, counts.first().map_or(0, |c| c.total)))
}

/// The courses after `after_id` in id order, `search.limit` of them, with the
/// same filters as the catalog page (its sort and offset are not used). New
/// courses get higher ids, so paging by id sees each course once even while
/// courses are added (the API's cursor).
pub async fn courses_after(
    db: &Database,
    now: DateTime<Utc>,
    search: &CourseSearch,
    after_id: i64,
) -> sqlx::Result<Vec<CourseListRow>> {
    let mut page = SqlBuilder::new("");
    push_runs_cte(&mut page, now, search);
    page.push(
        "SELECT c.id, c.slug, c.code, c.title, c.summary, c.level, c.duration_hours,
                c.price_centavos, c.currency, cat.name AS category_name, c.updated_at,",
    );
    page.push(if search.filters_runs() {
        " n.next_start, n.upcoming_runs"
    } else {
        " c.next_run_at AS next_start, c.upcoming_run_count AS upcoming_runs"
    });
    page.push(" FROM courses c LEFT JOIN categories cat ON cat.id = c.category_id");
    push_joins_and_where(&mut page, db, search, false);
    page.push(" AND c.id > ").bind(after_id);
    page.push(" ORDER BY c.id LIMIT ").bind(search.limit);
    page.fetch_all(db).await
}

/// With run filters: the matching upcoming runs, per course.
fn push_runs_cte(query: &mut SqlBuilder, now: DateTime<Utc>, search: &CourseSearch) {
    if !search.filters_runs() {
        return;
    }
    query.push(
        "WITH next_runs AS (
            SELECT r.course_id, MIN(r.starts_at) AS next_start, COUNT(*) AS upcoming_runs
            FROM course_runs r
            LEFT JOIN venues v ON v.id = r.venue_id
            WHERE r.status = 'scheduled' AND r.starts_at > ",
    );
    query.bind(now);
    if let Some(mode) = &search.mode {
        query.push(" AND r.mode = ").bind(mode.clone());
    }
    if let Some(city) = &search.city {
        query.push(" AND v.city = ").bind(city.clone());
    }
    if let Some((from, until)) = search.starts_within {
        query.push(" AND r.starts_at >= ").bind(from);
        query.push(" AND r.starts_at < ").bind(until);
    }
    query.push(" GROUP BY r.course_id) ");
}

/// Everything after `FROM courses c [...]`. `ranked` joins the search for its
/// rank (relevance order); otherwise the search is a plain condition.
fn push_joins_and_where(
    query: &mut SqlBuilder,
    db: &Database,
    search: &CourseSearch,
    ranked: bool,
) {
    if search.filters_runs() {
        // A course without a matching run is not a match.
        query.push(" JOIN next_runs n ON n.course_id = c.id");
    }
    match &search.search {
        Some(terms) if ranked => terms.push_join(query, db.backend()),
        _ => {}
    }
    query.push(" WHERE c.is_published = TRUE");
    match &search.search {
        Some(terms) if !ranked => terms.push_filter(query, db.backend()),
        _ => {}
    }
    if let Some(slug) = &search.category_slug {
        query
            .push(" AND c.category_id = (SELECT id FROM categories WHERE slug = ")
            .bind(slug.clone())
            .push(")");
    }
    if let Some(min) = search.min_price_centavos {
        query.push(" AND c.price_centavos >= ").bind(min);
    }
    if let Some(max) = search.max_price_centavos {
        query.push(" AND c.price_centavos <= ").bind(max);
    }
    if let Some(since) = search.updated_since {
        query.push(" AND c.updated_at >= ").bind(since);
    }
}
