//! Enquiries are personal data, kept only as long as the setting
//! `enquiries.retention_days` says (730 days unless changed): once an hour each
//! instance erases those received before that, with their notes and replies.
//! Running it twice, or on several instances at once, erases nothing twice.

use std::time::Duration;

use super::store::erase_received_before;
use crate::audit::{self, Actor, AuditEntry};
use crate::state::AppState;

const PERIOD: Duration = Duration::from_secs(3600);

pub async fn erase_old_enquiries_continuously(state: AppState) {
    let mut interval = tokio::time::interval(PERIOD);
    loop {
        interval.tick().await;
        if let Err(error) = erase_old_enquiries(&state).await {
            tracing::warn!(%error, "cannot erase old enquiries");
        }
    }
}

/// Erases the enquiries past the retention period; returns how many. The
/// audit log keeps the count, never what was erased.
pub async fn erase_old_enquiries(state: &AppState) -> sqlx::Result<u64> {
    let now = state.clock.now();
    let before = now - state.settings.enquiries.retention;
    let mut tx = state.db.begin().await?;
    let erased = erase_received_before(&mut tx, before).await?;
    if erased > 0 {
        let entry = AuditEntry::new("enquiries.erased", Actor::system()).after(serde_json::json!({
            "erased": erased,
            "received_before": before.to_rfc3339(),
        }));
        audit::record(&mut tx, &entry, now).await?;
    }
    tx.commit().await?;
    if erased > 0 {
        tracing::info!(erased, "enquiries past their retention period erased");
    }
    Ok(erased)
}
