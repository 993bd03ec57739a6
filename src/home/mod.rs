//! The home page: upcoming trainings, featured courses, latest posts and a call
//! to enquire.

mod model;
mod page;
mod server_fns;
#[cfg(feature = "ssr")]
mod service;

pub use model::HomeHighlights;
pub use page::HomePage;
pub use server_fns::load_home_highlights;
