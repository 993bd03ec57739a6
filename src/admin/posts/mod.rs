//! `/admin/posts`: the blog's posts, drafts included, and the post editor with
//! a live Markdown preview, scheduling, unpublishing and deletion. Every write
//! is audited and drops from the caches exactly the pages that show the post.

mod editor;
mod list;
mod live_preview;
pub mod model;
pub mod server_fns;
#[cfg(feature = "ssr")]
mod service;

pub use editor::AdminPostEditorPage;
pub use list::AdminPostsPage;
