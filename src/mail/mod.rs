//! Outgoing email through a transactional outbox.
//!
//! [`enqueue`] writes the email in the same transaction as the change that causes
//! it (a registration, a reset request), so an email is sent if and only if that
//! change committed. [`worker`] delivers what is due.

pub mod worker;

use chrono::{DateTime, Utc};

use crate::db::{on_tx, Transaction};

/// An email as written to the outbox. Not `Debug`: bodies carry one-time links.
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub async fn enqueue(tx: &mut Transaction, email: &Email, now: DateTime<Utc>) -> sqlx::Result<()> {
    const SQL: &str = "
        INSERT INTO outbox (recipient, subject, body_text, next_attempt_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $4, $4)";
    on_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(&email.to)
            .bind(&email.subject)
            .bind(&email.body)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(())
}
