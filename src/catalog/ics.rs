//! `/courses/{slug}/runs/{id}.ics`: one run as a calendar file.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};

use super::queries;
use crate::calendar::{calendar, run_uid, CalendarEvent};
use crate::catalog::{DeliveryMode, RunStatus};
use crate::state::AppState;

pub async fn download(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> Response {
    let Some(run_id) = file
        .strip_suffix(".ics")
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return not_found();
    };
    let run = match queries::published_run(&state.db, &slug, run_id).await {
        Ok(Some(run)) => run,
        Ok(None) => return not_found(),
        Err(error) => {
            tracing::error!(error = %error, "cannot read the run for its calendar file");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Kurso is briefly unavailable. Please try again in a minute.",
            )
                .into_response();
        }
    };
    let site = &state.settings.site;
    let url = format!("{}/courses/{}", site.public_url, run.course_slug);
    let location = match (&run.venue_name, &run.venue_address, &run.venue_city) {
        _ if run.mode == DeliveryMode::Online => "Online".to_owned(),
        (Some(name), Some(address), Some(city)) => format!("{name}, {address}, {city}"),
        _ => String::new(),
    };
    let event = CalendarEvent {
        uid: run_uid(run.id, &site.public_url),
        starts_at: run.starts_at,
        ends_at: run.ends_at,
        summary: format!("{} ({})", run.course_title, site.name),
        description: format!("{}\n\n{url}", run.course_summary),
        location,
        url,
        cancelled: run.status == RunStatus::Cancelled,
    };
    let body = calendar(&[event], state.clock.now());
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}-{}.ics\"",
                    run.course_slug, run.id
                ),
            ),
        ],
        body,
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "No such training run.").into_response()
}
