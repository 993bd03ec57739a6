//! The HTTP layers every request passes through, outermost first.

use std::any::Any;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderName, Request, Response, StatusCode};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use super::settings::ServerSettings;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn apply(router: Router, settings: &ServerSettings) -> Router {
    router.layer(
        ServiceBuilder::new()
            // An id from a trusted proxy is kept; otherwise a new one is made.
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(span_for_request)
                    .on_request(())
                    .on_response(log_response)
                    .on_failure(()),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CatchPanicLayer::custom(internal_error_response))
            .layer(RequestBodyLimitLayer::new(settings.body_limit_bytes))
            // Skips responses that are already encoded (the precompressed assets).
            .layer(CompressionLayer::new())
            // A handler that runs too long is cut off with a 503 the client may retry.
            .layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                settings.request_timeout,
            )),
    )
}

/// The span every log line of a request is recorded in. It holds the path but not
/// the query string: query strings can carry tokens (password reset links, feeds).
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
fn internal_error_response(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "request handler panicked");
    Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(INTERNAL_ERROR_PAGE))
        .unwrap_or_default()
}

const INTERNAL_ERROR_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Something went wrong</title>
<style>body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f8fb;color:#0f172a}
main{max-width:32rem;padding:2rem;text-align:center}a{color:#0b5f73;font-weight:600}</style></head>
<body><main><p>Error 500</p><h1>Something went wrong</h1>
<p>Something went wrong on our side. Please try again; if it keeps happening, contact us.</p>
<p><a href="/">Go to the home page</a></p></main></body></html>"#;
