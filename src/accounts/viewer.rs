//! Who is signed in, as the page (and the header) sees it.
//!
//! The server renders the page for the signed-in user it resolved from the
//! session; every page is rendered by the server, so the browser never needs
//! to know.

use leptos::prelude::*;

use super::model::SignedInUser;

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

/// Only the server renders pages.
#[cfg(not(feature = "ssr"))]
pub fn viewer_of_request() -> Option<SignedInUser> {
    None
}
