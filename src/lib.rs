//! Kurso: the web platform of an IT training provider.
//!
//! Feature modules (`home`, `catalog`, `blog`, ...) hold their pages, types and
//! server functions. `ui` is the shared design system. `server` and `db` exist only
//! in the server build (`ssr`); see ARCHITECTURE.md for the layers.

pub mod accounts;
pub mod admin;
pub mod api;
pub mod app;
pub mod blog;
pub mod catalog;
mod column;
pub mod contact;
pub mod enrollment;
pub mod errors;
pub mod home;
pub mod legal;
pub mod privacy;
pub mod site;
pub mod ui;
pub mod webhooks;

#[cfg(test)]
mod layers;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod catalog_editing;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod seo;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod state;

/// Entry point of the browser bundle. The server renders every page; this
/// starts the islands on it (the parts marked `#[island]`), nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;

    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A sign for end-to-end tests (and anyone curious) that the page is live.
    // Leptos' loader starts the islands right after this call returns; a zero
    // timeout runs after them, so a field typed into before then could still
    // be reset.
    set_timeout(
        || {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-hydrated", "");
            }
        },
        std::time::Duration::ZERO,
    );
}
