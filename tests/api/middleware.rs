use std::time::Duration;

use axum::routing::get;
use axum::Router;

use crate::helpers::{spawn_app, spawn_app_with, TestOptions};

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;

    let first = app.get("/healthz").await;
    let second = app.get("/healthz").await;

    let first_id = first.headers()["x-request-id"].to_str().unwrap().to_owned();
    let second_id = second.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(first_id.len(), 36, "a UUID: {first_id}");
    assert_ne!(first_id, second_id);
}

#[tokio::test]
async fn a_request_id_from_the_proxy_is_kept() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "lb-7f3a")
        .send()
        .await
        .unwrap();

    assert_eq!(response.headers()["x-request-id"], "lb-7f3a");
}

#[tokio::test]
async fn pages_are_compressed_for_clients_that_accept_it() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(format!("{}/cookies", app.address))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_BODY_LIMIT_BYTES", "1024".to_owned())],
        ..TestOptions::default()
    })
    .await;

    let response = app
        .client
        .post(format!("{}/api/home/highlights", app.address))
        .header("origin", &app.address)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 4096])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 413);
}

#[tokio::test]
async fn a_handler_slower_than_the_timeout_is_cut_off_with_503() {
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_REQUEST_TIMEOUT_SECS", "1".to_owned())],
        extra_routes: Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "too late"
            }),
        ),
        ..TestOptions::default()
    })
    .await;

    let started = std::time::Instant::now();
    let response = app.get("/slow").await;

    assert_eq!(response.status().as_u16(), 503);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "cut off near the 1 s timeout"
    );
}
