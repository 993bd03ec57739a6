//! Enrollment's background jobs: reminders before a run, and offers that
//! expire. They are queued in the transaction of the change that calls for
//! them and run after the request has returned.
//!
//! A job may run twice (its worker stalled past the lease and another took it
//! over), so each kind is safe to repeat:
//! - a reminder queues its email with a key naming the place, the hours and
//!   the start it was meant for: a second run finds the key taken and sends
//!   nothing;
//! - an offer expiry re-reads the place under its run's lock and acts only on
//!   an offer still open and due, so a second run finds nothing to do;
//! - a below-minimum alert (`alerts`) keys each admin's email by run.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{emails, queries, store};
use crate::audit::{self, Actor, AuditEntry};
use crate::db::Transaction;
use crate::jobs::{enqueue, ClaimedJob, Handlers, NewJob, Outcome};
use crate::server::AppState;

pub const REMINDER: &str = "enrollment.reminder";
pub const OFFER_EXPIRY: &str = "enrollment.offer_expiry";

/// Reminders go out this many hours before the start.
const REMINDER_HOURS: [i64; 2] = [48, 2];

#[derive(Serialize, Deserialize)]
struct Reminder {
    place_id: i64,
    hours_before: i64,
    /// The start the reminder was scheduled for; a run that moved since makes
    /// it stale (older jobs do not carry it).
    #[serde(default)]
    starts_at: Option<DateTime<Utc>>,
}

/// The topic of a run's jobs, so a change to the run finds them.
pub fn run_topic(run_id: i64) -> String {
    format!("course_run:{run_id}")
}

#[derive(Serialize, Deserialize)]
struct OfferExpiry {
    place_id: i64,
}

/// Queues the reminders for a confirmed place (those not already past).
pub async fn schedule_reminders(
    tx: &mut Transaction,
    place: &queries::PlaceRow,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    for hours_before in REMINDER_HOURS {
        let at = place.starts_at - chrono::Duration::hours(hours_before);
        if at > now {
            let payload = serde_json::to_value(Reminder {
                place_id: place.id,
                hours_before,
                starts_at: Some(place.starts_at),
            })
            .unwrap_or_default();
            let job = NewJob::new(REMINDER, payload, at).about(run_topic(place.run_id));
            enqueue(tx, &job, now).await?;
        }
    }
    Ok(())
}

/// After a run moved: its pending reminders are dropped and every confirmed
/// place gets reminders for the new start, in the caller's transaction.
pub async fn reschedule_reminders(
    tx: &mut Transaction,
    run_id: i64,
    places: &[queries::PlaceRow],
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::jobs::queue::cancel_pending(tx, &run_topic(run_id), REMINDER).await?;
    for place in places.iter().filter(|place| place.status == "confirmed") {
        schedule_reminders(tx, place, now).await?;
    }
    Ok(())
}

/// Queues the end of an offer at the moment it runs out.
pub async fn schedule_offer_expiry(
    tx: &mut Transaction,
    place_id: i64,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let payload = serde_json::to_value(OfferExpiry { place_id }).unwrap_or_default();
    enqueue(tx, &NewJob::new(OFFER_EXPIRY, payload, expires_at), now).await?;
    Ok(())
}

pub fn handlers(state: AppState, handlers: Handlers) -> Handlers {
    let for_reminders = state.clone();
    let for_offers = state.clone();
    handlers
        .on(REMINDER, move |job| -> Outcome {
            let state = for_reminders.clone();
            Box::pin(async move { remind(&state, &job).await.map_err(|e| e.to_string()) })
        })
        .on(OFFER_EXPIRY, move |job| -> Outcome {
            let state = for_offers.clone();
            Box::pin(async move { expire_offer(&state, &job).await.map_err(|e| e.to_string()) })
        })
        .on(super::alerts::BELOW_MINIMUM, move |job| -> Outcome {
            let state = state.clone();
            Box::pin(async move {
                super::alerts::alert_admins(&state, &job)
                    .await
                    .map_err(|e| e.to_string())
            })
        })
}

async fn remind(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let reminder: Reminder = serde_json::from_str(&job.payload)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(place) = queries::place_in(&mut tx, reminder.place_id).await? else {
        return Ok(());
    };
    // Cancelled since, or the run moved on: nothing to remind of.
    let moved = reminder.starts_at.is_some_and(|at| at != place.starts_at);
    if place.status != "confirmed"
        || place.run_status != "scheduled"
        || place.starts_at <= now
        || moved
    {
        return Ok(());
    }
    let email = emails::reminder(&state.settings.site, &place, reminder.hours_before);
    let key = format!(
        "reminder:{}:{}:{}",
        place.id,
        reminder.hours_before,
        place.starts_at.timestamp()
    );
    crate::mail::enqueue_once(&mut tx, &email, &key, now).await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(())
}

async fn expire_offer(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let expiry: OfferExpiry = serde_json::from_str(&job.payload)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    // Claimed or already passed on: `None`, and nothing to do.
    let Some((run_id, offer)) = store::expire_offer_in(
        &mut tx,
        now,
        expiry.place_id,
        state.settings.enrollment.offer_valid_for,
    )
    .await?
    else {
        return Ok(());
    };
    let expired = AuditEntry::new("enrollment.offer_expired", Actor::system())
        .target("enrollment", expiry.place_id)
        .before(serde_json::json!({ "status": "offered" }))
        .after(serde_json::json!({ "status": "expired", "run_id": run_id }));
    audit::record(&mut tx, &expired, now).await?;
    if let Some(offer) = offer {
        super::actions::server::send_offer(state, &mut tx, offer)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let passed_on = AuditEntry::new("enrollment.offered", Actor::system())
            .target("enrollment", offer.place_id)
            .before(serde_json::json!({ "status": "waitlisted" }))
            .after(
                serde_json::json!({ "status": "offered", "reason": "an earlier offer expired" }),
            );
        audit::record(&mut tx, &passed_on, now).await?;
    }
    let place = queries::place_in(&mut tx, expiry.place_id).await?;
    tx.commit().await?;
    if let Some(place) = place {
        super::actions::server::after_change(state, &place.course_slug);
    }
    tracing::info!(place = expiry.place_id, "an unclaimed offer passed on");
    Ok(())
}
