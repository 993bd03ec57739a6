//! What the admin outbox page reads: one page of emails, newest first,
//! optionally only those whose recipient contains some text.

use chrono::{DateTime, Utc};

pub use super::outbox::OutboxStatus;
use super::outbox::LOCAL_MAILBOX;
use crate::db::{on_pool, Database};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    /// As stored: a withheld link is still a marker (see `crate::mail`).
    pub body_text: String,
    #[sqlx(try_from = "String")]
    pub status: OutboxStatus,
    /// The channel that took it: `local_mailbox` or `smtp`.
    pub delivered_via: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl OutboxRow {
    /// Sent to the local development mailbox (the outbox itself), not by SMTP.
    pub fn in_local_mailbox(&self) -> bool {
        self.status == OutboxStatus::Sent && self.delivered_via.as_deref() == Some(LOCAL_MAILBOX)
    }
}

/// `recipient_contains` is matched literally (its `%` and `_` are not
/// wildcards); empty matches every email.
pub async fn page_of_emails(
    db: &Database,
    recipient_contains: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<OutboxRow>, i64)> {
    const PAGE: &str = "
        SELECT id, recipient, subject, body_text, status, delivered_via, attempts, last_error, created_at
        FROM outbox WHERE $1 = '' OR recipient LIKE '%' || $1 || '%' ESCAPE '\\'
        ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3";
    const COUNT: &str = "
        SELECT COUNT(*) FROM outbox WHERE $1 = '' OR recipient LIKE '%' || $1 || '%' ESCAPE '\\'";
    let pattern = escape_like(recipient_contains);
    let (rows, (total,)) = on_pool!(db, pool => tokio::try_join!(
        sqlx::query_as::<_, OutboxRow>(PAGE).bind(&pattern).bind(limit).bind(offset).fetch_all(pool),
        sqlx::query_as::<_, (i64,)>(COUNT).bind(&pattern).fetch_one(pool),
    ))?;
    Ok((rows, total))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_a_search_are_plain_characters() {
        assert_eq!(escape_like("a_b%c\\d"), "a\\_b\\%c\\\\d");
    }
}
