//! Cross-site request forgery protection and the security headers every
//! response carries.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::errors::AppError;

/// Middleware: refuses an unsafe request (POST, PUT, PATCH, DELETE, server
/// functions included) unless it comes from a page of this site, as its Origin
/// header says (or its Referer, for the rare client that sends no Origin). A
/// request with neither is refused too: browsers always send one of them.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if safe || is_same_origin(request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!("refused a cross-site request");
    problem_response(&AppError::CrossSite, wants_html(request.headers()))
}

/// Whether the request's Origin (else Referer) names the host it was sent to.
/// Comparing with `Host` rather than a configured URL keeps this right behind
/// any proxy that preserves `Host`.
fn is_same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(source) = source else {
        return false;
    };
    let authority = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    authority.is_some_and(|authority| authority.eq_ignore_ascii_case(host))
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// A form posted by the browser itself (no JavaScript): it expects a page back.
pub fn is_plain_form_post(parts: &http::request::Parts) -> bool {
    parts.method == Method::POST && wants_html(&parts.headers)
}

/// An error as a JSON problem body (RFC 9457) or, for a browser, a small page.
fn problem_response(error: &AppError, html: bool) -> Response {
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    if html {
        let page = readable_page(error.title(), &error.to_string());
        return (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response();
    }
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

/// Middleware: a "too many attempts" answer to a form posted without JavaScript
/// becomes a readable page (keeping the 429 and its Retry-After).
pub async fn readable_rate_limit_page(request: Request, next: Next) -> Response {
    let html = request.method() == Method::POST && wants_html(request.headers());
    let response = next.run(request).await;
    if !html || response.status() != StatusCode::TOO_MANY_REQUESTS {
        return response;
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let seconds = retry_after
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let error = AppError::TooManyRequests {
        retry_after_secs: seconds,
    };
    let mut page = problem_response(&error, true);
    if let Some(value) = retry_after {
        page.headers_mut().insert(header::RETRY_AFTER, value);
    }
    page
}

fn readable_page(title: &str, message: &str) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f8fb;color:#0f172a}}
main{{max-width:32rem;padding:2rem;text-align:center}}a{{color:#0b5f73;font-weight:600}}</style></head>
<body><main><h1>{title}</h1><p>{message}</p>
<p><a href="javascript:history.back()">Go back</a> · <a href="/">Home page</a></p></main></body></html>"#,
        title = escape(title),
        message = escape(message),
    )
}

/// The Content-Security-Policy for a page whose scripts carry `nonce`. Without a
/// nonce (JSON, assets, plain pages) no inline script may run at all.
pub fn content_security_policy(nonce: Option<&str>, dev_reload: bool) -> String {
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_owned(),
    };
    let connect = if dev_reload { "'self' ws:" } else { "'self'" };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Middleware: adds the security headers to every response. A page render sets
/// its own CSP with its nonce (see `startup::routes`); everything else gets the
/// strict one.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(None, false)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if state.settings.auth.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}

/// For the Leptos render: sets this page's CSP with the nonce Leptos put on its
/// scripts. Called from the render context, so it runs once per page.
pub fn set_page_csp() {
    use leptos::prelude::use_context;
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce().map(|nonce| nonce.to_string());
    let dev_reload = std::env::var_os("LEPTOS_WATCH").is_some();
    if let Ok(value) = HeaderValue::from_str(&content_security_policy(nonce.as_deref(), dev_reload))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn a_request_from_the_same_host_passes() {
        assert!(is_same_origin(&headers(&[
            (header::HOST, "kurso.example.com"),
            (header::ORIGIN, "https://kurso.example.com"),
        ])));
        assert!(is_same_origin(&headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::REFERER, "http://127.0.0.1:3000/login?next=/admin"),
        ])));
    }

    #[test]
    fn another_origin_a_lookalike_or_no_origin_at_all_is_refused() {
        let host = (header::HOST, "kurso.example.com");
        assert!(!is_same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://evil.example")
        ])));
        assert!(!is_same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://kurso.example.com.evil.example"),
        ])));
        assert!(!is_same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "null")
        ])));
        assert!(!is_same_origin(&headers(&[host])));
    }

    #[test]
    fn the_page_policy_allows_only_nonced_scripts_and_no_framing() {
        let csp = content_security_policy(Some("abc123"), false);

        assert!(
            csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
}
