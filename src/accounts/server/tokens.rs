//! One-time tokens mailed to users (email verification, password reset).
//!
//! A token is 256 random bits, sent once in a link and stored only as its
//! SHA-256: a leaked database row cannot be turned back into a working link.
//! Using a token marks it used in the same statement that checks it, so two
//! requests racing with one link cannot both succeed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::{on_pool, on_tx, Database, Transaction};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
        }
    }

    /// Reset links are short-lived: they are as good as the password.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::VerifyEmail => Duration::hours(48),
            Self::ResetPassword => Duration::hours(1),
        }
    }
}

/// A token as mailed to the user. Not `Debug`: it must not reach a log.
pub struct PlainToken(String);

impl PlainToken {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub fn generate() -> PlainToken {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    PlainToken(URL_SAFE_NO_PAD.encode(bytes))
}

pub fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Stores a new token for `user_id`, retiring the user's earlier unused tokens
/// of the same purpose (only the latest email's link works).
pub async fn issue(
    tx: &mut Transaction,
    user_id: i64,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> sqlx::Result<PlainToken> {
    let token = generate();
    let expires_at = now + purpose.lifetime();
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE account_tokens SET used_at = $1, updated_at = $1
             WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(purpose.as_str())
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(user_id)
        .bind(purpose.as_str())
        .bind(digest(token.as_str()))
        .bind(expires_at)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    });
    Ok(token)
}

/// Whose `token` is, if it is unused, unexpired and for `purpose`, without
/// using it up: a cheap check before expensive work (hashing a new password).
pub async fn holder(
    db: &Database,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<i64>> {
    const SQL: &str = "
        SELECT user_id FROM account_tokens
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3";
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let row: Option<(i64,)> = on_pool!(db, pool => {
        sqlx::query_as(SQL)
            .bind(digest(token))
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.map(|(user_id,)| user_id))
}

/// Uses up `token` if it is unused, unexpired and for `purpose`; returns whose it was.
pub async fn redeem(
    tx: &mut Transaction,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<i64>> {
    const SQL: &str = "
        UPDATE account_tokens SET used_at = $1, updated_at = $1
        WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
        RETURNING user_id";
    let row: Option<(i64,)> = on_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(now)
            .bind(digest(token))
            .bind(purpose.as_str())
            .fetch_optional(&mut *conn)
            .await?
    });
    Ok(row.map(|(user_id,)| user_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_bits_and_are_url_safe() {
        let token = generate();

        assert_eq!(token.as_str().len(), 43);
        assert!(token
            .as_str()
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_ne!(token.as_str(), generate().as_str());
    }

    #[test]
    fn the_stored_digest_is_sha256_hex_and_not_the_token() {
        let digest = digest("abc");

        assert_eq!(
            digest,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
