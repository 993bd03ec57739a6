//! The catalog's words as types: how a run is delivered, a course's level, its
//! status, and how money reads. Shared by the server and the browser bundle.

use serde::{Deserialize, Serialize};

use crate::column::text_column;

/// How a course run is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeliveryMode {
    Online,
    InPerson,
}

impl DeliveryMode {
    /// The value stored in the `mode` column and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::InPerson => "in_person",
        }
    }

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

text_column!(DeliveryMode, "delivery mode");

/// Who a course is pitched at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    pub const ALL: [Self; 3] = [Self::Beginner, Self::Intermediate, Self::Advanced];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beginner => "beginner",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|level| level.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Beginner => "Beginner",
            Self::Intermediate => "Intermediate",
            Self::Advanced => "Advanced",
        }
    }
}

text_column!(Level, "course level");

/// Where a run stands. Only scheduled runs are listed to visitors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunStatus {
    Scheduled,
    Cancelled,
    Completed,
}

impl RunStatus {
    pub const ALL: [Self; 3] = [Self::Scheduled, Self::Cancelled, Self::Completed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Cancelled => "cancelled",
            Self::Completed => "completed",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Scheduled => "Scheduled",
            Self::Cancelled => "Cancelled",
            Self::Completed => "Completed",
        }
    }
}

text_column!(RunStatus, "run status");

/// A price for people: "₱18,500" for whole pesos, "₱18,500.50" otherwise; other
/// currencies by their code ("USD 1,200.00"). Money is whole centavos throughout.
pub fn format_price(centavos: i64, currency: &str) -> String {
    if centavos == 0 {
        return "Free".to_owned();
    }
    let units = centavos / 100;
    let cents = centavos % 100;
    let mut grouped = String::new();
    for (index, digit) in units.to_string().chars().enumerate() {
        let remaining = units.to_string().len() - index;
        if index > 0 && remaining.is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let amount = if cents == 0 && currency == "PHP" {
        grouped
    } else {
        format!("{grouped}.{cents:02}")
    };
    match currency {
        "PHP" => format!("₱{amount}"),
        other => format!("{other} {amount}"),
    }
}

/// "3 days (24 hours)" for whole training days of 8 hours, else "6 hours".
pub fn format_duration(hours: i64) -> String {
    match hours {
        1 => "1 hour".to_owned(),
        h if h % 8 == 0 && h >= 8 => {
            let days = h / 8;
            let day_word = if days == 1 { "day" } else { "days" };
            format!("{days} {day_word} ({h} hours)")
        }
        h => format!("{h} hours"),
    }
}

/// "Guaranteed to run" once enough learners are confirmed, else how many more.
pub fn run_confirmation(seats_confirmed: i64, min_to_run: i64) -> String {
    let missing = min_to_run - seats_confirmed;
    if missing <= 0 {
        "Guaranteed to run".to_owned()
    } else {
        format!("{missing} more to confirm")
    }
}

/// "12 seats left", "1 seat left", "Full".
pub fn seats_left_label(seats_left: i64, waiting: i64) -> String {
    match seats_left {
        n if n <= 0 && waiting > 0 => format!("Full · {waiting} on the waitlist"),
        n if n <= 0 => "Full".to_owned(),
        1 => "1 seat left".to_owned(),
        n => format!("{n} seats left"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_modes_and_levels_read_back_from_their_column_values() {
        for mode in [DeliveryMode::Online, DeliveryMode::InPerson] {
            assert_eq!(DeliveryMode::from_column(mode.as_str()), Some(mode));
        }
        for level in Level::ALL {
            assert_eq!(Level::from_column(level.as_str()), Some(level));
        }
        assert_eq!(DeliveryMode::from_column("hybrid"), None);
        assert_eq!(RunStatus::from_column("postponed"), None);
    }

    #[test]
    fn pesos_are_grouped_by_thousands_and_show_centavos_only_when_there_are_some() {
        assert_eq!(format_price(1_850_000, "PHP"), "₱18,500");
        assert_eq!(format_price(1_850_050, "PHP"), "₱18,500.50");
        assert_eq!(format_price(99_900, "PHP"), "₱999");
        assert_eq!(format_price(123_456_700, "PHP"), "₱1,234,567");
        assert_eq!(format_price(120_000, "USD"), "USD 1,200.00");
        assert_eq!(format_price(0, "PHP"), "Free");
    }

    #[test]
    fn durations_read_in_training_days_when_they_are_whole_days() {
        assert_eq!(format_duration(24), "3 days (24 hours)");
        assert_eq!(format_duration(8), "1 day (8 hours)");
        assert_eq!(format_duration(6), "6 hours");
        assert_eq!(format_duration(1), "1 hour");
    }

    #[test]
    fn a_run_is_guaranteed_once_its_minimum_is_reached() {
        assert_eq!(run_confirmation(2, 6), "4 more to confirm");
        assert_eq!(run_confirmation(6, 6), "Guaranteed to run");
        assert_eq!(seats_left_label(0, 0), "Full");
        assert_eq!(seats_left_label(0, 3), "Full · 3 on the waitlist");
        assert_eq!(seats_left_label(1, 0), "1 seat left");
        assert_eq!(seats_left_label(14, 0), "14 seats left");
    }
}
