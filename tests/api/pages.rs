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
    // The browser bundle reads the same settings from the page to hydrate.
    assert!(html.contains(r#""name":"Acme Training""#));
}

#[tokio::test]
async fn public_files_are_served_from_the_site_root() {
    let app = spawn_app_with(TestOptions {
        site_files: vec![("robots.txt", b"User-agent: *\nAllow: /\n".to_vec())],
        ..TestOptions::default()
    })
    .await;

    let (status, body) = app.get_html("/robots.txt").await;

    assert_eq!(status, 200);
    assert!(body.starts_with("User-agent: *"));
}
