//! A run's roster read for the page and the CSV export: places in order,
//! with what the admin may do next. Server-only.

use super::model::{MoveTarget, Roster, RosterEntry};
use crate::catalog::present::{date_range, moment, time_range};
use crate::enrollment::model::PlaceStatus;
use crate::enrollment::queries;
use crate::errors::AppError;
use crate::state::AppState;

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
            let status = row.status;
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
        place: run.place_label(),
        status: run.status.label().to_owned(),
        capacity: run.capacity,
        seats_taken: run.seats_taken,
        seats_confirmed: run.seats_confirmed,
        min_to_run: run.min_to_run,
        started: run.starts_at <= now,
        people,
        move_targets,
    })
}
