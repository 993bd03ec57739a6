//! Delivers due outbox rows: through SMTP when `mail.smtp_url` is set, otherwise
//! into the "local mailbox" (the row is marked delivered and admins read it on
//! the outbox page).
//!
//! A row is claimed for a minute before sending (`claimed_until`), so several
//! servers can run workers on one database without sending anything twice; a
//! worker that dies mid-send leaves the claim to lapse and the row is retried.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use super::outbox::{self, DueRow};
use crate::clock::Clock;
use crate::db::Database;
use crate::settings::MailSettings;

const BATCH: i64 = 20;
const CLAIM_SECS: i64 = 60;
const MAX_ATTEMPTS: i64 = 8;
/// Also the longest an email waits if a wake-up is missed.
const POLL: Duration = Duration::from_secs(5);

pub enum Delivery {
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Mailbox,
    },
    LocalMailbox,
}

impl Delivery {
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Self> {
        use anyhow::Context;
        let Some(url) = &settings.smtp_url else {
            return Ok(Self::LocalMailbox);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
            .context("invalid setting mail.smtp_url (KURSO_SMTP_URL)")?
            .build();
        let transport = Box::new(transport);
        let from = settings
            .from
            .parse()
            .context("invalid setting mail.from (KURSO_MAIL_FROM)")?;
        Ok(Self::Smtp { transport, from })
    }

    fn channel(&self) -> &'static str {
        match self {
            Self::Smtp { .. } => "smtp",
            Self::LocalMailbox => super::outbox::LOCAL_MAILBOX,
        }
    }

    async fn send(&self, row: &DueRow) -> Result<(), String> {
        let Self::Smtp { transport, from } = self else {
            return Ok(());
        };
        let to: Mailbox = row
            .recipient
            .parse()
            .map_err(|_| "the recipient address is not valid".to_owned())?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(row.subject.clone())
            .body(row.body_for_recipient())
            .map_err(|error| error.to_string())?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|error| error.to_string())
    }
}

/// Runs until the task is dropped: delivers what is due, then sleeps until woken
/// (a new email was committed) or the poll interval passes.
pub async fn run(db: Database, clock: Clock, delivery: Delivery, wake: Arc<Notify>) {
    loop {
        match deliver_due(&db, &clock, &delivery).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, via = delivery.channel(), "outbox delivered"),
            Err(error) => tracing::warn!(%error, "outbox delivery round failed"),
        }
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

impl DueRow {
    fn body_for_recipient(&self) -> String {
        match &self.one_time_link {
            Some(link) => self.body_text.replace(super::LINK, link),
            None => self.body_text.clone(),
        }
    }

    /// What the stored body says in place of a withheld link after this
    /// outcome; `None` when nothing is withheld. The local mailbox is where
    /// the recipient reads the email, so the link goes there.
    fn link_left_behind<'a>(&'a self, delivery: &Delivery, sent: bool) -> Option<&'a str> {
        let link = self.one_time_link.as_deref()?;
        Some(match (delivery, sent) {
            (Delivery::LocalMailbox, true) => link,
            (Delivery::Smtp { .. }, true) => super::LINK_SENT,
            (_, false) => super::LINK_NOT_SENT,
        })
    }
}

async fn deliver_due(db: &Database, clock: &Clock, delivery: &Delivery) -> sqlx::Result<usize> {
    let now = clock.now();
    let due = outbox::due(db, now, BATCH).await?;
    let mut sent = 0;
    for row in due {
        let claim_until = now + chrono::Duration::seconds(CLAIM_SECS);
        if !outbox::claim(db, row.id, claim_until, now).await? {
            continue; // another worker has it
        }
        let now = clock.now();
        match delivery.send(&row).await {
            Ok(()) => {
                outbox::mark_sent(db, row.id, delivery.channel(), now).await?;
                if let Some(replacement) = row.link_left_behind(delivery, true) {
                    outbox::erase_link(db, row.id, replacement).await?;
                }
                sent += 1;
            }
            Err(error) => {
                let attempts = row.attempts + 1;
                let given_up = attempts >= MAX_ATTEMPTS;
                let next = now + retry_delay(attempts);
                tracing::warn!(outbox_id = row.id, attempts, %error, "email delivery failed");
                outbox::retry_later(db, row.id, given_up, next, &error, now).await?;
                if given_up {
                    if let Some(replacement) = row.link_left_behind(delivery, false) {
                        outbox::erase_link(db, row.id, replacement).await?;
                    }
                }
            }
        }
    }
    Ok(sent)
}

/// 1, 2, 4, ... minutes between attempts, at most an hour.
fn retry_delay(attempts: i64) -> chrono::Duration {
    let minutes = 1i64 << attempts.clamp(1, 7).saturating_sub(1);
    chrono::Duration::minutes(minutes.min(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_a_minute_to_an_hour() {
        assert_eq!(retry_delay(1), chrono::Duration::minutes(1));
        assert_eq!(retry_delay(2), chrono::Duration::minutes(2));
        assert_eq!(retry_delay(7), chrono::Duration::minutes(60));
        assert_eq!(retry_delay(50), chrono::Duration::minutes(60));
    }
}
