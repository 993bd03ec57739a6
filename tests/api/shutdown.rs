use std::time::Duration;

use axum::routing::get;
use axum::Router;

use crate::helpers::{spawn_app_with, TestOptions};

#[tokio::test]
async fn shutting_down_lets_a_request_in_flight_finish_then_refuses_new_ones() {
    let mut app = spawn_app_with(TestOptions {
        extra_routes: Router::new().route(
            "/report",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(600)).await;
                "report ready"
            }),
        ),
        ..TestOptions::default()
    })
    .await;
    let in_flight = tokio::spawn({
        let client = app.client.clone();
        let url = format!("{}/report", app.address);
        async move { client.get(url).send().await }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;

    app.stop().await.expect("a clean shutdown");

    let response = in_flight
        .await
        .unwrap()
        .expect("the request in flight got its answer");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "report ready");
    let after = reqwest::Client::new()
        .get(format!("{}/healthz", app.address))
        .send()
        .await;
    assert!(after.is_err(), "no new connections after shutdown");
}
