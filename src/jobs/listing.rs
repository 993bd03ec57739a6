//! What the admin job queue page reads: counts per status and the jobs of one
//! status, most recently changed first.

use chrono::{DateTime, Utc};

use crate::db::{Database, Param, SqlBuilder};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub run_at: DateTime<Utc>,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// How many jobs are in each status, for the tabs.
pub async fn counts(db: &Database) -> sqlx::Result<Vec<(String, i64)>> {
    SqlBuilder::new("SELECT status, COUNT(*) FROM jobs GROUP BY status")
        .fetch_all(db)
        .await
}

pub async fn jobs_with_status(
    db: &Database,
    status: &str,
    limit: i64,
) -> sqlx::Result<Vec<JobRow>> {
    SqlBuilder::new(
        "SELECT id, kind, payload, status, run_at, attempts, max_attempts, last_error, updated_at
         FROM jobs WHERE status = ",
    )
    .bind(Param::Text(status.to_owned()))
    .push(" ORDER BY updated_at DESC, id DESC LIMIT ")
    .bind(Param::Int(limit))
    .fetch_all(db)
    .await
}
