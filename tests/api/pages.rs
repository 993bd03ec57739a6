use crate::helpers::{spawn_app, spawn_app_with, TestOptions};

#[tokio::test]
async fn every_page_in_the_navigation_answers_200_inside_the_site_layout() {
    let app = spawn_app().await;

    for (path, heading) in [
        ("/courses", "Courses"),
        ("/schedule", "Upcoming trainings"),
        ("/blog", "Blog"),
        ("/contact", "Contact us"),
        ("/login", "Log in"),
        ("/cookies", "Cookie policy"),
    ] {
        let (status, html) = app.get_html(path).await;

        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains(&format!(">{heading}</h1>")),
            "{path} has its heading"
        );
        assert!(
            html.contains(r#"aria-label="Main""#),
            "{path} has the navigation"
        );
        assert!(html.contains(r#"href="/cookies""#), "{path} has the footer");
    }
}

#[tokio::test]
async fn an_unknown_path_answers_404_with_a_helpful_page() {
    let app = spawn_app().await;

    let (status, html) = app.get_html("/courses-that-do-not-exist").await;

    assert_eq!(status, 404);
    assert!(html.contains("Page not found"), "{html}");
    assert!(html.contains(r#"href="/courses""#), "offers a way on");
}

#[tokio::test]
async fn the_site_settings_reach_the_rendered_page() {
    let app = spawn_app_with(TestOptions {
        env: vec![
            ("KURSO_SITE_NAME", "Acme Training".to_owned()),
            ("KURSO_CONTACT_EMAIL", "training@acme.example".to_owned()),
        ],
        ..TestOptions::default()
    })
    .await;

    let (_, html) = app.get_html("/contact").await;

    assert!(
        html.contains("<title>Contact | Acme Training</title>"),
        "{html}"
    );
    assert!(html.contains(r#"href="mailto:training@acme.example""#));
    // The header and footer are rendered by the server too (islands: the
    // browser never re-renders them, so no copy of the settings is embedded).
    assert!(html.contains("© Acme Training"), "{html}");
}

#[tokio::test]
async fn public_files_are_served_from_the_site_root() {
    let app = spawn_app_with(TestOptions {
        site_files: vec![("humans.txt", b"Team: the Kurso developers\n".to_vec())],
        ..TestOptions::default()
    })
    .await;

    let (status, body) = app.get_html("/humans.txt").await;

    assert_eq!(status, 200);
    assert!(body.starts_with("Team: the Kurso developers"));
}

/// Starting a server walks the app's routes, and leptos parks every resource
/// first polled during a walk for good (leptos-rs/leptos#4773): pages being
/// rendered by a running server while others start used to hang until the
/// request timeout (seen as random 503s across this suite). The walk now
/// happens once per process, before any server serves.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_render_while_other_servers_start() {
    let app = std::sync::Arc::new(
        spawn_app_with(TestOptions {
            env: vec![("KURSO_REQUEST_TIMEOUT_SECS", "5".to_owned())],
            ..TestOptions::default()
        })
        .await,
    );
    let started = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));

    let renderers: Vec<_> = (0..4)
        .map(|renderer| {
            let (app, started) = (app.clone(), started.clone());
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                let mut round = 0;
                while !started.load(std::sync::atomic::Ordering::Relaxed) {
                    // Each search a page of its own: rendered, not taken from the page cache.
                    let path = format!("/courses?q=word{renderer}x{round}");
                    statuses.push(app.get(&path).await.status().as_u16());
                    round += 1;
                }
                statuses
            })
        })
        .collect();
    for _ in 0..24 {
        // Small pools, let go at once: PostgreSQL takes 100 connections in all.
        let other = spawn_app_with(TestOptions {
            env: vec![("KURSO_DB_MAX_CONNECTIONS", "2".to_owned())],
            ..TestOptions::default()
        })
        .await;
        other.db.close().await;
    }
    started.store(true, std::sync::atomic::Ordering::Relaxed);

    for renderer in renderers {
        let statuses = renderer.await.unwrap();
        assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
    }
}
