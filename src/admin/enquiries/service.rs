//! The inbox's workflow: status changes, assignment, internal notes and
//! replies. Each is one transaction holding the change, its line on the
//! enquiry's timeline and its audit entry. The audit keeps what changed
//! (statuses, assignee ids, how long a note or reply was), never what anybody
//! wrote: that is personal data, sealed on the timeline.

use chrono::{DateTime, Utc};

use crate::accounts::model::SignedInUser;
use crate::accounts::server::{request::client_ip, require_admin, users};
use crate::audit::{self, Actor, AuditEntry};
use crate::contact::events::{self, EventKind, NewEvent};
use crate::contact::model::EnquiryStatus;
use crate::contact::{emails, store};
use crate::db::Transaction;
use crate::errors::{AppError, FormErrors};
use crate::mail;
use crate::state::AppState;

/// The longest note or reply, in characters.
pub const TEXT_MAX: usize = 5_000;

fn invalid(field: &str, message: &str, value: &str) -> AppError {
    let mut errors = FormErrors::new().keep(field, value);
    errors.add(field, message);
    AppError::Invalid(errors).into_response_error()
}

/// A note's or a reply's text: not blank, at most [`TEXT_MAX`] characters.
fn checked_text(field: &str, text: &str) -> Result<String, AppError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err(invalid(field, "Write something first.", text))
    } else if trimmed.chars().count() > TEXT_MAX {
        Err(invalid(
            field,
            &format!("Keep it to {TEXT_MAX} characters."),
            text,
        ))
    } else {
        Ok(trimmed.to_owned())
    }
}

/// An open transaction on an existing enquiry, with what the change needs.
struct Change {
    admin: SignedInUser,
    state: AppState,
    tx: Transaction,
    now: DateTime<Utc>,
    status: EnquiryStatus,
    assignee: Option<i64>,
}

async fn begin(id: i64) -> Result<Change, AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (status, assignee) = store::workflow_state(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    Ok(Change {
        admin,
        state,
        tx,
        now,
        status,
        assignee,
    })
}

impl Change {
    async fn event(
        &mut self,
        id: i64,
        kind: EventKind,
        detail: &str,
        body: Option<&str>,
    ) -> Result<(), AppError> {
        let event = NewEvent {
            enquiry_id: id,
            kind,
            actor_user_id: self.admin.id,
            detail,
            body,
        };
        events::record(&mut self.tx, &self.state.data_keys, &event, self.now).await?;
        Ok(())
    }

    async fn audit(&mut self, entry: AuditEntry) -> Result<(), AppError> {
        audit::record(&mut self.tx, &entry.from_ip(client_ip().await), self.now).await?;
        Ok(())
    }

    fn entry(&self, action: &'static str, id: i64) -> AuditEntry {
        AuditEntry::new(action, Actor::from(&self.admin)).target("enquiry", id)
    }

    /// Moves the status on, with its timeline line; nothing when unchanged.
    async fn move_to(&mut self, id: i64, status: EnquiryStatus) -> Result<(), AppError> {
        if status == self.status {
            return Ok(());
        }
        store::set_status(&mut self.tx, id, status, self.now).await?;
        let detail = format!("{} {}", self.status.as_str(), status.as_str());
        self.event(id, EventKind::Status, &detail, None).await?;
        self.status = status;
        Ok(())
    }
}

pub async fn change_status(id: i64, status: &str) -> Result<(), AppError> {
    let Some(status) = EnquiryStatus::from_column(status) else {
        return Err(invalid("status", "Choose one of the statuses.", status));
    };
    let mut change = begin(id).await?;
    let before = change.status;
    if before == status {
        return Ok(());
    }
    change.move_to(id, status).await?;
    let entry = change
        .entry("enquiry.status_changed", id)
        .before(serde_json::json!({ "status": before.as_str() }))
        .after(serde_json::json!({ "status": status.as_str() }));
    change.audit(entry).await?;
    change.tx.commit().await?;
    Ok(())
}

/// Gives the enquiry to an admin (`assignee` is their user id), or to nobody
/// (empty).
pub async fn assign(id: i64, assignee: &str) -> Result<(), AppError> {
    let state = AppState::current()?;
    let assignee_id = match assignee.trim() {
        "" => None,
        text => {
            let admins = users::active_admins(&state.db).await?;
            match text.parse::<i64>() {
                Ok(user_id) if admins.iter().any(|(id, _)| *id == user_id) => Some(user_id),
                _ => return Err(invalid("assignee", "Choose an admin.", assignee)),
            }
        }
    };
    let mut change = begin(id).await?;
    let before = change.assignee;
    if before == assignee_id {
        return Ok(());
    }
    store::set_assignee(&mut change.tx, id, assignee_id, change.now).await?;
    let detail = assignee_id.map(|id| id.to_string()).unwrap_or_default();
    change.event(id, EventKind::Assigned, &detail, None).await?;
    let entry = change
        .entry("enquiry.assigned", id)
        .before(serde_json::json!({ "assignee_id": before }))
        .after(serde_json::json!({ "assignee_id": assignee_id }));
    change.audit(entry).await?;
    change.tx.commit().await?;
    Ok(())
}

/// An internal note: seen only in the inbox.
pub async fn add_note(id: i64, note: &str) -> Result<(), AppError> {
    let note = checked_text("note", note)?;
    let mut change = begin(id).await?;
    change.event(id, EventKind::Note, "", Some(&note)).await?;
    let entry = change
        .entry("enquiry.noted", id)
        .after(serde_json::json!({ "characters": note.chars().count() }));
    change.audit(entry).await?;
    change.tx.commit().await?;
    Ok(())
}

/// Emails the sender through the outbox, records the reply on the timeline,
/// and marks a new or in-progress enquiry answered.
pub async fn reply(id: i64, message: &str) -> Result<(), AppError> {
    let message = checked_text("message", message)?;
    let mut change = begin(id).await?;
    let enquiry = store::entry(&change.state.db, &change.state.data_keys, id)
        .await
        .map_err(|error| {
            tracing::error!(error = format!("{error:#}"), "an enquiry could not be read");
            AppError::Internal.into_response_error()
        })?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    let site = &change.state.settings.site;
    let topic = topic_label(&enquiry);
    let email = emails::reply(
        site,
        &enquiry.personal.email,
        &topic,
        &message,
        &change.admin.name,
    );
    mail::enqueue(&mut change.tx, &email, change.now).await?;
    change
        .event(id, EventKind::Reply, "", Some(&message))
        .await?;
    let before = change.status;
    if matches!(before, EnquiryStatus::New | EnquiryStatus::InProgress) {
        change.move_to(id, EnquiryStatus::Answered).await?;
    }
    let entry = change
        .entry("enquiry.replied", id)
        .before(serde_json::json!({ "status": before.as_str() }))
        .after(serde_json::json!({
            "status": change.status.as_str(),
            "characters": message.chars().count(),
        }));
    change.audit(entry).await?;
    change.tx.commit().await?;
    change.state.outbox_wake.notify_one();
    Ok(())
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
}
