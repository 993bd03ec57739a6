//! Sends a delivery: signs it, POSTs it with a timeout, logs the attempt, and
//! schedules the next one on failure. A job per attempt, so a retry three
//! days out is a row in the job table, not a task held in memory.
//!
//! A job may run twice (its worker stalled past the lease): each job names the
//! attempt it is for, and counting an attempt is conditional on it still being
//! the next one, so a second run changes nothing (it may send the message a
//! second time, which receivers drop by its `webhook-id`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::address::{self, PublicOnly};
use super::signing::{self, Secret};
use super::store::{self, Attempt, Outgoing};
use crate::audit::{self, Actor, AuditEntry};
use crate::db::Transaction;
use crate::jobs::{enqueue, ClaimedJob, Handlers, NewJob, Outcome};
use crate::mail::Email;
use crate::state::AppState;

pub const SEND: &str = "webhook.send";

/// The waits after each failed attempt: Standard Webhooks' recommended
/// schedule, stretched so the last attempt comes just under three days after
/// the first (11 attempts in all).
pub const RETRY_AFTER: [Duration; 10] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(14 * 3600),
    Duration::from_secs(14 * 3600),
    Duration::from_secs(16 * 3600),
];

/// How long a receiver has to answer; a slow one counts as a failure.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an answer the log keeps.
const SNIPPET_BYTES: usize = 512;
/// How long the secret before a rotation keeps signing.
pub const ROTATION_OVERLAP: chrono::Duration = chrono::Duration::hours(24);

/// One attempt at one delivery: the attempts counted before it.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct SendJob {
    pub delivery_id: i64,
    pub attempts_before: i64,
}

impl SendJob {
    pub fn first(delivery_id: i64) -> Self {
        Self {
            delivery_id,
            attempts_before: 0,
        }
    }
}

pub fn job(send: SendJob, at: DateTime<Utc>) -> NewJob<'static> {
    let payload = serde_json::to_value(send).unwrap_or_default();
    NewJob::new(SEND, payload, at).about(format!("webhook_delivery:{}", send.delivery_id))
}

/// The HTTP client deliveries go through: a timeout, no redirects (a 3xx is
/// a failed attempt, so a receiver cannot bounce a message to an inside
/// address), no proxy from the environment, and unless private addresses are
/// allowed, a resolver that drops them.
pub fn client(allow_private: bool) -> reqwest::Result<reqwest::Client> {
    let builder = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent("Kurso-Webhooks/1");
    let builder = if allow_private {
        builder
    } else {
        builder.dns_resolver(Arc::new(PublicOnly))
    };
    builder.build()
}

pub fn handlers(state: AppState, handlers: Handlers) -> Handlers {
    let client = client(state.settings.webhooks_allow_private_addresses).map_err(|error| {
        tracing::error!(%error, "cannot build the webhook client; webhooks will not be sent");
    });
    let client = Arc::new(client.ok());
    handlers.on(SEND, move |job| -> Outcome {
        let (state, client) = (state.clone(), client.clone());
        Box::pin(async move {
            let Some(client) = client.as_ref() else {
                return Err("no webhook client".to_owned());
            };
            send(&state, client, &job).await.map_err(|e| e.to_string())
        })
    })
}

async fn send(state: &AppState, client: &reqwest::Client, job: &ClaimedJob) -> anyhow::Result<()> {
    let send: SendJob = serde_json::from_str(&job.payload)?;
    let Some(outgoing) = store::outgoing(&state.db, send.delivery_id).await? else {
        return Ok(()); // its endpoint was deleted
    };
    if outgoing.status != "pending" || outgoing.attempts != send.attempts_before {
        return Ok(()); // done already, or a resend replaced this attempt
    }
    let now = state.clock.now();
    if outgoing.disabled_at.is_some() {
        let mut tx = state.db.begin().await?;
        store::give_up(&mut tx, outgoing.id, now).await?;
        tx.commit().await?;
        return Ok(());
    }
    let secrets = secrets_of(state, &outgoing, now)?;
    let allow_private = state.settings.webhooks_allow_private_addresses;
    let answer = post(client, &outgoing, &secrets, now, allow_private).await;
    record(state, send, &outgoing, &answer).await
}

/// The secrets that sign now: the current one, and the one before while
/// its rotation overlap lasts.
fn secrets_of(
    state: &AppState,
    outgoing: &Outgoing,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Secret>> {
    let open = |sealed: &[u8], context: String| -> anyhow::Result<Secret> {
        let text = state.data_keys.open(sealed, &context)?;
        Secret::parse(&text).ok_or_else(|| anyhow::anyhow!("a stored webhook secret is malformed"))
    };
    let mut secrets = vec![open(
        &outgoing.secret_sealed,
        store::secret_context(outgoing.endpoint_id),
    )?];
    if let (Some(sealed), Some(until)) = (
        &outgoing.previous_secret_sealed,
        outgoing.previous_secret_expires_at,
    ) {
        if until > now {
            secrets.push(open(
                sealed,
                store::previous_secret_context(outgoing.endpoint_id),
            )?);
        }
    }
    Ok(secrets)
}

/// What came of one attempt.
struct Answer {
    status_code: Option<i32>,
    error: Option<String>,
    latency_ms: i64,
    snippet: Option<String>,
}

impl Answer {
    fn delivered(&self) -> bool {
        self.status_code
            .is_some_and(|code| (200..300).contains(&code))
    }
}

async fn post(
    client: &reqwest::Client,
    outgoing: &Outgoing,
    secrets: &[Secret],
    now: DateTime<Utc>,
    allow_private: bool,
) -> Answer {
    let started = Instant::now();
    let failed = |error: String, started: Instant| Answer {
        status_code: None,
        error: Some(error),
        latency_ms: elapsed_ms(started),
        snippet: None,
    };
    let url = match address::check_url(&outgoing.url, allow_private) {
        Ok(url) => url,
        Err(error) => return failed(error, started),
    };
    let timestamp = now.timestamp();
    let signature =
        signing::signature_header(secrets, &outgoing.message_id, timestamp, &outgoing.body);
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &outgoing.message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(outgoing.body.clone())
        .send()
        .await;
    match sent {
        Ok(mut response) => {
            let status_code = Some(i32::from(response.status().as_u16()));
            let snippet = read_snippet(&mut response).await;
            Answer {
                status_code,
                error: None,
                latency_ms: elapsed_ms(started),
                snippet,
            }
        }
        Err(error) => failed(describe(error), started),
    }
}

fn elapsed_ms(started: Instant) -> i64 {
    i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX)
}

/// The start of the answer's body; the rest is not read.
async fn read_snippet(response: &mut reqwest::Response) -> Option<String> {
    let mut bytes = Vec::new();
    while bytes.len() < SNIPPET_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(SNIPPET_BYTES);
    let text = String::from_utf8_lossy(&bytes).trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The error with its causes ("error sending request: … : 10.0.0.1 is a
/// private … address"), which reqwest's own message leaves out.
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer within {} seconds", TIMEOUT.as_secs());
    }
    let error = error.without_url();
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// Logs the attempt and decides what comes next: delivered, another attempt
/// after the schedule's wait, or failed for good (the endpoint is disabled).
async fn record(
    state: &AppState,
    send: SendJob,
    outgoing: &Outgoing,
    answer: &Answer,
) -> anyhow::Result<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let attempt = Attempt {
        status_code: answer.status_code,
        error: answer.error.as_deref(),
        latency_ms: answer.latency_ms,
        response_snippet: answer.snippet.as_deref(),
    };
    store::insert_attempt(&mut tx, outgoing.id, &attempt, now).await?;
    let wait = usize::try_from(send.attempts_before)
        .ok()
        .and_then(|n| RETRY_AFTER.get(n));
    let (status, next_attempt_at) = match (answer.delivered(), wait) {
        (true, _) => ("delivered", None),
        (false, Some(wait)) => ("pending", Some(now + chrono::Duration::from_std(*wait)?)),
        (false, None) => ("failed", None),
    };
    let counted = store::advance_delivery(
        &mut tx,
        outgoing.id,
        send.attempts_before,
        status,
        next_attempt_at,
        now,
    )
    .await?;
    if !counted {
        return Ok(()); // another run of this job counted it; the attempt row rolls back
    }
    if let Some(at) = next_attempt_at {
        let next = SendJob {
            delivery_id: outgoing.id,
            attempts_before: send.attempts_before + 1,
        };
        enqueue(&mut tx, &job(next, at), now).await?;
    }
    if status == "failed" {
        disable_failing(state, &mut tx, outgoing, now).await?;
    }
    tx.commit().await?;
    if status == "failed" {
        state.outbox_wake.notify_one();
    }
    Ok(())
}

/// A message failed for the whole schedule: the endpoint stops receiving
/// (its messages pile up nowhere), and every admin is told by email.
async fn disable_failing(
    state: &AppState,
    tx: &mut Transaction,
    outgoing: &Outgoing,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let reason = "Every attempt to deliver a message failed for three days.";
    if !store::set_disabled(tx, outgoing.endpoint_id, Some(reason), now).await? {
        return Ok(()); // disabled already
    }
    let entry = AuditEntry::new("webhook.disabled", Actor::system())
        .target("webhook_endpoint", outgoing.endpoint_id)
        .after(serde_json::json!({ "reason": reason, "message_id": outgoing.message_id }));
    audit::record(tx, &entry, now).await?;
    let site = &state.settings.site;
    for admin in crate::accounts::server::users::active_admin_emails(&state.db).await? {
        let email = Email {
            one_time_link: None,
            to: admin,
            subject: "A webhook endpoint was disabled".to_owned(),
            body: format!(
                "Kurso stopped sending webhooks to {url}: every attempt to deliver a message \
                 ({event}) failed for three days.\n\n\
                 Check the receiver, then enable the endpoint again and resend what it missed: \
                 {public}/admin/webhooks/{id}\n",
                url = outgoing.url,
                event = outgoing.event_type,
                public = site.public_url,
                id = outgoing.endpoint_id,
            ),
        };
        let key = format!(
            "webhook_disabled:{}:{}:{}",
            outgoing.endpoint_id,
            now.timestamp(),
            email.to
        );
        crate::mail::enqueue_once(tx, &email, &key, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retry_schedule_ends_just_under_three_days_after_the_first_attempt() {
        let total: Duration = RETRY_AFTER.iter().sum();
        assert!(total < Duration::from_secs(72 * 3600), "{total:?}");
        assert!(total > Duration::from_secs(70 * 3600), "{total:?}");
        assert!(RETRY_AFTER.windows(2).all(|pair| pair[0] <= pair[1]));
    }
}
