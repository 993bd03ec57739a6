//! What the dashboard pages show: the overview, users, the audit log, the
//! outbox and the job queue.

use serde::{Deserialize, Serialize};

use crate::accounts::Role;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditItem {
    pub id: i64,
    pub when: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub ip: String,
}

/// The newest entries that match the filters, and every action the log holds
/// (for the filter's choices).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditItem>,
    pub actions: Vec<String>,
}

/// One status tab of the job queue: its value in the address, its name and
/// how many jobs have it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobTab {
    pub status: String,
    pub label: String,
    pub count: i64,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobQueue {
    /// Every status, in the order of the tabs.
    pub tabs: Vec<JobTab>,
    pub jobs: Vec<JobItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobItem {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub run_at: String,
    pub attempts: String,
    pub last_error: Option<String>,
    pub can_retry: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub state: EmailState,
    pub last_error: Option<String>,
    pub queued: String,
}

/// How far an email got, as the outbox page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailState {
    Waiting { attempts: i64 },
    InLocalMailbox,
    Sent,
    Failed,
}

/// One page of the outbox, and whether it is the local mailbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxPageData {
    pub emails: Vec<OutboxItem>,
    pub total: i64,
    pub page: u32,
    pub page_count: u32,
    /// No SMTP server: emails stay here, one-time links readable.
    pub local_mailbox: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListItem {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub email_verified: bool,
    pub disabled: bool,
    pub joined: String,
    /// The admin looking at the list: no role or disable buttons on their own row.
    pub is_you: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub learners: i64,
    pub admins: i64,
    pub disabled: i64,
    pub emails_pending: i64,
    pub audit_entries: i64,
    /// Answers to the cookie banner in the last 30 days.
    pub consent_accepted_all: i64,
    pub consent_only_necessary: i64,
    /// The system status line: cache hit ratios and memory.
    pub cache_status: String,
}
