//! Accounts after the hardening review: reset links checked before hashing,
//! limits on resets and confirmations, a bounded hashing queue, one-time links
//! kept out of the outbox when mail goes by SMTP, confirmed emails for seats,
//! and calendar feeds that stop with a disabled account.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::accounts::{admin, learner, login, register, unconfirmed_learner, PASSWORD};
use crate::catalog::seeded_app_with;
use crate::enrollment::{enroll_over_http, run_with_capacity};
use crate::helpers::{captured_logs, spawn_app, spawn_app_with, TestApp, TestOptions};

async fn latest_body_to(app: &TestApp, email: &str) -> String {
    app.text(&format!(
        "SELECT body_text FROM outbox WHERE recipient = '{email}' ORDER BY id DESC LIMIT 1"
    ))
    .await
    .expect("an email in the outbox")
}

fn link_in(body: &str) -> String {
    body.split_whitespace()
        .find(|word| word.starts_with("http") && word.contains("token="))
        .expect("a link in the email")
        .to_owned()
}

/// One value of a link's query string (the link may be a bare path).
fn query_value(link: &str, key: &str) -> String {
    let base = reqwest::Url::parse("http://kurso.test/").unwrap();
    base.join(link)
        .unwrap()
        .query_pairs()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_reset_with_a_made_up_token_costs_no_password_hashing() {
    let app = spawn_app().await;
    let before = app.accounts.passwords.hashes();

    let response = app
        .browser()
        .post(
            "/api/accounts/reset-password",
            &[
                ("token", "made-up-token"),
                ("password", "a long passphrase for nobody 77"),
            ],
        )
        .await;

    assert_eq!(response.status(), 422);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("expired or was already used"));
    assert_eq!(
        app.accounts.passwords.hashes(),
        before,
        "no argon2 for a bad link"
    );
}

#[tokio::test]
async fn resets_and_email_confirmations_are_rate_limited_per_ip() {
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE", "3".to_owned())],
        ..TestOptions::default()
    })
    .await;
    let visitor = app.browser();

    for (path, form) in [
        (
            "/api/accounts/reset-password",
            vec![("token", "x"), ("password", "y")],
        ),
        ("/api/accounts/verify-email", vec![("token", "x")]),
    ] {
        for _ in 0..3 {
            assert_eq!(visitor.post(path, &form).await.status(), 422, "{path}");
        }
        let refused = visitor.post(path, &form).await;
        assert_eq!(refused.status(), 429, "{path}");
        assert!(refused.headers().contains_key("retry-after"), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_sign_ins_is_answered_busy_instead_of_piling_up_hashes() {
    let app = spawn_app_with(TestOptions {
        env: vec![
            ("KURSO_PASSWORD_HASH_QUEUE", "1".to_owned()),
            ("KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE", "1000".to_owned()),
        ],
        ..TestOptions::default()
    })
    .await;

    let attempts: Vec<_> = (0..50)
        .map(|n| {
            let browser = app.browser();
            tokio::spawn(async move {
                let response = login(&browser, &format!("nobody{n}@example.com"), "guess").await;
                let retry_after = response.headers().get("retry-after").is_some();
                (response.status().as_u16(), retry_after)
            })
        })
        .collect();
    let mut busy = 0;
    for attempt in attempts {
        let (status, retry_after) = attempt.await.unwrap();
        match status {
            422 => {}
            503 => {
                assert!(retry_after, "a busy answer says when to come back");
                busy += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }

    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    assert!(busy >= 1, "the overflow was told to wait");
    assert!(app.accounts.passwords.peak_running() <= cores);
}

/// Just enough of an SMTP server to accept mail on a local port and keep
/// each message's text.
async fn fake_smtp_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let messages: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = messages.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.ok();
                let mut in_data = false;
                let mut message = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            kept.lock().unwrap().push(std::mem::take(&mut message));
                            write.write_all(b"250 queued\r\n").await.ok();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 fake\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok();
                }
            });
        }
    });
    (port, messages)
}

#[tokio::test]
async fn with_smtp_the_outbox_never_keeps_a_one_time_link() {
    let (port, sent) = fake_smtp_server().await;
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_SMTP_URL", format!("smtp://127.0.0.1:{port}"))],
        ..TestOptions::default()
    })
    .await;
    let boss = admin(&app, "boss@example.com").await;
    app.browser()
        .post(
            "/api/accounts/forgot-password",
            &[("email", "boss@example.com")],
        )
        .await;

    // The stored copy never held the token; the email that went out does.
    let stored = "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Reset your%' AND status = 'sent'";
    crate::enrollment::eventually(&app, stored, 1).await;
    let body = latest_body_to(&app, "boss@example.com").await;
    assert!(!body.contains("token="), "{body}");
    assert!(body.contains("[link sent by email, not stored]"), "{body}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE one_time_link IS NOT NULL")
            .await,
        0,
        "the withheld links are gone once sent"
    );
    let messages = sent.lock().unwrap().clone();
    assert!(
        messages
            .iter()
            .any(|message| message.contains("reset-password?token=")),
        "the recipient gets the link: {messages:?}"
    );
    let outbox = boss.get("/admin/outbox").await.text().await.unwrap();
    assert!(!outbox.contains("token="), "no admin can read a link");
    assert!(
        !outbox.contains("readable by every admin"),
        "no banner with SMTP"
    );
}

#[tokio::test]
async fn without_smtp_the_outbox_is_the_mailbox_and_says_so() {
    let app = spawn_app().await;
    let boss = admin(&app, "boss@example.com").await;

    let outbox = boss.get("/admin/outbox").await.text().await.unwrap();

    assert!(
        outbox.contains("readable by every admin"),
        "the banner explains the readable links"
    );
    assert!(
        outbox.contains("verify-email?token="),
        "links stay readable here"
    );
}

#[tokio::test]
async fn an_https_site_without_smtp_warns_at_start_up() {
    let _app = spawn_app_with(TestOptions {
        env: vec![(
            "KURSO_PUBLIC_URL",
            "https://warn-test.kurso.example".to_owned(),
        )],
        ..TestOptions::default()
    })
    .await;

    let logs = captured_logs();
    assert!(
        logs.lines()
            .any(|line| line.contains("no SMTP server configured")
                && line.contains("warn-test.kurso.example")),
        "a warning names the public URL"
    );
}

#[tokio::test]
async fn enrolling_needs_a_confirmed_email_and_the_new_link_leads_back_to_the_run() {
    let app = seeded_app_with(Vec::new()).await;
    let run = run_with_capacity(&app, 5).await;
    let ana = unconfirmed_learner(&app, "ana@example.com").await;

    let refused = enroll_over_http(&ana, run, false).await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("confirm your email"));
    let waitlist = enroll_over_http(&ana, run, true).await;
    assert_eq!(waitlist.status(), 409, "the waitlist too");
    let page = ana
        .get(&format!("/enroll/{run}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("please confirm your email address"),
        "the page explains"
    );
    assert!(page.contains("Send the confirmation email again"));

    let next = format!("/enroll/{run}");
    let resent = ana
        .post(
            "/api/accounts/resend-verification",
            &[("next", next.as_str())],
        )
        .await;
    assert_eq!(
        resent.headers()["location"].to_str().unwrap(),
        format!("/enroll/{run}?sent=1")
    );
    let link = link_in(&latest_body_to(&app, "ana@example.com").await);
    assert_eq!(query_value(&link, "next"), next, "{link}");
    let confirmed = ana
        .post(
            "/api/accounts/verify-email",
            &[("token", &query_value(&link, "token")), ("next", &next)],
        )
        .await;
    assert_eq!(
        confirmed.headers()["location"].to_str().unwrap(),
        format!("/enroll/{run}?verified=1")
    );

    assert!(enroll_over_http(&ana, run, false).await.status().as_u16() < 400);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM enrollments WHERE run_id = {run}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn a_next_page_off_the_site_is_ignored_after_confirming() {
    let app = spawn_app().await;
    let ana = app.browser();
    register(&ana, "Ana Santos", "ana@example.com", PASSWORD).await;
    let link = link_in(&latest_body_to(&app, "ana@example.com").await);

    let confirmed = ana
        .post(
            "/api/accounts/verify-email",
            &[
                ("token", &query_value(&link, "token")),
                ("next", "//evil.example/"),
            ],
        )
        .await;

    assert_eq!(
        confirmed.headers()["location"].to_str().unwrap(),
        "/account?verified=1"
    );
}

#[tokio::test]
async fn a_disabled_learners_calendar_feed_answers_404_until_they_are_enabled() {
    let app = seeded_app_with(Vec::new()).await;
    let ana = learner(&app, "ana@example.com").await;
    let made = ana.post("/api/enrollment/feed/new", &[]).await;
    let location = made.headers()["location"].to_str().unwrap().to_owned();
    let token = query_value(&location, "feed");
    let feed = format!("/calendar/feed.ics?token={token}");
    assert_eq!(app.get(&feed).await.status(), 200);

    app.execute("UPDATE users SET disabled_at = created_at WHERE email = 'ana@example.com'")
        .await;
    assert_eq!(app.get(&feed).await.status(), 404);

    app.execute("UPDATE users SET disabled_at = NULL WHERE email = 'ana@example.com'")
        .await;
    assert_eq!(app.get(&feed).await.status(), 200);
}
