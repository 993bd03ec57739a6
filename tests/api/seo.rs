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

/// The `content` of `<meta {attribute}="{key}">` in a page, each time it occurs.
fn meta_contents(html: &str, attribute: &str, key: &str) -> Vec<String> {
    let opening = format!(r#"{attribute}="{key}""#);
    html.match_indices("<meta ")
        .filter_map(|(at, _)| {
            let tag = &html[at..at + html[at..].find('>')?];
            tag.contains(&opening).then(|| {
                let start = tag.find(r#"content=""#)? + r#"content=""#.len();
                Some(tag[start..start + tag[start..].find('"')?].to_owned())
            })?
        })
        .collect()
}

fn canonicals(html: &str) -> Vec<String> {
    html.match_indices("<link ")
        .filter_map(|(at, _)| {
            let tag = &html[at..at + html[at..].find('>')?];
            if !tag.contains(r#"rel="canonical""#) {
                return None;
            }
            let start = tag.find(r#"href=""#)? + r#"href=""#.len();
            Some(tag[start..start + tag[start..].find('"')?].to_owned())
        })
        .collect()
}

#[tokio::test]
async fn every_public_page_names_one_canonical_address_without_its_filters() {
    let (app, _clock) = blog_app().await;
    let base = &app.address;
    for (path, canonical) in [
        ("/", "/"),
        ("/courses", "/courses"),
        ("/courses?page=2", "/courses?page=2"),
        ("/courses?q=cloud&page=2", "/courses"),
        ("/courses?mode=online", "/courses"),
        (
            "/courses/kubernetes-administration",
            "/courses/kubernetes-administration",
        ),
        ("/schedule", "/schedule"),
        ("/blog", "/blog"),
        ("/blog?utm_source=newsletter", "/blog"),
        ("/blog/tags/cloud", "/blog/tags/cloud"),
        (
            "/blog/what-is-a-backend-developer",
            "/blog/what-is-a-backend-developer",
        ),
        ("/contact?course=kubernetes-administration", "/contact"),
        ("/cookies", "/cookies"),
        ("/login", "/login"),
    ] {
        let (status, html) = app.get_html(path).await;
        assert_eq!(status, 200, "{path}");
        let head = &html[..html.find("</head>").unwrap_or(html.len())];
        assert_eq!(
            canonicals(&html),
            [format!("{base}{canonical}")],
            "{path}: {head}"
        );
        assert_eq!(
            meta_contents(&html, "property", "og:url"),
            [format!("{base}{canonical}")],
            "{path}"
        );
    }
    let (status, missing) = app.get_html("/courses/no-such-course").await;
    assert_eq!(status, 404);
    assert!(
        canonicals(&missing).is_empty(),
        "a missing page names no address"
    );
}

#[tokio::test]
async fn posts_and_courses_carry_open_graph_and_twitter_card_tags() {
    let (app, _clock) = blog_app().await;
    app.execute(
        "UPDATE posts SET cover_url = '/images/backend.jpg', cover_alt = 'A developer at a terminal'
         WHERE slug = 'what-is-a-backend-developer'",
    )
    .await;
    app.state.caches.invalidate(&kurso::cache::Change::Posts);

    let article = app.get_html("/blog/what-is-a-backend-developer").await.1;
    let one = |html: &str, attribute: &str, key: &str| {
        let found = meta_contents(html, attribute, key);
        assert_eq!(found.len(), 1, "{key}: {found:?}");
        found[0].clone()
    };
    assert_eq!(one(&article, "property", "og:type"), "article");
    assert_eq!(
        one(&article, "property", "og:title"),
        "What is a backend developer?"
    );
    assert_eq!(
        one(&article, "property", "og:image"),
        format!("{}/images/backend.jpg", app.address)
    );
    assert_eq!(
        one(&article, "property", "og:image:alt"),
        "A developer at a terminal"
    );
    assert_eq!(one(&article, "name", "twitter:card"), "summary_large_image");
    assert_eq!(
        one(&article, "property", "og:description"),
        one(&article, "name", "description")
    );

    let course = app.get_html("/courses/kubernetes-administration").await.1;
    assert_eq!(one(&course, "property", "og:type"), "website");
    assert_eq!(one(&course, "name", "twitter:card"), "summary");
    assert_eq!(
        one(&course, "name", "twitter:title"),
        one(&course, "property", "og:title")
    );
    assert!(one(&course, "property", "og:title").contains("Kubernetes"));
    assert!(
        meta_contents(&course, "property", "og:image").is_empty(),
        "no picture, no image tag"
    );
}
