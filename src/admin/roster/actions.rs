//! The roster's server functions: who holds, waits for or gave up a place in
//! a run, and the admin's changes to it (attendance, remove, move). Each
//! change commits with its audit entry and the emails it causes.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enrollment::model::PlaceStatus;
use crate::errors::AppError;

/// A run's roster, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    pub run_id: i64,
    pub course_id: i64,
    pub course_title: String,
    pub dates: String,
    pub times: String,
    pub place: String,
    pub status: String,
    pub capacity: i64,
    pub seats_taken: i64,
    pub seats_confirmed: i64,
    pub min_to_run: i64,
    /// Attendance can be marked from the start of the run.
    pub started: bool,
    pub people: Vec<RosterEntry>,
    /// Other upcoming dates of the course with a free seat, for moving someone.
    pub move_targets: Vec<MoveTarget>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub place_id: i64,
    pub name: String,
    pub email: String,
    pub status: PlaceStatus,
    /// 1 for the first in line; only for the waitlist.
    pub waitlist_position: Option<i64>,
    /// "Thu 3 Dec 2026, 4:30 PM" for an open offer.
    pub offer_until: Option<String>,
    pub attended: Option<bool>,
    /// When the place was asked for, in the site's time zone.
    pub since: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveTarget {
    pub run_id: i64,
    pub label: String,
}

#[cfg(feature = "ssr")]
use {
    crate::accounts::server::{request::client_ip, require_admin},
    crate::audit::{self, Actor, AuditEntry},
    crate::enrollment::{actions::server as enrollment, queries, store},
    crate::server::AppState,
};

#[server(endpoint = "admin/roster")]
pub async fn load_roster(run_id: i64) -> Result<Roster, AppError> {
    require_admin()?;
    let state = AppState::current()?;
    server::roster(&state, run_id).await
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
    let entry = AuditEntry::new("enrollment.attendance", Actor::user(&admin))
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
    let entry = AuditEntry::new("enrollment.removed", Actor::user(&admin))
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
    let entry = AuditEntry::new("enrollment.moved", Actor::user(&admin))
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

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::catalog::present::{date_range, moment, place_label, time_range};
    use crate::catalog::RunStatus;

    /// How many other dates the move menu offers.
    const MOVE_TARGETS: i64 = 12;

    pub async fn roster(state: &AppState, run_id: i64) -> Result<Roster, AppError> {
        let run = crate::catalog::queries::run_by_id(&state.db, run_id)
            .await?
            .ok_or_else(|| AppError::NotFound.into_response_error())?;
        let zone = state.settings.site.time_zone;
        let now = state.clock.now();
        let (rows, upcoming) = tokio::try_join!(
            queries::roster(&state.db, run_id),
            crate::catalog::queries::upcoming_runs_of_course(
                &state.db,
                run.course_id,
                now,
                MOVE_TARGETS + 1
            ),
        )?;
        let mut in_line = 0;
        let people = rows
            .into_iter()
            .map(|row| {
                let status =
                    PlaceStatus::from_column(&row.status).unwrap_or(PlaceStatus::Cancelled);
                let waitlist_position = (status == PlaceStatus::Waitlisted).then(|| {
                    in_line += 1;
                    in_line
                });
                RosterEntry {
                    place_id: row.place_id,
                    name: row.learner_name,
                    email: row.learner_email,
                    status,
                    waitlist_position,
                    offer_until: row
                        .offer_expires_at
                        .filter(|_| status == PlaceStatus::Offered)
                        .map(|until| moment(until, zone)),
                    attended: row.attended,
                    since: row
                        .created_at
                        .with_timezone(&zone)
                        .format("%-d %b %Y")
                        .to_string(),
                }
            })
            .collect();
        let move_targets = upcoming
            .iter()
            .filter(|other| other.id != run_id && other.seats_taken < other.capacity)
            .map(|other| MoveTarget {
                run_id: other.id,
                label: format!(
                    "{} · {} · {} seats left",
                    date_range(other.starts_at, other.ends_at, zone),
                    match &other.venue_city {
                        Some(city) => city.clone(),
                        None => "Online".to_owned(),
                    },
                    other.capacity - other.seats_taken
                ),
            })
            .collect();
        Ok(Roster {
            run_id,
            course_id: run.course_id,
            course_title: run.course_title.clone(),
            dates: date_range(run.starts_at, run.ends_at, zone),
            times: time_range(run.starts_at, run.ends_at, zone),
            place: place_label(
                &run.mode,
                run.venue_name.as_deref(),
                run.venue_city.as_deref(),
            ),
            status: RunStatus::from_column(&run.status)
                .map_or("", RunStatus::label)
                .to_owned(),
            capacity: run.capacity,
            seats_taken: run.seats_taken,
            seats_confirmed: run.seats_confirmed,
            min_to_run: run.min_to_run,
            started: run.starts_at <= now,
            people,
            move_targets,
        })
    }
}
