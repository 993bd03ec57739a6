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

use super::service::{self, OfferExpiry, Reminder};
use super::{emails, queries, store};
use crate::audit::{self, Actor, AuditEntry};
use crate::catalog::RunStatus;
use crate::enrollment::model::PlaceStatus;
use crate::jobs::{ClaimedJob, Handlers, Outcome};
use crate::state::AppState;

pub fn handlers(state: AppState, handlers: Handlers) -> Handlers {
    let for_reminders = state.clone();
    let for_offers = state.clone();
    handlers
        .on(service::REMINDER, move |job| -> Outcome {
            let state = for_reminders.clone();
            Box::pin(async move { remind(&state, &job).await.map_err(|e| e.to_string()) })
        })
        .on(service::OFFER_EXPIRY, move |job| -> Outcome {
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
    if place.status != PlaceStatus::Confirmed
        || place.run_status != RunStatus::Scheduled
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
        service::send_offer(state, &mut tx, offer)
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
        service::after_change(state, &place.course_slug);
    }
    tracing::info!(place = expiry.place_id, "an unclaimed offer passed on");
    Ok(())
}
