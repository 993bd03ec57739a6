//! Scheduled posts appear by themselves: every read asks for `published_at <=
//! now`, so only what the caches hold can lag behind. Once a minute each
//! instance asks whether a post's time came since it last looked, and if so
//! drops what shows posts, so the post is on every page within a minute.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::queries::became_shown;
use crate::cache::Change;
use crate::state::AppState;

const PERIOD: Duration = Duration::from_secs(60);

pub async fn show_scheduled_posts_continuously(state: AppState) {
    let mut interval = tokio::time::interval(PERIOD);
    let mut checked_until = state.clock.now();
    loop {
        interval.tick().await;
        if let Some(now) = show_posts_due_since(&state, checked_until).await {
            checked_until = now;
        }
    }
}

/// Drops cached pages if a scheduled post became shown after `since`. Returns
/// the time it checked up to, or `None` when the database did not answer (the
/// next check covers the same span again).
pub async fn show_posts_due_since(state: &AppState, since: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let now = state.clock.now();
    match became_shown(&state.db, since, now).await {
        Ok(0) => {}
        Ok(posts) => {
            state.caches.invalidate(&Change::Posts);
            tracing::info!(posts, "scheduled posts are now shown");
        }
        Err(error) => {
            tracing::warn!(%error, "cannot look for scheduled posts");
            return None;
        }
    }
    Some(now)
}
