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

/// The client's address: from the proxy's header when `server.client_ip_header`
/// is set (and holds an address), else the TCP peer.
pub async fn client_ip() -> Option<IpAddr> {
    let forwarded = crate::state::AppState::current()
        .ok()
        .and_then(|state| state.settings.server.client_ip_header.clone())
        .and_then(|header| {
            let parts = leptos::prelude::use_context::<http::request::Parts>()?;
            forwarded_ip(parts.headers.get(&header)?.to_str().ok()?)
        });
    if forwarded.is_some() {
        return forwarded;
    }
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(address)| address.ip())
}

/// The last address in a header such as `X-Forwarded-For: client, proxy1`: the
/// one our own proxy appended, which a client cannot forge.
pub fn forwarded_ip(value: &str) -> Option<IpAddr> {
    value.rsplit(',').next()?.trim().parse().ok()
}

/// The bucket for rate limits when the address is unknown.
pub fn ip_or_unspecified(ip: Option<IpAddr>) -> IpAddr {
    ip.unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxys_own_entry_wins_over_what_the_client_sent() {
        assert_eq!(
            forwarded_ip("6.6.6.6, 203.0.113.7"),
            Some(IpAddr::from([203, 0, 113, 7]))
        );
        assert_eq!(forwarded_ip(" 2001:db8::1 "), "2001:db8::1".parse().ok());
        assert_eq!(forwarded_ip("unknown"), None);
    }
}
