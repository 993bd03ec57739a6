//! The home page: upcoming trainings, featured courses, latest posts and a call
//! to enquire.

mod highlights;
mod page;

pub use highlights::{load_home_highlights, HomeHighlights};
pub use page::HomePage;
