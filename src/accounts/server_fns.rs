//! The account server functions. Each is a POST endpoint that a form reaches
//! with or without JavaScript; each checks its own input and authorization.

use leptos::prelude::*;

use super::model::SignedInUser;
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{normalize_email, normalize_name, safe_next_path, Role},
    super::server::limits::Form,
    super::server::password::{check_policy, MAX_LENGTH as MAX_PASSWORD_LENGTH},
    super::server::request::{client_ip, ip_or_unspecified, session},
    super::server::tokens::{self, TokenPurpose},
    super::server::{emails, require_user, session as sessions, users, AccountServices},
    crate::audit::{self, Actor, AuditEntry},
    crate::errors::FormErrors,
    crate::mail::LinkStorage,
    crate::state::AppState,
};

/// Creates a learner account, signs it in and mails a verification link.
#[server(endpoint = "accounts/register")]
pub async fn register(
    name: String,
    email: String,
    password: String,
    accept_terms: Option<String>,
) -> Result<SignedInUser, AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    accounts
        .limits
        .check_ip(Form::Register, ip_or_unspecified(client_ip().await))
        .map_err(AppError::into_response_error)?;

    let mut errors = FormErrors::new().keep("name", &name).keep("email", &email);
    let name = normalize_name(&name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let email = normalize_email(&email)
        .map_err(|e| errors.add("email", e))
        .ok();
    let inputs = [
        name.as_deref().unwrap_or(""),
        email.as_deref().unwrap_or(""),
    ];
    if let Err(advice) = check_policy(&password, &inputs) {
        errors.add("password", advice);
    }
    if accept_terms.is_none() {
        errors.add(
            "accept_terms",
            "Please accept the terms to create an account.",
        );
    }
    let (Some(name), Some(email), true) = (name, email, errors.is_empty()) else {
        return Err(AppError::Invalid(errors).into_response_error());
    };

    let hash = accounts.passwords.hash(&password).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let new_user = users::NewUser {
        email: &email,
        name: &name,
        password_hash: &hash,
        role: Role::Learner,
        email_verified: false,
    };
    let Some(user_id) = users::insert(&mut tx, &new_user, now).await? else {
        errors.add(
            "email",
            "An account with this email already exists. Log in, or reset your password if you forgot it.",
        );
        return Err(AppError::Invalid(errors).into_response_error());
    };
    let token = tokens::issue(&mut tx, user_id, TokenPurpose::VerifyEmail, now).await?;
    crate::mail::enqueue_as(
        &mut tx,
        &emails::verify_email(&state.settings.site, &email, &name, token.as_str(), None),
        LinkStorage::for_settings(&state.settings.mail),
        now,
    )
    .await?;
    let ip = client_ip().await;
    let entry = AuditEntry::new(
        "user.registered",
        Actor {
            user_id: Some(user_id),
            email: Some(email.clone()),
        },
    )
    .target("user", user_id)
    .after(serde_json::json!({ "email": email, "name": name, "role": "learner" }))
    .from_ip(ip);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();

    let user = users::find_by_id(&state.db, user_id)
        .await?
        .ok_or(AppError::Internal)?;
    sessions::sign_in(&session().await?, &user, now).await?;
    leptos_axum::redirect("/account?welcome=1");
    Ok(user.signed_in())
}

/// Signs in with email and password. Unknown emails cost one argon2
/// verification, like wrong passwords, so timing does not reveal accounts.
#[server(endpoint = "accounts/login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<SignedInUser, AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    let ip = client_ip().await;
    accounts
        .limits
        .check_ip(Form::Login, ip_or_unspecified(ip))
        .map_err(AppError::into_response_error)?;
    let typed = FormErrors::new()
        .keep("email", &email)
        .keep("next", next.as_deref().unwrap_or(""));
    let email = match normalize_email(&email) {
        Ok(email) => email,
        Err(message) => {
            let mut errors = typed;
            errors.add("email", message);
            return Err(AppError::Invalid(errors).into_response_error());
        }
    };
    accounts
        .limits
        .check_account(&email)
        .map_err(AppError::into_response_error)?;

    let user = users::find_by_email(&state.db, &email).await?;
    let stored = user.as_ref().map(users::UserRow::password_hash);
    // No password longer than the policy allows was ever set; such a guess is
    // wrong without hashing megabytes of it (known or unknown email alike).
    let password_matches = password.chars().count() <= MAX_PASSWORD_LENGTH
        && accounts
            .passwords
            .verify(&password, stored.as_ref())
            .await?;
    let now = state.clock.now();

    let user = match user {
        Some(user) if password_matches && !user.is_disabled() => user,
        other => {
            accounts.limits.record_failure(&email);
            let reason = match &other {
                Some(user) if password_matches && user.is_disabled() => "account disabled",
                Some(_) => "wrong password",
                None => "unknown email",
            };
            let mut entry = AuditEntry::new("user.login_failed", Actor::anonymous())
                .after(serde_json::json!({ "email": email, "reason": reason }))
                .from_ip(ip);
            if let Some(user) = &other {
                entry = entry.target("user", user.id);
            }
            audit::record_alone(&state.db, &entry, now).await?;
            let message = if reason == "account disabled" {
                "This account is disabled. Please contact us if you think this is a mistake."
            } else {
                "Wrong email or password."
            };
            let mut errors = typed;
            errors.message = Some(message.to_owned());
            return Err(AppError::Invalid(errors).into_response_error());
        }
    };

    accounts.limits.record_success(&email);
    sessions::sign_in(&session().await?, &user, now).await?;
    let entry = AuditEntry::new(
        "user.login",
        Actor {
            user_id: Some(user.id),
            email: Some(user.email.clone()),
        },
    )
    .target("user", user.id)
    .from_ip(ip);
    audit::record_alone(&state.db, &entry, now).await?;

    let fallback = if user.role() == Role::Admin {
        "/admin"
    } else {
        "/account"
    };
    let destination = next.as_deref().and_then(safe_next_path).unwrap_or(fallback);
    leptos_axum::redirect(destination);
    Ok(user.signed_in())
}

/// Ends the session on the server and clears the cookie.
#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    let state = AppState::current()?;
    let viewer = super::server::Viewer::current();
    if let Some(user) = viewer.user() {
        let entry = AuditEntry::new("user.logout", Actor::from(user))
            .target("user", user.id)
            .from_ip(client_ip().await);
        audit::record_alone(&state.db, &entry, state.clock.now()).await?;
    }
    sessions::sign_out(&session().await?).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Mails a reset link if the email has an account. The answer is the same
/// either way, so the form does not tell who has an account.
#[server(endpoint = "accounts/forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    let ip = client_ip().await;
    accounts
        .limits
        .check_ip(Form::ForgotPassword, ip_or_unspecified(ip))
        .map_err(AppError::into_response_error)?;
    let email = normalize_email(&email).map_err(|message| {
        let mut errors = FormErrors::new().keep("email", &email);
        errors.add("email", message);
        AppError::Invalid(errors).into_response_error()
    })?;

    let user = users::find_by_email(&state.db, &email).await?;
    if let Some(user) = user.filter(|user| !user.is_disabled()) {
        if accounts.limits.allow_reset_email(&email) {
            let now = state.clock.now();
            let mut tx = state.db.begin().await?;
            let token = tokens::issue(&mut tx, user.id, TokenPurpose::ResetPassword, now).await?;
            let message = emails::reset_password(
                &state.settings.site,
                &user.email,
                &user.name,
                token.as_str(),
            );
            let storage = LinkStorage::for_settings(&state.settings.mail);
            crate::mail::enqueue_as(&mut tx, &message, storage, now).await?;
            let entry = AuditEntry::new("user.password_reset_requested", Actor::anonymous())
                .target("user", user.id)
                .from_ip(ip);
            audit::record(&mut tx, &entry, now).await?;
            tx.commit().await?;
            state.outbox_wake.notify_one();
        }
    }
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

/// Sets a new password with a mailed reset token. Every session of the account
/// ends; the user then signs in with the new password.
///
/// The token is checked before the password is hashed: argon2 costs 19 MiB and
/// tens of milliseconds, which a request with a made-up token must not get.
#[server(endpoint = "accounts/reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    let ip = client_ip().await;
    accounts
        .limits
        .check_ip(Form::ResetPassword, ip_or_unspecified(ip))
        .map_err(AppError::into_response_error)?;
    let keep_token = || FormErrors::new().keep("token", &token);
    let link_expired = || {
        let mut errors = keep_token();
        errors.message = Some(
            "This reset link has expired or was already used. Ask for a new one below.".into(),
        );
        AppError::Invalid(errors).into_response_error()
    };
    let now = state.clock.now();
    if tokens::holder(&state.db, &token, TokenPurpose::ResetPassword, now)
        .await?
        .is_none()
    {
        return Err(link_expired());
    }
    if let Err(advice) = check_policy(&password, &[]) {
        let mut errors = keep_token();
        errors.add("password", advice);
        return Err(AppError::Invalid(errors).into_response_error());
    }
    let hash = accounts.passwords.hash(&password).await?;
    let mut tx = state.db.begin().await?;
    // Redeemed only now, in the transaction that uses it: of two requests racing
    // with one link, exactly one sets the password.
    let Some(user_id) = tokens::redeem(&mut tx, &token, TokenPurpose::ResetPassword, now).await?
    else {
        return Err(link_expired());
    };
    users::set_password(&mut tx, user_id, &hash, now).await?;
    // Opening the mailed link proves the address, as a verification link would.
    users::mark_email_verified(&mut tx, user_id, now).await?;
    let entry = AuditEntry::new(
        "user.password_reset",
        Actor {
            user_id: Some(user_id),
            email: None,
        },
    )
    .target("user", user_id)
    .from_ip(ip);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

/// Changes the signed-in user's password after checking the current one. Other
/// sessions end; this one continues under a new id.
#[server(endpoint = "accounts/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    let viewer = require_user()?;
    let user = accounts
        .confirm_password(&state.db, &viewer, &current_password, "current_password")
        .await?;
    if let Err(advice) = check_policy(&new_password, &[&user.name, &user.email]) {
        let mut errors = FormErrors::new();
        errors.add("new_password", advice);
        return Err(AppError::Invalid(errors).into_response_error());
    }
    let hash = accounts.passwords.hash(&new_password).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    users::set_password(&mut tx, user.id, &hash, now).await?;
    let entry = AuditEntry::new("user.password_changed", Actor::from(&viewer))
        .target("user", user.id)
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;

    let user = users::find_by_id(&state.db, user.id)
        .await?
        .ok_or(AppError::Internal)?;
    sessions::sign_in(&session().await?, &user, now).await?;
    leptos_axum::redirect("/account?password_changed=1");
    Ok(())
}

/// Confirms an email address with the mailed token (a POST: following a link
/// must not change anything by itself).
#[server(endpoint = "accounts/verify-email")]
pub async fn verify_email(token: String, next: Option<String>) -> Result<(), AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    let ip = client_ip().await;
    accounts
        .limits
        .check_ip(Form::VerifyEmail, ip_or_unspecified(ip))
        .map_err(AppError::into_response_error)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(user_id) = tokens::redeem(&mut tx, &token, TokenPurpose::VerifyEmail, now).await?
    else {
        let mut errors = FormErrors::new();
        errors.message = Some(
            "This confirmation link has expired or was already used. Log in to get a new one."
                .into(),
        );
        return Err(AppError::Invalid(errors).into_response_error());
    };
    users::mark_email_verified(&mut tx, user_id, now).await?;
    let entry = AuditEntry::new(
        "user.email_verified",
        Actor {
            user_id: Some(user_id),
            email: None,
        },
    )
    .target("user", user_id)
    .from_ip(ip);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    // Back to where the learner asked for the link (the run they were enrolling
    // in), or to their account.
    match next.as_deref().and_then(safe_next_path) {
        Some(next) => leptos_axum::redirect(&with_query(next, "verified=1")),
        None => leptos_axum::redirect("/account?verified=1"),
    }
    Ok(())
}

/// `path` with `pair` added to its query string.
#[cfg(feature = "ssr")]
fn with_query(path: &str, pair: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}{pair}")
}

/// Mails a new confirmation link to the signed-in user (at most three an
/// hour). `next` is a page of this site the link brings them back to (the run
/// they were enrolling in).
#[server(endpoint = "accounts/resend-verification")]
pub async fn resend_verification(next: Option<String>) -> Result<(), AppError> {
    let state = AppState::current()?;
    let accounts = AccountServices::current()?;
    let viewer = require_user()?;
    let next = next.as_deref().and_then(safe_next_path);
    if !viewer.email_verified && accounts.limits.allow_reset_email(&viewer.email) {
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let token = tokens::issue(&mut tx, viewer.id, TokenPurpose::VerifyEmail, now).await?;
        let message = emails::verify_email(
            &state.settings.site,
            &viewer.email,
            &viewer.name,
            token.as_str(),
            next,
        );
        let storage = LinkStorage::for_settings(&state.settings.mail);
        crate::mail::enqueue_as(&mut tx, &message, storage, now).await?;
        tx.commit().await?;
        state.outbox_wake.notify_one();
    }
    match next {
        Some(next) => leptos_axum::redirect(&with_query(next, "sent=1")),
        None => leptos_axum::redirect("/account?sent=1"),
    }
    Ok(())
}

/// The signed-in user, for the account page.
#[server(endpoint = "accounts/me")]
pub async fn load_account() -> Result<SignedInUser, AppError> {
    require_user()
}
