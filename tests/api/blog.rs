//! The public blog on the demo posts: the list, articles with what is shown
//! beside them, tags, search, scheduled posts, the feed and the page cache.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use kurso::blog::seed::seed_demo_posts;
use kurso::blog::upkeep::show_posts_due_since;
use kurso::catalog::seed::seed_demo_catalog;
use kurso::clock::Clock;

use crate::catalog::now;
use crate::helpers::{spawn_app_with, TestApp, TestOptions};

/// The demo catalog and blog, under a clock the test can move.
pub(crate) async fn blog_app() -> (TestApp, Arc<Mutex<DateTime<Utc>>>) {
    let clock = Arc::new(Mutex::new(now()));
    let reading = clock.clone();
    let app = spawn_app_with(TestOptions {
        clock: Clock::from_fn(move || *reading.lock().unwrap()),
        ..TestOptions::default()
    })
    .await;
    seed_demo_catalog(&app.db, now(), chrono_tz::Asia::Manila)
        .await
        .expect("seed")
        .expect("an empty database gets the demo catalog");
    assert_eq!(
        seed_demo_posts(&app.db, now()).await.expect("seed posts"),
        8
    );
    (app, clock)
}

/// Every `href="/blog/…"` of a page that leads to an article.
fn article_links(html: &str) -> Vec<String> {
    let mut links: Vec<String> = html
        .split(r#"href="/blog/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|slug| !slug.starts_with("tags/") && !slug.is_empty() && *slug != "feed.xml")
        .map(|slug| format!("/blog/{slug}"))
        .collect();
    links.dedup();
    links
}

/// The part of a page inside the element with this id, up to its section's end.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("the page has #{id}: {html}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_blog_lists_the_demo_posts_newest_first_and_every_link_opens_its_article() {
    let (app, _) = blog_app().await;

    let (status, html) = app.get_html("/blog").await;

    assert_eq!(status, 200);
    assert!(html.contains("8 posts"), "{html}");
    let links = article_links(&html);
    assert_eq!(links.len(), 8, "{links:?}");
    assert_eq!(
        links[0], "/blog/what-is-a-backend-developer",
        "newest first"
    );
    assert_eq!(links[7], "/blog/getting-ready-for-the-ccna");
    for link in links {
        let (status, _) = app.get_html(&link).await;
        assert_eq!(status, 200, "{link}");
    }
    // The home page's latest posts are the three newest, and open too.
    let (_, home) = app.get_html("/").await;
    let latest = article_links(section(&home, "latest-blog-posts"));
    assert_eq!(latest.len(), 3, "{latest:?}");
    for link in latest {
        assert_eq!(app.get(&link).await.status(), 200, "{link}");
    }
}

#[tokio::test]
async fn the_backend_article_has_programming_and_cloud_trainings_beside_it() {
    let (app, _) = blog_app().await;

    let (status, html) = app.get_html("/blog/what-is-a-backend-developer").await;

    assert_eq!(status, 200);
    assert!(html.contains("<h1"), "{html}");
    assert!(html.contains("Scalable architecture"));
    assert!(html
        .contains("Contact us for more detail about our trainings and for all other enquiries!"));
    assert!(html.contains(r#""@type":"BlogPosting""#));
    assert!(html.contains(r#""author":{"@type":"Person","name":"Joshua Tan"}"#));
    assert!(
        section(&html, "latest-blogs").contains("/blog/choosing-your-first-cloud-certification")
    );
    assert!(!section(&html, "latest-blogs").contains("/blog/what-is-a-backend-developer"));
    assert!(section(&html, "upcoming-trainings").contains("/courses/"));
    assert!(html.contains(r#"rel="prev""#), "an older post is linked");

    let related = section(&html, "related-trainings");
    let slugs: Vec<&str> = related
        .split(r#"href="/courses/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(slugs.len(), 3, "{related}");
    let mut categories = Vec::new();
    for slug in slugs {
        let category = app
            .text(&format!(
                "SELECT cat.slug FROM courses c JOIN categories cat ON cat.id = c.category_id \
                 WHERE c.slug = '{slug}'"
            ))
            .await
            .unwrap();
        assert!(
            ["programming", "cloud"].contains(&category.as_str()),
            "{slug}: {category}"
        );
        categories.push(category);
    }
    assert!(
        categories.contains(&"programming".to_owned()) && categories.contains(&"cloud".to_owned())
    );
}

#[tokio::test]
async fn tag_pages_and_search_list_only_matching_posts() {
    let (app, _) = blog_app().await;

    let (status, cloud) = app.get_html("/blog/tags/cloud").await;
    assert_eq!(status, 200);
    assert_eq!(
        article_links(&cloud),
        [
            "/blog/what-is-a-backend-developer",
            "/blog/choosing-your-first-cloud-certification",
            "/blog/kubernetes-in-plain-words"
        ]
    );
    assert!(cloud.contains("Posts tagged “cloud”"));

    let (status, found) = app.get_html("/blog?q=Kubernetes+cluster").await;
    assert_eq!(status, 200);
    assert_eq!(article_links(&found), ["/blog/kubernetes-in-plain-words"]);
    // Stemmed as in the catalog: "certifications" finds "certification".
    let (_, stemmed) = app.get_html("/blog?q=certifications").await;
    assert!(article_links(&stemmed)
        .contains(&"/blog/choosing-your-first-cloud-certification".to_owned()));

    let (_, nothing) = app.get_html("/blog?q=zebra").await;
    assert!(nothing.contains("No posts match"));
    assert_eq!(app.get("/blog/tags/no-such-tag").await.status(), 404);
    assert_eq!(app.get("/blog/tags/Not%20A%20Tag").await.status(), 404);
    assert_eq!(app.get("/blog/no-such-post").await.status(), 404);
}

#[tokio::test]
async fn drafts_stay_hidden_and_a_scheduled_post_appears_at_its_time() {
    let (app, clock) = blog_app().await;
    let in_an_hour = now() + Duration::hours(1);
    // RFC 3339, as sqlx writes times on SQLite; PostgreSQL reads it too.
    let at = |time: DateTime<Utc>| time.to_rfc3339();
    app.execute(&format!(
        "INSERT INTO posts (slug, title, summary, status, published_at, created_at, updated_at) VALUES
            ('coming-soon', 'Announcing our Davao campus', 'Soon.', 'scheduled', '{later}', '{now}', '{now}'),
            ('unfinished', 'An unfinished draft', 'Draft.', 'draft', '{now}', '{now}', '{now}')",
        later = at(in_an_hour),
        now = at(now()),
    ))
    .await;

    // Both hidden, and the pages that do not show them are now in the caches.
    assert_eq!(app.get("/blog/coming-soon").await.status(), 404);
    assert_eq!(app.get("/blog/unfinished").await.status(), 404);
    let (_, blog) = app.get_html("/blog").await;
    let (_, home) = app.get_html("/").await;
    for page in [&blog, &home] {
        assert!(!page.contains("Announcing our Davao campus"));
        assert!(!page.contains("An unfinished draft"));
    }

    *clock.lock().unwrap() = in_an_hour + Duration::minutes(1);
    // What each instance's once-a-minute check does.
    assert!(show_posts_due_since(&app.state, now()).await.is_some());

    assert_eq!(app.get("/blog/coming-soon").await.status(), 200);
    for path in ["/blog", "/"] {
        let (_, page) = app.get_html(path).await;
        assert!(page.contains("Announcing our Davao campus"), "{path}");
        assert!(!page.contains("An unfinished draft"), "{path}");
    }
    assert_eq!(app.get("/blog/unfinished").await.status(), 404);
}

#[tokio::test]
async fn the_feed_is_valid_rss_with_absolute_links_to_shown_posts() {
    let (app, _) = blog_app().await;

    let response = app.get("/blog/feed.xml").await;

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/rss+xml; charset=utf-8"
    );
    let xml = response.bytes().await.unwrap();
    let channel = rss::Channel::read_from(&xml[..]).expect("the feed parses as RSS 2.0");
    assert_eq!(channel.link(), format!("{}/blog", app.address));
    assert_eq!(channel.items().len(), 8);
    let newest = &channel.items()[0];
    assert_eq!(newest.title(), Some("What is a backend developer?"));
    assert_eq!(
        newest.link(),
        Some(format!("{}/blog/what-is-a-backend-developer", app.address).as_str())
    );
    assert!(newest
        .pub_date()
        .is_some_and(|date| chrono::DateTime::parse_from_rfc2822(date).is_ok()));
    assert!(newest
        .categories()
        .iter()
        .any(|tag| tag.name() == "programming"));
    for item in channel.items() {
        let link = item.link().unwrap();
        let path = link
            .strip_prefix(&app.address)
            .expect("absolute link to this site");
        assert_eq!(app.get(path).await.status(), 200, "{link}");
    }
}

#[tokio::test]
async fn blog_pages_are_served_from_the_page_cache_until_a_post_appears() {
    let (app, clock) = blog_app().await;
    let cache = |response: &reqwest::Response| {
        response
            .headers()
            .get("x-kurso-cache")
            .map(|value| value.to_str().unwrap().to_owned())
    };

    for path in [
        "/blog",
        "/blog/what-is-a-backend-developer",
        "/blog/tags/cloud",
    ] {
        assert_eq!(
            cache(&app.get(path).await).as_deref(),
            Some("miss"),
            "{path}"
        );
        assert_eq!(
            cache(&app.get(path).await).as_deref(),
            Some("hit"),
            "{path}"
        );
    }

    // No post became due: nothing is dropped.
    assert!(show_posts_due_since(&app.state, now()).await.is_some());
    assert_eq!(cache(&app.get("/blog").await).as_deref(), Some("hit"));

    app.execute(&format!(
        "INSERT INTO posts (slug, title, summary, status, published_at, created_at, updated_at) VALUES
            ('coming-soon', 'Announcing our Davao campus', 'Soon.', 'scheduled', '{later}', '{now}', '{now}')",
        later = (now() + Duration::minutes(30)).to_rfc3339(),
        now = now().to_rfc3339(),
    ))
    .await;
    *clock.lock().unwrap() = now() + Duration::hours(1);
    show_posts_due_since(&app.state, now()).await;

    let response = app.get("/blog").await;
    assert_eq!(cache(&response).as_deref(), Some("miss"));
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Announcing our Davao campus"));
}
