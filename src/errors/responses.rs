//! How an `AppError` becomes an HTTP answer outside the Leptos app (in
//! middleware): a JSON problem body (RFC 9457) for programs, a plain page with
//! the site's stylesheet for a browser. Server-only.

use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::plain_page::PlainPages;
use super::AppError;

/// Whether the client asked for a page rather than data.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// A form posted by the browser itself (no JavaScript): it expects a page back.
pub fn is_plain_form_post(parts: &http::request::Parts) -> bool {
    parts.method == Method::POST && wants_html(&parts.headers)
}

/// An error as a JSON problem body or, for a browser, a small page.
pub fn problem_response(pages: &PlainPages, error: &AppError, html: bool) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    if html {
        let page = pages.render(status.as_u16(), error.title(), &error.to_string());
        return (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response();
    }
    problem_json(error)
}

/// An error as `application/problem+json` (RFC 9457).
pub fn problem_json(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::json!({
        "type": "about:blank",
        "title": error.title(),
        "status": status.as_u16(),
        "detail": error.to_string(),
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}
