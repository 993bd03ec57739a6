//! The webhook tables: endpoints, deliveries and their attempts.

use chrono::{DateTime, Utc};

use crate::db::{on_pool, on_tx, Database, Transaction};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: String,
    pub secret_sealed: Vec<u8>,
    pub previous_secret_sealed: Option<Vec<u8>>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Where an endpoint's secret is sealed: a sealed value copied to another
/// row does not open there.
pub fn secret_context(endpoint_id: i64) -> String {
    format!("webhook_endpoints.secret_sealed:{endpoint_id}")
}

pub fn previous_secret_context(endpoint_id: i64) -> String {
    format!("webhook_endpoints.previous_secret_sealed:{endpoint_id}")
}

const ENDPOINT_COLUMNS: &str = "SELECT id, url, description, events, secret_sealed,
    previous_secret_sealed, previous_secret_expires_at, disabled_at, disabled_reason, created_at
    FROM webhook_endpoints";

/// Adds an endpoint with an empty secret; the caller seals one under the id
/// this returns ([`set_secret`]) in the same transaction.
pub async fn insert_endpoint(
    tx: &mut Transaction,
    url: &str,
    description: &str,
    events: &str,
    created_by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    const SQL: &str = "INSERT INTO webhook_endpoints
        (url, description, events, secret_sealed, created_by, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(url).bind(description).bind(events).bind(Vec::<u8>::new()).bind(created_by).bind(now)
        .fetch_one(&mut *conn).await)
}

/// Sets the endpoint's secret; the one before keeps signing until
/// `previous_expires_at` (none: no previous secret).
pub async fn set_secret(
    tx: &mut Transaction,
    endpoint_id: i64,
    sealed: &[u8],
    previous: Option<(&[u8], DateTime<Utc>)>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE webhook_endpoints SET secret_sealed = $1, previous_secret_sealed = $2,
        previous_secret_expires_at = $3, updated_at = $4 WHERE id = $5";
    let (previous_sealed, expires_at) = previous.unzip();
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(sealed).bind(previous_sealed).bind(expires_at).bind(now).bind(endpoint_id)
        .execute(&mut *conn).await.map(|done| done.rows_affected() == 1))
}

pub async fn endpoints(db: &Database) -> sqlx::Result<Vec<EndpointRow>> {
    let sql = format!("{ENDPOINT_COLUMNS} ORDER BY id DESC LIMIT 200");
    on_pool!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

pub async fn endpoint_in(tx: &mut Transaction, id: i64) -> sqlx::Result<Option<EndpointRow>> {
    let sql = format!("{ENDPOINT_COLUMNS} WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

pub async fn endpoint(db: &Database, id: i64) -> sqlx::Result<Option<EndpointRow>> {
    let sql = format!("{ENDPOINT_COLUMNS} WHERE id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// The enabled endpoints that subscribe to `event`.
pub async fn subscribers_in(tx: &mut Transaction, event: &str) -> sqlx::Result<Vec<i64>> {
    // The list is space-separated: padding it finds whole names only.
    const SQL: &str = "SELECT id FROM webhook_endpoints
        WHERE disabled_at IS NULL AND (' ' || events || ' ') LIKE $1 ORDER BY id";
    let pattern = format!("% {event} %");
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(pattern).fetch_all(&mut *conn).await)
}

/// Disables (with the reason) or enables an endpoint. Returns whether it changed.
pub async fn set_disabled(
    tx: &mut Transaction,
    endpoint_id: i64,
    disabled: Option<&str>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    const DISABLE: &str = "UPDATE webhook_endpoints SET disabled_at = $1, disabled_reason = $2,
        updated_at = $1 WHERE id = $3 AND disabled_at IS NULL";
    const ENABLE: &str = "UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL,
        updated_at = $1 WHERE id = $2 AND disabled_at IS NOT NULL";
    on_tx!(tx, conn => match disabled {
        Some(reason) => sqlx::query(DISABLE).bind(now).bind(reason).bind(endpoint_id)
            .execute(&mut *conn).await,
        None => sqlx::query(ENABLE).bind(now).bind(endpoint_id).execute(&mut *conn).await,
    }
    .map(|done| done.rows_affected() == 1))
}

pub async fn delete_endpoint(tx: &mut Transaction, endpoint_id: i64) -> sqlx::Result<bool> {
    const SQL: &str = "DELETE FROM webhook_endpoints WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(endpoint_id)
        .execute(&mut *conn).await.map(|done| done.rows_affected() == 1))
}

pub async fn insert_delivery(
    tx: &mut Transaction,
    endpoint_id: i64,
    message_id: &str,
    event: &str,
    body: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    const SQL: &str = "INSERT INTO webhook_deliveries
        (endpoint_id, message_id, event_type, body, status, attempts, next_attempt_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5, $5) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(endpoint_id).bind(message_id).bind(event).bind(body).bind(now)
        .fetch_one(&mut *conn).await)
}

/// A delivery with what sending it needs from its endpoint.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Outgoing {
    pub id: i64,
    pub endpoint_id: i64,
    pub message_id: String,
    pub event_type: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub url: String,
    pub secret_sealed: Vec<u8>,
    pub previous_secret_sealed: Option<Vec<u8>>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
}

pub async fn outgoing(db: &Database, delivery_id: i64) -> sqlx::Result<Option<Outgoing>> {
    const SQL: &str = "SELECT d.id, d.endpoint_id, d.message_id, d.event_type, d.body, d.status,
            d.attempts, e.url, e.secret_sealed, e.previous_secret_sealed,
            e.previous_secret_expires_at, e.disabled_at
        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.id = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(delivery_id).fetch_optional(pool).await)
}

/// One try at sending, as the log shows it.
pub struct Attempt<'a> {
    pub status_code: Option<i32>,
    pub error: Option<&'a str>,
    pub latency_ms: i64,
    pub response_snippet: Option<&'a str>,
}

pub async fn insert_attempt(
    tx: &mut Transaction,
    delivery_id: i64,
    attempt: &Attempt<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO webhook_attempts
        (delivery_id, status_code, error, latency_ms, response_snippet, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $6)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(delivery_id).bind(attempt.status_code).bind(attempt.error)
        .bind(attempt.latency_ms).bind(attempt.response_snippet).bind(now)
        .execute(&mut *conn).await.map(|_| ()))
}

/// Counts the attempt that was number `attempts + 1` and sets what comes
/// next: `status` and, while pending, when. Returns false when another
/// worker already counted that attempt (the job ran twice).
pub async fn advance_delivery(
    tx: &mut Transaction,
    delivery_id: i64,
    attempts_before: i64,
    status: &str,
    next_attempt_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE webhook_deliveries SET attempts = attempts + 1, status = $1,
            next_attempt_at = $2,
            delivered_at = CASE WHEN $1 = 'delivered' THEN $3 ELSE delivered_at END,
            updated_at = $3
        WHERE id = $4 AND attempts = $5 AND status = 'pending'";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(status).bind(next_attempt_at).bind(now).bind(delivery_id).bind(attempts_before)
        .execute(&mut *conn).await.map(|done| done.rows_affected() == 1))
}

/// A message that will not be sent (its endpoint is disabled).
pub async fn give_up(
    tx: &mut Transaction,
    delivery_id: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,
        updated_at = $1 WHERE id = $2 AND status = 'pending'";
    on_tx!(tx, conn => sqlx::query(SQL).bind(now).bind(delivery_id)
        .execute(&mut *conn).await.map(|_| ()))
}

/// Puts a delivery of `endpoint_id` back in line with a fresh schedule (the
/// admin's "Resend"). Returns false when there is no such delivery.
pub async fn resend(
    tx: &mut Transaction,
    endpoint_id: i64,
    delivery_id: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE webhook_deliveries SET status = 'pending', attempts = 0,
        next_attempt_at = $1, updated_at = $1 WHERE id = $2 AND endpoint_id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(now).bind(delivery_id).bind(endpoint_id)
        .execute(&mut *conn).await.map(|done| done.rows_affected() == 1))
}

/// A line of an endpoint's delivery log: the message and its latest attempt.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LogRow {
    pub id: i64,
    pub message_id: String,
    pub event_type: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub latency_ms: Option<i64>,
    pub response_snippet: Option<String>,
}

/// The latest deliveries of an endpoint, newest first.
pub async fn log(db: &Database, endpoint_id: i64, limit: i64) -> sqlx::Result<Vec<LogRow>> {
    const SQL: &str = "SELECT d.id, d.message_id, d.event_type, d.status, d.attempts,
            d.next_attempt_at, d.created_at, a.status_code, a.error, a.latency_ms,
            a.response_snippet
        FROM webhook_deliveries d
        LEFT JOIN webhook_attempts a ON a.id =
            (SELECT MAX(id) FROM webhook_attempts WHERE delivery_id = d.id)
        WHERE d.endpoint_id = $1 ORDER BY d.id DESC LIMIT $2";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(endpoint_id).bind(limit).fetch_all(pool).await)
}
