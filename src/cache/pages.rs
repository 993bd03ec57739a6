//! Whole pages rendered for anonymous visitors, served again without rendering.
//!
//! A page opts in while it renders ([`mark_page_cacheable`]); the middleware
//! keeps it only if the request carried no session cookie and the response is a
//! plain 200 that sets no cookie. The page's CSP nonce must not be shared
//! between visitors, so the page is stored cut at every occurrence of its nonce
//! and each hit is joined back together around a fresh one.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{header, HeaderValue, Method, StatusCode};
use moka::sync::Cache;

use super::{CacheStats, Change, Counters, Generation};
use crate::server::AppState;

/// The internal header a page sets to ask to be cached; never sent out.
const CACHEABLE_HEADER: &str = "x-kurso-page-area";
/// Tells tests and operators whether a page came from the cache.
const CACHE_STATUS_HEADER: &str = "x-kurso-cache";
/// Pages bigger than this are not worth holding.
const MAX_PAGE_BYTES: usize = 2 << 20;

/// Which writes a cached page depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageArea {
    /// Home, catalog, course pages and the schedule: any catalog write.
    Catalog,
}

impl PageArea {
    fn as_str(self) -> &'static str {
        match self {
            Self::Catalog => "catalog",
        }
    }
}

/// Called while a page renders on the server: this page may be kept for
/// anonymous visitors. A no-op in the browser.
pub fn mark_page_cacheable(area: PageArea) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::HeaderName::from_static(CACHEABLE_HEADER),
            HeaderValue::from_static(area.as_str()),
        );
    }
}

struct CachedPage {
    area: PageArea,
    /// The body split at each occurrence of the nonce it was rendered with.
    pieces: Vec<Bytes>,
    content_type: HeaderValue,
}

impl CachedPage {
    fn weight(&self) -> u32 {
        let bytes: usize = self.pieces.iter().map(Bytes::len).sum();
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }

    fn body_with_nonce(&self, nonce: &str) -> Vec<u8> {
        let size =
            self.pieces.iter().map(Bytes::len).sum::<usize>() + nonce.len() * self.pieces.len();
        let mut body = Vec::with_capacity(size);
        for (index, piece) in self.pieces.iter().enumerate() {
            if index > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        body
    }
}

#[derive(Clone)]
pub struct PageCache {
    pages: Option<Cache<String, Arc<CachedPage>>>,
    counters: Arc<Counters>,
    generation: Arc<Generation>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("stats", &self.stats())
            .finish()
    }
}

impl PageCache {
    pub(super) fn new(max_bytes: u64, generation: Arc<Generation>) -> Self {
        let pages = (max_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_key: &String, page: &Arc<CachedPage>| page.weight())
                .support_invalidation_closures()
                .build()
        });
        Self {
            pages,
            counters: Arc::default(),
            generation,
        }
    }

    pub(super) fn invalidate(&self, change: &Change) {
        let Some(pages) = &self.pages else {
            return;
        };
        // Every catalog page can show any course (related courses, lists), so a
        // catalog write drops the catalog area and keeps the rest.
        let _ = change;
        if pages
            .invalidate_entries_if(|_, page| page.area == PageArea::Catalog)
            .is_err()
        {
            pages.invalidate_all();
        }
    }

    pub fn stats(&self) -> CacheStats {
        use std::sync::atomic::Ordering::Relaxed;
        CacheStats {
            hits: self.counters.hits.load(Relaxed),
            misses: self.counters.misses.load(Relaxed),
            entries: self.pages.as_ref().map_or(0, |p| p.entry_count()),
            bytes: self.pages.as_ref().map_or(0, |p| p.weighted_size()),
        }
    }
}

/// Middleware: answers anonymous GETs of cached pages, and keeps the pages that
/// asked to be cached.
pub async fn serve_cached_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let cache = &state.caches.pages;
    let Some(pages) = &cache.pages else {
        return strip_marker(next.run(request).await);
    };
    if request.method() != Method::GET || has_session_cookie(&request, &state) {
        return strip_marker(next.run(request).await);
    }
    let key = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );

    if let Some(page) = pages.get(&key) {
        cache.counters.hit();
        return replay(&page);
    }

    let generation = cache.generation.current();
    let response = next.run(request).await;
    let Some(area) = cacheable_area(&response) else {
        return strip_marker(response);
    };
    cache.counters.miss();
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
        let page = Arc::new(CachedPage {
            area,
            pieces: split_at(&bytes, nonce.as_bytes()),
            content_type,
        });
        if cache.generation.current() == generation {
            pages.insert(key.clone(), page);
            if cache.generation.current() != generation {
                pages.invalidate(&key);
            }
        }
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
    let policy = crate::server::security::content_security_policy(Some(&nonce), dev_reload);
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// The area of a page that asked to be cached and may be: a 200 that sets no
/// cookie and is not private.
fn cacheable_area(response: &Response) -> Option<PageArea> {
    let headers = response.headers();
    let area = match headers.get(CACHEABLE_HEADER)?.to_str().ok()? {
        "catalog" => PageArea::Catalog,
        _ => return None,
    };
    let private = headers
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("no-store") || value.contains("private"));
    let ok = response.status() == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !private;
    ok.then_some(area)
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

fn split_at(bytes: &Bytes, needle: &[u8]) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index + needle.len() <= bytes.len() {
        if &bytes[index..index + needle.len()] == needle {
            pieces.push(bytes.slice(start..index));
            index += needle.len();
            start = index;
        } else {
            index += 1;
        }
    }
    pieces.push(bytes.slice(start..));
    pieces
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
    fn a_cached_page_is_served_with_a_new_nonce_everywhere_the_old_one_was() {
        let body = Bytes::from_static(
            b"<script nonce=\"OLDNONCE0123456789\">a</script><script nonce=\"OLDNONCE0123456789\">",
        );
        let page = CachedPage {
            area: PageArea::Catalog,
            pieces: split_at(&body, b"OLDNONCE0123456789"),
            content_type: HeaderValue::from_static("text/html"),
        };

        let replayed = String::from_utf8(page.body_with_nonce("NEW")).unwrap();

        assert_eq!(
            replayed,
            "<script nonce=\"NEW\">a</script><script nonce=\"NEW\">"
        );
    }

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
