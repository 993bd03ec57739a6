//! The HTTP layers every request passes through, outermost first.

use std::any::Any;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request as AxumRequest;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::IntoResponse;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::errors::AppError;
use crate::errors::PlainPages;
use crate::settings::ServerSettings;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest request id taken from a client or proxy.
const MAX_REQUEST_ID_LENGTH: usize = 64;

pub fn apply(router: Router, settings: &ServerSettings, pages: PlainPages) -> Router {
    let body_limit = settings.body_limit_bytes;
    // Two stacks: axum hands the inner one a plain `Body` again, which the
    // body reader needs (the limit layer's own body type would not fit it).
    let inner = router.layer(
        ServiceBuilder::new()
            // Without a Content-Length (chunked): read up to the limit here, 413
            // beyond it, so no handler ever meets a body it cannot finish reading.
            .layer(from_fn(move |request, next| {
                read_body_within_limit(request, next, body_limit)
            }))
            // Skips responses that are already encoded (the precompressed assets).
            .layer(CompressionLayer::new())
            // A handler that runs too long is cut off with a 503 the client may retry.
            .layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                settings.request_timeout,
            )),
    );
    inner.layer(
        ServiceBuilder::new()
            // An id sent with the request (from a proxy) is kept only when it is
            // short and plain; otherwise a new one is made.
            .layer(from_fn(drop_unsafe_request_id))
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(span_for_request)
                    .on_request(())
                    .on_response(log_response)
                    .on_failure(()),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CatchPanicLayer::custom(move |panic| {
                internal_error_response(&pages, panic)
            }))
            // With a Content-Length over the limit: 413 before the body is read.
            .layer(RequestBodyLimitLayer::new(body_limit)),
    )
}

/// Whether a request id from outside may go into the logs as it is: letters,
/// digits and `-_.:`, at most 64 of them. Anything else (spaces, `=`, quotes,
/// newlines) could forge log fields, so it is replaced.
fn is_safe_request_id(value: &[u8]) -> bool {
    !value.is_empty()
        && value.len() <= MAX_REQUEST_ID_LENGTH
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

async fn drop_unsafe_request_id(mut request: AxumRequest, next: Next) -> Response<Body> {
    let unsafe_id = request
        .headers()
        .get(&REQUEST_ID)
        .is_some_and(|value| !is_safe_request_id(value.as_bytes()));
    if unsafe_id {
        request.headers_mut().remove(&REQUEST_ID);
    }
    next.run(request).await
}

/// Reads the whole body of a request that has one, at most `limit` bytes;
/// beyond that the answer is 413. Bodies here are forms and small JSON.
///
/// A NUL character is never part of anything a person types, and PostgreSQL
/// cannot store one in text: a query or body that carries one is refused here
/// with 400 rather than failing deep inside as a database error.
async fn read_body_within_limit(request: AxumRequest, next: Next, limit: usize) -> Response<Body> {
    if request
        .uri()
        .query()
        .is_some_and(|query| has_nul(query.as_bytes()))
    {
        return refuse_nul();
    }
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) if has_nul(&bytes) => refuse_nul(),
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(error) => {
            let too_large = std::error::Error::source(&error)
                .is_some_and(|cause| cause.is::<http_body_util::LengthLimitError>())
                || error.to_string().contains("length limit");
            if too_large {
                tracing::debug!(limit, "request body over the limit");
                crate::errors::responses::problem_json(&AppError::PayloadTooLarge).into_response()
            } else {
                tracing::debug!(%error, "could not read the request body");
                crate::errors::responses::problem_json(&AppError::BadRequest(
                    "the request body could not be read.".to_owned(),
                ))
                .into_response()
            }
        }
    }
}

/// A raw NUL byte, or one percent-encoded (`%00`) as forms and URLs carry it.
fn has_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
        || bytes
            .windows(3)
            .any(|window| window[0] == b'%' && window[1] == b'0' && window[2] == b'0')
}

fn refuse_nul() -> Response<Body> {
    tracing::debug!("refused a request carrying a NUL character");
    crate::errors::responses::problem_json(&AppError::BadRequest(
        "the request contains a character that is not allowed (NUL).".to_owned(),
    ))
    .into_response()
}

/// The span every log line of a request is recorded in. It holds the path but not
/// the query string: query strings can carry tokens (password reset links, feeds).
/// Nothing here can pose as another field: a path is percent-encoded (no spaces,
/// quotes or line breaks reach it) and a request id from outside is kept only
/// when it is plain ([`is_safe_request_id`]). Free text from a client is
/// logged quoted (`?`) wherever it is logged.
fn span_for_request(request: &Request<Body>) -> Span {
    let request_id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %request_id,
    )
}

fn log_response<B>(response: &Response<B>, latency: Duration, _span: &Span) {
    let status = response.status().as_u16();
    let latency_ms = (latency.as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    if status >= 500 {
        tracing::error!(status, latency_ms, "request failed");
    } else {
        tracing::info!(status, latency_ms, "request finished");
    }
}

/// What a visitor sees when a handler panics: a plain page without internals.
/// The panic message goes to the log, inside the request's span.
fn internal_error_response(
    pages: &PlainPages,
    panic: Box<dyn Any + Send + 'static>,
) -> Response<Body> {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "request handler panicked");
    let error = AppError::Internal;
    let mut response = Response::new(Body::from(pages.render(
        500,
        error.title(),
        &error.to_string(),
    )));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_request_ids_are_kept() {
        for kept in [
            "lb-7f3a",
            "0b5e2c1a-9f7d-4c1e-8a55-3c1d2e4f5a6b",
            "trace:42.7_x",
        ] {
            assert!(is_safe_request_id(kept.as_bytes()), "{kept}");
        }
        for replaced in [
            "fake status=200 user=admin",
            "a\"b",
            "line\nbreak",
            "",
            &"x".repeat(65),
        ] {
            assert!(!is_safe_request_id(replaced.as_bytes()), "{replaced:?}");
        }
    }
}
