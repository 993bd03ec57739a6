//! The webhook pages' server functions (`admin/webhooks/*`). Each checks the
//! admin first and writes its change and its audit entry in one transaction.

use std::collections::HashMap;

use leptos::prelude::*;

use super::model::{WebhookDetail, WebhookListing};
use crate::errors::AppError;

#[cfg(feature = "ssr")]
use {
    super::model::{DeliveryItem, DeliveryState, WebhookItem},
    crate::accounts::server::{request, request::client_ip, require_admin},
    crate::accounts::SignedInUser,
    crate::audit::{self, Actor, AuditEntry},
    crate::catalog::present::moment,
    crate::db::Transaction,
    crate::errors::FormErrors,
    crate::jobs::enqueue,
    crate::state::AppState,
    crate::webhooks::delivery::{self, SendJob, ROTATION_OVERLAP},
    crate::webhooks::events::{join_events, parse_events},
    crate::webhooks::signing::Secret,
    crate::webhooks::{address, store, Event},
    chrono_tz::Tz,
};

/// Where a new or rotated secret waits in the admin's session until the
/// endpoint's page shows it once.
#[cfg(feature = "ssr")]
const NEW_SECRET_KEY: &str = "webhook.new_secret";
#[cfg(feature = "ssr")]
const MAX_URL_CHARS: usize = 2000;
#[cfg(feature = "ssr")]
const MAX_DESCRIPTION_CHARS: usize = 200;
/// How many deliveries an endpoint's log shows.
#[cfg(feature = "ssr")]
const LOG_LENGTH: i64 = 100;

#[server(endpoint = "admin/webhooks/list")]
pub async fn list_webhooks() -> Result<WebhookListing, AppError> {
    let _admin = require_admin()?;
    let state = AppState::current()?;
    let zone = state.settings.site.time_zone;
    let endpoints = store::endpoints(&state.db)
        .await?
        .into_iter()
        .map(|row| item(row, zone))
        .collect();
    Ok(WebhookListing { endpoints })
}

/// Registers an endpoint. `events` holds one entry per ticked box
/// (`events[enrollment_created]=on`).
#[server(endpoint = "admin/webhooks/create")]
pub async fn create_webhook(
    url: String,
    #[server(default)] description: String,
    #[server(default)] events: HashMap<String, String>,
) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let (url, description, events) = checked(&state, &url, &description, &events)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = store::insert_endpoint(
        &mut tx,
        &url,
        &description,
        &join_events(&events),
        admin.id,
        now,
    )
    .await?;
    let secret = Secret::generate();
    let sealed = state
        .data_keys
        .seal(&secret.expose(), &store::secret_context(id));
    store::set_secret(&mut tx, id, &sealed, None, now).await?;
    audited(
        &mut tx,
        &admin,
        "webhook.created",
        id,
        serde_json::json!({
            "url": url, "description": description, "events": join_events(&events),
        }),
    )
    .await?;
    tx.commit().await?;
    keep_secret_for_the_page(&secret).await?;
    leptos_axum::redirect(&format!("/admin/webhooks/{id}?done=created"));
    Ok(())
}

/// One endpoint, its latest deliveries, and a secret just made (shown once).
#[server(endpoint = "admin/webhooks/load")]
pub async fn load_webhook(id: i64) -> Result<WebhookDetail, AppError> {
    let _admin = require_admin()?;
    let state = AppState::current()?;
    let Some(row) = store::endpoint(&state.db, id).await? else {
        return Err(AppError::NotFound.into_response_error());
    };
    let now = state.clock.now();
    let zone = state.settings.site.time_zone;
    let previous_secret_until = row
        .previous_secret_expires_at
        .filter(|until| *until > now)
        .map(|until| moment(until, zone));
    let deliveries = store::log(&state.db, id, LOG_LENGTH)
        .await?
        .into_iter()
        .map(|row| delivery_item(row, zone))
        .collect();
    let session = request::session().await?;
    let new_secret: Option<String> = session.remove(NEW_SECRET_KEY).await.ok().flatten();
    Ok(WebhookDetail {
        endpoint: item(row, zone),
        new_secret,
        previous_secret_until,
        deliveries,
    })
}

/// A new signing secret; the old one keeps signing for a day, so receivers
/// can switch without missing a message.
#[server(endpoint = "admin/webhooks/rotate")]
pub async fn rotate_webhook_secret(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = endpoint_or_not_found(&mut tx, id).await?;
    let current = state
        .data_keys
        .open(&row.secret_sealed, &store::secret_context(id))
        .map_err(|error| {
            tracing::error!(endpoint = id, %error, "a webhook secret does not open");
            AppError::Internal.into_response_error()
        })?;
    let previous = state
        .data_keys
        .seal(&current, &store::previous_secret_context(id));
    let secret = Secret::generate();
    let sealed = state
        .data_keys
        .seal(&secret.expose(), &store::secret_context(id));
    let until = now + ROTATION_OVERLAP;
    store::set_secret(&mut tx, id, &sealed, Some((&previous, until)), now).await?;
    audited(
        &mut tx,
        &admin,
        "webhook.secret_rotated",
        id,
        serde_json::json!({ "previous_signs_until": until }),
    )
    .await?;
    tx.commit().await?;
    keep_secret_for_the_page(&secret).await?;
    leptos_axum::redirect(&format!("/admin/webhooks/{id}?done=rotated"));
    Ok(())
}

/// Stops (`enabled` false) or restarts sending to an endpoint.
#[server(endpoint = "admin/webhooks/enable")]
pub async fn set_webhook_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    endpoint_or_not_found(&mut tx, id).await?;
    let reason = (!enabled).then_some("Disabled by an admin.");
    if store::set_disabled(&mut tx, id, reason, now).await? {
        let action = if enabled {
            "webhook.enabled"
        } else {
            "webhook.disabled"
        };
        audited(&mut tx, &admin, action, id, serde_json::json!({})).await?;
    }
    tx.commit().await?;
    let done = if enabled { "enabled" } else { "disabled" };
    leptos_axum::redirect(&format!("/admin/webhooks/{id}?done={done}"));
    Ok(())
}

/// Deletes an endpoint with its log; messages not yet sent are dropped.
#[server(endpoint = "admin/webhooks/delete")]
pub async fn delete_webhook(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let mut tx = state.db.begin().await?;
    let row = endpoint_or_not_found(&mut tx, id).await?;
    store::delete_endpoint(&mut tx, id).await?;
    audited(
        &mut tx,
        &admin,
        "webhook.deleted",
        id,
        serde_json::json!({ "url": row.url }),
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect("/admin/webhooks?deleted=1");
    Ok(())
}

/// Sends a delivery again now, with a fresh retry schedule: the same
/// `webhook-id` and body, a new timestamp and signature.
#[server(endpoint = "admin/webhooks/resend")]
pub async fn resend_webhook(id: i64, delivery_id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let state = AppState::current()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = endpoint_or_not_found(&mut tx, id).await?;
    if row.disabled_at.is_some() {
        return Err(AppError::Conflict(
            "The endpoint is disabled: enable it first, then resend.".to_owned(),
        )
        .into_response_error());
    }
    if !store::resend(&mut tx, id, delivery_id, now).await? {
        return Err(AppError::NotFound.into_response_error());
    }
    enqueue(
        &mut tx,
        &delivery::job(SendJob::first(delivery_id), now),
        now,
    )
    .await?;
    audited(
        &mut tx,
        &admin,
        "webhook.resent",
        id,
        serde_json::json!({ "delivery_id": delivery_id }),
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/admin/webhooks/{id}?done=resent"));
    Ok(())
}

/// The form's fields checked, each problem named at its field.
#[cfg(feature = "ssr")]
fn checked(
    state: &AppState,
    url: &str,
    description: &str,
    events: &HashMap<String, String>,
) -> Result<(String, String, Vec<Event>), AppError> {
    let mut errors = FormErrors::new()
        .keep("url", url)
        .keep("description", description);
    let url = url.trim();
    if url.is_empty() {
        errors.add("url", "Enter the address that receives the events.");
    } else if url.chars().count() > MAX_URL_CHARS {
        errors.add(
            "url",
            format!("Keep the address under {MAX_URL_CHARS} characters."),
        );
    } else if let Err(problem) =
        address::check_url(url, state.settings.webhooks_allow_private_addresses)
    {
        errors.add(
            "url",
            format!("That address cannot receive webhooks: {problem}."),
        );
    }
    let description = description.trim();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        errors.add(
            "description",
            format!("Keep the description under {MAX_DESCRIPTION_CHARS} characters."),
        );
    }
    let mut chosen = Vec::new();
    for name in events.keys() {
        match Event::from_field_key(name) {
            Some(event) => chosen.push(event),
            None => errors.add("events", "Choose events from the list."),
        }
    }
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() && !errors.fields.contains_key("events") {
        errors.add("events", "Choose at least one event.");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors).into_response_error());
    }
    Ok((url.to_owned(), description.to_owned(), chosen))
}

#[cfg(feature = "ssr")]
async fn endpoint_or_not_found(
    tx: &mut Transaction,
    id: i64,
) -> Result<store::EndpointRow, AppError> {
    store::endpoint_in(tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())
}

#[cfg(feature = "ssr")]
async fn audited(
    tx: &mut Transaction,
    admin: &SignedInUser,
    action: &'static str,
    endpoint_id: i64,
    after: serde_json::Value,
) -> Result<(), AppError> {
    let state = AppState::current()?;
    let entry = AuditEntry::new(action, Actor::from(admin))
        .target("webhook_endpoint", endpoint_id)
        .after(after)
        .from_ip(client_ip().await);
    audit::record(tx, &entry, state.clock.now()).await?;
    Ok(())
}

#[cfg(feature = "ssr")]
async fn keep_secret_for_the_page(secret: &Secret) -> Result<(), AppError> {
    let session = request::session().await?;
    session
        .insert(NEW_SECRET_KEY, secret.expose())
        .await
        .map_err(|_| AppError::Internal.into_response_error())
}

#[cfg(feature = "ssr")]
fn item(row: store::EndpointRow, zone: Tz) -> WebhookItem {
    WebhookItem {
        id: row.id,
        url: row.url,
        description: row.description,
        events: parse_events(&row.events)
            .into_iter()
            .map(|event| event.as_str().to_owned())
            .collect(),
        disabled: row.disabled_at.map(|_| {
            row.disabled_reason
                .unwrap_or_else(|| "Disabled.".to_owned())
        }),
        created: moment(row.created_at, zone),
    }
}

#[cfg(feature = "ssr")]
fn delivery_item(row: store::LogRow, zone: Tz) -> DeliveryItem {
    let state = DeliveryState::parse(&row.status);
    let last_answer = match (row.status_code, row.error, row.latency_ms) {
        (Some(code), _, Some(ms)) => Some(format!("HTTP {code} in {ms} ms")),
        (None, Some(error), _) => Some(format!("No answer: {error}")),
        _ => None,
    };
    DeliveryItem {
        id: row.id,
        message_id: row.message_id,
        event: row.event_type,
        state,
        attempts: row.attempts,
        created: moment(row.created_at, zone),
        last_answer,
        response_snippet: row.response_snippet,
        next_attempt: row
            .next_attempt_at
            .filter(|_| state == DeliveryState::Pending)
            .map(|at| moment(at, zone)),
    }
}
