//! The learner's personal calendar feed: a secret address
//! (`/calendar/feed.ics?token=…`) that calendar apps subscribe to, listing
//! the learner's confirmed trainings. The token sits in the query string,
//! which request logs leave out. Only its SHA-256 is stored, so the address
//! is shown once, when made; making a new one turns the old one off.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};

use crate::calendar::{calendar, run_uid, CalendarEvent};
use crate::catalog::RunStatus;
use crate::enrollment::model::PlaceStatus;
use crate::enrollment::queries;
use crate::state::AppState;

#[derive(serde::Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    token: String,
}

/// `/calendar/feed.ics?token=…`: the learner's confirmed trainings.
pub async fn download(State(state): State<AppState>, Query(query): Query<FeedQuery>) -> Response {
    match feed(&state, &query.token).await {
        Ok(Some(body)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            body,
        )
            .into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "This calendar address is not in use. Make a new one under My trainings.",
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read a calendar feed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Kurso is briefly unavailable. Please try again in a minute.",
            )
                .into_response()
        }
    }
}

async fn feed(state: &AppState, token: &str) -> sqlx::Result<Option<String>> {
    if token.is_empty() {
        return Ok(None);
    }
    let digest = crate::accounts::server::tokens::digest(token);
    let Some(user_id) = queries::feed_owner(&state.db, &digest).await? else {
        return Ok(None);
    };
    let site = &state.settings.site;
    let events: Vec<CalendarEvent> = queries::places_of_learner(&state.db, user_id)
        .await?
        .into_iter()
        .filter(|place| place.status == PlaceStatus::Confirmed)
        .map(|place| {
            let url = format!("{}/courses/{}", site.public_url, place.course_slug);
            CalendarEvent {
                uid: run_uid(place.run_id, &site.public_url),
                starts_at: place.starts_at,
                ends_at: place.ends_at,
                summary: format!("{} ({})", place.course_title, site.name),
                description: format!("Your seat is confirmed.\n\n{url}"),
                location: place.place_label(),
                url,
                cancelled: place.run_status == RunStatus::Cancelled,
            }
        })
        .collect();
    Ok(Some(calendar(&events, state.clock.now())))
}
