use serde::{Deserialize, Serialize};

/// How a course run is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryMode {
    Online,
    InPerson,
}

impl DeliveryMode {
    /// The value stored in the `mode` column.
    pub fn from_column(value: &str) -> Option<Self> {
        match value {
            "online" => Some(Self::Online),
            "in_person" => Some(Self::InPerson),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Online => "Online",
            Self::InPerson => "In person",
        }
    }
}

/// A run as listed under "Upcoming trainings".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingRun {
    pub run_id: i64,
    pub course_slug: String,
    pub course_title: String,
    /// The start in the site's time zone, formatted by the server.
    pub starts: String,
    pub mode: DeliveryMode,
}

/// A course as listed on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCard {
    pub slug: String,
    pub code: String,
    pub title: String,
    pub summary: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_modes_read_back_from_their_column_values() {
        assert_eq!(
            DeliveryMode::from_column("online"),
            Some(DeliveryMode::Online)
        );
        assert_eq!(
            DeliveryMode::from_column("in_person"),
            Some(DeliveryMode::InPerson)
        );
        assert_eq!(DeliveryMode::from_column("hybrid"), None);
    }
}
