//! Admins write the blog: drafts, previews, publishing, scheduling, slug
//! changes that keep old addresses working, unpublishing and deleting, each
//! audited; and a save drops from the page cache exactly the pages that show
//! the post.

use chrono::Duration;
use kurso::blog::upkeep::show_posts_due_since;

use crate::accounts::{admin, learner};
use crate::blog::blog_app;
use crate::catalog::now;
use crate::helpers::{Browser, TestApp};

const BODY: &str =
    "## Why Go\n\nGo compiles **fast** and deploys as one binary.\n\n- goroutines\n- channels";

async fn trainer(app: &TestApp, name: &str) -> String {
    let id = app
        .count(&format!("SELECT id FROM trainers WHERE name = '{name}'"))
        .await;
    format!("trainer:{id}")
}

async fn post_id(app: &TestApp, slug: &str) -> String {
    app.count(&format!("SELECT id FROM posts WHERE slug = '{slug}'"))
        .await
        .to_string()
}

/// The post form as an admin's browser posts it.
struct PostForm {
    fields: Vec<(&'static str, String)>,
}

impl PostForm {
    fn new(id: &str, title: &str, author: &str, status: &str) -> Self {
        let fields = [
            ("id", id),
            ("title", title),
            ("slug", ""),
            (
                "summary",
                "Why teams pick Go for their services, in five minutes.",
            ),
            ("body", BODY),
            ("cover_url", ""),
            ("cover_alt", ""),
            ("author", author),
            ("tags", "programming, Backend"),
            ("status", status),
            ("publish_at", ""),
        ];
        Self {
            fields: fields
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned()))
                .collect(),
        }
    }

    fn with(mut self, name: &'static str, value: &str) -> Self {
        self.fields.retain(|(field, _)| *field != name);
        self.fields.push((name, value.to_owned()));
        self
    }

    async fn post(&self, browser: &Browser) -> reqwest::Response {
        let form: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        browser.post("/api/admin/post/save", &form).await
    }
}

fn cache(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-kurso-cache")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Loads each page twice, so that it is in the page cache.
async fn warm(app: &TestApp, paths: &[&str]) {
    for path in paths {
        app.get(path).await;
        assert_eq!(cache(&app.get(path).await), "hit", "{path} is cached");
    }
}

async fn served_from_cache(app: &TestApp, path: &str) -> bool {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    cache(&response) == "hit"
}

#[tokio::test]
async fn an_admin_writes_a_draft_previews_it_and_publishes_it_to_the_home_page() {
    let (app, _) = blog_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let joshua = trainer(&app, "Joshua Tan").await;
    let posts_before = app.count("SELECT COUNT(*) FROM posts").await;

    // "Preview" without JavaScript: nothing saved, the typed text comes back.
    let preview = PostForm::new("0", "Go for backend teams", &joshua, "draft")
        .with("intent", "preview")
        .post(&boss)
        .await;
    assert_eq!(preview.status(), 422);
    let answer = preview.text().await.unwrap();
    assert!(
        answer.contains("preview") && answer.contains("Go compiles"),
        "{answer}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM posts").await, posts_before);
    // The live preview renders the Markdown as a save would.
    let rendered = boss
        .post("/api/admin/post/preview", &[("body", BODY)])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        rendered.contains("<strong>fast</strong>") && rendered.contains("<h2>"),
        "{rendered}"
    );

    let draft = PostForm::new("0", "Go for backend teams", &joshua, "draft")
        .post(&boss)
        .await;
    assert!(draft.status().as_u16() < 400, "{}", draft.status());
    let id = post_id(&app, "go-for-backend-teams").await;
    assert_eq!(app.get("/blog/go-for-backend-teams").await.status(), 404);
    let (_, list) = app.get_html("/blog").await;
    assert!(
        !list.contains("Go for backend teams"),
        "a draft is not listed"
    );

    let published = PostForm::new(&id, "Go for backend teams", &joshua, "published")
        .post(&boss)
        .await;
    assert!(published.status().as_u16() < 400, "{}", published.status());

    let (status, article) = app.get_html("/blog/go-for-backend-teams").await;
    assert_eq!(status, 200);
    assert!(
        article.contains("<strong>fast</strong>"),
        "rendered at save time"
    );
    assert!(article.contains("Joshua Tan"));
    let (_, home) = app.get_html("/").await;
    assert!(
        home.contains("/blog/go-for-backend-teams"),
        "newest on the home page"
    );
    let (_, tagged) = app.get_html("/blog/tags/backend").await;
    assert!(
        tagged.contains("Go for backend teams"),
        "tags are read as typed"
    );
    assert!(app
        .text("SELECT body_html FROM posts WHERE slug = 'go-for-backend-teams'")
        .await
        .unwrap()
        .contains("<li>goroutines</li>"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'post.created'")
            .await,
        1
    );
    let change = app
        .text("SELECT after_state FROM audit_log WHERE action = 'post.updated'")
        .await
        .unwrap();
    assert!(
        change.contains("published") && !change.contains("Go compiles"),
        "only what changed: {change}"
    );
}

#[tokio::test]
async fn a_scheduled_post_appears_by_itself_at_its_time() {
    let (app, clock) = blog_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let joshua = trainer(&app, "Joshua Tan").await;
    let at = (now() + Duration::hours(2))
        .with_timezone(&chrono_tz::Asia::Manila)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    warm(&app, &["/blog", "/"]).await;

    let scheduled = PostForm::new("0", "Go for backend teams", &joshua, "scheduled")
        .with("publish_at", &at)
        .post(&boss)
        .await;
    assert!(scheduled.status().as_u16() < 400, "{}", scheduled.status());
    assert_eq!(app.get("/blog/go-for-backend-teams").await.status(), 404);
    assert!(
        served_from_cache(&app, "/blog").await,
        "a post still to come shows nowhere"
    );

    *clock.lock().unwrap() = now() + Duration::hours(3);
    show_posts_due_since(&app.state, now()).await;

    assert_eq!(app.get("/blog/go-for-backend-teams").await.status(), 200);
    let (_, list) = app.get_html("/blog").await;
    assert!(list.contains("Go for backend teams"));
    let (_, home) = app.get_html("/").await;
    assert!(home.contains("/blog/go-for-backend-teams"));
}

#[tokio::test]
async fn a_changed_slug_sends_the_old_address_to_the_new_one() {
    let (app, _) = blog_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let old = "kubernetes-in-plain-words";
    let id = post_id(&app, old).await;
    let author = trainer(&app, "Paolo Garcia").await;
    let published_at = app
        .text(&format!(
            "SELECT CAST(published_at AS TEXT) FROM posts WHERE id = {id}"
        ))
        .await;
    warm(&app, &[&format!("/blog/{old}")]).await;

    let moved = PostForm::new(&id, "Kubernetes, in plain words", &author, "published")
        .with("slug", "kubernetes-explained")
        .with("tags", "cloud, devops, kubernetes")
        .post(&boss)
        .await;
    assert!(moved.status().as_u16() < 400, "{}", moved.status());

    let response = app.get(&format!("/blog/{old}")).await;
    assert_eq!(response.status(), 301);
    assert_eq!(response.headers()["location"], "/blog/kubernetes-explained");
    assert_eq!(app.get("/blog/kubernetes-explained").await.status(), 200);
    assert_eq!(
        app.text(&format!(
            "SELECT CAST(published_at AS TEXT) FROM posts WHERE id = {id}"
        ))
        .await,
        published_at,
        "saving a published post again keeps its date"
    );

    // Another post may take the old address: a live slug wins over an old one.
    let joshua = trainer(&app, "Joshua Tan").await;
    let taken = PostForm::new(
        "0",
        "Kubernetes in plain words, part two",
        &joshua,
        "published",
    )
    .with("slug", old)
    .post(&boss)
    .await;
    assert!(taken.status().as_u16() < 400, "{}", taken.status());
    let (status, page) = app.get_html(&format!("/blog/{old}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("part two"));
}

#[tokio::test]
async fn unpublishing_and_deleting_take_a_post_off_at_once_and_are_audited() {
    let (app, _) = blog_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let slug = "five-habits-of-secure-teams";
    let id = post_id(&app, slug).await;
    warm(&app, &[&format!("/blog/{slug}"), "/blog"]).await;

    let unpublished = boss.post("/api/admin/post/unpublish", &[("id", &id)]).await;
    assert!(
        unpublished.status().as_u16() < 400,
        "{}",
        unpublished.status()
    );
    assert_eq!(app.get(&format!("/blog/{slug}")).await.status(), 404);
    let (_, list) = app.get_html("/blog").await;
    assert!(!list.contains("Five habits"), "{list}");

    let deleted = boss.post("/api/admin/post/delete", &[("id", &id)]).await;
    assert!(deleted.status().as_u16() < 400, "{}", deleted.status());
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM posts WHERE id = {id}"))
            .await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM post_tags WHERE post_id = {id}"
        ))
        .await,
        0
    );
    let deletion = app
        .text("SELECT before_state FROM audit_log WHERE action = 'post.deleted'")
        .await
        .unwrap();
    assert!(deletion.contains(slug), "{deletion}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'post.unpublished'")
            .await,
        1
    );
    assert_eq!(
        boss.post("/api/admin/post/delete", &[("id", &id)])
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn bad_post_input_gets_field_errors_and_changes_nothing() {
    let (app, _) = blog_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let joshua = trainer(&app, "Joshua Tan").await;
    let posts = app.count("SELECT COUNT(*) FROM posts").await;
    let past = (now() - Duration::days(1))
        .with_timezone(&chrono_tz::Asia::Manila)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let future = (now() + Duration::days(1))
        .with_timezone(&chrono_tz::Asia::Manila)
        .format("%Y-%m-%dT%H:%M")
        .to_string();

    let cases = [
        (
            PostForm::new("0", "", &joshua, "draft").with("body", ""),
            vec!["Enter a title.", "Enter the text."],
        ),
        (
            PostForm::new("0", "Okay then", &joshua, "draft").with("slug", "Not a slug!"),
            vec!["Use 3 to 80 lower-case letters"],
        ),
        (
            PostForm::new("0", "Okay then", &joshua, "draft").with("tags", "c++, cloud"),
            vec!["is not a tag"],
        ),
        (
            PostForm::new("0", "Okay then", &joshua, "scheduled").with("publish_at", &past),
            vec!["A scheduled post needs a time in the future"],
        ),
        (
            PostForm::new("0", "Okay then", &joshua, "published").with("publish_at", &future),
            vec!["That time is still to come"],
        ),
        (
            PostForm::new("0", "Okay then", &joshua, "draft")
                .with("cover_url", "javascript:alert(1)"),
            vec!["Use an address on this site"],
        ),
        (
            PostForm::new("0", "Okay then", &joshua, "draft").with("cover_url", "/images/go.svg"),
            vec!["Describe the picture"],
        ),
        (
            PostForm::new("0", "Okay then", "trainer:999999", "draft"),
            vec!["Choose who wrote it."],
        ),
        (
            PostForm::new("0", "Okay then", &joshua, "live"),
            vec!["Choose draft, scheduled or published."],
        ),
        (
            PostForm::new("0", "Okay then", &joshua, "draft")
                .with("slug", "what-is-a-backend-developer"),
            vec!["Another post already uses this slug."],
        ),
    ];
    for (form, messages) in cases {
        let response = form.post(&boss).await;
        assert_eq!(response.status(), 422);
        let body = response.text().await.unwrap();
        for message in messages {
            assert!(body.contains(message), "{message} in {body}");
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM posts").await, posts);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'post.%'")
            .await,
        0
    );
}

#[tokio::test]
async fn only_admins_reach_the_post_editor() {
    let (app, _) = blog_app().await;
    let reader = learner(&app, "reader@example.com").await;
    let visitor = Browser::new(&app.address);
    let id = post_id(&app, "what-is-a-backend-developer").await;

    for (browser, status) in [(&reader, 403), (&visitor, 401)] {
        let joshua = trainer(&app, "Joshua Tan").await;
        let save = PostForm::new(&id, "Hacked", &joshua, "published")
            .post(browser)
            .await;
        assert_eq!(save.status(), status);
        for (path, field, value) in [
            ("/api/admin/post", "id", id.as_str()),
            ("/api/admin/post/delete", "id", id.as_str()),
            ("/api/admin/post/unpublish", "id", id.as_str()),
            ("/api/admin/post/preview", "body", "hi"),
        ] {
            assert_eq!(
                browser.post(path, &[(field, value)]).await.status(),
                status,
                "{path}"
            );
        }
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM posts WHERE title = 'Hacked' OR status = 'draft'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_post_save_drops_exactly_the_pages_that_show_that_post() {
    let (app, _) = blog_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let catalog_pages = [
        "/courses",
        "/schedule",
        "/courses/python-programming-fundamentals",
    ];
    // The ITIL post is the fifth newest: between the Python/Java (newer) and
    // Kubernetes (older) posts, in no article's "Latest Blogs" and not on the
    // home page.
    let itil = "what-an-itil-4-foundation-course-teaches";
    let showing_it = [
        "/blog",
        "/blog/what-an-itil-4-foundation-course-teaches",
        "/blog/python-or-java-for-your-first-language",
        "/blog/kubernetes-in-plain-words",
        "/blog/tags/certification",
        "/blog/tags/itil-agile",
    ];
    let not_showing_it = [
        "/",
        "/blog/what-is-a-backend-developer",
        "/blog/getting-ready-for-the-ccna",
        "/blog/tags/cloud",
    ];
    warm(&app, &catalog_pages).await;
    warm(&app, &showing_it).await;
    warm(&app, &not_showing_it).await;

    let id = post_id(&app, itil).await;
    let author = trainer(&app, "Kristine Mendoza").await;
    let saved = PostForm::new(
        &id,
        "What an ITIL 4 Foundation course really teaches",
        &author,
        "published",
    )
    .with("slug", itil)
    .with("tags", "itil-agile, service-management, certification")
    .post(&boss)
    .await;
    assert!(saved.status().as_u16() < 400, "{}", saved.status());

    for path in showing_it {
        assert!(
            !served_from_cache(&app, path).await,
            "{path} shows the post: rendered again"
        );
    }
    let (_, article) = app.get_html("/blog/kubernetes-in-plain-words").await;
    assert!(
        article.contains("really teaches"),
        "the neighbour's link has the new title"
    );
    for path in not_showing_it.iter().chain(&catalog_pages) {
        assert!(
            served_from_cache(&app, path).await,
            "{path} does not show the post: still cached"
        );
    }

    // A new newest post is on the home page and beside every article; the
    // catalog's pages still do not show posts.
    warm(&app, &["/blog/tags/networking"]).await;
    let joshua = trainer(&app, "Joshua Tan").await;
    let created = PostForm::new("0", "Go for backend teams", &joshua, "published")
        .with("tags", "cloud")
        .post(&boss)
        .await;
    assert!(created.status().as_u16() < 400, "{}", created.status());
    for path in not_showing_it.iter().chain(&["/blog/tags/networking"]) {
        assert!(
            !served_from_cache(&app, path).await,
            "{path} shows the new post or its tag count"
        );
    }
    for path in catalog_pages {
        assert!(
            served_from_cache(&app, path).await,
            "{path} does not show posts"
        );
    }

    // A draft saved again is seen by nobody: nothing is dropped.
    let draft = PostForm::new("0", "Notes for later", &joshua, "draft")
        .post(&boss)
        .await;
    assert!(draft.status().as_u16() < 400);
    warm(&app, &["/blog", "/"]).await;
    let draft_id = post_id(&app, "notes-for-later").await;
    PostForm::new(&draft_id, "Notes for much later", &joshua, "draft")
        .with("slug", "notes-for-later")
        .post(&boss)
        .await;
    assert!(served_from_cache(&app, "/blog").await);
    assert!(served_from_cache(&app, "/").await);
}
