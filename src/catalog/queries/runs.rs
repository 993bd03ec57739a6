//! Course runs as visitors see them: a course's upcoming runs, the schedule, and
//! one run for its calendar file.

use chrono::{DateTime, Utc};

use crate::catalog::{DeliveryMode, RunStatus};
use crate::db::{on_pool, on_tx, Database, SqlBuilder, Transaction};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub course_id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub course_summary: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub mode: DeliveryMode,
    #[sqlx(try_from = "String")]
    pub status: RunStatus,
    pub capacity: i64,
    pub min_to_run: i64,
    /// Confirmed places and seats held by open offers: what capacity limits.
    pub seats_taken: i64,
    /// Confirmed places only: what "guaranteed to run" and the minimum count.
    /// An offer nobody has claimed yet may still pass on or expire.
    pub seats_confirmed: i64,
    /// People waiting for a seat (the enrollments_waitlist index answers it).
    pub waitlist_length: i64,
    pub price_centavos: i64,
    pub currency: String,
    pub venue_id: Option<i64>,
    pub price_override_centavos: Option<i64>,
    pub venue_name: Option<String>,
    pub venue_city: Option<String>,
    pub venue_address: Option<String>,
    pub trainer_id: Option<i64>,
    pub trainer_name: Option<String>,
    pub trainer_credentials: Option<String>,
    pub trainer_bio: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl RunRow {
    /// Seats a new learner could still take.
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.seats_taken).max(0)
    }

    /// Enough confirmed places to reach the run's minimum.
    pub fn guaranteed_to_run(&self) -> bool {
        self.seats_confirmed >= self.min_to_run
    }

    /// "Online", "Venue, City" or "Venue to be announced".
    pub fn place_label(&self) -> String {
        crate::catalog::present::place_label(
            self.mode,
            self.venue_name.as_deref(),
            self.venue_city.as_deref(),
        )
    }
}

const RUN_COLUMNS: &str = "
    SELECT r.id, r.course_id, c.slug AS course_slug, c.title AS course_title,
           c.summary AS course_summary, r.starts_at, r.ends_at, r.mode, r.status,
           r.capacity, r.min_to_run, r.seats_taken,
           (SELECT COUNT(*) FROM enrollments s WHERE s.run_id = r.id AND s.status = 'confirmed') AS seats_confirmed,
           (SELECT COUNT(*) FROM enrollments w WHERE w.run_id = r.id AND w.status = 'waitlisted') AS waitlist_length,
           COALESCE(r.price_override_centavos, c.price_centavos) AS price_centavos, c.currency,
           r.venue_id, r.price_override_centavos, v.name AS venue_name, v.city AS venue_city, v.address AS venue_address,
           t.id AS trainer_id, t.name AS trainer_name, t.credentials AS trainer_credentials,
           t.bio AS trainer_bio, r.updated_at
    FROM course_runs r
    JOIN courses c ON c.id = r.course_id
    LEFT JOIN venues v ON v.id = r.venue_id
    LEFT JOIN trainers t ON t.id = r.trainer_id";

/// A course's scheduled runs that have not started, soonest first.
pub async fn upcoming_runs_of_course(
    db: &Database,
    course_id: i64,
    now: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<RunRow>> {
    let sql = format!(
        "{RUN_COLUMNS} WHERE r.course_id = $1 AND r.status = 'scheduled' AND r.starts_at > $2
         ORDER BY r.starts_at, r.id LIMIT $3"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(course_id).bind(now).bind(limit).fetch_all(pool).await)
}

/// What the schedule page may be narrowed by.
#[derive(Clone, Debug, Default)]
pub struct ScheduleFilter {
    pub city: Option<String>,
    pub mode: Option<String>,
    /// Runs of this course only (the API's `course`).
    pub course_slug: Option<String>,
    /// Runs starting in this window (the API's `month`).
    pub starts_within: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Runs changed at or after this time (the API's `updated_since`).
    pub updated_since: Option<DateTime<Utc>>,
    pub limit: i64,
    pub offset: i64,
}

impl ScheduleFilter {
    /// Everything after `WHERE`: scheduled, not started, of a published course
    /// (`published` says how), and the filters.
    fn push_conditions(&self, query: &mut SqlBuilder, now: DateTime<Utc>, published: &str) {
        query.push(" WHERE r.status = 'scheduled' AND ");
        query.push(published);
        query.push(" AND r.starts_at > ").bind(now);
        if let Some(city) = &self.city {
            query.push(" AND v.city = ").bind(city.clone());
        }
        if let Some(mode) = &self.mode {
            query.push(" AND r.mode = ").bind(mode.clone());
        }
        if let Some(slug) = &self.course_slug {
            query
                .push(" AND r.course_id = (SELECT id FROM courses WHERE slug = ")
                .bind(slug.clone())
                .push(")");
        }
        if let Some((from, until)) = self.starts_within {
            query.push(" AND r.starts_at >= ").bind(from);
            query.push(" AND r.starts_at < ").bind(until);
        }
        if let Some(since) = self.updated_since {
            query.push(" AND r.updated_at >= ").bind(since);
        }
    }
}

/// Scheduled runs of published courses that have not started, soonest first,
/// and how many there are in all.
pub async fn scheduled_runs(
    db: &Database,
    now: DateTime<Utc>,
    filter: &ScheduleFilter,
) -> sqlx::Result<(Vec<RunRow>, i64)> {
    // `published` is how the query says "of a published course": the page joins
    // courses for their columns anyway; the count asks a set of ids once instead
    // of looking up the course of each of tens of thousands of runs.
    let mut page = SqlBuilder::new(RUN_COLUMNS);
    filter.push_conditions(&mut page, now, "c.is_published = TRUE");
    page.push(" ORDER BY r.starts_at, r.id LIMIT ")
        .bind(filter.limit);
    page.push(" OFFSET ").bind(filter.offset);

    let mut count = SqlBuilder::new("SELECT COUNT(*) AS total FROM course_runs r");
    if filter.city.is_some() {
        count.push(" JOIN venues v ON v.id = r.venue_id");
    }
    filter.push_conditions(
        &mut count,
        now,
        "r.course_id IN (SELECT id FROM courses WHERE is_published = TRUE)",
    );

    let (rows, totals) =
        tokio::try_join!(page.fetch_all::<RunRow>(db), count.fetch_all::<Total>(db),)?;
    Ok((rows, totals.first().map_or(0, |t| t.total)))
}

/// The schedule's runs after `after` (a start and an id) in start order,
/// `filter.limit` of them (the API's cursor; the offset is not used). A run
/// added while a client pages through lands before or after its position and
/// moves no other run, so no run is listed twice or skipped.
pub async fn scheduled_runs_after(
    db: &Database,
    now: DateTime<Utc>,
    filter: &ScheduleFilter,
    after: Option<(DateTime<Utc>, i64)>,
) -> sqlx::Result<Vec<RunRow>> {
    let mut page = SqlBuilder::new(RUN_COLUMNS);
    filter.push_conditions(&mut page, now, "c.is_published = TRUE");
    if let Some((starts_at, id)) = after {
        page.push(" AND (r.starts_at > ").bind(starts_at);
        page.push(" OR (r.starts_at = ").bind(starts_at);
        page.push(" AND r.id > ").bind(id).push("))");
    }
    page.push(" ORDER BY r.starts_at, r.id LIMIT ")
        .bind(filter.limit);
    page.fetch_all(db).await
}

/// One run of a published course by id, whatever its status (the API).
pub async fn published_run_by_id(db: &Database, run_id: i64) -> sqlx::Result<Option<RunRow>> {
    let sql = format!("{RUN_COLUMNS} WHERE r.id = $1 AND c.is_published = TRUE");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(run_id).fetch_optional(pool).await)
}

#[derive(sqlx::FromRow)]
struct Total {
    total: i64,
}

/// One run of a published course, whatever its status, checked against the
/// course's slug so a link cannot mix courses up.
pub async fn published_run(
    db: &Database,
    course_slug: &str,
    run_id: i64,
) -> sqlx::Result<Option<RunRow>> {
    let sql = format!("{RUN_COLUMNS} WHERE r.id = $1 AND c.slug = $2 AND c.is_published = TRUE");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(run_id).bind(course_slug).fetch_optional(pool).await)
}

/// The next scheduled runs of published courses, soonest first (the home page).
pub async fn next_runs(db: &Database, now: DateTime<Utc>, limit: i64) -> sqlx::Result<Vec<RunRow>> {
    let sql = format!(
        "{RUN_COLUMNS} WHERE r.status = 'scheduled' AND c.is_published = TRUE AND r.starts_at > $1
         ORDER BY r.starts_at, r.id LIMIT $2"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(pool).await)
}

/// Every run of a course, any status, newest first (the admin's course page).
pub async fn all_runs_of_course(db: &Database, course_id: i64) -> sqlx::Result<Vec<RunRow>> {
    let sql = format!(
        "{RUN_COLUMNS} WHERE r.course_id = $1 ORDER BY r.starts_at DESC, r.id DESC LIMIT 500"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(course_id).fetch_all(pool).await)
}

/// One run by id, any status, published or not (admin use).
pub async fn run_by_id(db: &Database, run_id: i64) -> sqlx::Result<Option<RunRow>> {
    let sql = format!("{RUN_COLUMNS} WHERE r.id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(run_id).fetch_optional(pool).await)
}

/// One run by id inside `tx`, its row locked until the transaction ends on
/// PostgreSQL (SQLite's write transactions hold the whole database already),
/// so that what the caller decides from it still holds when it writes.
pub async fn run_by_id_in(tx: &mut Transaction, run_id: i64) -> sqlx::Result<Option<RunRow>> {
    let lock = match tx {
        Transaction::Postgres(_) => " FOR UPDATE OF r",
        Transaction::Sqlite(..) => "",
    };
    let sql = format!("{RUN_COLUMNS} WHERE r.id = $1{lock}");
    let row: Option<RunRow> =
        on_tx!(tx, conn => sqlx::query_as(&sql).bind(run_id).fetch_optional(conn).await)?;
    Ok(row)
}

/// `courses.next_run_at` for a course with no upcoming run: sorts after every
/// real date on both backends.
pub fn no_upcoming_run() -> DateTime<Utc> {
    use chrono::TimeZone;
    Utc.with_ymd_and_hms(9999, 12, 31, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Which courses' `next_run_at` and `upcoming_run_count` to recompute.
#[derive(Clone, Copy, Debug)]
pub enum NextRunsOf {
    Course(i64),
    /// Courses whose next run has started since the last refresh.
    Started,
    All,
}

/// Recomputes each chosen course's next scheduled run and count of upcoming
/// runs. Runs after every run write (in its transaction) and once a minute for
/// runs that have started. Returns how many courses it touched.
pub async fn refresh_next_runs(
    tx: &mut crate::db::Transaction,
    which: NextRunsOf,
    now: DateTime<Utc>,
) -> sqlx::Result<u64> {
    let mut query = SqlBuilder::new(
        "UPDATE courses SET next_run_at = COALESCE((SELECT MIN(r.starts_at) FROM course_runs r
            WHERE r.course_id = courses.id AND r.status = 'scheduled' AND r.starts_at > ",
    );
    query.bind(now);
    query.push("), ").bind(no_upcoming_run());
    query.push(
        "), upcoming_run_count = (SELECT COUNT(*) FROM course_runs r
            WHERE r.course_id = courses.id AND r.status = 'scheduled' AND r.starts_at > ",
    );
    query.bind(now);
    query.push(")");
    match which {
        NextRunsOf::Course(id) => {
            query.push(" WHERE id = ").bind(id);
        }
        NextRunsOf::Started => {
            query.push(" WHERE next_run_at <= ").bind(now);
        }
        NextRunsOf::All => {}
    }
    query.execute_in(tx).await
}

/// A run's taken seats as the transaction sees them.
pub async fn seats_taken_in(tx: &mut Transaction, run_id: i64) -> sqlx::Result<i64> {
    const SQL: &str = "SELECT seats_taken FROM course_runs WHERE id = $1";
    let taken: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(run_id)
        .fetch_optional(&mut *conn).await)?;
    Ok(taken.unwrap_or(0))
}
