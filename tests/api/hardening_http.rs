//! The HTTP edge after the hardening review: cross-site refusals, caching of
//! personal answers, malformed and oversized input, request ids, redirects
//! after failed form posts, metrics, and what every page says about itself.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::accounts::{admin, learner};
use crate::catalog::seeded_app_with;
use crate::helpers::{captured_logs, spawn_app, spawn_app_with, TestApp, TestOptions};

fn port_of(app: &TestApp) -> u16 {
    app.address.rsplit(':').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_cross_site_refusal_page_uses_the_sites_stylesheet_and_a_plain_link_home() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(format!("{}/api/accounts/login", app.address))
        .header("origin", "https://evil.example")
        .header("accept", "text/html")
        .form(&[("email", "ana@example.com"), ("password", "x")])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 403);
    let page = response.text().await.unwrap();
    assert!(
        page.contains(r#"<link rel="stylesheet" href="/pkg/kurso"#),
        "{page}"
    );
    assert!(page.contains(r#"<a href="/""#), "{page}");
    for blocked in ["<style", "style=", "javascript:", "<script"] {
        assert!(
            !page.contains(blocked),
            "{blocked} is blocked by the CSP: {page}"
        );
    }
}

#[tokio::test]
async fn a_form_from_the_same_host_over_another_scheme_or_port_is_refused() {
    let app = spawn_app().await;
    let port = port_of(&app);

    for origin in [
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let response = app
            .client
            .post(format!("{}/api/accounts/forgot-password", app.address))
            .header("origin", &origin)
            .form(&[("email", "ana@example.com")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{origin}");
    }
    let same = app
        .browser()
        .post(
            "/api/accounts/forgot-password",
            &[("email", "ana@example.com")],
        )
        .await;
    assert!(same.status().as_u16() < 400, "{}", same.status());
}

#[tokio::test]
async fn a_failed_form_post_without_javascript_never_redirects_off_the_site() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(format!("{}/api/accounts/login", app.address))
        .header("origin", &app.address)
        .header("referer", "https://evil.example/phish?x=1")
        .header("accept", "text/html")
        .form(&[("email", "not an email"), ("password", "x")])
        .send()
        .await
        .unwrap();

    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(!location.contains("evil.example"), "{location}");

    let from_the_site = app
        .client
        .post(format!("{}/api/accounts/login", app.address))
        .header("origin", &app.address)
        .header("referer", format!("{}/login", app.address))
        .header("accept", "text/html")
        .form(&[("email", "not an email"), ("password", "x")])
        .send()
        .await
        .unwrap();
    let location = from_the_site.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with(&format!("{}/login?", app.address)),
        "back to the form with its error: {location}"
    );
}

#[tokio::test]
async fn signed_in_pages_and_every_server_function_answer_private_no_store() {
    let app = seeded_app_with(Vec::new()).await;
    let ana = learner(&app, "ana@example.com").await;
    let boss = admin(&app, "boss@example.com").await;
    let run = app
        .count("SELECT MIN(id) FROM course_runs WHERE status = 'scheduled'")
        .await;
    let no_store = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };

    for path in [
        "/account".to_owned(),
        "/me/trainings".to_owned(),
        format!("/enroll/{run}"),
        "/courses".to_owned(),
        "/".to_owned(),
    ] {
        let response = ana.get(&path).await;
        assert_eq!(
            no_store(&response).as_deref(),
            Some("private, no-store"),
            "learner {path}"
        );
    }
    for path in [
        "/admin",
        "/admin/outbox",
        "/admin/users",
        "/admin/audit",
        "/admin/jobs",
        "/admin/courses",
    ] {
        let response = boss.get(path).await;
        assert_eq!(
            no_store(&response).as_deref(),
            Some("private, no-store"),
            "admin {path}"
        );
    }
    // One function of each family, as its usual caller.
    let visitor = app.browser();
    let calls = [
        (&visitor, "/api/home/highlights", vec![]),
        (&visitor, "/api/catalog/search", vec![("query", "")]),
        (&ana, "/api/accounts/me", vec![]),
        (&ana, "/api/enrollment/mine", vec![]),
        (
            &boss,
            "/api/admin/outbox",
            vec![("recipient", ""), ("page", "1")],
        ),
        (
            &boss,
            "/api/admin/catalog/courses",
            vec![
                ("search", ""),
                ("category", ""),
                ("sort", ""),
                ("page", "1"),
            ],
        ),
        (&boss, "/api/admin/jobs", vec![("status", "pending")]),
    ];
    for (browser, path, form) in calls {
        let response = browser.post(path, &form).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            no_store(&response).as_deref(),
            Some("private, no-store"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn malformed_server_function_input_is_a_400_in_plain_words() {
    let app = seeded_app_with(Vec::new()).await;
    let ana = learner(&app, "ana@example.com").await;
    let send = |content_type: &'static str, body: Vec<u8>, path: &'static str| {
        ana.client
            .post(format!("{}{path}", app.address))
            .header("origin", &app.address)
            .header("content-type", content_type)
            .body(body)
    };
    let form = "application/x-www-form-urlencoded";
    let cases: Vec<(&str, reqwest::RequestBuilder)> = vec![
        ("empty body", send(form, Vec::new(), "/api/catalog/search")),
        (
            "repeated field",
            send(
                form,
                b"run_id=1&run_id=2".to_vec(),
                "/api/enrollment/enroll",
            ),
        ),
        (
            "not UTF-8",
            send(
                form,
                vec![b'q', b'u', b'e', b'r', b'y', b'=', 0xff, 0xfe],
                "/api/catalog/search",
            ),
        ),
        (
            "JSON",
            send(
                "application/json",
                br#"{"query": ""}"#.to_vec(),
                "/api/catalog/search",
            ),
        ),
        (
            "multipart",
            send(
                "multipart/form-data; boundary=x",
                b"--x\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\nabc\r\n--x--\r\n"
                    .to_vec(),
                "/api/catalog/search",
            ),
        ),
        (
            "XML",
            send(
                "application/xml",
                b"<query>aws</query>".to_vec(),
                "/api/catalog/search",
            ),
        ),
        (
            "a word for a number",
            send(form, b"run_id=abc".to_vec(), "/api/enrollment/enroll"),
        ),
        (
            "a number too big",
            send(
                form,
                b"search=&category=&sort=&page=4294967296".to_vec(),
                "/api/admin/catalog/courses",
            ),
        ),
        (
            "a NUL character",
            send(form, b"query=aws%00".to_vec(), "/api/catalog/search"),
        ),
    ];
    for (case, request) in cases {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 400, "{case}: {body}");
        assert!(
            !body.contains("missing field") && !body.contains('`'),
            "{case}: decoder words leaked: {body}"
        );
    }
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused_with_413() {
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_BODY_LIMIT_BYTES", "1024".to_owned())],
        ..TestOptions::default()
    })
    .await;
    let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", port_of(&app)))
        .await
        .unwrap();
    let head = format!(
        "POST /api/catalog/search HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        app.address
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("800\r\n{}\r\n", "q".repeat(0x800));
    // Two KiB in two chunks, then the end; the server may answer before all of it.
    let _ = socket.write_all(chunk.as_bytes()).await;
    let _ = socket.write_all(chunk.as_bytes()).await;
    let _ = socket.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);

    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn a_request_id_that_could_forge_log_fields_is_replaced() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "fake status=200 user=admin")
        .send()
        .await
        .unwrap();

    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 36, "a new UUID: {id}");
    assert!(
        !captured_logs().contains("request_id=fake"),
        "the forged id never reaches the log"
    );
}

#[tokio::test]
async fn metrics_answer_only_clients_on_this_machine() {
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_CLIENT_IP_HEADER", "x-forwarded-for".to_owned())],
        ..TestOptions::default()
    })
    .await;

    let local = app.get("/metrics").await;
    let from_outside = app
        .client
        .get(format!("{}/metrics", app.address))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();

    assert_eq!(local.status(), 200);
    assert!(local.text().await.unwrap().contains("kurso_cache"));
    assert_eq!(from_outside.status(), 404);
}

/// How often `needle` occurs in `haystack`.
fn occurrences(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn every_page_has_one_title_and_one_description() {
    let app = seeded_app_with(Vec::new()).await;
    let boss = admin(&app, "boss@example.com").await;
    let slug = app
        .text("SELECT slug FROM courses WHERE is_published = TRUE ORDER BY id LIMIT 1")
        .await
        .unwrap();
    let visitor = app.browser();
    let mut pages: Vec<(&crate::helpers::Browser, String)> = [
        "/",
        "/courses",
        "/schedule",
        "/blog",
        "/contact",
        "/contact/thank-you",
        "/cookies",
        "/login",
        "/register",
        "/forgot-password",
        "/no-such-page",
    ]
    .into_iter()
    .map(|path| (&visitor, path.to_owned()))
    .collect();
    pages.push((&visitor, format!("/courses/{slug}")));
    for path in [
        "/admin",
        "/admin/outbox",
        "/admin/enquiries",
        "/admin/audit",
        "/account",
        "/me/trainings",
    ] {
        pages.push((&boss, path.to_owned()));
    }

    for (browser, path) in pages {
        let response = browser.get(&path).await;
        let status = response.status().as_u16();
        let html = response.text().await.unwrap();
        assert_eq!(occurrences(&html, "<title"), 1, "{path} ({status}): {html}");
        assert_eq!(
            occurrences(&html, r#"<meta name="description""#),
            1,
            "{path}"
        );
    }
}

/// A database that cannot answer must not look like a signed-out visitor: the
/// admin would be sent to the login page and a server function would answer
/// 401, as if the session had ended. In one CI run a signed-in admin's page
/// request got the login redirect; a session read that failed (the database
/// too busy to lend a connection in time) is the only way the old code did that.
#[tokio::test]
async fn a_session_that_cannot_be_read_is_a_503_not_a_sign_out() {
    let app = spawn_app().await;
    let boss = admin(&app, "boss@example.com").await;
    app.db.close().await;

    let page = boss
        .client
        .get(format!("{}/admin/outbox", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 503, "{:?}", page.headers());
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(page.text().await.unwrap().contains("Back in a moment"));

    let answer = boss.post("/api/accounts/me", &[]).await;
    assert_eq!(answer.status().as_u16(), 503);
    assert_eq!(answer.headers()["content-type"], "application/problem+json");
    // The session itself is kept: once the database is back, so is the admin.
    assert!(boss.session_cookie().is_some());
}

#[tokio::test]
async fn the_site_says_only_what_is_true_of_cookies_and_certificates() {
    let app = seeded_app_with(Vec::new()).await;
    let without_certification = app
        .text("SELECT slug FROM courses WHERE certification_name = '' AND is_published = TRUE LIMIT 1")
        .await
        .expect("a demo course without a certification exam");

    let policy = app.get_html("/cookies").await.1;
    assert!(
        policy.contains("kurso_session"),
        "the sign-in cookie is named"
    );
    assert!(!policy.contains("sets no cookies"), "{policy}");
    for path in [
        "/register".to_owned(),
        "/login".to_owned(),
        "/".to_owned(),
        format!("/courses/{without_certification}"),
    ] {
        let page = app.get_html(&path).await.1.to_lowercase();
        assert!(
            !page.contains("certificate"),
            "{path} promises certificates"
        );
    }
}

#[tokio::test]
async fn home_cards_name_an_online_run_once() {
    let app = seeded_app_with(Vec::new()).await;
    // The next runs, all online, so the home page's cards show online runs.
    app.execute("UPDATE course_runs SET mode = 'online', venue_id = NULL")
        .await;
    app.state.caches.invalidate(&kurso::cache::Change::Catalog);

    // Leptos marks the seams between text nodes with `<!>`; a reader sees none.
    let home = app.get_html("/").await.1.replace("<!>", "");

    assert!(home.contains("Online"), "online runs are shown");
    assert!(!home.contains("Online · Online"), "{home}");
}
