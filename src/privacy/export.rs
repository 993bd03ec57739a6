//! `/account/data.json`: everything Kurso holds about the signed-in person, as
//! one JSON file: the account, enrollments and waitlist places, the calendar
//! feed, the enquiries sent from their address (opened), and the audit
//! entries about them. Secrets are left out: no password hash, no token.

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use http::header;
use serde_json::{json, Value};

use crate::accounts::server::guard::Viewer;
use crate::accounts::server::users;
use crate::audit::listing::entries_about_user;
use crate::contact::store as enquiries;
use crate::enrollment::model::PlaceStatus;
use crate::enrollment::queries::{feed_made_at, places_of_learner};
use crate::errors::responses::problem_json;
use crate::errors::AppError;
use crate::state::AppState;

pub async fn download(State(state): State<AppState>, request: Request) -> Response {
    let viewer = request
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    let user = match viewer.require_user() {
        Ok(user) => user,
        Err(error) => return problem_json(&error),
    };
    match export(&state, user.id).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"my-kurso-data.json\"".to_owned(),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(error) => problem_json(&error),
    }
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339()
}

/// The person's data as one JSON value.
pub async fn export(state: &AppState, user_id: i64) -> Result<Value, AppError> {
    let db = &state.db;
    let user = users::find_by_id(db, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let places = places_of_learner(db, user_id).await?;
    let place = |row: &crate::enrollment::queries::PlaceRow| {
        json!({
            "id": row.id,
            "status": row.status.as_str(),
            "course": row.course_title,
            "course_address": format!("{}/courses/{}", state.settings.site.public_url, row.course_slug),
            "run_starts_at": time(row.starts_at),
            "run_ends_at": time(row.ends_at),
            "where": row.place_label(),
            "waitlist_position": row.waitlist_position,
            "offer_expires_at": row.offer_expires_at.map(time),
        })
    };
    let waiting =
        |status: PlaceStatus| matches!(status, PlaceStatus::Waitlisted | PlaceStatus::Offered);
    let feed = feed_made_at(db, user_id).await?;
    let mut sent = Vec::new();
    for id in enquiries::ids_by_email(db, &state.data_keys, &user.email).await? {
        let entry = enquiries::entry(db, &state.data_keys, id)
            .await
            .map_err(|error| {
                tracing::error!(
                    error = format!("{error:#}"),
                    "an enquiry could not be read for an export"
                );
                AppError::Internal
            })?;
        if let Some(entry) = entry {
            sent.push(json!({
                "received_at": time(entry.created_at),
                "about": entry.course_title.unwrap_or_else(|| entry.topic.clone()),
                "name": entry.personal.name,
                "email": entry.personal.email,
                "phone": entry.personal.phone,
                "company": entry.company,
                "preferred_mode": entry.preferred_mode,
                "message": entry.personal.message,
                "status": entry.status.as_str(),
            }));
        }
    }
    let audit: Vec<Value> = entries_about_user(db, user_id)
        .await?
        .into_iter()
        .map(|entry| {
            json!({
                "at": time(entry.occurred_at),
                "action": entry.action,
                "by_you": entry.actor_user_id == Some(user_id),
                "ip_address": entry.ip_address,
            })
        })
        .collect();
    Ok(json!({
        "exported_at": time(state.clock.now()),
        "site": state.settings.site.public_url,
        "account": {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "role": user.role.as_str(),
            "email_confirmed_at": user.email_verified_at.map(time),
            "created_at": time(user.created_at),
        },
        "enrollments": places.iter().filter(|row| !waiting(row.status)).map(place).collect::<Vec<_>>(),
        "waitlist_places": places.iter().filter(|row| waiting(row.status)).map(place).collect::<Vec<_>>(),
        "calendar_feed": feed.map(|made| json!({ "created_at": time(made) })),
        "enquiries": sent,
        "audit_entries": audit,
    }))
}
