//! The blog's public server functions, through the read cache. Only shown
//! posts (not drafts, not posts scheduled for later) ever leave the server.

use leptos::prelude::*;

use super::model::{Article, BlogListing};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::is_tag,
    super::service::{self, BlogRequest},
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
    let key = ReadKey::Blog(format!(
        "tag={}&q={}&page={}",
        request.tag.as_deref().unwrap_or(""),
        request.q,
        request.page
    ));
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
/// for later and unknown addresses.
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
    (*article)
        .clone()
        .ok_or_else(|| AppError::NotFound.into_response_error())
}
