//! Outgoing email through a transactional outbox.
//!
//! [`enqueue`] writes the email in the same transaction as the change that causes
//! it (a registration, a reset request), so an email is sent if and only if that
//! change committed. [`worker`] delivers what is due.
//!
//! One-time links (password reset, email confirmation) are as good as a
//! password. When mail goes out by SMTP the outbox keeps the email with the
//! link withheld: the link waits in a column of its own that no page reads, and
//! is erased once the email is sent. Without SMTP the outbox *is* the mailbox
//! (a developer's machine), so the link is stored readable and the outbox page
//! says so.

pub mod listing;
pub mod outbox;
pub mod worker;

use chrono::{DateTime, Utc};

use crate::db::{on_tx, Transaction};
use crate::settings::MailSettings;

/// Where a one-time link goes in an email's body.
pub const LINK: &str = "{{one-time-link}}";
/// What the stored copy says instead of the link, once the email is sent.
pub const LINK_SENT: &str = "[link sent by email, not stored]";
/// What the stored copy says instead of the link while the email waits.
pub const LINK_WITHHELD: &str = "[link withheld: it is sent by email and never stored]";
/// What the stored copy says instead of the link when delivery gave up.
pub const LINK_NOT_SENT: &str = "[link not sent, not stored]";

/// An email as written to the outbox. Not `Debug`: it may carry a one-time link.
pub struct Email {
    pub to: String,
    pub subject: String,
    /// Plain text; holds [`LINK`] where `one_time_link` belongs.
    pub body: String,
    pub one_time_link: Option<String>,
}

impl Email {
    pub fn new(to: impl Into<String>, subject: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            to: to.into(),
            subject: subject.into(),
            body: body.into(),
            one_time_link: None,
        }
    }

    /// An email whose `body` holds [`LINK`] where `link` is to appear.
    pub fn with_one_time_link(
        to: impl Into<String>,
        subject: impl Into<String>,
        body: impl Into<String>,
        link: String,
    ) -> Self {
        Self {
            one_time_link: Some(link),
            ..Self::new(to, subject, body)
        }
    }

    /// The body as the recipient reads it.
    pub fn body_with_link(&self) -> String {
        match &self.one_time_link {
            Some(link) => self.body.replace(LINK, link),
            None => self.body.clone(),
        }
    }
}

/// Whether the outbox may keep one-time links readable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStorage {
    /// No SMTP: the outbox is the local mailbox and admins read mail there.
    Readable,
    /// Mail goes out by SMTP: nobody needs to read the link in the outbox.
    Withheld,
}

impl LinkStorage {
    pub fn for_settings(settings: &MailSettings) -> Self {
        if settings.smtp_url.is_some() {
            Self::Withheld
        } else {
            Self::Readable
        }
    }
}

/// Queues an email with no one-time link (or withholds its link).
pub async fn enqueue(tx: &mut Transaction, email: &Email, now: DateTime<Utc>) -> sqlx::Result<()> {
    insert(tx, email, LinkStorage::Withheld, None, now).await
}

/// Queues an email that may carry a one-time link, stored as `storage` says.
pub async fn enqueue_as(
    tx: &mut Transaction,
    email: &Email,
    storage: LinkStorage,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    insert(tx, email, storage, None, now).await
}

/// Queues an email unless one with the same `key` was queued before: what a
/// background job sends, so that a job run twice sends its email once.
pub async fn enqueue_once(
    tx: &mut Transaction,
    email: &Email,
    key: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    insert(tx, email, LinkStorage::Withheld, Some(key), now).await
}

async fn insert(
    tx: &mut Transaction,
    email: &Email,
    storage: LinkStorage,
    dedupe_key: Option<&str>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    // A deleted account's address (`deleted-…@kurso.invalid`, RFC 2606) is
    // never delivered to: a reminder for a seat it kept is not sent anywhere.
    if email.to.ends_with(".invalid") {
        return Ok(());
    }
    const SQL: &str = "
        INSERT INTO outbox (recipient, subject, body_text, one_time_link, dedupe_key,
                            next_attempt_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $6, $6)
        ON CONFLICT (dedupe_key) DO NOTHING";
    let (body, withheld_link) = match (&email.one_time_link, storage) {
        (Some(link), LinkStorage::Withheld) => (email.body.clone(), Some(link.as_str())),
        _ => (email.body_with_link(), None),
    };
    on_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(&email.to)
            .bind(&email.subject)
            .bind(&body)
            .bind(withheld_link)
            .bind(dedupe_key)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(())
}

/// A stored body as an admin may read it: a withheld link stays hidden.
pub fn readable_body(stored: &str) -> String {
    stored.replace(LINK, LINK_WITHHELD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recipient_reads_the_link_and_an_admin_never_does() {
        let email = Email::with_one_time_link(
            "ana@example.com",
            "Reset",
            format!("Open {LINK} within an hour."),
            "https://kurso.example.com/reset-password?token=secret".to_owned(),
        );

        assert_eq!(
            email.body_with_link(),
            "Open https://kurso.example.com/reset-password?token=secret within an hour."
        );
        assert!(!readable_body(&email.body).contains("secret"));
    }
}
