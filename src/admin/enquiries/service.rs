//! The inbox page's changes: the signed-in admin as the editor of
//! `contact::workflow`, its refusals as field errors on the page.

use crate::accounts::server::{request::client_ip, require_admin};
use crate::contact::workflow::{self, Change, Editor, Refused};
use crate::errors::{AppError, FormErrors};
use crate::state::AppState;

async fn editor() -> Result<(AppState, Editor), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let editor = Editor {
        user_id: admin.id,
        email: admin.email,
        name: admin.name,
        ip: client_ip().await,
    };
    Ok((state, editor))
}

/// A refusal as the page shows it; `sent` is what the field held.
fn page_error(refused: Refused, sent: &str) -> AppError {
    match refused {
        Refused::NotFound => AppError::NotFound.into_response_error(),
        Refused::Invalid { field, message } => {
            let mut errors = FormErrors::new().keep(field, sent);
            errors.add(field, &message);
            AppError::Invalid(errors).into_response_error()
        }
        Refused::Failed(error) => error.into_response_error(),
    }
}

pub async fn change_status(id: i64, status: &str) -> Result<(), AppError> {
    let (state, editor) = editor().await?;
    let run = async {
        let status = workflow::checked_status(status)?;
        let mut change = Change::begin(&state, &editor, id).await?;
        change.set_status(status).await?;
        change.commit().await
    };
    run.await.map_err(|refused| page_error(refused, status))
}

/// Gives the enquiry to an admin (`assignee` is their user id), or to nobody
/// (empty).
pub async fn assign(id: i64, assignee: &str) -> Result<(), AppError> {
    let (state, editor) = editor().await?;
    let run = async {
        let wanted = match assignee.trim() {
            "" => None,
            text => Some(text.parse::<i64>().map_err(|_| Refused::Invalid {
                field: "assignee",
                message: "Choose an admin.".to_owned(),
            })?),
        };
        let assignee = workflow::checked_assignee(&state, wanted).await?;
        let mut change = Change::begin(&state, &editor, id).await?;
        change.assign(assignee).await?;
        change.commit().await
    };
    run.await.map_err(|refused| page_error(refused, assignee))
}

/// An internal note: seen only in the inbox.
pub async fn add_note(id: i64, note: &str) -> Result<(), AppError> {
    let (state, editor) = editor().await?;
    let run = async {
        let note = workflow::checked_text("note", note)?;
        let mut change = Change::begin(&state, &editor, id).await?;
        change.add_note(&note).await?;
        change.commit().await
    };
    run.await.map_err(|refused| page_error(refused, note))
}

/// Emails the sender through the outbox, records the reply on the timeline,
/// and marks a new or in-progress enquiry answered.
pub async fn reply(id: i64, message: &str) -> Result<(), AppError> {
    let (state, editor) = editor().await?;
    let run = async {
        let text = workflow::checked_text("message", message)?;
        let mut change = Change::begin(&state, &editor, id).await?;
        change.reply(&text).await?;
        change.commit().await
    };
    run.await.map_err(|refused| page_error(refused, message))
}
