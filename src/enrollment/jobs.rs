//! Enrollment's background jobs: reminders before a run, and offers that
//! expire. They are queued in the transaction of the change that calls for
//! them and run after the request has returned.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{emails, queries, store};
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
}

#[derive(Serialize, Deserialize)]
struct OfferExpiry {
    place_id: i64,
}

/// Queues the reminders for a confirmed place (those not already past).
pub async fn schedule_reminders(
    tx: &mut Transaction,
    place_id: i64,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    for hours_before in REMINDER_HOURS {
        let at = starts_at - chrono::Duration::hours(hours_before);
        if at > now {
            let payload = serde_json::to_value(Reminder {
                place_id,
                hours_before,
            })
            .unwrap_or_default();
            enqueue(tx, &NewJob::new(REMINDER, payload, at), now).await?;
        }
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
    if place.status != "confirmed" || place.run_status != "scheduled" || place.starts_at <= now {
        return Ok(());
    }
    let email = emails::reminder(&state.settings.site, &place, reminder.hours_before);
    crate::mail::enqueue(&mut tx, &email, now).await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(())
}

async fn expire_offer(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    let expiry: OfferExpiry = serde_json::from_str(&job.payload)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    // Claimed or already passed on: `None`, and nothing to do.
    let Some((_, offer)) = store::expire_offer_in(
        &mut tx,
        now,
        expiry.place_id,
        state.settings.enrollment.offer_valid_for,
    )
    .await?
    else {
        return Ok(());
    };
    if let Some(offer) = offer {
        super::actions::server::send_offer(state, &mut tx, offer)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let place = queries::place_in(&mut tx, expiry.place_id).await?;
    tx.commit().await?;
    if let Some(place) = place {
        super::actions::server::after_change(state, &place.course_slug);
    }
    tracing::info!(place = expiry.place_id, "an unclaimed offer passed on");
    Ok(())
}
