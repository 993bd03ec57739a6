//! Categories, venues and trainers: what courses and runs refer to, each three
//! short text fields. The kinds and their fields' rules are shared by the
//! dashboard's pages and the API; `service` makes the checked, audited
//! changes both use.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod service;

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
    pub fn table(self) -> super::queries::Reference {
        use super::queries::Reference;
        match self {
            Self::Category => Reference::Category,
            Self::Venue => Reference::Venue,
            Self::Trainer => Reference::Trainer,
        }
    }
}
