//! Moving a confirmed seat to another date of the same course: the learner
//! picks a date with a free seat, and the move happens in one transaction (see
//! `store::transfer_in`), so they never end up in both runs or in neither.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::actions::MyPlace;
use crate::catalog::summaries::RunSummary;
use crate::errors::AppError;

/// The place being moved and the dates it could move to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferChoice {
    pub place: MyPlace,
    /// Other upcoming dates of the course, soonest first, full ones included
    /// (shown as full) so the learner sees why a date is not offered.
    pub dates: Vec<RunSummary>,
}

/// How many other dates the move page lists.
#[cfg(feature = "ssr")]
const DATES_SHOWN: i64 = 24;

#[server(endpoint = "enrollment/transfer-choice")]
pub async fn load_transfer_choice(place_id: i64) -> Result<TransferChoice, AppError> {
    use super::actions::server::my_place;
    use super::queries;
    use crate::accounts::server::require_user;
    use crate::server::AppState;

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
    use super::actions::server::{after_change, transfer};
    use super::store::By;
    use crate::accounts::server::require_user;
    use crate::audit::{self, Actor, AuditEntry};
    use crate::server::AppState;

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
    let entry = AuditEntry::new("enrollment.transferred", Actor::user(&learner))
        .target("enrollment", place.id)
        .before(serde_json::json!({ "place_id": place_id, "run_id": from_run_id }))
        .after(serde_json::json!({ "place_id": place.id, "run_id": to_run_id }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    after_change(&state, &place.course_slug);
    leptos_axum::redirect(&format!("/me/trainings?moved={}", place.id));
    Ok(())
}
