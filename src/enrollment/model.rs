//! The words of enrollment: a learner's place in a run and why a request for
//! one can be refused.

use serde::{Deserialize, Serialize};

use crate::catalog::summaries::RunSummary;

/// What the enroll page offers for one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrollChoice {
    pub run: RunSummary,
    pub open: bool,
    pub full: bool,
    pub waitlist_length: i64,
    /// The learner's live place in this run already, if any.
    pub existing: Option<MyPlace>,
    /// Only a confirmed email address may take a seat or join a waitlist.
    pub email_confirmed: bool,
    /// Where the confirmation link was (or will be) sent.
    pub email: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyTrainings {
    pub upcoming: Vec<MyPlace>,
    pub past: Vec<MyPlace>,
}

/// One of the learner's places, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyPlace {
    pub id: i64,
    pub status: PlaceStatus,
    pub course_slug: String,
    pub course_title: String,
    pub dates: String,
    pub times: String,
    pub place: String,
    pub ics_href: String,
    pub waitlist_position: Option<i64>,
    /// "Thu 3 Dec 2026, 4:30 PM" while a seat is offered.
    pub offer_until: Option<String>,
    pub can_cancel: bool,
    pub can_claim: bool,
    /// A confirmed seat before the cut-off can move to another date.
    pub can_transfer: bool,
}

/// The place being moved and the dates it could move to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferChoice {
    pub place: MyPlace,
    /// Other upcoming dates of the course, soonest first, full ones included
    /// (shown as full) so the learner sees why a date is not offered.
    pub dates: Vec<RunSummary>,
}

/// Whether the learner's calendar feed is on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedStatus {
    /// "3 Dec 2026" when the current address was made; `None` when off.
    pub since: Option<String>,
}

/// Where a learner stands in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceStatus {
    /// A seat is theirs.
    Confirmed,
    /// The run was full; they wait in line.
    Waitlisted,
    /// A seat freed up and is held for them until the offer expires.
    Offered,
    Cancelled,
    /// An offer that was not claimed in time.
    Expired,
}

impl PlaceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Waitlisted => "waitlisted",
            Self::Offered => "offered",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        [
            Self::Confirmed,
            Self::Waitlisted,
            Self::Offered,
            Self::Cancelled,
            Self::Expired,
        ]
        .into_iter()
        .find(|status| status.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Confirmed => "Confirmed",
            Self::Waitlisted => "On the waitlist",
            Self::Offered => "Seat offered",
            Self::Cancelled => "Cancelled",
            Self::Expired => "Offer expired",
        }
    }

    /// Holds a seat or a place in line.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Confirmed | Self::Waitlisted | Self::Offered)
    }
}

crate::column::text_column!(PlaceStatus, "place status");

/// Why an enrollment request was refused, in words for the learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    RunNotFound,
    /// Cancelled, completed or already started.
    RunNotOpen,
    /// No seat left and the learner did not ask for the waitlist.
    Full,
    AlreadyEnrolled,
    /// Not this learner's place, or no longer live.
    PlaceNotFound,
    /// Too close to the start to cancel or transfer.
    PastCutoff,
    OfferExpired,
    /// A transfer to the run the place is already in.
    SameRun,
    /// Only a confirmed seat can be moved or marked attended.
    NotConfirmed,
    /// A transfer goes to another date of the same course only.
    OtherCourse,
    /// The run a transfer asked for has no free seat.
    TransferTargetFull,
    /// Attendance waits for the run to start.
    NotStarted,
    /// Seats and waitlist places are for confirmed email addresses only, so
    /// nobody can hold seats with an address they do not own.
    EmailNotConfirmed,
}

impl Refusal {
    pub fn message(self) -> &'static str {
        match self {
            Self::RunNotFound => "We could not find that training date.",
            Self::RunNotOpen => {
                "This training date is no longer open for enrollment: it has started, \
                 finished or been cancelled. Please choose another date."
            }
            Self::Full => "This training date is full. You can join its waitlist instead.",
            Self::AlreadyEnrolled => {
                "You already have a place in this training date. See My trainings."
            }
            Self::PlaceNotFound => "We could not find that place among your trainings.",
            Self::PastCutoff => {
                "It is too close to the start to cancel or change dates online. Please contact us and we will help."
            }
            Self::OfferExpired => {
                "This offer has expired and the seat has passed to the next person on the waitlist."
            }
            Self::SameRun => "You already have a place in this training date.",
            Self::NotConfirmed => "Only a confirmed seat can be moved or marked attended.",
            Self::OtherCourse => "A place can only move to another date of the same course.",
            Self::TransferTargetFull => {
                "That training date has no free seat left. Please choose another date."
            }
            Self::NotStarted => "Attendance can be marked once the training has started.",
            Self::EmailNotConfirmed => {
                "Please confirm your email address first: open the link we emailed you, \
                 then come back to take your seat."
            }
        }
    }
}

/// "1st", "2nd", "23rd": a waitlist position in words.
pub fn ordinal(position: i64) -> String {
    let suffix = match (position % 10, position % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{position}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_survive_the_database_round_trip() {
        for status in [
            PlaceStatus::Confirmed,
            PlaceStatus::Waitlisted,
            PlaceStatus::Offered,
            PlaceStatus::Cancelled,
            PlaceStatus::Expired,
        ] {
            assert_eq!(PlaceStatus::from_column(status.as_str()), Some(status));
        }
        assert_eq!(PlaceStatus::from_column("pending"), None);
    }

    #[test]
    fn only_confirmed_waiting_and_offered_places_are_live() {
        assert!(PlaceStatus::Offered.is_live());
        assert!(!PlaceStatus::Cancelled.is_live());
        assert!(!PlaceStatus::Expired.is_live());
    }

    #[test]
    fn positions_read_as_ordinals() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            words,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }
}
