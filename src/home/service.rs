//! Reads what the home page lists. Server-only.

use super::model::HomeHighlights;
use crate::blog::service as blog;
use crate::catalog::present;
use crate::catalog::queries::{featured_courses, next_runs};
use crate::errors::AppError;
use crate::state::AppState;

const UPCOMING_RUNS_SHOWN: i64 = 6;
const FEATURED_COURSES_SHOWN: i64 = 6;

/// Everything the home page lists, read in parallel.
pub async fn highlights(state: &AppState) -> Result<HomeHighlights, AppError> {
    let db = &state.db;
    let time_zone = state.settings.site.time_zone;
    let (runs, courses, latest_posts) = tokio::try_join!(
        async { Ok::<_, AppError>(next_runs(db, state.clock.now(), UPCOMING_RUNS_SHOWN).await?) },
        async { Ok(featured_courses(db, FEATURED_COURSES_SHOWN).await?) },
        blog::latest(state, crate::blog::changes::LATEST_ON_HOME),
    )?;

    Ok(HomeHighlights {
        upcoming_runs: runs
            .iter()
            .map(|row| present::upcoming_run(row, time_zone))
            .collect(),
        featured_courses: courses.into_iter().map(present::course_card).collect(),
        latest_posts,
    })
}
