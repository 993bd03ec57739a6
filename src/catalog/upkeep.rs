//! Keeping derived catalog data true as time passes: once a minute, courses
//! whose next run has started get their next run recomputed, and the caches
//! drop what showed the old one.

use std::time::Duration;

use super::queries::{refresh_next_runs, NextRunsOf};
use crate::cache::Change;
use crate::state::AppState;

const PERIOD: Duration = Duration::from_secs(60);

pub async fn refresh_started_runs_continuously(state: AppState) {
    let mut interval = tokio::time::interval(PERIOD);
    loop {
        interval.tick().await;
        match refresh_started_runs(&state).await {
            Ok(0) => {}
            Ok(courses) => tracing::debug!(courses, "next runs moved on"),
            Err(error) => tracing::warn!(%error, "cannot refresh the courses' next runs"),
        }
    }
}

async fn refresh_started_runs(state: &AppState) -> sqlx::Result<u64> {
    let mut tx = state.db.begin().await?;
    let touched = refresh_next_runs(&mut tx, NextRunsOf::Started, state.clock.now()).await?;
    tx.commit().await?;
    if touched > 0 {
        state.caches.invalidate(&Change::Catalog);
    }
    Ok(touched)
}
