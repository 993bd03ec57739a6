//! The blog: posts (articles) by the trainers.

mod page;
#[cfg(feature = "ssr")]
pub mod queries;

pub use page::BlogPage;

use serde::{Deserialize, Serialize};

/// A post as listed on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostCard {
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    /// The publication date in the site's time zone, formatted by the server.
    pub published_on: String,
}
