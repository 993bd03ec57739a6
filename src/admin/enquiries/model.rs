use serde::{Deserialize, Serialize};

/// The inbox: a tab per status with its count, and the enquiries shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub tabs: Vec<StatusTab>,
    /// The email searched for, when the list is one sender's enquiries.
    pub email: String,
    pub enquiries: Vec<EnquirySummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusTab {
    pub status: String,
    pub label: String,
    pub count: i64,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnquirySummary {
    pub id: i64,
    pub received: String,
    pub name: String,
    pub email: String,
    pub company: String,
    pub topic: String,
    pub status: String,
}

/// One enquiry, everything the sender wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnquiryDetail {
    pub summary: EnquirySummary,
    pub course_href: Option<String>,
    pub phone: Option<String>,
    pub preferred_mode: String,
    pub message: String,
    /// Why it was taken for a bot's, if it was.
    pub spam_reason: Option<String>,
    /// The status as the select posts it (`in_progress`).
    pub status_value: String,
    /// The assignee's user id, or empty for nobody.
    pub assignee: String,
    /// (user id, name) of the admins it can be assigned to.
    pub admins: Vec<(String, String)>,
    /// Oldest first, starting with its arrival.
    pub timeline: Vec<TimelineItem>,
}

/// One line of an enquiry's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    /// `received`, `note`, `reply`, `status` or `assigned`.
    pub kind: String,
    /// "Reply sent by Ana Reyes", "Status: New → In progress, by Ana Reyes".
    pub headline: String,
    pub when: String,
    /// A note's or a reply's text.
    pub text: Option<String>,
}
