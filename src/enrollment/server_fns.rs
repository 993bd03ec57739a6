//! The enrollment server functions. Each checks that a learner is signed in
//! and acts only on that learner's own places; each change commits with its
//! email and audit entry, then clears the cached pages that show the run.

use leptos::prelude::*;

use super::model::{EnrollChoice, FeedStatus, MyTrainings, TransferChoice};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{PlaceStatus, Refusal},
    super::service::{self, after_change, my_place, transfer},
    super::store::By,
    super::{queries, store},
    crate::accounts::server::{require_user, tokens},
    crate::audit::{self, Actor, AuditEntry},
    crate::catalog::RunStatus,
    crate::state::AppState,
};

/// How many other dates the move page lists.
#[cfg(feature = "ssr")]
const DATES_SHOWN: i64 = 24;

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
        open: run.status == RunStatus::Scheduled && run.starts_at > now,
        full: run.seats_taken >= run.capacity,
        waitlist_length: run.waitlist_length,
        existing: existing.map(|row| service::my_place(&state, &row)),
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
        return Err(service::refused(Refusal::EmailNotConfirmed));
    }
    let state = AppState::current()?;
    let mut tx = state.db.begin().await?;
    let (placed, place) = service::enroll(
        &state,
        &mut tx,
        run_id,
        learner.id,
        waitlist.is_some(),
        Actor::from(&learner),
    )
    .await?;
    tx.commit().await?;
    service::after_change(&state, &place.course_slug);
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
        let place = service::my_place(&state, row);
        let live = row.status.is_live();
        if live && row.ends_at > now && row.run_status != RunStatus::Cancelled {
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
        service::cancel(&state, &mut tx, place_id, store::By::Learner(learner.id)).await?;
    let entry = AuditEntry::new("enrollment.cancelled", Actor::from(&learner))
        .target("enrollment", place_id)
        .before(serde_json::json!({ "status": was }))
        .after(serde_json::json!({ "status": PlaceStatus::Cancelled }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    service::after_change(&state, &place.course_slug);
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
        .map_err(service::refused)?;
    let place = queries::place_in(&mut tx, place_id)
        .await?
        .ok_or(AppError::Internal)?;
    service::seat_confirmed(&state, &mut tx, &place).await?;
    let entry = AuditEntry::new("enrollment.claimed", Actor::from(&learner))
        .target("enrollment", place_id)
        .before(serde_json::json!({ "status": PlaceStatus::Offered }))
        .after(serde_json::json!({ "status": PlaceStatus::Confirmed }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    service::after_change(&state, &place.course_slug);
    leptos_axum::redirect(&format!("/me/trainings?claimed={place_id}"));
    Ok(())
}

#[server(endpoint = "enrollment/transfer-choice")]
pub async fn load_transfer_choice(place_id: i64) -> Result<TransferChoice, AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let row = queries::place_of_learner(&state.db, place_id, learner.id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let place = my_place(&state, &row);
    if !place.can_transfer {
        return Err(AppError::Conflict(
            "This place cannot be moved online: only a confirmed seat, until the cut-off before the start."
                .to_owned(),
        )
        .into_response_error());
    }
    let course = crate::catalog::queries::published_course(&state.db, &row.course_slug)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let zone = state.settings.site.time_zone;
    let dates = crate::catalog::queries::upcoming_runs_of_course(
        &state.db,
        course.id,
        state.clock.now(),
        DATES_SHOWN + 1,
    )
    .await?
    .iter()
    .filter(|run| run.id != row.run_id)
    .take(DATES_SHOWN as usize)
    .map(|run| crate::catalog::present::run_summary(run, zone))
    .collect();
    Ok(TransferChoice { place, dates })
}

/// Moves the learner's confirmed seat to `to_run_id`.
#[server(endpoint = "enrollment/transfer")]
pub async fn transfer_place(place_id: i64, to_run_id: i64) -> Result<(), AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (from_run_id, place) = transfer(
        &state,
        &mut tx,
        place_id,
        to_run_id,
        By::Learner(learner.id),
    )
    .await?;
    let entry = AuditEntry::new("enrollment.transferred", Actor::from(&learner))
        .target("enrollment", place.id)
        .before(serde_json::json!({ "place_id": place_id, "run_id": from_run_id }))
        .after(serde_json::json!({ "place_id": place.id, "run_id": to_run_id }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    after_change(&state, &place.course_slug);
    leptos_axum::redirect(&format!("/me/trainings?moved={}", place.id));
    Ok(())
}

#[server(endpoint = "enrollment/feed")]
pub async fn load_calendar_feed() -> Result<FeedStatus, AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let made = queries::feed_made_at(&state.db, learner.id).await?;
    let zone = state.settings.site.time_zone;
    Ok(FeedStatus {
        since: made.map(|at| at.with_timezone(&zone).format("%-d %b %Y").to_string()),
    })
}

/// Makes a new secret address (turning off any earlier one) and shows it once.
#[server(endpoint = "enrollment/feed/new")]
pub async fn new_calendar_feed() -> Result<(), AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let token = tokens::generate();
    let mut tx = state.db.begin().await?;
    queries::replace_feed(&mut tx, learner.id, &tokens::digest(token.as_str()), now).await?;
    let entry =
        AuditEntry::new("calendar_feed.created", Actor::from(&learner)).target("user", learner.id);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "/me/trainings?feed={}#calendar-feed",
        token.as_str()
    ));
    Ok(())
}

/// Turns the feed off: the address stops working at once.
#[server(endpoint = "enrollment/feed/off")]
pub async fn turn_off_calendar_feed() -> Result<(), AppError> {
    let learner = require_user()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    queries::remove_feed(&mut tx, learner.id).await?;
    let entry =
        AuditEntry::new("calendar_feed.revoked", Actor::from(&learner)).target("user", learner.id);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    leptos_axum::redirect("/me/trainings?feed_off=1#calendar-feed");
    Ok(())
}
