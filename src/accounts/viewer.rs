//! Who is signed in, as the page (and the header) sees it.
//!
//! The server renders the page for the signed-in user it resolved from the
//! session and embeds that user in the page, like the site settings, so the
//! browser hydrates the same header without asking again. Sign-in and sign-out
//! forms update the signal when they succeed.

use leptos::prelude::*;

use super::model::SignedInUser;

pub const VIEWER_ELEMENT_ID: &str = "kurso-viewer";

#[derive(Clone, Copy)]
pub struct ViewerSignal(pub RwSignal<Option<SignedInUser>>);

pub fn provide_viewer(user: Option<SignedInUser>) {
    provide_context(ViewerSignal(RwSignal::new(user)));
}

/// The signed-in user signal for the component being rendered.
pub fn use_viewer() -> RwSignal<Option<SignedInUser>> {
    match use_context::<ViewerSignal>() {
        Some(ViewerSignal(signal)) => signal,
        None => {
            let signal = RwSignal::new(None);
            provide_context(ViewerSignal(signal));
            signal
        }
    }
}

/// The user of the request being rendered (server only).
#[cfg(feature = "ssr")]
pub fn viewer_of_request() -> Option<SignedInUser> {
    super::server::Viewer::current().user().cloned()
}

/// Only the server renders the shell; the browser reads the embedded copy.
#[cfg(not(feature = "ssr"))]
pub fn viewer_of_request() -> Option<SignedInUser> {
    None
}

/// JSON for the page; `<` escaped so it cannot close its script element.
pub fn to_embedded_json(user: &Option<SignedInUser>) -> String {
    serde_json::to_string(user)
        .unwrap_or_else(|_| "null".to_owned())
        .replace('<', "\\u003c")
}

#[cfg(feature = "hydrate")]
pub fn from_document() -> Option<SignedInUser> {
    document()
        .get_element_by_id(VIEWER_ELEMENT_ID)
        .and_then(|element| element.text_content())
        .and_then(|json| serde_json::from_str(&json).ok())
        .flatten()
}
