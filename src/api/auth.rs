//! Who is calling a token route: the `Authorization: Bearer kurso_…` header
//! read into the token's owner and the scopes that work for them. Every
//! refusal is a problem answer that says what to fix; none says more about a
//! token than its holder already knows.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::networks;
use super::problem::{Problem, ProblemKind};
use super::scopes::{parse_scopes, Scope};
use super::tokens::{self, Holder, SECRET_PREFIX};
use crate::accounts::server::request::forwarded_ip;
use crate::accounts::Role;
use crate::state::AppState;

/// The longest Authorization header value read; a real one is about 60 bytes.
const MAX_HEADER_BYTES: usize = 200;

/// A request's valid token: whose it is and what it may do.
#[derive(Clone, Debug)]
pub struct TokenCaller {
    pub token_id: i64,
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The token's scopes that its owner may still use: an admin's token that
    /// outlives the owner's admin role keeps only the learner's scopes.
    pub scopes: Vec<Scope>,
    /// Where the request came from, for the audit log of its changes.
    pub ip: Option<IpAddr>,
}

impl TokenCaller {
    /// 403 unless the token carries `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), Problem> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(Problem::new(
                ProblemKind::MissingScope,
                format!(
                    "This route needs a token with the scope `{}`.",
                    scope.as_str()
                ),
            ))
        }
    }

    fn of(holder: Holder, ip: Option<IpAddr>) -> Self {
        let scopes = parse_scopes(&holder.scopes)
            .into_iter()
            .filter(|scope| holder.role == Role::Admin || !scope.needs_admin())
            .collect();
        TokenCaller {
            token_id: holder.token_id,
            user_id: holder.user_id,
            email: holder.email,
            name: holder.name,
            role: holder.role,
            scopes,
            ip,
        }
    }
}

impl FromRequestParts<AppState> for TokenCaller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        // Already checked for this request by a middleware (idempotency).
        if let Some(caller) = parts.extensions.get::<TokenCaller>() {
            return Ok(caller.clone());
        }
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Err(Problem::new(
                ProblemKind::Unauthorized,
                "This route needs an API token: send `Authorization: Bearer kurso_…`.",
            ));
        };
        let secret = header
            .to_str()
            .ok()
            .filter(|value| value.len() <= MAX_HEADER_BYTES)
            .and_then(|value| {
                let (scheme, secret) = value.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim())
            })
            .filter(|secret| secret.starts_with(SECRET_PREFIX))
            .ok_or_else(|| {
                invalid("The Authorization header is not `Bearer` and a Kurso token.")
            })?;
        let holder = tokens::holder_of(&state.db, secret)
            .await?
            .ok_or_else(|| invalid("This token is not known. It may have been mistyped."))?;
        let now = state.clock.now();
        if holder.revoked_at.is_some() {
            return Err(invalid("This token has been revoked."));
        }
        if holder.expires_at.is_some_and(|expires| expires <= now) {
            return Err(invalid("This token has expired."));
        }
        if holder.disabled_at.is_some() {
            return Err(invalid("The account this token belongs to is disabled."));
        }
        let address = client_ip(parts, state);
        if !networks::allows(&holder.allowed_networks, address) {
            let from = address.map_or_else(|| "an unknown address".to_owned(), |ip| ip.to_string());
            return Err(Problem::new(
                ProblemKind::AddressNotAllowed,
                format!("This token may be used only from its networks, not from {from}."),
            ));
        }
        // Only bookkeeping: a database that refuses it should not refuse the
        // request too (the request's own query will say if it is down).
        if let Err(error) = tokens::note_use(&state.db, &holder, address, now).await {
            tracing::warn!(%error, token_id = holder.token_id, "could not note an API token's use");
        }
        Ok(TokenCaller::of(holder, address))
    }
}

fn invalid(detail: &str) -> Problem {
    Problem::new(ProblemKind::InvalidToken, detail)
}

/// The proxy's header when `server.client_ip_header` is set, else the peer.
fn client_ip(parts: &Parts, state: &AppState) -> Option<IpAddr> {
    state
        .settings
        .server
        .client_ip_header
        .as_ref()
        .and_then(|header| forwarded_ip(parts.headers.get(header)?.to_str().ok()?))
        .or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(address)| address.ip())
        })
}
