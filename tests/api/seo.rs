//! What search engines read: the sitemap lists exactly what a visitor may open,
//! and robots.txt points to it.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::blog::blog_app;
use crate::catalog::now;

/// The `<loc>` and `<lastmod>` of every `<url>`; panics unless the XML is well formed.
fn sitemap_entries(xml: &str) -> Vec<(String, Option<String>)> {
    let mut reader = Reader::from_str(xml);
    let mut entries = Vec::new();
    let mut open = String::new();
    loop {
        match reader.read_event().expect("the sitemap is well-formed XML") {
            Event::Start(tag) => open = String::from_utf8(tag.name().as_ref().to_vec()).unwrap(),
            Event::Text(text) => {
                let text = text.decode().unwrap().into_owned();
                match open.as_str() {
                    "loc" => entries.push((text, None)),
                    "lastmod" => entries.last_mut().expect("lastmod after loc").1 = Some(text),
                    _ => {}
                }
            }
            Event::End(_) => open.clear(),
            Event::Eof => break,
            _ => {}
        }
    }
    entries
}

#[tokio::test]
async fn the_sitemap_lists_every_public_page_and_nothing_a_visitor_cannot_open() {
    let (app, _) = blog_app().await;
    let at = |time: DateTime<Utc>| time.to_rfc3339();
    app.execute(&format!(
        "INSERT INTO posts (slug, title, summary, status, published_at, created_at, updated_at) VALUES
            ('coming-soon', 'Announcing our Davao campus', 'Soon.', 'scheduled', '{later}', '{now}', '{now}'),
            ('unfinished', 'An unfinished draft', 'Draft.', 'draft', '{now}', '{now}', '{now}')",
        later = at(now() + Duration::hours(1)),
        now = at(now()),
    ))
    .await;
    app.execute("UPDATE courses SET is_published = FALSE WHERE slug = 'aws-security-specialty'")
        .await;

    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/xml; charset=utf-8"
    );
    let entries = sitemap_entries(&response.text().await.unwrap());

    let paths: BTreeSet<String> = entries
        .iter()
        .map(|(loc, _)| {
            loc.strip_prefix(&app.address)
                .unwrap_or_else(|| panic!("{loc} is not an absolute address on this site"))
                .to_owned()
        })
        .collect();
    assert_eq!(paths.len(), entries.len(), "no address is listed twice");
    for fixed in [
        "/",
        "/courses",
        "/schedule",
        "/blog",
        "/contact",
        "/cookies",
    ] {
        assert!(paths.contains(fixed), "{fixed}");
    }
    let published_courses = app
        .count("SELECT COUNT(*) FROM courses WHERE is_published")
        .await;
    assert_eq!(
        paths
            .iter()
            .filter(|path| path.starts_with("/courses/"))
            .count() as i64,
        published_courses
    );
    assert!(
        !paths.contains("/courses/aws-security-specialty"),
        "an unpublished course"
    );
    assert_eq!(
        paths
            .iter()
            .filter(|path| path.starts_with("/blog/") && !path.starts_with("/blog/tags/"))
            .count(),
        8,
        "the shown demo posts, not the draft or the scheduled post"
    );
    assert!(paths.contains("/blog/what-is-a-backend-developer"));
    assert!(paths.contains("/blog/tags/cloud"));
    assert!(!paths.contains("/blog/coming-soon") && !paths.contains("/blog/unfinished"));

    for (loc, lastmod) in &entries {
        if loc.contains("/courses/") || loc.contains("/blog/") {
            let lastmod = lastmod
                .as_deref()
                .unwrap_or_else(|| panic!("{loc} has no lastmod"));
            assert!(
                DateTime::parse_from_rfc3339(lastmod).is_ok(),
                "{loc}: {lastmod}"
            );
        }
    }
    // Every listed address opens.
    for path in &paths {
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_accounts() {
    let (app, _) = blog_app().await;

    let response = app.get("/robots.txt").await;

    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        text.contains(&format!("Sitemap: {}/sitemap.xml", app.address)),
        "{text}"
    );
    for private in ["/admin", "/account", "/api/"] {
        assert!(text.contains(&format!("Disallow: {private}\n")), "{text}");
    }
}
