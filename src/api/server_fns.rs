//! The API reference page's data, and API tokens: every token on the
//! admin's page (`admin/api-tokens/*`), and a person's own on
//! `/account/api-tokens` (`account/api-tokens/*`, the learner's scopes only).
//! Both make, list and revoke tokens through the same checks.

use std::collections::HashMap;

use leptos::prelude::*;

use super::model::{ApiReference, ApiTokenListing};
use super::scopes::Scope;
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{ApiTokenItem, ApiTokenState},
    super::networks,
    super::scopes::parse_scopes,
    super::tokens,
    crate::accounts::server::{request, request::client_ip, require_admin, require_user},
    crate::accounts::SignedInUser,
    crate::audit::{self, Actor, AuditEntry},
    crate::catalog::present::moment,
    crate::errors::FormErrors,
    crate::state::AppState,
    chrono::{DateTime, Utc},
    chrono_tz::Tz,
};

/// Where the new token's secret waits in the maker's session until the page
/// that shows it once is rendered (a plain form post redirects before that).
#[cfg(feature = "ssr")]
const NEW_SECRET_KEY: &str = "api_token.new_secret";
/// How long a token may be given to live, in days; none is "never expires".
pub const TOKEN_LIFETIMES: [(&str, &str); 4] = [
    ("", "Never"),
    ("30", "30 days"),
    ("90", "90 days"),
    ("365", "1 year"),
];
#[cfg(feature = "ssr")]
const MAX_NAME_CHARS: usize = 100;

/// Public: the same as `/api/v1/openapi.json`, which anyone may read.
#[server(endpoint = "docs/reference")]
pub async fn load_api_reference() -> Result<ApiReference, AppError> {
    Ok(super::reference::api_reference())
}

/// Every API token, newest first, and the one just made (shown once).
#[server(endpoint = "admin/api-tokens/list")]
pub async fn list_api_tokens() -> Result<ApiTokenListing, AppError> {
    let _admin = require_admin()?;
    let state = AppState::current()?;
    let tokens = tokens::all(&state.db).await?;
    listing(&state, tokens).await
}

/// Makes a token for the signed-in admin. `scopes` holds one entry per ticked
/// box (`scopes[users_read]=on`).
#[server(endpoint = "admin/api-tokens/create")]
pub async fn create_api_token(
    name: String,
    #[server(default)] scopes: HashMap<String, String>,
    expires_in_days: String,
    #[server(default)] allowed_networks: String,
) -> Result<(), AppError> {
    let admin = require_admin()?;
    let form = TokenForm {
        name: &name,
        scopes: &scopes,
        expires_in_days: &expires_in_days,
        allowed_networks: &allowed_networks,
    };
    let request = checked_request(&form, &Scope::ALL)?;
    let id = issue(&admin, request).await?;
    leptos_axum::redirect(&format!("/admin/api-tokens?created={id}"));
    Ok(())
}

/// Revokes a token at once: its next request is refused.
#[server(endpoint = "admin/api-tokens/revoke")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    revoke(&admin, id, None).await?;
    leptos_axum::redirect(&format!("/admin/api-tokens?revoked={id}"));
    Ok(())
}

/// The signed-in person's own tokens, newest first, and the one just made.
#[server(endpoint = "account/api-tokens/list")]
pub async fn list_my_api_tokens() -> Result<ApiTokenListing, AppError> {
    let user = require_user()?;
    let state = AppState::current()?;
    let tokens = tokens::all_of_user(&state.db, user.id).await?;
    listing(&state, tokens).await
}

/// Makes a personal token with the learner's scopes (`me:read`,
/// `enrollments:write`), whoever asks: admins make theirs on the admin page.
#[server(endpoint = "account/api-tokens/create")]
pub async fn create_my_api_token(
    name: String,
    #[server(default)] scopes: HashMap<String, String>,
    expires_in_days: String,
) -> Result<(), AppError> {
    let user = require_user()?;
    let form = TokenForm {
        name: &name,
        scopes: &scopes,
        expires_in_days: &expires_in_days,
        allowed_networks: "",
    };
    let request = checked_request(&form, &PERSONAL_SCOPES)?;
    let id = issue(&user, request).await?;
    leptos_axum::redirect(&format!("/account/api-tokens?created={id}"));
    Ok(())
}

/// Revokes one of the signed-in person's own tokens.
#[server(endpoint = "account/api-tokens/revoke")]
pub async fn revoke_my_api_token(id: i64) -> Result<(), AppError> {
    let user = require_user()?;
    revoke(&user, id, Some(user.id)).await?;
    leptos_axum::redirect(&format!("/account/api-tokens?revoked={id}"));
    Ok(())
}

/// The scopes a personal token may have: those for the owner's own account.
pub const PERSONAL_SCOPES: [Scope; 2] = [Scope::MeRead, Scope::EnrollmentsWrite];

/// The token form as sent.
#[cfg(feature = "ssr")]
struct TokenForm<'a> {
    name: &'a str,
    scopes: &'a HashMap<String, String>,
    expires_in_days: &'a str,
    /// Only on the admin's form; a personal token works from anywhere.
    allowed_networks: &'a str,
}

/// A token request that passed the form's checks.
#[cfg(feature = "ssr")]
struct TokenRequest {
    name: String,
    scopes: Vec<Scope>,
    lifetime: Option<chrono::Duration>,
    allowed_networks: String,
}

/// The form's fields checked: a name, scopes among `offered`, a lifetime
/// from the list, networks in CIDR form. Every problem is named at its field.
#[cfg(feature = "ssr")]
fn checked_request(form: &TokenForm, offered: &[Scope]) -> Result<TokenRequest, AppError> {
    let mut errors = FormErrors::new()
        .keep("name", form.name)
        .keep("allowed_networks", form.allowed_networks);
    let name = form.name.trim();
    let scopes = form.scopes;
    let expires_in_days = form.expires_in_days;
    if name.is_empty() {
        errors.add("name", "Give the token a name that says what uses it.");
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.add(
            "name",
            format!("Keep the name under {MAX_NAME_CHARS} characters."),
        );
    }
    let mut chosen = Vec::new();
    for key in scopes.keys() {
        match offered.iter().find(|scope| &scope.field_key() == key) {
            Some(scope) => chosen.push(*scope),
            None => errors.add("scopes", "Choose scopes from the list."),
        }
    }
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() && !errors.fields.contains_key("scopes") {
        errors.add("scopes", "Choose at least one scope.");
    }
    let lifetime = match expires_in_days {
        "" => None,
        days => match TOKEN_LIFETIMES.iter().find(|(value, _)| *value == days) {
            Some(_) => days.parse::<i64>().ok().map(chrono::Duration::days),
            None => {
                errors.add("expires_in_days", "Choose one of the lifetimes offered.");
                None
            }
        },
    };
    let allowed_networks =
        networks::parse_networks(form.allowed_networks).unwrap_or_else(|problem| {
            errors.add("allowed_networks", problem);
            String::new()
        });
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors).into_response_error());
    }
    Ok(TokenRequest {
        name: name.to_owned(),
        scopes: chosen,
        lifetime,
        allowed_networks,
    })
}

/// Makes the token, audited, and keeps its secret in the maker's session for
/// the page to show once. Returns its id.
#[cfg(feature = "ssr")]
async fn issue(maker: &SignedInUser, request: TokenRequest) -> Result<i64, AppError> {
    let state = AppState::current()?;
    let now = state.clock.now();
    let expires_at = request.lifetime.map(|lifetime| now + lifetime);
    let mut tx = state.db.begin().await?;
    let token = tokens::NewToken {
        name: &request.name,
        scopes: &request.scopes,
        expires_at,
        allowed_networks: &request.allowed_networks,
    };
    let (id, secret) = tokens::issue(&mut tx, maker.id, &token, now).await?;
    let entry = AuditEntry::new("api_token.created", Actor::from(maker))
        .target("api_token", id)
        .after(serde_json::json!({
            "name": request.name,
            "scopes": super::scopes::join_scopes(&request.scopes),
            "expires_at": expires_at,
            "allowed_networks": request.allowed_networks,
        }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    let session = request::session().await?;
    session
        .insert(NEW_SECRET_KEY, secret.expose())
        .await
        .map_err(|_| AppError::Internal.into_response_error())?;
    Ok(id)
}

/// Revokes token `id` (of `owner` only, when given), audited.
#[cfg(feature = "ssr")]
async fn revoke(by: &SignedInUser, id: i64, owner: Option<i64>) -> Result<(), AppError> {
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(row) = tokens::revoke(&mut tx, id, owner, now).await? else {
        return Err(AppError::Conflict(
            "That token does not exist or is already revoked.".to_owned(),
        )
        .into_response_error());
    };
    let entry = AuditEntry::new("api_token.revoked", Actor::from(by))
        .target("api_token", id)
        .before(serde_json::json!({ "name": row.name, "scopes": row.scopes }))
        .from_ip(client_ip().await);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The tokens as a page lists them, with the secret just made (taken out of
/// the session, so it shows once).
#[cfg(feature = "ssr")]
async fn listing(
    state: &AppState,
    rows: Vec<tokens::TokenRow>,
) -> Result<ApiTokenListing, AppError> {
    let session = request::session().await?;
    let new_secret: Option<String> = session.remove(NEW_SECRET_KEY).await.ok().flatten();
    let now = state.clock.now();
    let zone = state.settings.site.time_zone;
    let tokens = rows
        .into_iter()
        .map(|row| token_item(row, now, zone))
        .collect();
    Ok(ApiTokenListing { tokens, new_secret })
}

#[cfg(feature = "ssr")]
fn token_item(row: tokens::TokenRow, now: DateTime<Utc>, zone: Tz) -> ApiTokenItem {
    ApiTokenItem {
        state: match (row.revoked_at, row.expires_at) {
            (Some(_), _) => ApiTokenState::Revoked,
            (None, Some(expires)) if expires <= now => ApiTokenState::Expired,
            _ => ApiTokenState::Active,
        },
        id: row.id,
        name: row.name,
        owner: row.owner_email,
        prefix: row.prefix,
        scopes: parse_scopes(&row.scopes)
            .into_iter()
            .map(|scope| scope.as_str().to_owned())
            .collect(),
        created: moment(row.created_at, zone),
        expires: row
            .expires_at
            .map_or("Never".to_owned(), |at| moment(at, zone)),
        allowed_from: if row.allowed_networks.is_empty() {
            "Anywhere".to_owned()
        } else {
            row.allowed_networks
        },
        last_used: match (row.last_used_at, row.last_used_ip) {
            (Some(at), Some(ip)) => format!("{} from {ip}", moment(at, zone)),
            (Some(at), None) => moment(at, zone),
            (None, _) => "Never used".to_owned(),
        },
    }
}
