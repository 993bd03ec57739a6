//! The inbox's workflow: status changes, assignment, internal notes and
//! replies, for an admin on the inbox page or an admin's API token alike.
//! Each change is one transaction holding the change, its line on the
//! enquiry's timeline and its audit entry. The audit keeps what changed
//! (statuses, assignee ids, how long a note or reply was), never what anybody
//! wrote: that is personal data, sealed on the timeline.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use super::events::{self, EventKind, NewEvent};
use super::model::EnquiryStatus;
use super::{emails, store};
use crate::accounts::server::users;
use crate::audit::{self, Actor, AuditEntry};
use crate::db::Transaction;
use crate::errors::AppError;
use crate::mail;
use crate::state::AppState;

/// The longest note or reply, in characters.
pub const TEXT_MAX: usize = 5_000;

/// The admin making a change, and where from (for the audit log).
pub struct Editor {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub ip: Option<IpAddr>,
}

/// Why a change was not made.
#[derive(Debug)]
pub enum Refused {
    NotFound,
    /// A field (`status`, `assignee`, `note`, `message`) is not valid.
    Invalid {
        field: &'static str,
        message: String,
    },
    Failed(AppError),
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Self {
        Refused::Failed(error)
    }
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Self {
        Refused::Failed(error.into())
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> Refused {
    Refused::Invalid {
        field,
        message: message.into(),
    }
}

/// A note's or a reply's text: not blank, at most [`TEXT_MAX`] characters.
pub fn checked_text(field: &'static str, text: &str) -> Result<String, Refused> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err(invalid(field, "Write something first."))
    } else if trimmed.chars().count() > TEXT_MAX {
        Err(invalid(field, format!("Keep it to {TEXT_MAX} characters.")))
    } else {
        Ok(trimmed.to_owned())
    }
}

/// A status as stored (`in_progress`).
pub fn checked_status(status: &str) -> Result<EnquiryStatus, Refused> {
    EnquiryStatus::from_column(status)
        .ok_or_else(|| invalid("status", "Choose one of the statuses."))
}

/// An assignee must be an active admin; `None` gives the enquiry to nobody.
pub async fn checked_assignee(
    state: &AppState,
    assignee: Option<i64>,
) -> Result<Option<i64>, Refused> {
    let Some(user_id) = assignee else {
        return Ok(None);
    };
    let admins = users::active_admins(&state.db).await?;
    if admins.iter().any(|(id, _)| *id == user_id) {
        Ok(Some(user_id))
    } else {
        Err(invalid("assignee", "Choose an admin."))
    }
}

/// An open transaction on an existing enquiry, with what a change needs.
pub struct Change<'a> {
    state: &'a AppState,
    editor: &'a Editor,
    id: i64,
    pub tx: Transaction,
    now: DateTime<Utc>,
    pub status: EnquiryStatus,
    pub assignee: Option<i64>,
}

impl<'a> Change<'a> {
    /// Opens the change; `NotFound` when no enquiry has `id`.
    pub async fn begin(state: &'a AppState, editor: &'a Editor, id: i64) -> Result<Self, Refused> {
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let (status, assignee) = store::workflow_state(&mut tx, id)
            .await?
            .ok_or(Refused::NotFound)?;
        Ok(Change {
            state,
            editor,
            id,
            tx,
            now,
            status,
            assignee,
        })
    }

    async fn event(
        &mut self,
        kind: EventKind,
        detail: &str,
        body: Option<&str>,
    ) -> Result<(), Refused> {
        let event = NewEvent {
            enquiry_id: self.id,
            kind,
            actor_user_id: self.editor.user_id,
            detail,
            body,
        };
        events::record(&mut self.tx, &self.state.data_keys, &event, self.now).await?;
        Ok(())
    }

    async fn audit(
        &mut self,
        action: &'static str,
        before: Option<serde_json::Value>,
        after: serde_json::Value,
    ) -> Result<(), Refused> {
        let actor = Actor::user(self.editor.user_id, &self.editor.email);
        let mut entry = AuditEntry::new(action, actor)
            .target("enquiry", self.id)
            .after(after)
            .from_ip(self.editor.ip);
        if let Some(before) = before {
            entry = entry.before(before);
        }
        audit::record(&mut self.tx, &entry, self.now).await?;
        Ok(())
    }

    /// Moves the status on, with its timeline line; nothing when unchanged.
    async fn move_to(&mut self, status: EnquiryStatus) -> Result<(), Refused> {
        if status == self.status {
            return Ok(());
        }
        store::set_status(&mut self.tx, self.id, status, self.now).await?;
        let detail = format!("{} {}", self.status.as_str(), status.as_str());
        self.event(EventKind::Status, &detail, None).await?;
        self.status = status;
        Ok(())
    }

    /// A status change the editor asked for (audited with before and after).
    pub async fn set_status(&mut self, status: EnquiryStatus) -> Result<(), Refused> {
        let before = self.status;
        if before == status {
            return Ok(());
        }
        self.move_to(status).await?;
        self.audit(
            "enquiry.status_changed",
            Some(serde_json::json!({ "status": before.as_str() })),
            serde_json::json!({ "status": status.as_str() }),
        )
        .await
    }

    /// Gives the enquiry to a checked admin ([`checked_assignee`]), or nobody.
    pub async fn assign(&mut self, assignee: Option<i64>) -> Result<(), Refused> {
        let before = self.assignee;
        if before == assignee {
            return Ok(());
        }
        store::set_assignee(&mut self.tx, self.id, assignee, self.now).await?;
        let detail = assignee.map(|id| id.to_string()).unwrap_or_default();
        self.event(EventKind::Assigned, &detail, None).await?;
        self.assignee = assignee;
        self.audit(
            "enquiry.assigned",
            Some(serde_json::json!({ "assignee_id": before })),
            serde_json::json!({ "assignee_id": assignee }),
        )
        .await
    }

    /// An internal note: seen only in the inbox.
    pub async fn add_note(&mut self, note: &str) -> Result<(), Refused> {
        self.event(EventKind::Note, "", Some(note)).await?;
        self.audit(
            "enquiry.noted",
            None,
            serde_json::json!({ "characters": note.chars().count() }),
        )
        .await
    }

    /// Emails the sender through the outbox, records the reply on the
    /// timeline, and marks a new or in-progress enquiry answered.
    pub async fn reply(&mut self, message: &str) -> Result<(), Refused> {
        let enquiry = store::entry(&self.state.db, &self.state.data_keys, self.id)
            .await
            .map_err(|error| {
                tracing::error!(error = format!("{error:#}"), "an enquiry could not be read");
                Refused::Failed(AppError::Internal)
            })?
            .ok_or(Refused::NotFound)?;
        let email = emails::reply(
            &self.state.settings.site,
            &enquiry.personal.email,
            &topic_label(&enquiry),
            message,
            &self.editor.name,
        );
        mail::enqueue(&mut self.tx, &email, self.now).await?;
        self.event(EventKind::Reply, "", Some(message)).await?;
        let before = self.status;
        if matches!(before, EnquiryStatus::New | EnquiryStatus::InProgress) {
            self.move_to(EnquiryStatus::Answered).await?;
        }
        let after = serde_json::json!({
            "status": self.status.as_str(),
            "characters": message.chars().count(),
        });
        self.audit(
            "enquiry.replied",
            Some(serde_json::json!({ "status": before.as_str() })),
            after,
        )
        .await
    }

    pub async fn commit(self) -> Result<(), Refused> {
        let wake = self.state.outbox_wake.clone();
        self.tx.commit().await?;
        // A reply waits in the mail outbox.
        wake.notify_one();
        Ok(())
    }
}

/// What an enquiry is about, in words.
pub fn topic_label(entry: &store::InboxEntry) -> String {
    match (entry.topic.as_str(), &entry.course_title) {
        ("course", Some(title)) => title.clone(),
        ("course", None) => "A course no longer in the catalog".to_owned(),
        ("private_team", _) => "Private training for a team".to_owned(),
        _ => "Other".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_or_reply_is_trimmed_and_neither_blank_nor_too_long() {
        assert_eq!(
            checked_text("note", "  Call back Monday  ").unwrap(),
            "Call back Monday"
        );
        assert!(checked_text("note", "   ").is_err());
        assert!(checked_text("note", &"x".repeat(TEXT_MAX + 1)).is_err());
        assert!(checked_text("note", &"x".repeat(TEXT_MAX)).is_ok());
    }

    #[test]
    fn a_status_is_one_of_the_inbox_tabs() {
        assert_eq!(
            checked_status("in_progress").unwrap(),
            EnquiryStatus::InProgress
        );
        assert!(matches!(
            checked_status("In progress"),
            Err(Refused::Invalid {
                field: "status",
                ..
            })
        ));
    }
}
