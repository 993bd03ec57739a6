//! The job table: enqueue, claim, finish, fail, retry.
//!
//! Claiming is one statement on both backends: an `UPDATE … WHERE id IN
//! (SELECT … LIMIT n)` that marks the jobs running and returns them. On
//! PostgreSQL the inner SELECT says `FOR UPDATE SKIP LOCKED`, so workers in
//! several processes take disjoint jobs without waiting for each other; SQLite
//! runs one write at a time, which makes the same statement atomic there.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::db::{Backend, Database, Param, SqlBuilder, Transaction};

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
    SqlBuilder::new(
        "INSERT INTO jobs (kind, payload, run_at, max_attempts, topic, created_at, updated_at) VALUES (",
    )
    .bind(Param::Text(job.kind.to_owned()))
    .push(", ")
    .bind(Param::Text(job.payload.to_string()))
    .push(", ")
    .bind(Param::Time(job.run_at))
    .push(", ")
    .bind(Param::Int(job.max_attempts))
    .push(", ")
    .bind(Param::MaybeText(job.topic.clone()))
    .push(", ")
    .bind(Param::Time(now))
    .push(", ")
    .bind(Param::Time(now))
    .push(") RETURNING id")
    .fetch_id_in(tx)
    .await
}

/// Marks up to `limit` due jobs running for this worker until `now + lease`,
/// and returns them. Jobs whose lease ran out (their worker died) are due again.
pub async fn claim(
    db: &Database,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> sqlx::Result<Vec<ClaimedJob>> {
    let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
    let mut query = SqlBuilder::new(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ",
    );
    query
        .bind(Param::Time(now + lease))
        .push(", updated_at = ")
        .bind(Param::Time(now))
        .push(
            " WHERE id IN (SELECT id FROM jobs
               WHERE (status IN ('pending', 'failed') AND run_at <= ",
        )
        .bind(Param::Time(now))
        .push(") OR (status = 'running' AND locked_until < ")
        .bind(Param::Time(now))
        .push(") ORDER BY run_at, id LIMIT ")
        .bind(Param::Int(limit));
    if db.backend() == Backend::Postgres {
        query.push(" FOR UPDATE SKIP LOCKED");
    }
    query.push(") RETURNING id, kind, payload, attempts, max_attempts");
    let mut tx = db.begin().await?;
    let mut jobs: Vec<ClaimedJob> = query.fetch_all_in(&mut tx).await?;
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
    let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
    let mut tx = db.begin().await?;
    let renewed = SqlBuilder::new("UPDATE jobs SET locked_until = ")
        .bind(Param::Time(now + lease))
        .push(" WHERE id = ")
        .bind(Param::Int(job.id))
        .push(" AND status = 'running' AND attempts = ")
        .bind(Param::Int(job.attempts))
        .execute_in(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(renewed == 1)
}

/// The job is done. Only the worker still holding it can say so.
pub async fn finish(db: &Database, job: &ClaimedJob, now: DateTime<Utc>) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    SqlBuilder::new(
        "UPDATE jobs SET status = 'done', locked_until = NULL, last_error = NULL, updated_at = ",
    )
    .bind(Param::Time(now))
    .push(" WHERE id = ")
    .bind(Param::Int(job.id))
    .push(" AND status = 'running' AND attempts = ")
    .bind(Param::Int(job.attempts))
    .execute_in(&mut tx)
    .await?;
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
    let dead = job.attempts >= job.max_attempts;
    let retry_at = now + chrono::Duration::from_std(backoff(job.attempts)).unwrap_or_default();
    let mut tx = db.begin().await?;
    SqlBuilder::new("UPDATE jobs SET status = ")
        .bind(Param::Text(if dead { "dead" } else { "failed" }.to_owned()))
        .push(", run_at = ")
        .bind(Param::Time(if dead { now } else { retry_at }))
        .push(", last_error = ")
        .bind(Param::Text(error.chars().take(2000).collect()))
        .push(", locked_until = NULL, updated_at = ")
        .bind(Param::Time(now))
        .push(" WHERE id = ")
        .bind(Param::Int(job.id))
        .push(" AND status = 'running' AND attempts = ")
        .bind(Param::Int(job.attempts))
        .execute_in(&mut tx)
        .await?;
    tx.commit().await
}

/// Drops the jobs of `kind` about `topic` that have not run yet (pending, or
/// failed and waiting for another attempt), in the transaction of the change
/// that makes them wrong. Returns how many.
pub async fn cancel_pending(tx: &mut Transaction, topic: &str, kind: &str) -> sqlx::Result<u64> {
    SqlBuilder::new("DELETE FROM jobs WHERE topic = ")
        .bind(Param::Text(topic.to_owned()))
        .push(" AND kind = ")
        .bind(Param::Text(kind.to_owned()))
        .push(" AND status IN ('pending', 'failed')")
        .execute_in(tx)
        .await
}

/// Puts a failed or dead job back in line with fresh attempts (an admin's
/// "retry"). Returns whether there was such a job.
pub async fn retry(tx: &mut Transaction, job_id: i64, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let changed = SqlBuilder::new("UPDATE jobs SET status = 'pending', attempts = 0, run_at = ")
        .bind(Param::Time(now))
        .push(", updated_at = ")
        .bind(Param::Time(now))
        .push(" WHERE id = ")
        .bind(Param::Int(job_id))
        .push(" AND status IN ('failed', 'dead')")
        .execute_in(tx)
        .await?;
    Ok(changed == 1)
}

/// Deletes jobs that finished before `done_before`: done jobs are history,
/// kept a while for admins, then dropped so the table does not grow forever.
/// Failed and dead jobs stay until an admin deals with them.
pub async fn purge_done(db: &Database, done_before: DateTime<Utc>) -> sqlx::Result<u64> {
    let mut tx = db.begin().await?;
    let purged = SqlBuilder::new("DELETE FROM jobs WHERE status = 'done' AND updated_at < ")
        .bind(Param::Time(done_before))
        .execute_in(&mut tx)
        .await?;
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
