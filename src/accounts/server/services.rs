//! The accounts feature's own services: password hashing (a bounded pool) and
//! the sign-in rate limits. They belong to accounts, not to the application's
//! foundations, so they travel as their own Leptos context beside `AppState`.

use std::sync::Arc;

use super::limits::AuthLimits;
use super::password::{HashingLimits, Passwords};
use crate::errors::AppError;
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

    /// The services of the current server function.
    pub fn current() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("AccountServices missing from the Leptos context");
            AppError::Internal.into_response_error()
        })
    }
}
