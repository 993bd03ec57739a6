//! The blog's public server functions, through the read cache. Only shown
//! posts (not drafts, not posts scheduled for later) ever leave the server.

use leptos::prelude::*;

use super::model::{Article, BlogListing};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::is_tag,
    super::service::{self, BlogRequest},
    super::store,
    crate::cache::ReadKey,
    crate::state::AppState,
};

/// One page of posts, newest first: all of them, one tag's, or those matching
/// a search. A tag no shown post carries is 404, as an unknown page would be.
#[server(endpoint = "blog/list")]
pub async fn load_blog(tag: Option<String>, q: String, page: u32) -> Result<BlogListing, AppError> {
    let state = AppState::current()?;
    if tag.as_deref().is_some_and(|tag| !is_tag(tag)) {
        return Err(AppError::NotFound.into_response_error());
    }
    let tagged = tag.is_some();
    let request = BlogRequest {
        tag,
        q: q.trim().chars().take(200).collect(),
        page: page.max(1),
    };
    let query = format!("q={}&page={}", request.q, request.page);
    let key = match &request.tag {
        Some(tag) => ReadKey::BlogTag {
            tag: tag.clone(),
            query,
        },
        None => ReadKey::Blog(query),
    };
    let listing = state
        .caches
        .reads
        .get_or_load(key, || service::listing(&state, request.clone()))
        .await?;
    if tagged && listing.total == 0 {
        return Err(AppError::NotFound.into_response_error());
    }
    Ok((*listing).clone())
}

/// A shown post and what is shown beside it; 404 for drafts, posts scheduled
/// for later and unknown addresses. An address the post had before its slug
/// changed is `MovedTo` its address now (a 301 when the page is rendered).
#[server(endpoint = "blog/article")]
pub async fn load_article(slug: String) -> Result<Article, AppError> {
    let state = AppState::current()?;
    let article = state
        .caches
        .reads
        .get_or_load(ReadKey::Article(slug.clone()), || {
            service::article(&state, &slug)
        })
        .await?;
    if let Some(article) = (*article).clone() {
        return Ok(article);
    }
    match store::moved_to(&state.db, &slug, state.clock.now()).await? {
        Some(slug_now) => Err(moved_to(format!("/blog/{slug_now}"))),
        None => Err(AppError::NotFound.into_response_error()),
    }
}

/// A page render that finds the post moved answers 301 with its address; a
/// server-function call from the browser gets the address to navigate to (a
/// redirect would send the browser's fetch to a page instead of data).
#[cfg(feature = "ssr")]
fn moved_to(path: String) -> AppError {
    let rendering_page = use_context::<http::request::Parts>()
        .is_some_and(|parts| !parts.uri.path().starts_with("/api/"));
    if let (true, Some(response)) = (
        rendering_page,
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(location) = http::HeaderValue::from_str(&path) {
            response.set_status(http::StatusCode::MOVED_PERMANENTLY);
            response.insert_header(http::header::LOCATION, location);
        }
    }
    AppError::MovedTo(path)
}
