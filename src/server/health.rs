//! Probes for a load balancer or orchestrator: `/healthz` says the process
//! answers, `/readyz` that it can do useful work (the database answers too).

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

use super::AppState;

/// A readiness probe must answer quickly even when the database hangs.
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn healthz() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "status": "ok" })),
    )
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let database = tokio::time::timeout(READINESS_TIMEOUT, state.db.ping()).await;
    let (status, body) = match database {
        Ok(Ok(())) => (
            StatusCode::OK,
            json!({ "status": "ready", "database": "ok" }),
        ),
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "readiness check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "status": "unavailable", "database": "unreachable" }),
            )
        }
        Err(_) => {
            tracing::warn!("readiness check: database timed out");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "status": "unavailable", "database": "timeout" }),
            )
        }
    };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body))
}

/// `/metrics`: counters in the Prometheus text format (cache hits and misses so
/// far; more as features add them).
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::cache::prometheus_text(&state.caches),
    )
}
