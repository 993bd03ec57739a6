use chrono::{TimeZone, Utc};
use kurso::clock::Clock;

use crate::helpers::{spawn_app, spawn_app_with, TestApp, TestBackend, TestOptions};

#[tokio::test]
async fn an_empty_catalog_shows_every_home_section_with_an_honest_empty_state() {
    let app = spawn_app().await;

    let (status, html) = app.get_html("/").await;

    assert_eq!(status, 200);
    for text in [
        "Upcoming trainings",
        "Featured courses",
        "Latest blog posts",
        "Contact us for all other enquiries",
        "No trainings are scheduled yet",
        "No featured courses yet",
        "No posts yet",
    ] {
        assert!(html.contains(text), "home page shows {text:?}");
    }
}

/// Inserts, with SQL for the backend under test: a published featured course with
/// a future online run and a past run, an unpublished course with a future run,
/// a published post and a draft.
async fn add_catalog(app: &TestApp) {
    let now = "2026-01-01T00:00:00Z";
    let (future, future_end, past, past_end) = (
        "2030-06-03T01:00:00Z",
        "2030-06-05T09:00:00Z",
        "2030-05-27T01:00:00Z",
        "2030-05-29T09:00:00Z",
    );
    let sql = format!(
        "INSERT INTO courses (slug, code, title, summary, is_published, is_featured, created_at, updated_at) VALUES
            ('aws-security', 'AWS-SEC', 'AWS Security Essentials', 'Secure workloads on AWS.', TRUE, TRUE, '{now}', '{now}'),
            ('secret-draft', 'DRAFT-1', 'Unannounced Draft Course', 'Not yet.', FALSE, TRUE, '{now}', '{now}');
         INSERT INTO course_runs (course_id, starts_at, ends_at, mode, created_at, updated_at) VALUES
            ((SELECT id FROM courses WHERE slug = 'aws-security'), '{future}', '{future_end}', 'online', '{now}', '{now}'),
            ((SELECT id FROM courses WHERE slug = 'aws-security'), '{past}', '{past_end}', 'in_person', '{now}', '{now}'),
            ((SELECT id FROM courses WHERE slug = 'secret-draft'), '{future}', '{future_end}', 'online', '{now}', '{now}');
         INSERT INTO posts (slug, title, summary, status, published_at, created_at, updated_at) VALUES
            ('choosing-a-cloud-certification', 'Choosing a cloud certification', 'Where to start.', 'published', '{now}', '{now}', '{now}'),
            ('draft-post', 'A draft nobody should see', 'Draft.', 'draft', NULL, '{now}', '{now}');"
    );
    // SQLite stores timestamps as RFC 3339 text exactly as sqlx binds them.
    let sql = match crate::helpers::TestBackend::from_env() {
        TestBackend::Sqlite => sql.replace(":00Z'", ":00+00:00'"),
        TestBackend::Postgres => sql,
    };
    app.execute(&sql).await;
}

#[tokio::test]
async fn the_home_page_lists_only_published_upcoming_runs_courses_and_posts() {
    // "Now" is fixed between the past run (27 May) and the upcoming one (3 June).
    let app = spawn_app_with(TestOptions {
        clock: Clock::fixed(Utc.with_ymd_and_hms(2030, 6, 1, 0, 0, 0).unwrap()),
        ..TestOptions::default()
    })
    .await;
    add_catalog(&app).await;

    let (status, html) = app.get_html("/").await;

    assert_eq!(status, 200);
    assert!(html.contains("AWS Security Essentials"));
    assert!(html.contains(r#"href="/courses/aws-security""#));
    // 2030-06-03 01:00 UTC is 09:00 on the same day in Manila (UTC+8).
    assert!(
        html.contains("Mon 3 Jun 2030, 9:00 AM"),
        "shown in the site's time zone: {html}"
    );
    assert!(html.contains("Online"));
    assert!(html.contains("Choosing a cloud certification"));
    assert!(
        !html.contains("Unannounced Draft Course"),
        "unpublished courses stay hidden"
    );
    assert!(
        !html.contains("A draft nobody should see"),
        "draft posts stay hidden"
    );
    assert!(!html.contains("In person"), "past runs are not upcoming");
    assert!(!html.contains("No trainings are scheduled yet"));
}
