//! Probes for a load balancer or orchestrator: `/healthz` says the process
//! answers, `/readyz` that it can do useful work (the database answers too).

use std::time::Duration;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::state::AppState;

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
/// far; more as features add them). Only for a scraper on this machine: until
/// metrics have a token of their own, any other client gets 404, as if there
/// were nothing here. Behind a proxy the client is the one the proxy names.
pub async fn metrics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let forwarded = state
        .settings
        .server
        .client_ip_header
        .as_ref()
        .and_then(|name| headers.get(name))
        .and_then(|value| value.to_str().ok())
        .map(crate::accounts::server::request::forwarded_ip);
    let client = match forwarded {
        // A proxy header that names no address is not a local client.
        Some(named) => named,
        None => Some(peer.ip()),
    };
    if !client.is_some_and(|ip| ip.is_loopback()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        crate::cache::prometheus_text(&state.caches),
    )
        .into_response()
}
