//! The steps that enrollment changes share, whoever makes them: a learner's
//! server functions, the admin's roster and run forms, and the background
//! jobs. Each step works inside the caller's transaction, so a change, its
//! emails, its jobs and its audit entry commit together. Server-only.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{MyPlace, PlaceStatus, Refusal};
use super::{emails, events, queries, store};
use crate::audit::{self, Actor, AuditEntry};
use crate::cache::Change;
use crate::catalog::present::{date_range, ics_href, moment, time_range};
use crate::catalog::RunStatus;
use crate::db::Transaction;
use crate::errors::AppError;
use crate::jobs::{enqueue, NewJob};
use crate::state::AppState;
use crate::webhooks::Event;
use serde_json::json;

pub fn refused(refusal: Refusal) -> AppError {
    let error = match refusal {
        Refusal::RunNotFound | Refusal::PlaceNotFound => AppError::NotFound,
        other => AppError::Conflict(other.message().to_owned()),
    };
    error.into_response_error()
}

/// Why a change to a place did not happen: the rules refused it (the API
/// answers each refusal with its own problem type), or Kurso failed.
#[derive(Debug)]
pub enum ChangeError {
    Refused(Refusal),
    Failed(AppError),
}

impl From<Refusal> for ChangeError {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl From<AppError> for ChangeError {
    fn from(error: AppError) -> Self {
        Self::Failed(error)
    }
}

impl From<sqlx::Error> for ChangeError {
    fn from(error: sqlx::Error) -> Self {
        Self::Failed(error.into())
    }
}

/// The pages' server functions answer a refusal as a form error.
impl From<ChangeError> for AppError {
    fn from(error: ChangeError) -> Self {
        match error {
            ChangeError::Refused(refusal) => refused(refusal),
            ChangeError::Failed(error) => error,
        }
    }
}

/// Takes a seat in the run for the learner, or, when it is full and they
/// asked for it, a place on its waitlist; writes the email that says which
/// and the audit entry by `actor`. The learner's own server function and the
/// API both enroll through here, so the rules are the same for both.
pub async fn enroll(
    state: &AppState,
    tx: &mut Transaction,
    run_id: i64,
    learner_id: i64,
    join_waitlist_if_full: bool,
    actor: Actor,
) -> Result<(store::Placed, queries::PlaceRow), ChangeError> {
    let now = state.clock.now();
    let placed = store::enroll_in(tx, now, run_id, learner_id, join_waitlist_if_full).await??;
    let place = queries::place_in(tx, placed.place_id())
        .await?
        .ok_or(AppError::Internal)?;
    let action = match placed {
        store::Placed::Confirmed { .. } => {
            seat_confirmed(state, tx, &place).await?;
            "enrollment.confirmed"
        }
        store::Placed::Waitlisted { .. } => {
            let email = emails::waitlisted(&state.settings.site, &place);
            crate::mail::enqueue(tx, &email, now).await?;
            "enrollment.waitlisted"
        }
    };
    let entry = AuditEntry::new(action, actor)
        .target("enrollment", place.id)
        .after(serde_json::json!({ "run_id": run_id, "status": place.status.as_str() }));
    audit::record(tx, &entry, now).await?;
    events::announce(state, tx, Event::EnrollmentCreated, &place, json!({})).await?;
    Ok((placed, place))
}

/// A seat became the learner's (enrolled, claimed or moved): the
/// confirmation email and the reminders before the start.
pub async fn seat_confirmed(
    state: &AppState,
    tx: &mut Transaction,
    place: &queries::PlaceRow,
) -> Result<(), AppError> {
    let now = state.clock.now();
    crate::mail::enqueue(tx, &emails::confirmed(&state.settings.site, place), now).await?;
    schedule_reminders(tx, place, now).await?;
    // This seat is the one that reached the minimum: the run will happen.
    if let Some((confirmed, minimum)) = queries::confirmed_and_minimum_in(tx, place.run_id).await? {
        if confirmed == minimum {
            events::run_guaranteed(state, tx, place, confirmed).await?;
        }
    }
    Ok(())
}

/// A run's start or end changed (the admin's run form): reminders follow
/// the new start and everyone with a place is told the new date, in the
/// transaction of the change.
pub async fn run_moved(
    state: &AppState,
    tx: &mut Transaction,
    run_id: i64,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let places = queries::live_places_of_run_in(tx, run_id).await?;
    reschedule_reminders(tx, run_id, &places, now).await?;
    for place in &places {
        crate::mail::enqueue(tx, &emails::run_moved(&state.settings.site, place), now).await?;
    }
    Ok(())
}

/// Gives up a place under `by`'s rules and offers a freed seat to the
/// waitlist. Returns what the place was, and the place now.
pub async fn cancel(
    state: &AppState,
    tx: &mut Transaction,
    place_id: i64,
    by: store::By,
) -> Result<(PlaceStatus, queries::PlaceRow), ChangeError> {
    let settings = &state.settings.enrollment;
    let cancelled = store::cancel_in(
        tx,
        state.clock.now(),
        place_id,
        by,
        settings.cancel_cutoff,
        settings.offer_valid_for,
    )
    .await??;
    if let Some(offer) = cancelled.offer {
        send_offer(state, tx, offer).await?;
    }
    let place = queries::place_in(tx, place_id)
        .await?
        .ok_or(AppError::Internal)?;
    let was = json!({ "previous_status": cancelled.was.as_str() });
    events::announce(state, tx, Event::EnrollmentCancelled, &place, was).await?;
    Ok((cancelled.was, place))
}

/// Moves a confirmed seat to another run under `by`'s rules, confirms the
/// new seat and offers the one left behind. Returns the old run and the
/// new place.
pub async fn transfer(
    state: &AppState,
    tx: &mut Transaction,
    place_id: i64,
    to_run_id: i64,
    by: store::By,
) -> Result<(i64, queries::PlaceRow), ChangeError> {
    let settings = &state.settings.enrollment;
    let moved = store::transfer_in(
        tx,
        state.clock.now(),
        place_id,
        to_run_id,
        by,
        settings.cancel_cutoff,
        settings.offer_valid_for,
    )
    .await??;
    let place = queries::place_in(tx, moved.new_place_id)
        .await?
        .ok_or(AppError::Internal)?;
    seat_confirmed(state, tx, &place).await?;
    let from = json!({ "from_enrollment_id": place_id, "from_run_id": moved.from_run_id });
    events::announce(state, tx, Event::EnrollmentTransferred, &place, from).await?;
    if let Some(offer) = moved.offer {
        send_offer(state, tx, offer).await?;
    }
    Ok((moved.from_run_id, place))
}

/// Writes the offer email for a seat passed on from the waitlist.
pub async fn send_offer(
    state: &AppState,
    tx: &mut Transaction,
    offer: store::Offer,
) -> Result<(), AppError> {
    let place = queries::place_in(tx, offer.place_id)
        .await?
        .ok_or(AppError::Internal)?;
    let now = state.clock.now();
    crate::mail::enqueue(tx, &emails::offered(&state.settings.site, &place), now).await?;
    if let Some(expires_at) = place.offer_expires_at {
        schedule_offer_expiry(tx, place.id, expires_at, now).await?;
    }
    events::announce(state, tx, Event::WaitlistOffered, &place, json!({})).await?;
    Ok(())
}

/// Seats and waitlists show on the course page, the schedule and the home
/// page: they must not be served from the cache once changed.
pub fn after_change(state: &AppState, course_slug: &str) {
    state.caches.invalidate(&Change::RunsOf {
        slug: course_slug.to_owned(),
    });
    state.outbox_wake.notify_one();
}

pub fn my_place(state: &AppState, row: &queries::PlaceRow) -> MyPlace {
    let zone = state.settings.site.time_zone;
    let now = state.clock.now();
    let status = row.status;
    let cutoff = chrono::Duration::from_std(state.settings.enrollment.cancel_cutoff)
        .unwrap_or(chrono::Duration::MAX);
    let offer_open =
        status == PlaceStatus::Offered && row.offer_expires_at.is_some_and(|until| until > now);
    MyPlace {
        id: row.id,
        status,
        course_slug: row.course_slug.clone(),
        course_title: row.course_title.clone(),
        dates: date_range(row.starts_at, row.ends_at, zone),
        times: time_range(row.starts_at, row.ends_at, zone),
        place: row.place_label(),
        ics_href: ics_href(&row.course_slug, row.run_id),
        waitlist_position: row.waitlist_position,
        offer_until: row
            .offer_expires_at
            .filter(|_| offer_open)
            .map(|until| moment(until, zone)),
        can_cancel: match status {
            PlaceStatus::Confirmed => row.starts_at - cutoff > now,
            PlaceStatus::Waitlisted | PlaceStatus::Offered => row.starts_at > now,
            PlaceStatus::Cancelled | PlaceStatus::Expired => false,
        },
        can_claim: offer_open,
        can_transfer: status == PlaceStatus::Confirmed
            && row.run_status == RunStatus::Scheduled
            && row.starts_at - cutoff > now,
    }
}

pub const REMINDER: &str = "enrollment.reminder";
pub const OFFER_EXPIRY: &str = "enrollment.offer_expiry";

/// Reminders go out this many hours before the start.
const REMINDER_HOURS: [i64; 2] = [48, 2];

#[derive(Serialize, Deserialize)]
pub(super) struct Reminder {
    pub place_id: i64,
    pub hours_before: i64,
    /// The start the reminder was scheduled for; a run that moved since makes
    /// it stale (older jobs do not carry it).
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
}

/// The topic of a run's jobs, so a change to the run finds them.
pub fn run_topic(run_id: i64) -> String {
    format!("course_run:{run_id}")
}

#[derive(Serialize, Deserialize)]
pub(super) struct OfferExpiry {
    pub place_id: i64,
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
    for place in places
        .iter()
        .filter(|place| place.status == PlaceStatus::Confirmed)
    {
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
