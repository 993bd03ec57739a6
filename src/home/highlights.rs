use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::blog::PostCard;
use crate::catalog::{CourseCard, UpcomingRun};
use crate::errors::AppError;

/// Everything the home page lists, loaded in one round trip.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeHighlights {
    pub upcoming_runs: Vec<UpcomingRun>,
    pub featured_courses: Vec<CourseCard>,
    pub latest_posts: Vec<PostCard>,
}

/// Public: reads only published courses and posts.
#[server(endpoint = "home/highlights")]
pub async fn load_home_highlights() -> Result<HomeHighlights, AppError> {
    use crate::blog::queries::latest_posts;
    use crate::catalog::queries::{featured_courses, upcoming_runs};
    use crate::catalog::DeliveryMode;
    use crate::server::AppState;

    const UPCOMING_RUNS_SHOWN: i64 = 6;
    const FEATURED_COURSES_SHOWN: i64 = 6;
    const LATEST_POSTS_SHOWN: i64 = 3;

    let state = AppState::current()?;
    let db = &state.db;
    let time_zone = state.settings.site.time_zone;
    let (runs, courses, posts) = tokio::try_join!(
        upcoming_runs(db, state.clock.now(), UPCOMING_RUNS_SHOWN),
        featured_courses(db, FEATURED_COURSES_SHOWN),
        latest_posts(db, LATEST_POSTS_SHOWN),
    )?;

    Ok(HomeHighlights {
        upcoming_runs: runs
            .into_iter()
            .filter_map(|row| {
                Some(UpcomingRun {
                    mode: DeliveryMode::from_column(&row.mode)?,
                    starts: row
                        .starts_at
                        .with_timezone(&time_zone)
                        .format("%a %-d %b %Y, %-I:%M %p")
                        .to_string(),
                    run_id: row.run_id,
                    course_slug: row.course_slug,
                    course_title: row.course_title,
                })
            })
            .collect(),
        featured_courses: courses
            .into_iter()
            .map(|row| CourseCard {
                slug: row.slug,
                code: row.code,
                title: row.title,
                summary: row.summary,
            })
            .collect(),
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
