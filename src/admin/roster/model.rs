//! What the roster page shows: a run and the people in it.

use serde::{Deserialize, Serialize};

use crate::enrollment::model::PlaceStatus;

/// A run's roster, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    pub run_id: i64,
    pub course_id: i64,
    pub course_title: String,
    pub dates: String,
    pub times: String,
    pub place: String,
    pub status: String,
    pub capacity: i64,
    pub seats_taken: i64,
    pub seats_confirmed: i64,
    pub min_to_run: i64,
    /// Attendance can be marked from the start of the run.
    pub started: bool,
    pub people: Vec<RosterEntry>,
    /// Other upcoming dates of the course with a free seat, for moving someone.
    pub move_targets: Vec<MoveTarget>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub place_id: i64,
    pub name: String,
    pub email: String,
    pub status: PlaceStatus,
    /// 1 for the first in line; only for the waitlist.
    pub waitlist_position: Option<i64>,
    /// "Thu 3 Dec 2026, 4:30 PM" for an open offer.
    pub offer_until: Option<String>,
    pub attended: Option<bool>,
    /// When the place was asked for, in the site's time zone.
    pub since: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveTarget {
    pub run_id: i64,
    pub label: String,
}
