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

/// Public: reads only published courses and posts, through the read cache.
#[server(endpoint = "home/highlights")]
pub async fn load_home_highlights() -> Result<HomeHighlights, AppError> {
    use crate::cache::ReadKey;
    use crate::server::AppState;

    let state = AppState::current()?;
    let highlights = state
        .caches
        .reads
        .get_or_load(ReadKey::Home, || load(&state))
        .await?;
    Ok((*highlights).clone())
}

#[cfg(feature = "ssr")]
async fn load(state: &crate::server::AppState) -> Result<HomeHighlights, AppError> {
    use crate::blog::queries::latest_posts;
    use crate::catalog::format_price;
    use crate::catalog::queries::{featured_courses, next_runs};

    const UPCOMING_RUNS_SHOWN: i64 = 6;
    const FEATURED_COURSES_SHOWN: i64 = 6;
    const LATEST_POSTS_SHOWN: i64 = 3;

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
                let run = crate::catalog::present::run_summary(row, time_zone);
                UpcomingRun {
                    run_id: run.id,
                    starts: crate::catalog::present::moment(row.starts_at, time_zone),
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
        featured_courses: courses
            .into_iter()
            .map(|row| CourseCard {
                price: format_price(row.price_centavos, &row.currency),
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
