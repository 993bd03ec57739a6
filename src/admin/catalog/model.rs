//! What the admin's catalog pages show and post: course lists, the course
//! editor and its form, runs, and the reference lists (categories, venues,
//! trainers).

use serde::{Deserialize, Serialize};

use crate::catalog::summaries::Choice;

/// Courses per admin list page.
pub const ADMIN_PAGE_SIZE: i64 = 25;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCourseItem {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub title: String,
    pub category: Option<String>,
    pub price: String,
    pub published: bool,
    pub upcoming_runs: i64,
    pub updated: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCourseList {
    pub courses: Vec<AdminCourseItem>,
    pub total: i64,
    pub page: u32,
    pub page_count: u32,
    pub categories: Vec<Choice>,
}

/// The course form's values as text, exactly as the inputs show them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseForm {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub code: String,
    pub summary: String,
    pub description: String,
    pub outline: String,
    pub prerequisites: String,
    pub duration_hours: String,
    pub level: String,
    pub price: String,
    pub category_id: String,
    pub certification_name: String,
    pub certification_vendor: String,
    pub published: bool,
    pub featured: bool,
}

/// A run as the admin's course page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRun {
    pub id: i64,
    pub dates: String,
    pub times: String,
    pub mode: String,
    pub place: String,
    pub trainer: String,
    pub seats: String,
    pub status: String,
    /// The run's values for its edit form, in the site's time zone.
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub mode_value: String,
    pub venue_id: String,
    pub trainer_id: String,
    pub capacity: String,
    pub min_to_run: String,
    pub price_override: String,
    pub status_value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseEditor {
    pub form: CourseForm,
    pub runs: Vec<AdminRun>,
    pub categories: Vec<Choice>,
    pub venues: Vec<Choice>,
    pub trainers: Vec<Choice>,
    /// The saved description and outline, rendered as visitors will see them.
    pub preview_html: String,
}

pub use crate::catalog::references::ReferenceKind;

/// The dashboard page that lists and edits one kind.
pub fn reference_page(kind: ReferenceKind) -> &'static str {
    match kind {
        ReferenceKind::Category => "/admin/categories",
        ReferenceKind::Venue => "/admin/venues",
        ReferenceKind::Trainer => "/admin/trainers",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceItem {
    pub id: i64,
    pub values: [String; 3],
    pub used_by: i64,
}
