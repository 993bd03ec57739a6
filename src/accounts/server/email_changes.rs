//! The `email_changes` table: a new address waiting to be proven by the link
//! mailed to it. The token is stored only as its SHA-256 (see `tokens`), and
//! using it removes the row in the same statement that checks it, so a link
//! works once even when opened twice at the same moment.

use chrono::{DateTime, Duration, Utc};

use super::tokens::{digest, generate, PlainToken};
use crate::db::{on_tx, Transaction};

/// How long the link to the new address works.
pub const LIFETIME_HOURS: i64 = 24;

/// Stores the pending change (replacing an earlier one) and returns its token.
pub async fn propose(
    tx: &mut Transaction,
    user_id: i64,
    new_email: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<PlainToken> {
    const SQL: &str = "
        INSERT INTO email_changes (user_id, new_email, token_hash, expires_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $5)
        ON CONFLICT (user_id) DO UPDATE SET new_email = excluded.new_email,
            token_hash = excluded.token_hash, expires_at = excluded.expires_at,
            updated_at = excluded.updated_at";
    let token = generate();
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user_id)
        .bind(new_email)
        .bind(digest(token.as_str()))
        .bind(now + Duration::hours(LIFETIME_HOURS))
        .bind(now)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(token)
}

/// Uses up `token` if it is known and unexpired: whose change it was and the
/// address it proves.
pub async fn redeem(
    tx: &mut Transaction,
    token: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<(i64, String)>> {
    const SQL: &str = "
        DELETE FROM email_changes WHERE token_hash = $1 AND expires_at > $2
        RETURNING user_id, new_email";
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(digest(token)).bind(now).fetch_optional(&mut *conn).await)
}
