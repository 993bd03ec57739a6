//! Reads what the home page lists. Server-only.

use super::model::HomeHighlights;
use crate::blog::queries::latest_posts;
use crate::blog::PostCard;
use crate::catalog::queries::{featured_courses, next_runs};
use crate::catalog::{present, UpcomingRun};
use crate::errors::AppError;
use crate::state::AppState;

const UPCOMING_RUNS_SHOWN: i64 = 6;
const FEATURED_COURSES_SHOWN: i64 = 6;
const LATEST_POSTS_SHOWN: i64 = 3;

/// Everything the home page lists, read in parallel.
pub async fn highlights(state: &AppState) -> Result<HomeHighlights, AppError> {
    let db = &state.db;
    let time_zone = state.settings.site.time_zone;
    let (runs, courses, posts) = tokio::try_join!(
        next_runs(db, state.clock.now(), UPCOMING_RUNS_SHOWN),
        featured_courses(db, FEATURED_COURSES_SHOWN),
        latest_posts(db, LATEST_POSTS_SHOWN),
    )?;

    Ok(HomeHighlights {
        upcoming_runs: runs
            .iter()
            .map(|row| {
                let run = present::run_summary(row, time_zone);
                UpcomingRun {
                    run_id: run.id,
                    starts: present::moment(row.starts_at, time_zone),
                    mode: run.mode,
                    place: match (&row.venue_city, run.mode) {
                        (Some(city), crate::catalog::DeliveryMode::InPerson) => city.clone(),
                        _ => "Online".to_owned(),
                    },
                    seats_label: run.seats_label,
                    course_slug: run.course_slug,
                    course_title: run.course_title,
                }
            })
            .collect(),
        featured_courses: courses.into_iter().map(present::course_card).collect(),
        latest_posts: posts
            .into_iter()
            .map(|row| PostCard {
                published_on: row
                    .published_at
                    .with_timezone(&time_zone)
                    .format("%-d %B %Y")
                    .to_string(),
                slug: row.slug,
                title: row.title,
                excerpt: row.excerpt,
            })
            .collect(),
    })
}
