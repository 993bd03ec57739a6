//! `Idempotency-Key` on the API's writes, as Stripe does it: a client that
//! sends a POST again after a timeout, with the same key, gets the first
//! answer again, byte for byte, instead of a second enrollment.
//!
//! The first request with a key claims it (a row without an answer) before
//! the route runs, and the route's answer is stored with it for 24 hours.
//! Meanwhile the same key with the same request is answered 409 ("still
//! running, retry"), and with another request (method, path or body) 422.
//! Keys belong to a token, so two integrations cannot meet on one.
//!
//! What is kept: every answer the route decided (2xx, and 4xx such as a full
//! run), so a retry never sees a different outcome. What is not: an answer
//! Kurso failed to give (5xx, whose transaction rolled back) or a refusal that
//! says nothing about the request (403, 429); the key is released and a retry
//! runs the route.

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use super::auth::TokenCaller;
use super::body::{too_large, MAX_BODY_BYTES};
use super::problem::{Problem, ProblemKind};
use crate::db::{on_pool, Database};
use crate::state::AppState;

pub const HEADER: &str = "idempotency-key";
/// Set on an answer given again from the store.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// How long a key and its answer are kept.
const KEPT_FOR: Duration = Duration::hours(24);
/// A claim with no answer after this long belongs to a request that died
/// with its process (requests time out well before): a retry may take it.
const ABANDONED_AFTER: Duration = Duration::seconds(60);
const MAX_KEY_LENGTH: usize = 255;
/// The answer headers that are part of the answer; the rest (request id,
/// security headers) belong to each response.
const KEPT_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

/// The middleware on the token routes: POSTs with a key go through here.
pub async fn replay_or_run(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(HEADER) else {
        return next.run(request).await;
    };
    let key = match valid_key(key) {
        Ok(key) => key,
        Err(problem) => return problem.into_response(),
    };
    let (mut parts, body) = request.into_parts();
    // The key is the token's: the route's own check runs first, and the route
    // reads its result back instead of checking twice.
    let caller = match TokenCaller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => caller,
        Err(problem) => return problem.into_response(),
    };
    let Ok(body) = to_bytes(body, MAX_BODY_BYTES).await else {
        return too_large().into_response();
    };
    let request_hash = fingerprint(&parts.method, parts.uri.path(), parts.uri.query(), &body);
    let now = state.clock.now();
    let claim = match claim(&state.db, caller.token_id, &key, &request_hash, now).await {
        Ok(claim) => claim,
        Err(error) => return Problem::from(error).into_response(),
    };
    let claim_id = match claim {
        Claim::Won(id) => id,
        Claim::Answered(stored) => return stored.replay(),
        Claim::Running => {
            return Problem::new(
                ProblemKind::IdempotencyKeyInProgress,
                "The first request with this key is still running; send it again in a moment.",
            )
            .into_response()
        }
        Claim::OtherRequest => {
            return Problem::new(
                ProblemKind::IdempotencyKeyReused,
                "This key was already used with a different request; use a new key.",
            )
            .into_response()
        }
    };

    parts.extensions.insert(caller);
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    let (parts, body) = response.into_parts();
    // The route's own JSON, a few kilobytes at most.
    let body = match to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "cannot read an API answer to keep it");
            release_or_log(&state.db, claim_id).await;
            return Problem::from(crate::errors::AppError::Internal).into_response();
        }
    };
    if decided_by_the_route(parts.status) {
        let stored = StoredAnswer {
            status: parts.status,
            headers: kept_headers(&parts.headers),
            body: body.to_vec(),
        };
        if let Err(error) = keep(&state.db, claim_id, &stored, state.clock.now()).await {
            // The change is made; only a retry's replay is lost, and the
            // release lets that retry reach the route, whose own rules
            // (one place per learner and run) refuse a second change.
            tracing::warn!(%error, "cannot keep an idempotent answer");
            release_or_log(&state.db, claim_id).await;
        }
    } else {
        release_or_log(&state.db, claim_id).await;
    }
    Response::from_parts(parts, Body::from(body))
}

fn decided_by_the_route(status: StatusCode) -> bool {
    status.is_success()
        || (status.is_client_error()
            && !matches!(
                status,
                StatusCode::FORBIDDEN | StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS
            ))
}

/// 1 to 255 visible ASCII characters.
fn valid_key(value: &HeaderValue) -> Result<String, Problem> {
    let key = value.to_str().unwrap_or_default();
    if key.is_empty()
        || key.len() > MAX_KEY_LENGTH
        || !key.bytes().all(|byte| byte.is_ascii_graphic())
    {
        return Err(Problem::new(
            ProblemKind::InvalidIdempotencyKey,
            "An Idempotency-Key is 1 to 255 visible ASCII characters, such as a UUID.",
        ));
    }
    Ok(key.to_owned())
}

/// What the request asks for: the same key with another fingerprint is refused.
fn fingerprint(method: &Method, path: &str, query: Option<&str>, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(method.as_str());
    hash.update(b"\n");
    hash.update(path);
    hash.update(b"?");
    hash.update(query.unwrap_or_default());
    hash.update(b"\n");
    hash.update(body);
    hash.finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn kept_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = headers.get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), value.to_owned()))
        })
        .collect()
}

/// An answer as first given.
#[derive(Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: StatusCode,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl StoredAnswer {
    fn replay(self) -> Response {
        let mut response = (self.status, self.body).into_response();
        let headers = response.headers_mut();
        headers.remove(header::CONTENT_TYPE);
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::try_from(name.as_str()),
                HeaderValue::try_from(value.as_str()),
            ) {
                headers.insert(name, value);
            }
        }
        headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        response
    }
}

/// What claiming a key found.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The key is this request's; its row id.
    Won(i64),
    /// An earlier request with this key and body was answered.
    Answered(StoredAnswer),
    /// An earlier request with this key and body has not been answered yet.
    Running,
    /// The key was used for a different request.
    OtherRequest,
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: i64,
    request_hash: String,
    response_status: Option<i32>,
    response_headers: Option<String>,
    response_body: Option<Vec<u8>>,
    created_at: DateTime<Utc>,
}

/// Claims `key` for a request with `request_hash`, or says who has it. The
/// unique (token, key) pair decides between racing requests: one insert wins.
pub async fn claim(
    db: &Database,
    token_id: i64,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Claim> {
    // This token's expired keys go first, so a key is free again after 24 h
    // and the table holds one day of keys.
    on_pool!(db, pool => sqlx::query(
            "DELETE FROM api_idempotency_keys WHERE token_id = $1 AND created_at <= $2")
        .bind(token_id)
        .bind(now - KEPT_FOR)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
    let inserted: Option<i64> = on_pool!(db, pool => sqlx::query_scalar(
            "INSERT INTO api_idempotency_keys
                 (token_id, idempotency_key, request_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (token_id, idempotency_key) DO NOTHING RETURNING id")
        .bind(token_id)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .fetch_optional(pool)
        .await)?;
    if let Some(id) = inserted {
        return Ok(Claim::Won(id));
    }
    let row: Option<KeyRow> = on_pool!(db, pool => sqlx::query_as(
            "SELECT id, request_hash, response_status, response_headers, response_body, created_at
             FROM api_idempotency_keys WHERE token_id = $1 AND idempotency_key = $2")
        .bind(token_id)
        .bind(key)
        .fetch_optional(pool)
        .await)?;
    // Released between the insert and this read: its request failed, and
    // this one may go through on its next try.
    let Some(row) = row else {
        return Ok(Claim::Running);
    };
    if row.request_hash != request_hash {
        return Ok(Claim::OtherRequest);
    }
    let Some(status) = row.response_status else {
        return take_over_if_abandoned(db, &row, now).await;
    };
    let headers = row
        .response_headers
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    Ok(Claim::Answered(StoredAnswer {
        status: u16::try_from(status)
            .ok()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .unwrap_or(StatusCode::OK),
        headers,
        body: row.response_body.unwrap_or_default(),
    }))
}

async fn take_over_if_abandoned(
    db: &Database,
    row: &KeyRow,
    now: DateTime<Utc>,
) -> sqlx::Result<Claim> {
    if now - row.created_at < ABANDONED_AFTER {
        return Ok(Claim::Running);
    }
    // Compared on the old time, so of two retries only one takes it over.
    let taken = on_pool!(db, pool => sqlx::query(
            "UPDATE api_idempotency_keys SET created_at = $1, updated_at = $1
             WHERE id = $2 AND response_status IS NULL AND created_at = $3")
        .bind(now)
        .bind(row.id)
        .bind(row.created_at)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(if taken == 1 {
        Claim::Won(row.id)
    } else {
        Claim::Running
    })
}

/// Stores the answer to the claimed key.
pub async fn keep(
    db: &Database,
    claim_id: i64,
    answer: &StoredAnswer,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let headers = serde_json::to_string(&answer.headers).unwrap_or_else(|_| "[]".to_owned());
    on_pool!(db, pool => sqlx::query(
            "UPDATE api_idempotency_keys
             SET response_status = $1, response_headers = $2, response_body = $3, updated_at = $4
             WHERE id = $5")
        .bind(i32::from(answer.status.as_u16()))
        .bind(headers)
        .bind(&answer.body)
        .bind(now)
        .bind(claim_id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Frees a key whose request Kurso did not answer, for a retry to use.
pub async fn release(db: &Database, claim_id: i64) -> sqlx::Result<()> {
    on_pool!(db, pool => sqlx::query("DELETE FROM api_idempotency_keys WHERE id = $1")
        .bind(claim_id)
        .execute(pool)
        .await
        .map(|_| ()))
}

async fn release_or_log(db: &Database, claim_id: i64) {
    if let Err(error) = release(db, claim_id).await {
        tracing::warn!(%error, claim_id, "cannot release an idempotency key");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_255_characters() {
        let key = |text: &str| valid_key(&HeaderValue::from_str(text).unwrap());
        assert!(key("7c0a3d9e-4b1f-4f1e-9a51-1f0b6f8e2d10").is_ok());
        assert!(key(&"k".repeat(255)).is_ok());
        assert!(key(&"k".repeat(256)).is_err());
        assert!(key("").is_err());
        assert!(key("two words").is_err());
    }

    #[test]
    fn the_fingerprint_covers_method_path_query_and_body() {
        let base = fingerprint(&Method::POST, "/api/v1/runs/1/enrollments", None, b"{}");
        assert_eq!(
            base,
            fingerprint(&Method::POST, "/api/v1/runs/1/enrollments", None, b"{}")
        );
        for other in [
            fingerprint(&Method::PATCH, "/api/v1/runs/1/enrollments", None, b"{}"),
            fingerprint(&Method::POST, "/api/v1/runs/2/enrollments", None, b"{}"),
            fingerprint(
                &Method::POST,
                "/api/v1/runs/1/enrollments",
                Some("a=1"),
                b"{}",
            ),
            fingerprint(&Method::POST, "/api/v1/runs/1/enrollments", None, b"{ }"),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn only_answers_the_route_decided_are_kept() {
        for kept in [200, 201, 404, 409, 422] {
            assert!(decided_by_the_route(StatusCode::from_u16(kept).unwrap()));
        }
        for released in [403, 429, 500, 503] {
            assert!(!decided_by_the_route(
                StatusCode::from_u16(released).unwrap()
            ));
        }
    }

    #[test]
    fn a_replay_carries_the_kept_headers_and_says_it_is_one() {
        let response = StoredAnswer {
            status: StatusCode::CREATED,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("location".into(), "/api/v1/enrollments/5".into()),
            ],
            body: b"{\"id\":5}".to_vec(),
        }
        .replay();
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(
            response.headers()[header::LOCATION],
            "/api/v1/enrollments/5"
        );
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(response.headers()[REPLAYED_HEADER], "true");
    }
}
