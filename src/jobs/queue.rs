//! The job table: enqueue, claim, finish, fail, retry.
//!
//! Claiming is one statement on both backends: an `UPDATE … WHERE id IN
//! (SELECT … LIMIT n)` that marks the jobs running and returns them. On
//! PostgreSQL the inner SELECT says `FOR UPDATE SKIP LOCKED`, so workers in
//! several processes take disjoint jobs without waiting for each other; SQLite
//! runs one write at a time, which makes the same statement atomic there.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::JobStatus;
use crate::db::{on_tx, Backend, Database, Transaction};

/// A job a worker holds: run it, then [`finish`] or [`fail`] it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// 1 on the first run.
    pub attempts: i64,
    pub max_attempts: i64,
}

/// A job to do later. `payload` is JSON for the kind's handler.
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: serde_json::Value,
    pub run_at: DateTime<Utc>,
    pub max_attempts: i64,
    /// The record the job is about (`course_run:42`), so a change to it can
    /// find the job again ([`cancel_pending`]).
    pub topic: Option<String>,
}

impl<'a> NewJob<'a> {
    pub fn new(kind: &'a str, payload: serde_json::Value, run_at: DateTime<Utc>) -> Self {
        Self {
            kind,
            payload,
            run_at,
            max_attempts: 3,
            topic: None,
        }
    }

    pub fn about(mut self, topic: String) -> Self {
        self.topic = Some(topic);
        self
    }
}

/// Adds a job inside the transaction of the change that calls for it, so the
/// job exists if and only if the change committed.
pub async fn enqueue(
    tx: &mut Transaction,
    job: &NewJob<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    const SQL: &str =
        "INSERT INTO jobs (kind, payload, run_at, max_attempts, topic, created_at, updated_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    let payload = job.payload.to_string();
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(job.kind).bind(&payload).bind(job.run_at).bind(job.max_attempts).bind(&job.topic).bind(now)
        .fetch_one(&mut *conn).await)
}

/// Marks up to `limit` due jobs running for this worker until `now + lease`,
/// and returns them. Jobs whose lease ran out (their worker died) are due again.
pub async fn claim(
    db: &Database,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> sqlx::Result<Vec<ClaimedJob>> {
    // The same statement on both backends, but for PostgreSQL's row locks.
    const SQLITE: &str = "UPDATE jobs SET status = 'running', attempts = attempts + 1,
                            locked_until = $1, updated_at = $2
                          WHERE id IN (SELECT id FROM jobs
                            WHERE (status IN ('pending', 'failed') AND run_at <= $2)
                               OR (status = 'running' AND locked_until < $2)
                            ORDER BY run_at, id LIMIT $3)
                          RETURNING id, kind, payload, attempts, max_attempts";
    const POSTGRES: &str = "UPDATE jobs SET status = 'running', attempts = attempts + 1,
                              locked_until = $1, updated_at = $2
                            WHERE id IN (SELECT id FROM jobs
                              WHERE (status IN ('pending', 'failed') AND run_at <= $2)
                                 OR (status = 'running' AND locked_until < $2)
                              ORDER BY run_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
                            RETURNING id, kind, payload, attempts, max_attempts";
    let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
    let sql = match db.backend() {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    let mut tx = db.begin().await?;
    let mut jobs: Vec<ClaimedJob> = on_tx!(&mut tx, conn => sqlx::query_as(sql)
        .bind(now + lease).bind(now).bind(limit)
        .fetch_all(&mut *conn).await)?;
    tx.commit().await?;
    jobs.sort_by_key(|job| job.id);
    Ok(jobs)
}

/// Extends the lease of a job its worker is still running (the heartbeat), so
/// a long job is not taken over by another worker. Returns false when the job
/// is no longer this worker's.
pub async fn renew_lease(
    db: &Database,
    job: &ClaimedJob,
    now: DateTime<Utc>,
    lease: Duration,
) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE jobs SET locked_until = $1
                       WHERE id = $2 AND status = 'running' AND attempts = $3";
    let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
    let mut tx = db.begin().await?;
    let renewed = on_tx!(&mut tx, conn => sqlx::query(SQL)
        .bind(now + lease).bind(job.id).bind(job.attempts)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    tx.commit().await?;
    Ok(renewed == 1)
}

/// The job is done. Only the worker still holding it can say so.
pub async fn finish(db: &Database, job: &ClaimedJob, now: DateTime<Utc>) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE jobs SET status = 'done', locked_until = NULL, last_error = NULL, updated_at = $1
                       WHERE id = $2 AND status = 'running' AND attempts = $3";
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, conn => sqlx::query(SQL)
        .bind(now).bind(job.id).bind(job.attempts)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    tx.commit().await
}

/// The job failed: it runs again after [`backoff`], or is dead once it has
/// used its attempts.
pub async fn fail(
    db: &Database,
    job: &ClaimedJob,
    error: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE jobs SET status = $1, run_at = $2, last_error = $3, locked_until = NULL, updated_at = $4
                       WHERE id = $5 AND status = 'running' AND attempts = $6";
    let dead = job.attempts >= job.max_attempts;
    let (status, run_at) = if dead {
        (JobStatus::Dead, now)
    } else {
        let wait = chrono::Duration::from_std(backoff(job.attempts)).unwrap_or_default();
        (JobStatus::Failed, now + wait)
    };
    let error: String = error.chars().take(2000).collect();
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, conn => sqlx::query(SQL)
        .bind(status.as_str()).bind(run_at).bind(&error).bind(now).bind(job.id).bind(job.attempts)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    tx.commit().await
}

/// Drops the jobs of `kind` about `topic` that have not run yet (pending, or
/// failed and waiting for another attempt), in the transaction of the change
/// that makes them wrong. Returns how many.
pub async fn cancel_pending(tx: &mut Transaction, topic: &str, kind: &str) -> sqlx::Result<u64> {
    const SQL: &str =
        "DELETE FROM jobs WHERE topic = $1 AND kind = $2 AND status IN ('pending', 'failed')";
    on_tx!(tx, conn => sqlx::query(SQL).bind(topic).bind(kind)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))
}

/// Puts a failed or dead job back in line with fresh attempts (an admin's
/// "retry"). Returns whether there was such a job.
pub async fn retry(tx: &mut Transaction, job_id: i64, now: DateTime<Utc>) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE jobs SET status = 'pending', attempts = 0, run_at = $1, updated_at = $1
                       WHERE id = $2 AND status IN ('failed', 'dead')";
    let changed = on_tx!(tx, conn => sqlx::query(SQL).bind(now).bind(job_id)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(changed == 1)
}

/// Deletes jobs that finished before `done_before`: done jobs are history,
/// kept a while for admins, then dropped so the table does not grow forever.
/// Failed and dead jobs stay until an admin deals with them.
pub async fn purge_done(db: &Database, done_before: DateTime<Utc>) -> sqlx::Result<u64> {
    const SQL: &str = "DELETE FROM jobs WHERE status = 'done' AND updated_at < $1";
    let mut tx = db.begin().await?;
    let purged = on_tx!(&mut tx, conn => sqlx::query(SQL).bind(done_before)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    tx.commit().await?;
    Ok(purged)
}

/// How long to wait after the `attempts`-th failure: 30 s, 1 min, 2 min, …,
/// at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    Duration::from_secs((30u64 << doublings).min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_each_failure_up_to_an_hour() {
        let waits: Vec<u64> = (1..=9).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(0).as_secs(), 30);
    }
}
