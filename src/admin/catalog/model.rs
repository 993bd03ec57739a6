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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferenceKind {
    Category,
    Venue,
    Trainer,
}

impl ReferenceKind {
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "category" => Some(Self::Category),
            "venue" => Some(Self::Venue),
            "trainer" => Some(Self::Trainer),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Category => "category",
            Self::Venue => "venue",
            Self::Trainer => "trainer",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Self::Category => "/admin/categories",
            Self::Venue => "/admin/venues",
            Self::Trainer => "/admin/trainers",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Self::Category => "Categories",
            Self::Venue => "Venues",
            Self::Trainer => "Trainers",
        }
    }

    /// (label, hint, maximum length, required) for each of the three fields.
    pub fn fields(self) -> [(&'static str, &'static str, usize, bool); 3] {
        match self {
            Self::Category => [
                (
                    "Name",
                    "As visitors see it, e.g. Cloud computing.",
                    80,
                    true,
                ),
                (
                    "Slug",
                    "Used in links: lower-case words joined by hyphens, e.g. cloud.",
                    80,
                    true,
                ),
                ("Description", "One or two sentences.", 500, false),
            ],
            Self::Venue => [
                ("Name", "e.g. Makati Training Center.", 120, true),
                (
                    "City",
                    "What visitors filter by: Metro Manila, Cebu City.",
                    80,
                    true,
                ),
                ("Address", "Street, building and district.", 300, true),
            ],
            Self::Trainer => [
                ("Name", "Full name.", 120, true),
                (
                    "Credentials",
                    "Certifications, comma separated.",
                    300,
                    false,
                ),
                (
                    "Bio",
                    "One or two sentences for the course page.",
                    1000,
                    false,
                ),
            ],
        }
    }

    #[cfg(feature = "ssr")]
    pub fn table(self) -> crate::catalog::queries::Reference {
        use crate::catalog::queries::Reference;
        match self {
            Self::Category => Reference::Category,
            Self::Venue => Reference::Venue,
            Self::Trainer => Reference::Trainer,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceItem {
    pub id: i64,
    pub values: [String; 3],
    pub used_by: i64,
}
