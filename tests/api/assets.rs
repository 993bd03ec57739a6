use crate::helpers::{spawn_app, spawn_app_with, TestApp, TestOptions};

async fn app_with_bundle(hash_files: bool) -> TestApp {
    spawn_app_with(TestOptions {
        env: vec![("LEPTOS_HASH_FILES", hash_files.to_string())],
        site_files: vec![(
            "pkg/kurso.0f1e2d.js",
            "export function hydrate() {}\n".repeat(400).into_bytes(),
        )],
        ..TestOptions::default()
    })
    .await
}

async fn fetch(app: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.address))
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn hashed_assets_are_served_precompressed_and_cached_for_a_year() {
    let app = app_with_bundle(true).await;

    let brotli = fetch(&app, "/pkg/kurso.0f1e2d.js", "gzip, br").await;
    let gzip = fetch(&app, "/pkg/kurso.0f1e2d.js", "gzip").await;

    assert_eq!(brotli.status().as_u16(), 200);
    assert_eq!(brotli.headers()["content-encoding"], "br");
    assert_eq!(
        brotli.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(brotli.headers()["vary"], "accept-encoding");
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let plain_length = "export function hydrate() {}\n".len() * 400;
    assert!(
        brotli.bytes().await.unwrap().len() < plain_length / 10,
        "the precompressed copy is sent"
    );
}

#[tokio::test]
async fn unhashed_assets_must_be_revalidated() {
    let app = app_with_bundle(false).await;

    let response = fetch(&app, "/pkg/kurso.0f1e2d.js", "identity").await;

    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn a_missing_asset_is_a_404_that_is_not_cached() {
    let app = app_with_bundle(true).await;

    let response = fetch(&app, "/pkg/kurso.missing.js", "br").await;

    assert_eq!(response.status().as_u16(), 404);
    assert!(response.headers().get("cache-control").is_none());
}

#[tokio::test]
async fn pages_start_the_islands_when_idle_without_preloading_the_bundle() {
    let app = spawn_app().await;

    for path in ["/", "/courses", "/login"] {
        let html = app.get(path).await.text().await.unwrap();
        // Preload hints would fetch the bundle at high priority, ahead of the
        // first paint (see app::island_scripts).
        assert!(
            !html.contains("modulepreload"),
            "{path}: no modulepreload link"
        );
        assert!(
            !html.contains(r#"rel="preload""#),
            "{path}: no preload link"
        );
        let loader = html
            .split(r#"<script type="module""#)
            .nth(1)
            .unwrap_or_else(|| panic!("{path}: the island loader is on the page"));
        assert!(
            loader.contains("requestIdleCallback"),
            "{path}: it waits for idle"
        );
        assert!(loader.contains(".wasm"), "{path}: it loads the wasm itself");
    }
}
