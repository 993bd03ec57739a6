//! Changing the account's email: the password first, then a link mailed to
//! the new address; the account switches only when that link is opened (so a
//! typo cannot lock anyone out), and the old address is told.

use leptos::prelude::*;

use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::normalize_email,
    super::server::email_changes,
    super::server::request::client_ip,
    super::server::{emails, require_user, users, AccountServices},
    crate::audit::{self, Actor, AuditEntry},
    crate::errors::FormErrors,
    crate::mail::LinkStorage,
    crate::state::AppState,
};

#[cfg(feature = "ssr")]
fn field_error(field: &str, message: &str, kept: &[(&str, &str)]) -> AppError {
    let mut errors = FormErrors::new();
    for (name, value) in kept {
        errors = errors.keep(name, value);
    }
    errors.add(field, message);
    AppError::Invalid(errors).into_response_error()
}

/// Mails a confirmation link to `new_email` once the password checks out.
#[server(endpoint = "accounts/change-email")]
pub async fn request_email_change(password: String, new_email: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    let viewer = require_user()?;
    let kept = [("new_email", new_email.as_str())];
    let email =
        normalize_email(&new_email).map_err(|message| field_error("new_email", message, &kept))?;
    if email == viewer.email {
        return Err(field_error(
            "new_email",
            "That is already your address.",
            &kept,
        ));
    }
    let user = accounts
        .confirm_password(&state.db, &viewer, &password, "password")
        .await
        .map_err(|error| match error {
            AppError::Invalid(mut errors) => {
                errors = errors.keep("new_email", &new_email);
                AppError::Invalid(errors)
            }
            other => other,
        })?;
    if users::find_by_email(&state.db, &email).await?.is_some() {
        return Err(field_error(
            "new_email",
            "Another account uses this address.",
            &kept,
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let token = email_changes::propose(&mut tx, user.id, &email, now).await?;
    let message =
        emails::confirm_new_email(&state.settings.site, &email, &user.name, token.as_str());
    let storage = LinkStorage::for_settings(&state.settings.mail);
    crate::mail::enqueue_as(&mut tx, &message, storage, now).await?;
    let entry = AuditEntry::new("user.email_change_requested", Actor::from(&viewer))
        .target("user", user.id)
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    leptos_axum::redirect("/account?email_sent=1");
    Ok(())
}

/// Switches the account to the address the mailed link proves, and tells the
/// old address. A POST from the link's page: a mail scanner following the
/// link changes nothing.
#[server(endpoint = "accounts/confirm-email-change")]
pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let viewer = require_user()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let expired = || {
        AppError::Invalid(FormErrors::message(
            "This link has expired or was already used. Ask for a new one on your account page.",
        ))
        .into_response_error()
    };
    let Some((user_id, new_email)) = email_changes::redeem(&mut tx, &token, now).await? else {
        return Err(expired());
    };
    if user_id != viewer.id {
        // Someone else's link: leave it for its owner.
        return Err(expired());
    }
    if users::find_by_email(&state.db, &new_email).await?.is_some() {
        return Err(AppError::Conflict(
            "Another account took this address in the meantime.".into(),
        )
        .into_response_error());
    }
    users::set_email(&mut tx, user_id, &new_email, now).await?;
    let notice = emails::email_changed(
        &state.settings.site,
        &viewer.email,
        &viewer.name,
        &new_email,
    );
    crate::mail::enqueue(&mut tx, &notice, now).await?;
    let entry = AuditEntry::new("user.email_changed", Actor::from(&viewer))
        .target("user", user_id)
        .before(serde_json::json!({ "email": viewer.email }))
        .after(serde_json::json!({ "email": new_email }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    leptos_axum::redirect("/account?email_changed=1");
    Ok(())
}
