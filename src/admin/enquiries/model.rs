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
}
