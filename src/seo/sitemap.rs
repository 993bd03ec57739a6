//! `/sitemap.xml` (sitemaps.org protocol 0.9): the fixed public pages, every
//! published course, every shown post and every tag page, each with its
//! absolute address and, where Kurso knows it, when it last changed.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use http::header;
use quick_xml::escape::escape;

use super::queries::{published_courses, shown_posts, shown_tags};
use crate::errors::responses::problem_json;
use crate::errors::AppError;
use crate::state::AppState;

/// The pages every Kurso site has, whatever its catalog holds.
const FIXED_PAGES: &[&str] = &[
    "/",
    "/courses",
    "/schedule",
    "/blog",
    "/contact",
    "/cookies",
];

pub async fn download(State(state): State<AppState>) -> Response {
    match sitemap(&state).await {
        Ok(xml) => (
            [
                (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            xml,
        )
            .into_response(),
        Err(error) => problem_json(&error),
    }
}

async fn sitemap(state: &AppState) -> Result<String, AppError> {
    let now = state.clock.now();
    let (courses, posts, tags) = tokio::try_join!(
        published_courses(&state.db),
        shown_posts(&state.db, now),
        shown_tags(&state.db, now),
    )?;
    let mut pages: Vec<(String, Option<DateTime<Utc>>)> = FIXED_PAGES
        .iter()
        .map(|path| ((*path).to_owned(), None))
        .collect();
    pages.extend(
        courses
            .into_iter()
            .map(|course| (format!("/courses/{}", course.key), Some(course.modified_at))),
    );
    pages.extend(
        posts
            .into_iter()
            .map(|post| (format!("/blog/{}", post.key), Some(post.modified_at))),
    );
    pages.extend(
        tags.into_iter()
            .map(|tag| (format!("/blog/tags/{}", tag.key), Some(tag.modified_at))),
    );
    Ok(render(
        state.settings.site.public_url.trim_end_matches('/'),
        &pages,
    ))
}

fn render(base: &str, pages: &[(String, Option<DateTime<Utc>>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, modified_at) in pages {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(format!("{base}{path}")));
        xml.push_str("</loc>");
        if let Some(modified_at) = modified_at {
            xml.push_str("<lastmod>");
            xml.push_str(&modified_at.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn addresses_are_absolute_and_escaped_and_dates_are_w3c() {
        let changed = Utc.with_ymd_and_hms(2026, 11, 30, 8, 15, 0).unwrap();
        let xml = render(
            "https://train.example",
            &[
                ("/".to_owned(), None),
                ("/blog?a=1&b=2".to_owned(), Some(changed)),
            ],
        );
        assert!(
            xml.contains("<url><loc>https://train.example/</loc></url>"),
            "{xml}"
        );
        assert!(xml.contains(
            "<loc>https://train.example/blog?a=1&amp;b=2</loc><lastmod>2026-11-30T08:15:00Z</lastmod>"
        ), "{xml}");
    }
}
