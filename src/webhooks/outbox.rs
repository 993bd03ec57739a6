//! Writes a change's webhook messages in the change's own transaction: one
//! delivery per subscribed endpoint and a job that sends it. Nothing is sent
//! before the commit, and nothing written survives a rollback.

use rand::RngCore;

use super::delivery::{self, SendJob};
use super::{store, Event};
use crate::db::Transaction;
use crate::jobs::enqueue;
use crate::state::AppState;

/// Queues `event` with `data` for every enabled endpoint that subscribes to
/// it. Returns how many deliveries were written.
pub async fn record(
    state: &AppState,
    tx: &mut Transaction,
    event: Event,
    data: serde_json::Value,
) -> sqlx::Result<usize> {
    let endpoints = store::subscribers_in(tx, event.as_str()).await?;
    if endpoints.is_empty() {
        return Ok(0);
    }
    let now = state.clock.now();
    // Standard Webhooks' payload shape; fixed now, so every attempt sends
    // the same bytes.
    let body = serde_json::json!({
        "type": event.as_str(),
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": data,
    })
    .to_string();
    for endpoint_id in &endpoints {
        let delivery_id =
            store::insert_delivery(tx, *endpoint_id, &message_id(), event.as_str(), &body, now)
                .await?;
        enqueue(tx, &delivery::job(SendJob::first(delivery_id), now), now).await?;
    }
    Ok(endpoints.len())
}

/// A new `webhook-id`: random, so ids say nothing about volumes.
fn message_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("msg_{hex}")
}
