//! `/robots.txt`, written from the settings so that it names the sitemap by its
//! absolute address (crawlers ignore a relative one). The signed-in areas, the
//! server functions and the pages reached from an email's one-time link are
//! nothing a search result should lead to. "Log in" and "Create account" are:
//! people search for a site's login.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header;

use crate::state::AppState;

/// Paths crawlers are asked to leave alone.
const PRIVATE_PATHS: &[&str] = &[
    "/admin",
    "/account",
    "/me/",
    "/enroll/",
    "/api/",
    "/forgot-password",
    "/reset-password",
    "/verify-email",
];

pub async fn download(State(state): State<AppState>) -> Response {
    let base = state.settings.site.public_url.trim_end_matches('/');
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        robots(base),
    )
        .into_response()
}

fn robots(base: &str) -> String {
    let mut text = String::from("User-agent: *\n");
    for path in PRIVATE_PATHS {
        text.push_str(&format!("Disallow: {path}\n"));
    }
    text.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_sitemap_absolutely_and_keeps_crawlers_out_of_accounts() {
        let text = robots("https://train.example");
        assert!(text.starts_with("User-agent: *\n"));
        assert!(text.contains("Disallow: /admin\n"));
        assert!(text.contains("Disallow: /account\n"));
        assert!(text.contains("Disallow: /reset-password\n"));
        assert!(
            !text.contains("Disallow: /login\n") && !text.contains("Disallow: /register\n"),
            "people search for the login page"
        );
        assert!(text.ends_with("Sitemap: https://train.example/sitemap.xml\n"));
        assert!(
            !text.contains("Disallow: /\n"),
            "the public site stays crawlable"
        );
    }
}
