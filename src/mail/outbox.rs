//! The outbox's delivery side: which emails are due, claiming one so a single
//! worker sends it, and recording how it went. Emails enter the outbox with
//! `crate::mail::enqueue`, inside the transaction of the change they tell of.

use chrono::{DateTime, Utc};

use crate::db::{on_pool, on_tx, Database, Transaction};

/// `outbox.delivered_via` for an email kept in the local development mailbox.
pub const LOCAL_MAILBOX: &str = "local_mailbox";

/// Where an email stands, as `outbox.status` holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxStatus {
    /// Waiting for its first or next attempt.
    Pending,
    Sent,
    /// Given up after its last attempt.
    Failed,
}

impl OutboxStatus {
    const ALL: [Self; 3] = [Self::Pending, Self::Sent, Self::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
    }
}

crate::column::text_column!(OutboxStatus, "outbox status");

/// An email waiting to be sent.
#[derive(sqlx::FromRow)]
pub struct DueRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    /// A withheld one-time link (see `crate::mail`), erased once sent.
    pub one_time_link: Option<String>,
    pub attempts: i64,
}

pub async fn due(db: &Database, now: DateTime<Utc>, limit: i64) -> sqlx::Result<Vec<DueRow>> {
    const SQL: &str = "
        SELECT id, recipient, subject, body_text, one_time_link, attempts FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= $1
          AND (claimed_until IS NULL OR claimed_until < $1)
        ORDER BY next_attempt_at, id LIMIT $2";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(now).bind(limit).fetch_all(pool).await)
}

/// Takes the email for this worker until `until`; false when another worker
/// took it first.
pub async fn claim(
    db: &Database,
    id: i64,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    const SQL: &str = "
        UPDATE outbox SET claimed_until = $1, attempts = attempts + 1, updated_at = $2
        WHERE id = $3 AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $2)";
    let claimed = on_pool!(db, pool => sqlx::query(SQL).bind(until).bind(now).bind(id)
        .execute(pool).await.map(|done| done.rows_affected()))?;
    Ok(claimed == 1)
}

pub async fn mark_sent(
    db: &Database,
    id: i64,
    channel: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "
        UPDATE outbox SET status = 'sent', delivered_via = $1, sent_at = $2, claimed_until = NULL,
                          last_error = NULL, updated_at = $2
        WHERE id = $3";
    on_pool!(db, pool => sqlx::query(SQL).bind(channel).bind(now).bind(id)
        .execute(pool).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// A withheld link leaves the database once the email is sent or given up:
/// the stored body says `replacement` where the link was.
pub async fn erase_link(db: &Database, id: i64, replacement: &str) -> sqlx::Result<()> {
    const SQL: &str = "
        UPDATE outbox SET body_text = replace(body_text, $1, $2), one_time_link = NULL
        WHERE id = $3";
    on_pool!(db, pool => sqlx::query(SQL).bind(super::LINK).bind(replacement).bind(id)
        .execute(pool).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Delivery failed: try again at `next`, or, once `given_up`, mark it failed.
pub async fn retry_later(
    db: &Database,
    id: i64,
    given_up: bool,
    next: DateTime<Utc>,
    error: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "
        UPDATE outbox SET status = $1, next_attempt_at = $2, claimed_until = NULL,
                          last_error = $3, updated_at = $4
        WHERE id = $5";
    let status = if given_up {
        OutboxStatus::Failed
    } else {
        OutboxStatus::Pending
    };
    on_pool!(db, pool => sqlx::query(SQL).bind(status.as_str()).bind(next).bind(error).bind(now).bind(id)
        .execute(pool).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Drops every email to `recipient`, sent or waiting: what a deleted account
/// leaves behind in the outbox.
pub async fn forget_recipient(tx: &mut Transaction, recipient: &str) -> sqlx::Result<u64> {
    const SQL: &str = "DELETE FROM outbox WHERE recipient = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(recipient).execute(&mut *conn).await.map(|done| done.rows_affected()))
}
