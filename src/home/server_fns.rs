//! The home page's one server function: public, through the read cache.

use leptos::prelude::*;

use super::model::HomeHighlights;
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {super::service, crate::cache::ReadKey, crate::state::AppState};

/// Public: reads only published courses and posts, through the read cache.
#[server(endpoint = "home/highlights")]
pub async fn load_home_highlights() -> Result<HomeHighlights, AppError> {
    let state = AppState::current()?;
    let highlights = state
        .caches
        .reads
        .get_or_load(ReadKey::Home, || service::highlights(&state))
        .await?;
    Ok((*highlights).clone())
}
