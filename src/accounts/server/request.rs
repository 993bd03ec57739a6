//! What a server function needs from the HTTP request it is handling.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use tower_sessions::Session;

use crate::errors::AppError;

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|_| {
        tracing::error!("no session layer around this server function");
        AppError::Internal.into_response_error()
    })
}

/// The peer address of the connection. (Behind a reverse proxy this is the
/// proxy; see ARCHITECTURE.md.)
pub async fn client_ip() -> Option<IpAddr> {
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(address)| address.ip())
}

/// The bucket for rate limits when the address is unknown.
pub fn ip_or_unspecified(ip: Option<IpAddr>) -> IpAddr {
    ip.unwrap_or(IpAddr::from([0, 0, 0, 0]))
}
