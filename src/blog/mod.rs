//! The blog: articles by the trainers, with the trainings they are about
//! beside them. Posts are written in Markdown, rendered and cleaned once when
//! saved; a scheduled post appears by itself at its time.

pub mod model;
mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod changes;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upkeep;

pub use model::PostCard;
pub use pages::{ArticlePage, BlogPage, PostTile, TagPage};
