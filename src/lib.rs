//! Kurso: the web platform of an IT training provider.
//!
//! Feature modules (`home`, `catalog`, `blog`, ...) hold their pages, types and
//! server functions. `ui` is the shared design system. `server` and `db` exist only
//! in the server build (`ssr`); see ARCHITECTURE.md for the layers.

pub mod accounts;
pub mod admin;
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

#[cfg(test)]
mod layers;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod calendar;
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

/// Entry point of the browser bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;

    console_error_panic_hook::set_once();
    let site = site::SiteInfo::from_document();
    let viewer = accounts::viewer::from_document();
    let consent = legal::consent::from_document();
    leptos::mount::hydrate_body(move || {
        provide_context(site);
        accounts::viewer::provide_viewer(viewer);
        legal::consent::provide_consent(consent);
        view! { <app::App /> }
    });
    // A sign for end-to-end tests (and anyone curious) that the page is live.
    // Set from a zero timeout, so after the effects hydration queued as
    // microtasks have run: a field typed into before then could still be reset.
    set_timeout(
        || {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-hydrated", "");
            }
        },
        std::time::Duration::ZERO,
    );
}
