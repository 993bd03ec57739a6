//! The catalog's public server functions. Each reads through the read cache;
//! only published courses and scheduled runs ever leave the server.

use leptos::prelude::*;

use super::summaries::{CatalogResults, CourseDetail, ScheduleResults};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::filters::{CatalogFilters, PAGE_SIZE},
    super::service,
    crate::cache::ReadKey,
    crate::state::AppState,
};

/// One page of the catalog for the filters in `query` (a URL query string).
#[server(endpoint = "catalog/search")]
pub async fn load_catalog(query: String) -> Result<CatalogResults, AppError> {
    let state = AppState::current()?;
    let parsed = CatalogFilters::from_query(&query);
    let key = ReadKey::Catalog(parsed.filters.to_query());
    let filters = parsed.filters.clone();
    let results = state
        .caches
        .reads
        .get_or_load(key, || service::catalog_page(&state, filters))
        .await?;
    let mut results = (*results).clone();
    results.problems = parsed.problems;
    debug_assert!(results.courses.len() <= PAGE_SIZE as usize);
    Ok(results)
}

/// A published course and its upcoming runs; 404 for drafts and unknown slugs.
#[server(endpoint = "catalog/course")]
pub async fn load_course(slug: String) -> Result<CourseDetail, AppError> {
    let state = AppState::current()?;
    let course = state
        .caches
        .reads
        .get_or_load(ReadKey::Course(slug.clone()), || {
            service::course_page(&state, slug.clone())
        })
        .await?;
    let Some(mut course) = (*course).clone() else {
        return Err(AppError::NotFound.into_response_error());
    };
    let related = state
        .caches
        .reads
        .get_or_load(ReadKey::Related(slug.clone()), || {
            service::related(&state, slug)
        })
        .await?;
    course.related = (*related).clone();
    Ok(course)
}

/// Upcoming runs by month, optionally for one city or delivery mode.
#[server(endpoint = "catalog/schedule")]
pub async fn load_schedule(query: String) -> Result<ScheduleResults, AppError> {
    let state = AppState::current()?;
    let request = service::ScheduleRequest::from_query(&query);
    let key = ReadKey::Schedule(request.canonical());
    let results = state
        .caches
        .reads
        .get_or_load(key, || service::schedule_page(&state, request))
        .await?;
    Ok((*results).clone())
}
