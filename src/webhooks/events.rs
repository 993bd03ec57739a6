//! The events an endpoint may subscribe to, named as receivers see them in
//! the message's `type`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Event {
    EnrollmentCreated,
    EnrollmentCancelled,
    EnrollmentTransferred,
    WaitlistOffered,
    RunCreated,
    RunUpdated,
    RunCancelled,
    RunGuaranteed,
    EnquiryCreated,
    CoursePublished,
}

impl Event {
    pub const ALL: [Event; 10] = [
        Event::EnrollmentCreated,
        Event::EnrollmentCancelled,
        Event::EnrollmentTransferred,
        Event::WaitlistOffered,
        Event::RunCreated,
        Event::RunUpdated,
        Event::RunCancelled,
        Event::RunGuaranteed,
        Event::EnquiryCreated,
        Event::CoursePublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::EnrollmentCreated => "enrollment.created",
            Event::EnrollmentCancelled => "enrollment.cancelled",
            Event::EnrollmentTransferred => "enrollment.transferred",
            Event::WaitlistOffered => "waitlist.offered",
            Event::RunCreated => "run.created",
            Event::RunUpdated => "run.updated",
            Event::RunCancelled => "run.cancelled",
            Event::RunGuaranteed => "run.guaranteed",
            Event::EnquiryCreated => "enquiry.created",
            Event::CoursePublished => "course.published",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == name)
    }

    /// The event's name in a form field (`events[run_updated]`): form
    /// decoding may read a dot as nesting, so the dot becomes an underscore.
    pub fn field_key(self) -> String {
        self.as_str().replace('.', "_")
    }

    pub fn from_field_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.field_key() == key)
    }

    /// What the admin's form says next to the box.
    pub fn description(self) -> &'static str {
        match self {
            Event::EnrollmentCreated => "A learner took a seat or joined a waitlist.",
            Event::EnrollmentCancelled => "A place was cancelled.",
            Event::EnrollmentTransferred => "A place moved to another run.",
            Event::WaitlistOffered => "A freed seat was offered to the waitlist.",
            Event::RunCreated => "A run was scheduled.",
            Event::RunUpdated => "A run's dates, venue or seats changed.",
            Event::RunCancelled => "A run was cancelled.",
            Event::RunGuaranteed => "A run reached its minimum and will take place.",
            Event::EnquiryCreated => "Someone sent the enquiry form.",
            Event::CoursePublished => "A course appeared in the catalog.",
        }
    }
}

/// The events of a stored list (`enrollment.created run.updated`), in the
/// order of [`Event::ALL`]; names this version does not know are skipped.
pub fn parse_events(list: &str) -> Vec<Event> {
    let mut events: Vec<Event> = list.split_whitespace().filter_map(Event::parse).collect();
    events.sort();
    events.dedup();
    events
}

pub fn join_events(events: &[Event]) -> String {
    events
        .iter()
        .map(|event| event.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_name_reads_back_as_itself() {
        for event in Event::ALL {
            assert_eq!(Event::parse(event.as_str()), Some(event));
        }
        assert_eq!(Event::parse("enrollment.deleted"), None);
        for event in Event::ALL {
            assert_eq!(Event::from_field_key(&event.field_key()), Some(event));
        }
    }

    #[test]
    fn a_stored_list_reads_back_sorted_without_repeats_or_unknown_names() {
        let events = parse_events("run.updated enrollment.created run.updated gone.away");
        assert_eq!(events, [Event::EnrollmentCreated, Event::RunUpdated]);
        assert_eq!(join_events(&events), "enrollment.created run.updated");
    }
}
