//! Catalog reads and writes. All of the catalog's SQL lives here, behind plain
//! async functions; portable SQL runs through `on_pool!`, and the two full-text
//! search dialects sit side by side in `search.rs`.

mod admin;
mod courses;
mod home;
mod listing;
mod options;
mod runs;
mod search;

pub use admin::*;
pub use courses::*;
pub use home::*;
pub use listing::*;
pub use options::*;
pub use runs::*;
pub use search::{SearchIndex, SearchTerms};
