//! The accounts feature's own services: password hashing (a bounded pool) and
//! the sign-in rate limits. They belong to accounts, not to the application's
//! foundations, so they travel as their own Leptos context beside `AppState`.

use std::sync::Arc;

use super::limits::AuthLimits;
use super::password::{HashingLimits, Passwords};
use super::users::{self, UserRow};
use crate::accounts::model::SignedInUser;
use crate::db::Database;
use crate::errors::{AppError, FormErrors};
use crate::settings::AuthSettings;

#[derive(Clone, Debug)]
pub struct AccountServices {
    pub passwords: Passwords,
    pub limits: Arc<AuthLimits>,
}

impl AccountServices {
    /// Starts the hashing pool sized to this machine (the queue from settings).
    pub async fn start(settings: &AuthSettings) -> anyhow::Result<Self> {
        let mut hashing = HashingLimits::for_this_machine();
        if let Some(waiting) = settings.password_hash_queue {
            hashing.waiting = waiting;
        }
        let passwords = Passwords::with_limits(hashing)
            .await
            .map_err(|_| anyhow::anyhow!("cannot prepare password hashing"))?;
        Ok(Self {
            passwords,
            limits: Arc::new(AuthLimits::new(settings.attempts_per_ip_per_minute)),
        })
    }

    /// Asks a signed-in person for their password again before a sensitive
    /// change (a new password or email, deleting the account). Failures count
    /// against the account's sign-in limit; a wrong password is a field error
    /// on `field`. Returns their row as stored.
    pub async fn confirm_password(
        &self,
        db: &Database,
        viewer: &SignedInUser,
        password: &str,
        field: &str,
    ) -> Result<UserRow, AppError> {
        self.limits
            .check_account(&viewer.email)
            .map_err(AppError::into_response_error)?;
        let user = users::find_by_id(db, viewer.id)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if self
            .passwords
            .verify(password, Some(&user.password_hash()))
            .await?
        {
            return Ok(user);
        }
        self.limits.record_failure(&viewer.email);
        let mut errors = FormErrors::new();
        errors.add(field, "That is not your password.");
        Err(AppError::Invalid(errors).into_response_error())
    }

    /// The services of the current server function.
    pub fn current() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("AccountServices missing from the Leptos context");
            AppError::Internal.into_response_error()
        })
    }
}
