use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use tokio::sync::Notify;

use crate::cache::Caches;
use crate::clock::Clock;
use crate::crypto::DataKeys;
use crate::db::Database;
use crate::rate_limit::{PerIpLimit, PerTokenLimit};
use crate::settings::Settings;

/// Everything a handler or server function may need, built once at start-up and
/// handed down by axum (as state) and Leptos (as context). No globals: two
/// applications can run side by side in one test process.
#[derive(Clone, Debug)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Database,
    pub clock: Clock,
    pub leptos_options: LeptosOptions,
    /// Wakes the outbox worker after a transaction that queued an email commits.
    pub outbox_wake: Arc<Notify>,
    /// Catalog reads and anonymous pages; see `crate::cache`.
    pub caches: Caches,
    /// What personal data is sealed under (enquiries' names, addresses, messages).
    pub data_keys: Arc<DataKeys>,
    /// The enquiry form's per-IP allowance.
    pub enquiry_limit: Arc<PerIpLimit>,
    /// The JSON API's per-token allowance (`api::throttle`).
    pub api_limit: Arc<PerTokenLimit>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// The state of the current server function or page render.
    pub fn current() -> Result<Self, crate::errors::AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            crate::errors::AppError::Internal.into_response_error()
        })
    }
}
