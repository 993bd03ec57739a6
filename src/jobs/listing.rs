//! What the admin job queue page reads: counts per status and the jobs of one
//! status, most recently changed first.

use chrono::{DateTime, Utc};

use super::JobStatus;
use crate::db::{on_pool, Database};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    #[sqlx(try_from = "String")]
    pub status: JobStatus,
    pub run_at: DateTime<Utc>,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// How many jobs are in each status, for the tabs.
pub async fn counts(db: &Database) -> sqlx::Result<Vec<(String, i64)>> {
    const SQL: &str = "SELECT status, COUNT(*) FROM jobs GROUP BY status";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

pub async fn jobs_with_status(
    db: &Database,
    status: JobStatus,
    limit: i64,
) -> sqlx::Result<Vec<JobRow>> {
    const SQL: &str =
        "SELECT id, kind, payload, status, run_at, attempts, max_attempts, last_error, updated_at
         FROM jobs WHERE status = $1 ORDER BY updated_at DESC, id DESC LIMIT $2";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(status.as_str()).bind(limit).fetch_all(pool).await)
}
