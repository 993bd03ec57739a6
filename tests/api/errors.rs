use axum::routing::get;
use axum::Router;

use crate::helpers::{spawn_app, spawn_app_with, TestOptions};

#[tokio::test]
async fn a_panicking_handler_answers_500_without_revealing_why() {
    let app = spawn_app_with(TestOptions {
        extra_routes: Router::new().route(
            "/boom",
            get(|| async {
                panic!("connection string postgres://admin:s3cret@db");
                #[allow(unreachable_code)]
                ""
            }),
        ),
        ..TestOptions::default()
    })
    .await;

    let (status, html) = app.get_html("/boom").await;

    assert_eq!(status, 500);
    assert!(html.contains("Something went wrong"), "{html}");
    assert!(
        !html.contains("s3cret") && !html.contains("postgres://"),
        "{html}"
    );
}

#[tokio::test]
async fn a_failing_query_renders_the_error_page_with_500_and_no_database_message() {
    let app = spawn_app().await;
    // The tags refer to the posts: PostgreSQL drops them along, SQLite empties them.
    app.execute(match crate::helpers::TestBackend::from_env() {
        crate::helpers::TestBackend::Sqlite => "DROP TABLE posts",
        crate::helpers::TestBackend::Postgres => "DROP TABLE posts CASCADE",
    })
    .await;

    let (status, html) = app.get_html("/").await;

    assert_eq!(status, 500);
    assert!(html.contains("Something went wrong"), "{html}");
    for leak in ["no such table", "does not exist", "relation", "SELECT"] {
        assert!(!html.contains(leak), "the page leaks {leak:?}");
    }
}

#[tokio::test]
async fn a_lost_database_renders_a_503_page_that_invites_a_retry() {
    let app = spawn_app().await;
    app.db.close().await;

    let (status, html) = app.get_html("/").await;

    assert_eq!(status, 503);
    assert!(html.contains("Back in a moment"), "{html}");
}

#[tokio::test]
async fn a_server_function_that_loses_the_database_answers_503_with_the_error_as_json() {
    let app = spawn_app().await;
    app.db.close().await;

    let response = app
        .client
        .post(format!("{}/api/home/highlights", app.address))
        .header("origin", &app.address)
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!("Unavailable"));
}
