//! The enrollment server functions. Each checks that a learner is signed in
//! and acts only on that learner's own places; each change commits with its
//! email and audit entry, then clears the cached pages that show the run.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::PlaceStatus;
#[cfg(feature = "ssr")]
use super::model::Refusal;
use crate::catalog::summaries::RunSummary;
use crate::errors::AppError;

/// What the enroll page offers for one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrollChoice {
    pub run: RunSummary,
    pub open: bool,
    pub full: bool,
    pub waitlist_length: i64,
    /// The learner's live place in this run already, if any.
    pub existing: Option<MyPlace>,
    /// Only a confirmed email address may take a seat or join a waitlist.
    pub email_confirmed: bool,
    /// Where the confirmation link was (or will be) sent.
    pub email: String,
}

/// One of the learner's places, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyPlace {
    pub id: i64,
    pub status: PlaceStatus,
    pub course_slug: String,
    pub course_title: String,
    pub dates: String,
    pub times: String,
    pub place: String,
    pub ics_href: String,
    pub waitlist_position: Option<i64>,
    /// "Thu 3 Dec 2026, 4:30 PM" while a seat is offered.
    pub offer_until: Option<String>,
    pub can_cancel: bool,
    pub can_claim: bool,
    /// A confirmed seat before the cut-off can move to another date.
    pub can_transfer: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyTrainings {
    pub upcoming: Vec<MyPlace>,
    pub past: Vec<MyPlace>,
}

#[cfg(feature = "ssr")]
use {
    super::{emails, queries, store},
    crate::accounts::server::require_user,
    crate::audit::{self, Actor, AuditEntry},
    crate::cache::Change,
    crate::server::AppState,
};

/// The run the learner is about to enroll in, and whether a seat is free.
#[server(endpoint = "enrollment/choice")]
pub async fn load_enroll_choice(run_id: i64) -> Result<EnrollChoice, AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let Some(slug) = queries::published_course_of_run(&state.db, run_id).await? else {
        return Err(AppError::NotFound.into_response_error());
    };
    let run = crate::catalog::queries::published_run(&state.db, &slug, run_id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let now = state.clock.now();
    let zone = state.settings.site.time_zone;
    let existing = queries::live_place(&state.db, run_id, learner.id).await?;
    Ok(EnrollChoice {
        open: run.status == "scheduled" && run.starts_at > now,
        full: run.seats_taken >= run.capacity,
        waitlist_length: run.waitlist_length,
        existing: existing.map(|row| server::my_place(&state, &row)),
        email_confirmed: learner.email_verified,
        email: learner.email.clone(),
        run: crate::catalog::present::run_summary(&run, zone),
    })
}

/// Takes a seat, or a place on the waitlist when the learner asked for it.
#[server(endpoint = "enrollment/enroll")]
pub async fn enroll(run_id: i64, waitlist: Option<String>) -> Result<(), AppError> {
    let learner = require_user()?;
    if !learner.email_verified {
        return Err(server::refused(Refusal::EmailNotConfirmed));
    }
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let placed = store::enroll_in(&mut tx, now, run_id, learner.id, waitlist.is_some())
        .await?
        .map_err(server::refused)?;
    let place = queries::place_in(&mut tx, placed.place_id())
        .await?
        .ok_or(AppError::Internal)?;
    let action = match placed {
        store::Placed::Confirmed { .. } => {
            server::seat_confirmed(&state, &mut tx, &place).await?;
            "enrollment.confirmed"
        }
        store::Placed::Waitlisted { .. } => {
            let email = emails::waitlisted(&state.settings.site, &place);
            crate::mail::enqueue(&mut tx, &email, now).await?;
            "enrollment.waitlisted"
        }
    };
    let entry = AuditEntry::new(action, Actor::user(&learner))
        .target("enrollment", place.id)
        .after(serde_json::json!({ "run_id": run_id, "status": place.status }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    server::after_change(&state, &place.course_slug);
    let outcome = match placed {
        store::Placed::Confirmed { .. } => "enrolled",
        store::Placed::Waitlisted { .. } => "waitlisted",
    };
    leptos_axum::redirect(&format!("/me/trainings?{outcome}={}", place.id));
    Ok(())
}

/// The learner's upcoming and past places.
#[server(endpoint = "enrollment/mine")]
pub async fn load_my_trainings() -> Result<MyTrainings, AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let rows = queries::places_of_learner(&state.db, learner.id).await?;
    let mut trainings = MyTrainings::default();
    // Upcoming soonest first; the query gives the latest first.
    for row in rows.iter().rev() {
        let place = server::my_place(&state, row);
        let live = PlaceStatus::from_column(&row.status).is_some_and(PlaceStatus::is_live);
        if live && row.ends_at > now && row.run_status != "cancelled" {
            trainings.upcoming.push(place);
        } else {
            trainings.past.insert(0, place);
        }
    }
    Ok(trainings)
}

/// Gives up a place; a freed seat is offered to the waitlist.
#[server(endpoint = "enrollment/cancel")]
pub async fn cancel_place(place_id: i64) -> Result<(), AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (was, place) =
        server::cancel(&state, &mut tx, place_id, store::By::Learner(learner.id)).await?;
    let entry = AuditEntry::new("enrollment.cancelled", Actor::user(&learner))
        .target("enrollment", place_id)
        .before(serde_json::json!({ "status": was }))
        .after(serde_json::json!({ "status": PlaceStatus::Cancelled }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    server::after_change(&state, &place.course_slug);
    leptos_axum::redirect(&format!("/me/trainings?cancelled={place_id}"));
    Ok(())
}

/// Claims a seat offered from the waitlist.
#[server(endpoint = "enrollment/claim")]
pub async fn claim_seat(place_id: i64) -> Result<(), AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    store::claim_in(&mut tx, now, place_id, learner.id)
        .await?
        .map_err(server::refused)?;
    let place = queries::place_in(&mut tx, place_id)
        .await?
        .ok_or(AppError::Internal)?;
    server::seat_confirmed(&state, &mut tx, &place).await?;
    let entry = AuditEntry::new("enrollment.claimed", Actor::user(&learner))
        .target("enrollment", place_id)
        .before(serde_json::json!({ "status": PlaceStatus::Offered }))
        .after(serde_json::json!({ "status": PlaceStatus::Confirmed }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    server::after_change(&state, &place.course_slug);
    leptos_axum::redirect(&format!("/me/trainings?claimed={place_id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::catalog::present::{date_range, ics_href, moment, place_label, time_range};
    use crate::db::Transaction;

    pub fn refused(refusal: Refusal) -> AppError {
        let error = match refusal {
            Refusal::RunNotFound | Refusal::PlaceNotFound => AppError::NotFound,
            other => AppError::Conflict(other.message().to_owned()),
        };
        error.into_response_error()
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
        crate::enrollment::jobs::schedule_reminders(tx, place, now).await?;
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
        crate::enrollment::jobs::reschedule_reminders(tx, run_id, &places, now).await?;
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
    ) -> Result<(PlaceStatus, queries::PlaceRow), AppError> {
        let settings = &state.settings.enrollment;
        let cancelled = store::cancel_in(
            tx,
            state.clock.now(),
            place_id,
            by,
            settings.cancel_cutoff,
            settings.offer_valid_for,
        )
        .await?
        .map_err(refused)?;
        if let Some(offer) = cancelled.offer {
            send_offer(state, tx, offer).await?;
        }
        let place = queries::place_in(tx, place_id)
            .await?
            .ok_or(AppError::Internal)?;
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
    ) -> Result<(i64, queries::PlaceRow), AppError> {
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
        .await?
        .map_err(refused)?;
        let place = queries::place_in(tx, moved.new_place_id)
            .await?
            .ok_or(AppError::Internal)?;
        seat_confirmed(state, tx, &place).await?;
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
            crate::enrollment::jobs::schedule_offer_expiry(tx, place.id, expires_at, now).await?;
        }
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
        let status = PlaceStatus::from_column(&row.status).unwrap_or(PlaceStatus::Cancelled);
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
            place: place_label(
                &row.mode,
                row.venue_name.as_deref(),
                row.venue_city.as_deref(),
            ),
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
                && row.run_status == "scheduled"
                && row.starts_at - cutoff > now,
        }
    }
}
