//! The roster's server functions: who holds, waits for or gave up a place in
//! a run, and the admin's changes to it (attendance, remove, move). Each
//! change commits with its audit entry and the emails it causes.

use super::model::Roster;
use crate::errors::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::accounts::server::{request::client_ip, require_admin},
    crate::audit::{self, Actor, AuditEntry},
    crate::enrollment::model::PlaceStatus,
    crate::enrollment::{service as enrollment, store},
    crate::state::AppState,
};

#[server(endpoint = "admin/roster")]
pub async fn load_roster(run_id: i64) -> Result<Roster, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    service::roster(&state, run_id).await
}

/// Marks a confirmed learner as attended or absent (`attended` is "yes" or "no").
#[server(endpoint = "admin/roster/attendance")]
pub async fn mark_attendance(place_id: i64, attended: String) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let attended = match attended.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(
                AppError::BadRequest("attended must be yes or no".into()).into_response_error()
            )
        }
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let run_id = store::mark_attendance_in(&mut tx, now, place_id, attended)
        .await?
        .map_err(enrollment::refused)?;
    let entry = AuditEntry::new("enrollment.attendance", Actor::from(&admin))
        .target("enrollment", place_id)
        .after(serde_json::json!({ "attended": attended }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "/admin/runs/{run_id}?saved=attendance#place-{place_id}"
    ));
    Ok(())
}

/// Takes a learner off the run; a freed seat is offered to the waitlist.
#[server(endpoint = "admin/roster/remove")]
pub async fn remove_learner(place_id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (was, place) = enrollment::cancel(&state, &mut tx, place_id, store::By::Admin).await?;
    let entry = AuditEntry::new("enrollment.removed", Actor::from(&admin))
        .target("enrollment", place_id)
        .before(serde_json::json!({ "status": was }))
        .after(serde_json::json!({ "status": PlaceStatus::Cancelled }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    enrollment::after_change(&state, &place.course_slug);
    leptos_axum::redirect(&format!("/admin/runs/{}?saved=removed", place.run_id));
    Ok(())
}

/// Moves a learner's confirmed seat to another date of the same course.
#[server(endpoint = "admin/roster/move")]
pub async fn move_learner(place_id: i64, to_run_id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (from_run_id, place) =
        enrollment::transfer(&state, &mut tx, place_id, to_run_id, store::By::Admin).await?;
    let entry = AuditEntry::new("enrollment.moved", Actor::from(&admin))
        .target("enrollment", place.id)
        .before(serde_json::json!({ "place_id": place_id, "run_id": from_run_id }))
        .after(serde_json::json!({ "place_id": place.id, "run_id": to_run_id }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    enrollment::after_change(&state, &place.course_slug);
    leptos_axum::redirect(&format!("/admin/runs/{from_run_id}?saved=moved"));
    Ok(())
}
