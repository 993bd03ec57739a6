//! What the admin's post pages show and post.

use serde::{Deserialize, Serialize};

/// Posts per admin list page.
pub const POSTS_PAGE_SIZE: i64 = 25;

/// The statuses an admin picks in the editor, with their labels.
pub const STATUSES: &[(&str, &str)] = &[
    ("draft", "Draft (only admins see it)"),
    (
        "scheduled",
        "Scheduled (appears by itself at its publish time)",
    ),
    ("published", "Published"),
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPostItem {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub author: String,
    /// "Draft", "Scheduled" or "Published".
    pub status: String,
    /// The publish time, or for a draft its last change, in the site's zone.
    pub when: String,
    /// The public address while visitors can read it.
    pub public_href: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPostList {
    pub posts: Vec<AdminPostItem>,
    pub total: i64,
    pub page: u32,
    pub page_count: u32,
}

/// The post form's values as text, exactly as the inputs show them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostForm {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub summary: String,
    pub body: String,
    pub cover_url: String,
    pub cover_alt: String,
    /// `trainer:{id}` or `admin:{id}`.
    pub author: String,
    /// Comma-separated.
    pub tags: String,
    pub status: String,
    /// `YYYY-MM-DDTHH:MM` in the site's time zone, as a datetime-local input has it.
    pub publish_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostEditor {
    pub form: PostForm,
    /// (value, label) for the author select.
    pub authors: Vec<(String, String)>,
    /// The saved body rendered as visitors see it.
    pub preview_html: String,
    /// Where visitors read it now, if they can.
    pub public_href: Option<String>,
    /// "Published 3 December 2026", "Scheduled for …", "Draft".
    pub status_line: String,
}

/// The value a form's "Preview" button posts as `intent`: render, do not save.
pub const PREVIEW_INTENT: &str = "preview";
