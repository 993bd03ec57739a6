//! The blog's pages: the list (all posts, a tag's, a search's) and the article.

mod article;
mod list;

pub use article::ArticlePage;
pub use list::{BlogPage, PostTile, TagPage};
