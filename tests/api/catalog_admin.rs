//! Admins run the catalog from the dashboard: validation with field errors,
//! refusals when something depends on a record, audit entries, and a cache that
//! never shows visitors stale content after a save returns.

use chrono::{TimeZone, Utc};
use kurso::catalog::seed::seed_demo_catalog;
use kurso::clock::Clock;

use crate::accounts::{admin, learner};
use crate::helpers::{spawn_app_with, Browser, TestApp, TestOptions};

async fn seeded_app() -> TestApp {
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 4, 0, 0).unwrap();
    let app = spawn_app_with(TestOptions {
        clock: Clock::fixed(now),
        ..TestOptions::default()
    })
    .await;
    seed_demo_catalog(&app.db, now, chrono_tz::Asia::Manila)
        .await
        .unwrap()
        .unwrap();
    app
}

fn course_form<'a>(
    id: &'a str,
    title: &'a str,
    code: &'a str,
    category_id: &'a str,
    price: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("title", title),
        ("slug", ""),
        ("code", code),
        ("summary", "Hands-on container security for platform teams."),
        ("description", "Build **secure** clusters."),
        ("outline", "## Module 1: Threat models\n\n- Pods"),
        ("prerequisites", "- Docker basics"),
        ("duration_hours", "16"),
        ("level", "intermediate"),
        ("price", price),
        ("category_id", category_id),
        ("certification_name", ""),
        ("certification_vendor", ""),
        ("published", "yes"),
    ]
}

async fn category_id(app: &TestApp, slug: &str) -> String {
    app.count(&format!("SELECT id FROM categories WHERE slug = '{slug}'"))
        .await
        .to_string()
}

async fn error_body(response: reqwest::Response) -> String {
    response.text().await.unwrap()
}

#[tokio::test]
async fn an_admin_creates_a_course_and_a_run_that_visitors_see_on_the_schedule_at_once() {
    let app = seeded_app().await;
    let boss: Browser = admin(&app, "boss@example.com").await;
    let cloud = category_id(&app, "cloud").await;
    // Visitors have the schedule and catalog in the page cache already.
    for path in ["/schedule", "/courses?q=container", "/"] {
        app.get(path).await;
        assert_eq!(
            app.get(path).await.headers()["x-kurso-cache"],
            "hit",
            "{path} cached"
        );
    }

    let created = boss
        .post(
            "/api/admin/catalog/course/save",
            &course_form("0", "Container Security Lab", "CSEC-LAB", &cloud, "21,000"),
        )
        .await;
    assert!(created.status().as_u16() < 400, "{}", created.status());
    let course_id = app
        .count("SELECT id FROM courses WHERE code = 'CSEC-LAB'")
        .await
        .to_string();
    let run = boss
        .post(
            "/api/admin/catalog/run/save",
            &[
                ("id", "0"),
                ("course_id", &course_id),
                ("start_date", "2026-12-15"),
                ("start_time", "09:00"),
                ("end_date", "2026-12-16"),
                ("end_time", "17:00"),
                ("mode", "online"),
                ("venue_id", ""),
                ("trainer_id", ""),
                ("capacity", "16"),
                ("min_to_run", "5"),
                ("price_override", ""),
                ("status", "scheduled"),
            ],
        )
        .await;
    assert!(run.status().as_u16() < 400, "{}", run.status());

    let (_, catalog) = app.get_html("/courses?q=container").await;
    assert!(
        catalog.contains("Container Security Lab"),
        "new course is found at once"
    );
    let schedule = app.get("/schedule").await;
    let served_from = schedule.headers()["x-kurso-cache"].to_owned();
    let schedule = schedule.text().await.expect("body");
    assert!(
        schedule.contains("Container Security Lab"),
        "new run is on the schedule at once (page cache: {served_from:?}, runs in the database: {})",
        app.count("SELECT COUNT(*) FROM course_runs r JOIN courses c ON c.id = r.course_id WHERE c.code = 'CSEC-LAB'").await
    );
    assert!(schedule.contains("Tue 15 – Wed 16 Dec 2026"));
    let (status, page) = app.get_html("/courses/container-security-lab").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<strong>secure</strong>"),
        "Markdown rendered"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('course.created', 'run.created')"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn an_edit_is_visible_on_the_next_anonymous_request() {
    let app = seeded_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let id = app
        .count("SELECT id FROM courses WHERE code = 'PY-101'")
        .await
        .to_string();
    let data = category_id(&app, "programming").await;
    app.get("/courses/python-programming-fundamentals").await;
    let cached = app.get("/courses/python-programming-fundamentals").await;
    assert_eq!(cached.headers()["x-kurso-cache"], "hit");

    let mut form = course_form(
        &id,
        "Python Programming Fundamentals",
        "PY-101",
        &data,
        "19,999",
    );
    form.retain(|(name, _)| *name != "slug");
    form.push(("slug", "python-programming-fundamentals"));
    let saved = boss.post("/api/admin/catalog/course/save", &form).await;
    assert!(saved.status().as_u16() < 400);

    let (_, page) = app
        .get_html("/courses/python-programming-fundamentals")
        .await;
    assert!(
        page.contains("₱19,999"),
        "the new price shows on the next request"
    );
    let (_, list) = app.get_html("/courses?q=python").await;
    assert!(list.contains("₱19,999"));
    let audit = app
        .text("SELECT after_state FROM audit_log WHERE action = 'course.updated'")
        .await
        .unwrap();
    assert!(audit.contains("1999900"), "{audit}");
}

#[tokio::test]
async fn invalid_course_and_run_input_gets_field_errors_and_changes_nothing() {
    let app = seeded_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let before = app.count("SELECT COUNT(*) FROM courses").await;

    let response = boss
        .post(
            "/api/admin/catalog/course/save",
            &course_form("0", "", "bad code!", "", "cheap"),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = error_body(response).await;
    for message in [
        "Enter a title.",
        "Use 2 to 20 letters",
        "Choose a category.",
        "Enter an amount in pesos",
    ] {
        assert!(body.contains(message), "{message} in {body}");
    }

    let taken = boss
        .post(
            "/api/admin/catalog/course/save",
            &course_form(
                "0",
                "Another AWS",
                "AWS-SEC",
                &category_id(&app, "cloud").await,
                "1",
            ),
        )
        .await;
    assert_eq!(taken.status(), 422);
    assert!(error_body(taken)
        .await
        .contains("Another course already has this code."));

    let course_id = app
        .count("SELECT id FROM courses WHERE code = 'CCNA'")
        .await
        .to_string();
    let run = boss
        .post(
            "/api/admin/catalog/run/save",
            &[
                ("id", "0"),
                ("course_id", &course_id),
                ("start_date", "2026-12-15"),
                ("start_time", "09:00"),
                ("end_date", "2026-12-14"),
                ("end_time", "17:00"),
                ("mode", "in_person"),
                ("venue_id", ""),
                ("trainer_id", ""),
                ("capacity", "10"),
                ("min_to_run", "12"),
                ("price_override", ""),
                ("status", "scheduled"),
            ],
        )
        .await;
    assert_eq!(run.status(), 422);
    let body = error_body(run).await;
    for message in [
        "The run must end after it starts.",
        "An in-person run needs a venue.",
        "The minimum cannot be above the capacity.",
    ] {
        assert!(body.contains(message), "{message} in {body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM courses").await, before);
}

#[tokio::test]
async fn deleting_something_others_depend_on_is_refused_with_a_clear_message() {
    let app = seeded_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let cloud = category_id(&app, "cloud").await;
    let course = app
        .count("SELECT id FROM courses WHERE code = 'AWS-SEC'")
        .await
        .to_string();
    let venue = app
        .count("SELECT MIN(venue_id) FROM course_runs")
        .await
        .to_string();

    let category = boss
        .post(
            "/api/admin/catalog/references/delete",
            &[("kind", "category"), ("id", &cloud)],
        )
        .await;
    assert_eq!(category.status(), 422);
    assert!(error_body(category).await.contains("cannot be deleted"));
    let course_refused = boss
        .post("/api/admin/catalog/course/delete", &[("id", &course)])
        .await;
    assert_eq!(course_refused.status(), 422);
    assert!(error_body(course_refused)
        .await
        .contains("Delete its runs first"));
    let venue_refused = boss
        .post(
            "/api/admin/catalog/references/delete",
            &[("kind", "venue"), ("id", &venue)],
        )
        .await;
    assert_eq!(venue_refused.status(), 422);

    let added = boss
        .post(
            "/api/admin/catalog/references/save",
            &[
                ("kind", "trainer"),
                ("id", "0"),
                ("first", "New Trainer"),
                ("second", ""),
                ("third", ""),
            ],
        )
        .await;
    assert!(added.status().as_u16() < 400);
    let trainer = app
        .count("SELECT id FROM trainers WHERE name = 'New Trainer'")
        .await
        .to_string();
    let deleted = boss
        .post(
            "/api/admin/catalog/references/delete",
            &[("kind", "trainer"), ("id", &trainer)],
        )
        .await;
    assert!(deleted.status().as_u16() < 400);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM trainers WHERE name = 'New Trainer'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'trainer.%'")
            .await,
        2
    );
}

#[tokio::test]
async fn learners_and_visitors_cannot_touch_the_catalog() {
    let app = seeded_app().await;
    let ana = learner(&app, "ana@example.com").await;
    let calls: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "/api/admin/catalog/courses",
            vec![
                ("search", ""),
                ("category", ""),
                ("sort", ""),
                ("page", "1"),
            ],
        ),
        ("/api/admin/catalog/course/delete", vec![("id", "1")]),
        ("/api/admin/catalog/references", vec![("kind", "venue")]),
        (
            "/api/admin/catalog/references/delete",
            vec![("kind", "venue"), ("id", "1")],
        ),
    ];
    for (path, form) in &calls {
        assert_eq!(
            ana.post(path, form).await.status(),
            403,
            "learner on {path}"
        );
        assert_eq!(
            app.browser().post(path, form).await.status(),
            401,
            "visitor on {path}"
        );
    }
    for path in [
        "/admin/courses",
        "/admin/courses/1",
        "/admin/categories",
        "/admin/venues",
        "/admin/trainers",
    ] {
        assert_eq!(ana.get(path).await.status(), 403, "learner on {path}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM venues").await, 4);
}

#[tokio::test]
async fn admin_catalog_pages_render_for_admins() {
    let app = seeded_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let id = app
        .count("SELECT id FROM courses WHERE code = 'AWS-SEC'")
        .await;

    for (path, text) in [
        ("/admin/courses", "AWS Security Specialty"),
        ("/admin/courses?q=ccna", "Cisco CCNA"),
        (
            &format!("/admin/courses/{id}") as &str,
            "Data protection with KMS and CloudHSM",
        ),
        ("/admin/courses/new", "Create course"),
        ("/admin/categories", "Cloud computing"),
        ("/admin/venues", "Cebu IT Park Center"),
        ("/admin/trainers", "Carlo Villanueva"),
    ] {
        let response = boss.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.text().await.unwrap().contains(text),
            "{path} shows {text}"
        );
    }
}
