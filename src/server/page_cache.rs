//! Serving anonymous page hits from the page cache (`crate::cache::PageCache`)
//! before sessions and rendering, and keeping the pages that asked to be kept:
//! only for a request without a session cookie, and only a plain 200 that sets
//! no cookie and is not private. Each hit gets a fresh CSP nonce. A page is
//! kept once per cookie choice (with or without the banner).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{header, HeaderValue, Method, StatusCode};

use crate::cache::pages::{CachedPage, CACHEABLE_HEADER, CACHE_STATUS_HEADER, MAX_PAGE_BYTES};
use crate::cache::PageArea;
use crate::state::AppState;

/// Middleware: answers anonymous GETs of cached pages, and keeps the pages that
/// asked to be cached.
pub async fn serve_cached_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let cache = &state.caches.pages;
    if !cache.is_on() || request.method() != Method::GET || has_session_cookie(&request, &state) {
        return strip_marker(next.run(request).await);
    }
    let key = page_key(&request, &state);

    if let Some(page) = cache.hit(&key) {
        return replay(&page);
    }

    let generation = cache.generation();
    let response = next.run(request).await;
    let Some(area) = cacheable_area(&response) else {
        return strip_marker(response);
    };
    cache.miss();
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(CACHEABLE_HEADER);
    parts
        .headers
        .insert(CACHE_STATUS_HEADER, HeaderValue::from_static("miss"));
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, "page too large or broken; not cached");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let nonce = parts
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|csp| csp.to_str().ok())
        .and_then(nonce_of_policy);
    let content_type = parts.headers.get(header::CONTENT_TYPE).cloned();
    if let (Some(nonce), Some(content_type)) = (nonce, content_type) {
        cache.keep(
            key,
            CachedPage::new(area, &bytes, &nonce, content_type),
            generation,
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn replay(page: &CachedPage) -> Response {
    let nonce = fresh_nonce();
    let mut response = Response::new(Body::from(page.body_with_nonce(&nonce)));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, page.content_type.clone());
    headers.insert(CACHE_STATUS_HEADER, HeaderValue::from_static("hit"));
    let dev_reload = std::env::var_os("LEPTOS_WATCH").is_some();
    let policy = super::security::content_security_policy(Some(&nonce), dev_reload);
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// The area of a page that asked to be cached and may be: a 200 that sets no
/// cookie and is not private.
fn cacheable_area(response: &Response) -> Option<PageArea> {
    let headers = response.headers();
    let area = PageArea::from_marker(headers.get(CACHEABLE_HEADER)?.to_str().ok()?)?;
    let private = headers
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("no-store") || value.contains("private"));
    let ok = response.status() == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !private;
    ok.then_some(area)
}

/// A page's address and the visitor's cookie choice: a page renders with the
/// cookie banner until the visitor chooses, so each answer has its own copy.
fn page_key(request: &Request, state: &AppState) -> String {
    let address = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path(), |pq| pq.as_str());
    let consent = crate::legal::consent::choice_in_cookies(
        request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok()),
        state.settings.auth.secure_cookies,
    );
    let consent = consent.map_or("unasked", |choice| choice.as_str());
    format!("{address} consent={consent}")
}

fn strip_marker(mut response: Response) -> Response {
    response.headers_mut().remove(CACHEABLE_HEADER);
    response
}

fn has_session_cookie(request: &Request, state: &AppState) -> bool {
    let name = crate::accounts::server::session::cookie_name(state.settings.auth.secure_cookies);
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .any(|pair| pair.trim_start().split('=').next() == Some(name))
}

fn nonce_of_policy(policy: &str) -> Option<String> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let length = policy[start..].find('\'')?;
    let nonce = &policy[start..start + length];
    // Too short a nonce could occur by chance in the page text.
    (nonce.len() >= 16).then(|| nonce.to_owned())
}

/// A nonce made the way Leptos makes its own (128 random bits), so a replayed
/// page is byte for byte the length of a fresh render.
fn fresh_nonce() -> String {
    leptos::nonce::Nonce::new().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let policy =
            "default-src 'self'; script-src 'self' 'nonce-abcdefghijklmnop1234' 'wasm-unsafe-eval'";
        assert_eq!(
            nonce_of_policy(policy).as_deref(),
            Some("abcdefghijklmnop1234")
        );
        assert_eq!(nonce_of_policy("script-src 'self'"), None);
    }

    #[test]
    fn fresh_nonces_differ() {
        assert_ne!(fresh_nonce(), fresh_nonce());
        assert!(fresh_nonce().len() >= 16);
    }
}
