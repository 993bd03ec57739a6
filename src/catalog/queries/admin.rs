//! The admin's reads and writes on the catalog. Writes take a transaction, so
//! the change and its audit entry land together.

use chrono::{DateTime, Utc};

use crate::db::{on_pool, on_tx, Database, Param, SqlBuilder, Transaction};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AdminCourseRow {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub title: String,
    pub category_name: Option<String>,
    pub price_centavos: i64,
    pub currency: String,
    pub is_published: bool,
    pub upcoming_runs: i64,
    pub updated_at: DateTime<Utc>,
    pub total_count: i64,
}

/// Courses for the admin list, drafts included: by title or code words, one
/// category, sorted, one page at a time.
pub async fn admin_courses(
    db: &Database,
    search: &str,
    category_slug: Option<&str>,
    sort: &str,
    limit: i64,
    offset: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<AdminCourseRow>> {
    let mut query = SqlBuilder::new(
        "SELECT c.id, c.slug, c.code, c.title, k.name AS category_name, c.price_centavos, c.currency,
                c.is_published, c.updated_at,
                (SELECT COUNT(*) FROM course_runs r WHERE r.course_id = c.id AND r.status = 'scheduled' AND r.starts_at > ",
    );
    query.bind(now);
    query.push(
        ") AS upcoming_runs, COUNT(*) OVER () AS total_count
         FROM courses c LEFT JOIN categories k ON k.id = c.category_id WHERE TRUE",
    );
    for word in search.split_whitespace().take(5) {
        let pattern = format!("%{}%", word.to_lowercase().replace(['%', '_'], ""));
        query
            .push(" AND (LOWER(c.title) LIKE ")
            .bind(pattern.clone());
        query.push(" OR LOWER(c.code) LIKE ").bind(pattern);
        query.push(")");
    }
    if let Some(slug) = category_slug {
        query.push(" AND k.slug = ").bind(slug.to_owned());
    }
    query.push(match sort {
        "code" => " ORDER BY c.code, c.id",
        "updated" => " ORDER BY c.updated_at DESC, c.id DESC",
        _ => " ORDER BY c.title, c.id",
    });
    query.push(" LIMIT ").bind(limit);
    query.push(" OFFSET ").bind(offset);
    query.fetch_all(db).await
}

/// A course as the admin form writes it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CourseFields {
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub outline: String,
    pub prerequisites: String,
    pub duration_hours: i64,
    pub level: String,
    pub price_centavos: i64,
    pub currency: String,
    pub certification_name: String,
    pub certification_vendor: String,
    pub category_id: Option<i64>,
    pub is_published: bool,
    pub is_featured: bool,
}

/// What stopped a write: a unique column already taken, or rows that depend on
/// the one being deleted.
#[derive(Debug)]
pub enum WriteError {
    Taken(&'static str),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for WriteError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error)
    }
}

/// Reads a unique violation as the field it concerns.
fn unique_field(error: &sqlx::Error) -> Option<&'static str> {
    let database_error = error.as_database_error()?;
    if !database_error.is_unique_violation() {
        return None;
    }
    let text = format!(
        "{} {}",
        database_error.message(),
        database_error.constraint().unwrap_or("")
    );
    ["slug", "code", "name"]
        .into_iter()
        .find(|field| text.contains(field))
}

fn classify(error: sqlx::Error) -> WriteError {
    match unique_field(&error) {
        Some(field) => WriteError::Taken(field),
        None => WriteError::Database(error),
    }
}

fn course_params(query: &mut SqlBuilder, fields: &CourseFields) {
    let values = [
        Param::Text(fields.slug.clone()),
        Param::Text(fields.code.clone()),
        Param::Text(fields.title.clone()),
        Param::Text(fields.summary.clone()),
        Param::Text(fields.description.clone()),
        Param::Text(fields.outline.clone()),
        Param::Text(fields.prerequisites.clone()),
        Param::Int(fields.duration_hours),
        Param::Text(fields.level.clone()),
        Param::Int(fields.price_centavos),
        Param::Text(fields.currency.clone()),
        Param::Text(fields.certification_name.clone()),
        Param::Text(fields.certification_vendor.clone()),
        Param::MaybeInt(fields.category_id),
        Param::Bool(fields.is_published),
        Param::Bool(fields.is_featured),
    ];
    for (index, value) in values.into_iter().enumerate() {
        if index > 0 {
            query.push(", ");
        }
        query.bind(value);
    }
}

const COURSE_FIELD_NAMES: &str =
    "slug, code, title, summary, description, outline, prerequisites, \
    duration_hours, level, price_centavos, currency, certification_name, certification_vendor, \
    category_id, is_published, is_featured";

pub async fn insert_course(
    tx: &mut Transaction,
    fields: &CourseFields,
    now: DateTime<Utc>,
) -> Result<i64, WriteError> {
    let mut query = SqlBuilder::new(&format!(
        "INSERT INTO courses ({COURSE_FIELD_NAMES}, created_at, updated_at) VALUES ("
    ));
    course_params(&mut query, fields);
    query.push(", ").bind(now);
    query.push(", ").bind(now);
    query.push(") RETURNING id");
    query.fetch_id_in(tx).await.map_err(classify)
}

pub async fn update_course(
    tx: &mut Transaction,
    id: i64,
    fields: &CourseFields,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    let mut query = SqlBuilder::new(&format!(
        "UPDATE courses SET ({COURSE_FIELD_NAMES}, updated_at) = ("
    ));
    course_params(&mut query, fields);
    query.push(", ").bind(now);
    query.push(") WHERE id = ").bind(id);
    query.execute_in(tx).await.map_err(classify)?;
    Ok(())
}

/// How many rows point at a record, by table and column: what blocks a delete.
pub async fn dependents(
    tx: &mut Transaction,
    table: &'static str,
    column: &'static str,
    id: i64,
) -> sqlx::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1");
    let (count,): (i64,) = on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_one(conn).await)?;
    Ok(count)
}

pub async fn delete_row(tx: &mut Transaction, table: &'static str, id: i64) -> sqlx::Result<u64> {
    let sql = format!("DELETE FROM {table} WHERE id = $1");
    on_tx!(tx, conn => sqlx::query(&sql).bind(id).execute(conn).await.map(|done| done.rows_affected()))
}

/// A run as the admin form writes it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RunFields {
    pub course_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: String,
    pub venue_id: Option<i64>,
    pub trainer_id: Option<i64>,
    pub capacity: i64,
    pub min_to_run: i64,
    pub price_override_centavos: Option<i64>,
    pub status: String,
}

fn run_params(query: &mut SqlBuilder, fields: &RunFields) {
    let values = [
        Param::Int(fields.course_id),
        Param::Time(fields.starts_at),
        Param::Time(fields.ends_at),
        Param::Text(fields.mode.clone()),
        Param::MaybeInt(fields.venue_id),
        Param::MaybeInt(fields.trainer_id),
        Param::Int(fields.capacity),
        Param::Int(fields.min_to_run),
        Param::MaybeInt(fields.price_override_centavos),
        Param::Text(fields.status.clone()),
    ];
    for (index, value) in values.into_iter().enumerate() {
        if index > 0 {
            query.push(", ");
        }
        query.bind(value);
    }
}

const RUN_FIELD_NAMES: &str =
    "course_id, starts_at, ends_at, mode, venue_id, trainer_id, capacity, \
    min_to_run, price_override_centavos, status";

pub async fn insert_run(
    tx: &mut Transaction,
    fields: &RunFields,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    let mut query = SqlBuilder::new(&format!(
        "INSERT INTO course_runs ({RUN_FIELD_NAMES}, created_at, updated_at) VALUES ("
    ));
    run_params(&mut query, fields);
    query.push(", ").bind(now);
    query.push(", ").bind(now);
    query.push(") RETURNING id");
    query.fetch_id_in(tx).await
}

pub async fn update_run(
    tx: &mut Transaction,
    id: i64,
    fields: &RunFields,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let mut query = SqlBuilder::new(&format!(
        "UPDATE course_runs SET ({RUN_FIELD_NAMES}, updated_at) = ("
    ));
    run_params(&mut query, fields);
    query.push(", ").bind(now);
    query.push(") WHERE id = ").bind(id);
    query.execute_in(tx).await?;
    Ok(())
}

/// Categories, venues and trainers: three short text fields each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    Category,
    Venue,
    Trainer,
}

impl Reference {
    pub fn table(self) -> &'static str {
        match self {
            Self::Category => "categories",
            Self::Venue => "venues",
            Self::Trainer => "trainers",
        }
    }

    /// Column names for the three fields, in form order.
    pub fn columns(self) -> [&'static str; 3] {
        match self {
            Self::Category => ["name", "slug", "description"],
            Self::Venue => ["name", "city", "address"],
            Self::Trainer => ["name", "credentials", "bio"],
        }
    }

    /// The rows that must go first before one of these can be deleted.
    pub fn dependents(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Category => ("courses", "category_id", "course"),
            Self::Venue => ("course_runs", "venue_id", "run"),
            Self::Trainer => ("course_runs", "trainer_id", "run"),
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReferenceRow {
    pub id: i64,
    pub first: String,
    pub second: String,
    pub third: String,
    pub used_by: i64,
}

/// The columns of a reference row, with how many courses or runs use it.
fn reference_select(kind: Reference) -> String {
    let [a, b, c] = kind.columns();
    let (table, column, _) = kind.dependents();
    format!(
        "SELECT t.id, t.{a} AS first, t.{b} AS second, t.{c} AS third,
                (SELECT COUNT(*) FROM {table} d WHERE d.{column} = t.id) AS used_by
         FROM {} t",
        kind.table()
    )
}

/// Every one of a kind, by name (the dashboard's list).
pub async fn references(db: &Database, kind: Reference) -> sqlx::Result<Vec<ReferenceRow>> {
    let [a, _, _] = kind.columns();
    let sql = format!("{} ORDER BY t.{a}, t.id", reference_select(kind));
    on_pool!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

/// Up to `limit` of a kind with an id above `after`, by id (the API's pages:
/// new rows get higher ids, so paging neither repeats nor skips one).
pub async fn references_after(
    db: &Database,
    kind: Reference,
    after: i64,
    limit: i64,
) -> sqlx::Result<Vec<ReferenceRow>> {
    let sql = format!(
        "{} WHERE t.id > $1 ORDER BY t.id LIMIT $2",
        reference_select(kind)
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(after).bind(limit).fetch_all(pool).await)
}

/// One of a kind.
pub async fn reference(
    db: &Database,
    kind: Reference,
    id: i64,
) -> sqlx::Result<Option<ReferenceRow>> {
    let sql = format!("{} WHERE t.id = $1", reference_select(kind));
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// One of a kind inside a change to it.
pub async fn reference_by_id(
    tx: &mut Transaction,
    kind: Reference,
    id: i64,
) -> sqlx::Result<Option<ReferenceRow>> {
    let sql = format!("{} WHERE t.id = $1", reference_select(kind));
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)
}

pub async fn save_reference(
    tx: &mut Transaction,
    kind: Reference,
    id: Option<i64>,
    values: [&str; 3],
    now: DateTime<Utc>,
) -> Result<i64, WriteError> {
    let [a, b, c] = kind.columns();
    let table = kind.table();
    let mut query = match id {
        Some(_) => SqlBuilder::new(&format!(
            "UPDATE {table} SET ({a}, {b}, {c}, updated_at) = ("
        )),
        None => SqlBuilder::new(&format!(
            "INSERT INTO {table} ({a}, {b}, {c}, created_at, updated_at) VALUES ("
        )),
    };
    for value in values {
        query.bind(value.to_owned()).push(", ");
    }
    query.bind(now);
    if id.is_none() {
        query.push(", ").bind(now);
    }
    query.push(")");
    if let Some(id) = id {
        query.push(" WHERE id = ").bind(id);
    }
    query.push(" RETURNING id");
    query.fetch_id_in(tx).await.map_err(classify)
}
