//! The enquiry form's choices and the rules for what it accepts, shared by the
//! page (which offers the choices) and the server (which checks them).

use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 120;
pub const COMPANY_MAX: usize = 160;
pub const MESSAGE_MIN: usize = 10;
pub const MESSAGE_MAX: usize = 5000;

/// What the form offers, and what is preselected when it was opened from a
/// course ("Ask about this course").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnquiryForm {
    pub courses: Vec<CourseChoice>,
    pub cities: Vec<String>,
    /// The topic's form value ([`Topic::form_value`]) to preselect.
    pub topic: String,
    /// When the form was rendered, in Unix milliseconds: a form sent back faster
    /// than a person can fill it in is taken for a bot's.
    pub shown_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseChoice {
    pub slug: String,
    pub title: String,
}

/// Where an enquiry stands in the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnquiryStatus {
    New,
    InProgress,
    Answered,
    Closed,
    /// Sent by a suspected bot: kept, never mailed about.
    Spam,
}

impl EnquiryStatus {
    pub const ALL: [Self; 5] = [
        Self::New,
        Self::InProgress,
        Self::Answered,
        Self::Closed,
        Self::Spam,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InProgress => "in_progress",
            Self::Answered => "answered",
            Self::Closed => "closed",
            Self::Spam => "spam",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::InProgress => "In progress",
            Self::Answered => "Answered",
            Self::Closed => "Closed",
            Self::Spam => "Spam",
        }
    }
}

#[cfg(feature = "ssr")]
crate::column::text_column!(EnquiryStatus, "enquiry status");

/// What an enquiry is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Topic {
    /// A course from the catalog, by slug.
    Course(String),
    PrivateTeam,
    Other,
}

impl Topic {
    /// Reads a topic as the form's select sends it.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "private_team" => Some(Self::PrivateTeam),
            "other" => Some(Self::Other),
            _ => value
                .strip_prefix("course:")
                .filter(|slug| !slug.is_empty())
                .map(|slug| Self::Course(slug.to_owned())),
        }
    }

    pub fn form_value(&self) -> String {
        match self {
            Self::Course(slug) => format!("course:{slug}"),
            Self::PrivateTeam => "private_team".to_owned(),
            Self::Other => "other".to_owned(),
        }
    }

    /// The `topic` column's value.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Course(_) => "course",
            Self::PrivateTeam => "private_team",
            Self::Other => "other",
        }
    }
}

/// How the sender would like to be trained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreferredMode {
    NoPreference,
    Online,
    InPerson { city: String },
}

impl PreferredMode {
    /// Reads the form's value: empty, `online` or `city:<name>` for a city that
    /// has a venue.
    pub fn parse(value: &str, cities: &[String]) -> Option<Self> {
        match value {
            "" => Some(Self::NoPreference),
            "online" => Some(Self::Online),
            _ => value
                .strip_prefix("city:")
                .filter(|city| cities.iter().any(|known| known == city))
                .map(|city| Self::InPerson {
                    city: city.to_owned(),
                }),
        }
    }

    /// The `preferred_mode` column's value, as the inbox shows it.
    pub fn stored(&self) -> String {
        match self {
            Self::NoPreference => String::new(),
            Self::Online => "Online".to_owned(),
            Self::InPerson { city } => format!("In person, {city}"),
        }
    }
}

/// A phone number in E.164 (`+639171234567`), from the ways Filipinos write
/// them: `0917 123 4567`, `+63 917-123-4567`, `63 917 123 4567`, landlines
/// such as `(02) 8123 4567` or `(032) 234 5678`, and numbers abroad written with
/// their `+` country code. Blank is no number.
pub fn normalize_phone(input: &str) -> Result<Option<String>, &'static str> {
    const INVALID: &str =
        "Enter a phone number such as 0917 123 4567 or +63 2 8123 4567, or leave it blank.";
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if !trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'))
        || trimmed.rfind('+').is_some_and(|at| at != 0)
    {
        return Err(INVALID);
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = if trimmed.starts_with('+') {
        match digits.strip_prefix("63") {
            Some(national) => national,
            // Another country: E.164 allows up to 15 digits with the country code.
            None if (8..=15).contains(&digits.len()) && !digits.starts_with('0') => {
                return Ok(Some(format!("+{digits}")));
            }
            None => return Err(INVALID),
        }
    } else if let Some(national) = digits.strip_prefix('0') {
        national
    } else if let Some(national) = digits.strip_prefix("63").filter(|n| n.len() >= 9) {
        national
    } else {
        return Err(INVALID);
    };
    // Mobiles are 9xx xxx xxxx (10 digits); landlines an area code and the
    // subscriber number, 9 digits in all (Metro Manila 2 + 8, Cebu 32 + 7).
    let valid = match national.as_bytes().first() {
        Some(b'9') => national.len() == 10,
        Some(b'1'..=b'8') => national.len() == 9,
        _ => false,
    };
    if valid {
        Ok(Some(format!("+63{national}")))
    } else {
        Err(INVALID)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn philippine_numbers_in_the_usual_formats_become_e164() {
        for (written, e164) in [
            ("0917 123 4567", "+639171234567"),
            ("09171234567", "+639171234567"),
            ("0917-123-4567", "+639171234567"),
            ("+63 917 123 4567", "+639171234567"),
            ("+63 (917) 123-4567", "+639171234567"),
            ("639171234567", "+639171234567"),
            ("(02) 8123 4567", "+63281234567"),
            ("+63 2 8123 4567", "+63281234567"),
            ("(032) 234 5678", "+63322345678"),
            ("+1 415 555 0100", "+14155550100"),
        ] {
            assert_eq!(
                normalize_phone(written),
                Ok(Some(e164.to_owned())),
                "{written}"
            );
        }
        assert_eq!(normalize_phone("  "), Ok(None));
    }

    #[test]
    fn numbers_that_cannot_be_dialled_are_refused() {
        for written in [
            "0917 123 456",
            "0917 123 45678",
            "917 123 4567",
            "call me",
            "0917+1234567",
            "+0 917 123 4567",
            "+63 12",
            "000",
        ] {
            assert!(normalize_phone(written).is_err(), "{written}");
        }
    }

    #[test]
    fn topics_and_modes_read_only_what_the_form_offers() {
        assert_eq!(
            Topic::parse("course:aws-cloud-practitioner"),
            Some(Topic::Course("aws-cloud-practitioner".to_owned()))
        );
        assert_eq!(Topic::parse("private_team"), Some(Topic::PrivateTeam));
        assert_eq!(Topic::parse("course:"), None);
        assert_eq!(Topic::parse("anything"), None);
        assert_eq!(
            Topic::parse(&Topic::Course("rust".to_owned()).form_value()),
            Some(Topic::Course("rust".to_owned()))
        );

        let cities = vec!["Cebu City".to_owned(), "Metro Manila".to_owned()];
        assert_eq!(
            PreferredMode::parse("city:Cebu City", &cities).map(|mode| mode.stored()),
            Some("In person, Cebu City".to_owned())
        );
        assert_eq!(
            PreferredMode::parse("online", &cities),
            Some(PreferredMode::Online)
        );
        assert_eq!(PreferredMode::parse("city:Davao", &cities), None);
        assert_eq!(
            PreferredMode::parse("", &cities),
            Some(PreferredMode::NoPreference)
        );
    }
}
