//! The learner's personal calendar feed: a secret address
//! (`/calendar/feed.ics?token=…`) that calendar apps subscribe to, listing
//! the learner's confirmed trainings. The token sits in the query string,
//! which request logs leave out. Only its SHA-256 is stored, so the address
//! is shown once, when made; making a new one turns the old one off.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::errors::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedStatus {
    /// "3 Dec 2026" when the current address was made; `None` when off.
    pub since: Option<String>,
}

#[server(endpoint = "enrollment/feed")]
pub async fn load_calendar_feed() -> Result<FeedStatus, AppError> {
    let learner = crate::accounts::server::require_user()?;
    let state = crate::server::AppState::current()?;
    let made = server::made_at(&state.db, learner.id).await?;
    let zone = state.settings.site.time_zone;
    Ok(FeedStatus {
        since: made.map(|at| at.with_timezone(&zone).format("%-d %b %Y").to_string()),
    })
}

/// Makes a new secret address (turning off any earlier one) and shows it once.
#[server(endpoint = "enrollment/feed/new")]
pub async fn new_calendar_feed() -> Result<(), AppError> {
    use crate::accounts::server::tokens;
    use crate::audit::{self, Actor, AuditEntry};

    let learner = crate::accounts::server::require_user()?;
    let state = crate::server::AppState::current()?;
    let now = state.clock.now();
    let token = tokens::generate();
    let mut tx = state.db.begin().await?;
    server::replace(&mut tx, learner.id, &tokens::digest(token.as_str()), now).await?;
    let entry =
        AuditEntry::new("calendar_feed.created", Actor::user(&learner)).target("user", learner.id);
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
    use crate::audit::{self, Actor, AuditEntry};

    let learner = crate::accounts::server::require_user()?;
    let state = crate::server::AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    server::remove(&mut tx, learner.id).await?;
    let entry =
        AuditEntry::new("calendar_feed.revoked", Actor::user(&learner)).target("user", learner.id);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    leptos_axum::redirect("/me/trainings?feed_off=1#calendar-feed");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use axum::extract::{Query, State};
    use axum::response::{IntoResponse, Response};
    use chrono::{DateTime, Utc};
    use http::{header, StatusCode};

    use crate::calendar::{calendar, run_uid, CalendarEvent};
    use crate::catalog::present::place_label;
    use crate::db::{Database, Param, SqlBuilder, Transaction};
    use crate::enrollment::queries;
    use crate::server::AppState;

    pub async fn made_at(db: &Database, user_id: i64) -> sqlx::Result<Option<DateTime<Utc>>> {
        let rows: Vec<(DateTime<Utc>,)> =
            SqlBuilder::new("SELECT created_at FROM calendar_feeds WHERE user_id = ")
                .bind(Param::Int(user_id))
                .fetch_all(db)
                .await?;
        Ok(rows.first().map(|(at,)| *at))
    }

    pub async fn replace(
        tx: &mut Transaction,
        user_id: i64,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> sqlx::Result<()> {
        remove(tx, user_id).await?;
        SqlBuilder::new(
            "INSERT INTO calendar_feeds (user_id, token_hash, created_at, updated_at) VALUES (",
        )
        .bind(Param::Int(user_id))
        .push(", ")
        .bind(Param::Text(token_hash.to_owned()))
        .push(", ")
        .bind(Param::Time(now))
        .push(", ")
        .bind(Param::Time(now))
        .push(")")
        .execute_in(tx)
        .await?;
        Ok(())
    }

    pub async fn remove(tx: &mut Transaction, user_id: i64) -> sqlx::Result<()> {
        SqlBuilder::new("DELETE FROM calendar_feeds WHERE user_id = ")
            .bind(Param::Int(user_id))
            .execute_in(tx)
            .await?;
        Ok(())
    }

    #[derive(serde::Deserialize)]
    pub struct FeedQuery {
        #[serde(default)]
        token: String,
    }

    /// `/calendar/feed.ics?token=…`: the learner's confirmed trainings.
    pub async fn download(
        State(state): State<AppState>,
        Query(query): Query<FeedQuery>,
    ) -> Response {
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
        // A disabled account's feed stops with its sessions, and serves
        // again if the account is enabled.
        let owner: Vec<(i64,)> = SqlBuilder::new(
            "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
             WHERE u.disabled_at IS NULL AND f.token_hash = ",
        )
        .bind(Param::Text(digest))
        .fetch_all(&state.db)
        .await?;
        let Some((user_id,)) = owner.first() else {
            return Ok(None);
        };
        let site = &state.settings.site;
        let events: Vec<CalendarEvent> = queries::places_of_learner(&state.db, *user_id)
            .await?
            .into_iter()
            .filter(|place| place.status == "confirmed")
            .map(|place| {
                let url = format!("{}/courses/{}", site.public_url, place.course_slug);
                CalendarEvent {
                    uid: run_uid(place.run_id, &site.public_url),
                    starts_at: place.starts_at,
                    ends_at: place.ends_at,
                    summary: format!("{} ({})", place.course_title, site.name),
                    description: format!("Your seat is confirmed.\n\n{url}"),
                    location: place_label(
                        &place.mode,
                        place.venue_name.as_deref(),
                        place.venue_city.as_deref(),
                    ),
                    url,
                    cancelled: place.run_status == "cancelled",
                }
            })
            .collect();
        Ok(Some(calendar(&events, state.clock.now())))
    }
}
