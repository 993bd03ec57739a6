//! Cross-site request forgery protection and the security headers every
//! response carries.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::errors::responses::{problem_response, wants_html};
use crate::errors::AppError;
use crate::errors::PlainPages;
use crate::state::AppState;

/// What the cross-site check and the plain error pages need: the site's origin
/// (from `site.public_url`) and the stylesheet to render pages with.
#[derive(Clone, Debug)]
pub struct SiteGuard {
    origin: Arc<str>,
    pages: PlainPages,
}

impl SiteGuard {
    pub fn new(public_origin: String, pages: PlainPages) -> Self {
        Self {
            origin: public_origin.into(),
            pages,
        }
    }

    /// The plain error pages, for other middleware that answers without the app.
    pub fn pages(&self) -> PlainPages {
        self.pages.clone()
    }
}

/// Middleware: refuses an unsafe request (POST, PUT, PATCH, DELETE, server
/// functions included) unless it comes from a page of this site, as its Origin
/// header says (or its Referer, for the rare client that sends no Origin). A
/// request with neither is refused too: browsers always send one of them.
///
/// "This site" is the configured public URL's origin (scheme, host and port),
/// not the `Host` header: a proxy may rewrite `Host`, and `Host` says nothing
/// about the scheme, so `http://` pages could post to the `https://` site.
pub async fn refuse_cross_site(
    State(guard): State<SiteGuard>,
    mut request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if safe {
        return next.run(request).await;
    }
    if !is_same_origin(request.headers(), &guard.origin) {
        tracing::warn!("refused a cross-site request");
        return problem_response(
            &guard.pages,
            &AppError::CrossSite,
            wants_html(request.headers()),
        );
    }
    // A form posted without JavaScript is answered with a redirect back to its
    // Referer (Leptos' way to show the outcome): only a page of this site may
    // be that destination, or a failed post would send the visitor elsewhere.
    let foreign_referer = request
        .headers()
        .get(header::REFERER)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|referer| origin_of(referer).as_deref() != Some(&*guard.origin));
    if foreign_referer {
        request.headers_mut().remove(header::REFERER);
    }
    next.run(request).await
}

/// Whether the request's Origin (else Referer) is `site_origin`.
fn is_same_origin(headers: &HeaderMap, site_origin: &str) -> bool {
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    source.and_then(origin_of).as_deref() == Some(site_origin)
}

/// `scheme://host[:port]` of an absolute http(s) URL, lower-cased and without
/// the scheme's default port, as browsers write an `Origin` header.
fn origin_of(url: &str) -> Option<String> {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme {
        "https" => ":443",
        "http" => ":80",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = authority.strip_suffix(default_port).unwrap_or(authority);
    Some(format!("{scheme}://{authority}"))
}

/// Middleware: a "too many attempts" or "busy" answer to a form posted without
/// JavaScript becomes a readable page (keeping the status and its Retry-After).
pub async fn readable_rate_limit_page(
    State(guard): State<SiteGuard>,
    request: Request,
    next: Next,
) -> Response {
    let html = request.method() == Method::POST && wants_html(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    let waits = status == StatusCode::TOO_MANY_REQUESTS
        || (status == StatusCode::SERVICE_UNAVAILABLE
            && response.headers().contains_key(header::RETRY_AFTER));
    if !html || !waits {
        return response;
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let seconds = retry_after
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let error = if status == StatusCode::TOO_MANY_REQUESTS {
        AppError::TooManyRequests {
            retry_after_secs: seconds,
        }
    } else {
        AppError::Busy {
            retry_after_secs: seconds,
        }
    };
    let mut page = problem_response(&guard.pages, &error, true);
    if let Some(value) = retry_after {
        page.headers_mut().insert(header::RETRY_AFTER, value);
    }
    page
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

    const SITE: &str = "https://kurso.example.com";

    #[test]
    fn a_request_from_the_sites_origin_passes() {
        assert!(is_same_origin(
            &headers(&[(header::ORIGIN, "https://kurso.example.com")]),
            SITE
        ));
        assert!(is_same_origin(
            &headers(&[(
                header::REFERER,
                "https://Kurso.Example.com:443/login?next=/admin"
            )]),
            SITE
        ));
        assert!(is_same_origin(
            &headers(&[(header::ORIGIN, "http://127.0.0.1:3000")]),
            "http://127.0.0.1:3000"
        ));
    }

    #[test]
    fn another_origin_a_lookalike_or_no_origin_at_all_is_refused() {
        for origin in [
            "https://evil.example",
            "https://kurso.example.com.evil.example",
            "https://kurso.example.com@evil.example",
            "null",
        ] {
            assert!(
                !is_same_origin(&headers(&[(header::ORIGIN, origin)]), SITE),
                "{origin}"
            );
        }
        assert!(!is_same_origin(&headers(&[]), SITE));
    }

    #[test]
    fn the_same_host_over_another_scheme_or_port_is_another_site() {
        // The Host header is the same for all three: only the origin tells them apart.
        for origin in ["http://kurso.example.com", "https://kurso.example.com:8443"] {
            let request = headers(&[
                (header::HOST, "kurso.example.com"),
                (header::ORIGIN, origin),
            ]);
            assert!(!is_same_origin(&request, SITE), "{origin}");
        }
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
