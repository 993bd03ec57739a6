//! Accounts and security, end to end over HTTP on the backend under test.

use std::time::Duration;

use kurso::clock::Clock;

use crate::helpers::{captured_logs, spawn_app, spawn_app_with, Browser, TestApp, TestOptions};

pub(crate) const PASSWORD: &str = "mango jeepney sunset 42";
const NEW_PASSWORD: &str = "calamansi harbour lantern 7";

pub(crate) async fn register(
    browser: &Browser,
    name: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    browser
        .post(
            "/api/accounts/register",
            &[
                ("name", name),
                ("email", email),
                ("password", password),
                ("accept_terms", "yes"),
            ],
        )
        .await
}

pub(crate) async fn login(browser: &Browser, email: &str, password: &str) -> reqwest::Response {
    browser
        .post(
            "/api/accounts/login",
            &[("email", email), ("password", password)],
        )
        .await
}

/// A signed-in learner's browser.
/// Its email is confirmed (in the database, as if the mailed link was opened),
/// since only confirmed addresses may enroll.
pub(crate) async fn learner(app: &TestApp, email: &str) -> Browser {
    let browser = unconfirmed_learner(app, email).await;
    app.execute(&format!(
        "UPDATE users SET email_verified_at = created_at WHERE email = '{email}'"
    ))
    .await;
    browser
}

/// A signed-in learner who has not opened the confirmation link yet.
pub(crate) async fn unconfirmed_learner(app: &TestApp, email: &str) -> Browser {
    let browser = app.browser();
    let response = register(&browser, "Ana Santos", email, PASSWORD).await;
    assert!(
        response.status().as_u16() < 400,
        "register: {}",
        response.status()
    );
    browser
}

/// A signed-in admin's browser (registered, promoted in the database, signed in).
pub(crate) async fn admin(app: &TestApp, email: &str) -> Browser {
    let browser = learner(app, email).await;
    app.execute(&format!(
        "UPDATE users SET role = 'admin' WHERE email = '{email}'"
    ))
    .await;
    let response = login(&browser, email, PASSWORD).await;
    assert!(
        response.status().as_u16() < 400,
        "admin login: {}",
        response.status()
    );
    browser
}

async fn user_id(app: &TestApp, email: &str) -> String {
    app.count(&format!("SELECT id FROM users WHERE email = '{email}'"))
        .await
        .to_string()
}

async fn latest_email_to(app: &TestApp, email: &str) -> String {
    app.text(&format!(
        "SELECT body_text FROM outbox WHERE recipient = '{email}' ORDER BY id DESC LIMIT 1"
    ))
    .await
    .expect("an email in the outbox")
}

fn token_in(body: &str) -> String {
    let start = body.find("token=").expect("a link with a token") + "token=".len();
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test]
async fn registering_stores_an_argon2id_hash_and_queues_a_verification_email() {
    let app = spawn_app().await;
    learner(&app, "ana@example.com").await;

    let hash = app
        .text("SELECT password_hash FROM users WHERE email = 'ana@example.com'")
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(PASSWORD));
    let body = latest_email_to(&app, "ana@example.com").await;
    assert!(body.contains("/verify-email?token="), "{body}");
    let stored = app
        .text("SELECT token_hash FROM account_tokens")
        .await
        .unwrap();
    assert_ne!(stored, token_in(&body), "tokens are stored hashed");
}

#[tokio::test]
async fn emails_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    learner(&app, "ana@example.com").await;

    let response = register(&app.browser(), "Ana Again", "  ANA@Example.com ", PASSWORD).await;

    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("already exists"), "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test]
async fn bad_registrations_get_field_errors_and_keep_what_was_typed_except_the_password() {
    let app = spawn_app().await;

    let response = app
        .browser()
        .post(
            "/api/accounts/register",
            &[("name", " "), ("email", "ana@"), ("password", "password1")],
        )
        .await;

    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    let errors = &body["Invalid"];
    for field in ["name", "email", "password", "accept_terms"] {
        assert!(errors["fields"][field].is_string(), "{field}: {body}");
    }
    assert_eq!(errors["values"]["email"], "ana@");
    assert!(errors["values"].get("password").is_none(), "{body}");
}

#[tokio::test]
async fn the_session_id_changes_on_login_and_the_old_one_is_dead() {
    let app = spawn_app().await;
    let browser = learner(&app, "ana@example.com").await;
    let before = browser
        .session_cookie()
        .expect("a session after registering");

    let response = login(&browser, "ana@example.com", PASSWORD).await;

    assert!(response.status().as_u16() < 400);
    let after = browser.session_cookie().expect("a session after login");
    assert_ne!(before, after, "login must issue a new session id");
    let replay = app.browser();
    replay.set_session_cookie(&before);
    let response = replay.get("/account").await;
    assert_eq!(
        response.status(),
        303,
        "the pre-login id no longer signs anyone in"
    );
}

#[tokio::test]
async fn after_logout_the_old_cookie_is_dead() {
    let app = spawn_app().await;
    let browser = learner(&app, "ana@example.com").await;
    let cookie = browser.session_cookie().unwrap();
    assert_eq!(browser.get("/account").await.status(), 200);

    let response = browser.post("/api/accounts/logout", &[]).await;
    assert!(response.status().as_u16() < 400, "{}", response.status());

    let replay = app.browser();
    replay.set_session_cookie(&cookie);
    let response = replay.get("/account").await;
    assert_eq!(response.status(), 303);
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/login?next="));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.logout'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_disabled_users_existing_session_is_refused_on_the_next_request() {
    let app = spawn_app().await;
    let ana = learner(&app, "ana@example.com").await;
    let boss = admin(&app, "boss@example.com").await;
    assert_eq!(ana.get("/account").await.status(), 200);
    let ana_id = user_id(&app, "ana@example.com").await;

    let response = boss
        .post(
            "/api/admin/users/disable",
            &[("user_id", &ana_id), ("disabled", "true")],
        )
        .await;
    assert!(
        response.status().is_success() || response.status().as_u16() < 400,
        "{}",
        response.status()
    );

    assert_eq!(ana.get("/account").await.status(), 303);
    assert_eq!(ana.post("/api/accounts/me", &[]).await.status(), 401);
    let entry = app
        .text("SELECT after_state FROM audit_log WHERE action = 'user.disabled'")
        .await
        .expect("an audit entry");
    assert!(entry.contains("\"disabled\":true"), "{entry}");
    let again = login(&app.browser(), "ana@example.com", PASSWORD).await;
    assert_eq!(again.status(), 422, "a disabled account cannot sign in");
}

#[tokio::test]
async fn a_cross_origin_post_is_refused() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/accounts/login", app.address);
    let form = [("email", "ana@example.com"), ("password", PASSWORD)];

    let foreign = client
        .post(&url)
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    let bare = client.post(&url).form(&form).send().await.unwrap();
    let foreign_referer = client
        .post(&url)
        .header("referer", "https://evil.example/page")
        .form(&form)
        .send()
        .await
        .unwrap();

    assert_eq!(foreign.status(), 403);
    assert_eq!(
        foreign.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(bare.status(), 403);
    assert_eq!(foreign_referer.status(), 403);
    let same_site = app.browser().post("/api/accounts/login", &form).await;
    assert_eq!(
        same_site.status(),
        422,
        "a same-origin post reaches the server function"
    );
}

#[tokio::test]
async fn learners_and_visitors_cannot_call_admin_server_functions() {
    let app = spawn_app().await;
    let ana = learner(&app, "ana@example.com").await;
    let ana_id = user_id(&app, "ana@example.com").await;
    let calls: [(&str, Vec<(&str, &str)>); 6] = [
        ("/api/admin/users", vec![("search", "")]),
        (
            "/api/admin/users/role",
            vec![("user_id", &ana_id), ("role", "admin")],
        ),
        (
            "/api/admin/users/disable",
            vec![("user_id", &ana_id), ("disabled", "true")],
        ),
        ("/api/admin/outbox", vec![("recipient", ""), ("page", "1")]),
        ("/api/admin/audit", vec![("action", ""), ("actor", "")]),
        ("/api/admin/overview", vec![]),
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
    assert_eq!(
        app.text("SELECT role FROM users").await.as_deref(),
        Some("learner")
    );
}

#[tokio::test]
async fn admin_pages_answer_403_to_learners_and_send_visitors_to_log_in() {
    let app = spawn_app().await;
    let ana = learner(&app, "ana@example.com").await;
    let boss = admin(&app, "boss@example.com").await;

    for path in ["/admin", "/admin/users", "/admin/outbox", "/admin/audit"] {
        let visitor = app.browser().get(path).await;
        assert_eq!(visitor.status(), 303, "visitor on {path}");
        let location = visitor.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/login?next=%2Fadmin"), "{location}");

        let learner = ana.get(path).await;
        assert_eq!(learner.status(), 403, "learner on {path}");
        assert!(learner
            .text()
            .await
            .unwrap()
            .contains("You do not have access"));

        assert_eq!(boss.get(path).await.status(), 200, "admin on {path}");
    }
}

#[tokio::test]
async fn too_many_login_attempts_from_one_address_get_429_with_retry_after() {
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE", "3".into())],
        ..TestOptions::default()
    })
    .await;
    let browser = app.browser();
    for _ in 0..3 {
        assert_eq!(
            login(&browser, "ana@example.com", "wrong password here")
                .await
                .status(),
            422
        );
    }

    let refused = login(&browser, "ana@example.com", "wrong password here").await;

    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let page = browser
        .client
        .post(format!("{}/api/accounts/login", app.address))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .form(&[("email", "ana@example.com"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 429);
    assert!(page.headers().contains_key("retry-after"));
    assert!(
        page.text().await.unwrap().contains("Too many attempts"),
        "a readable page"
    );
}

#[tokio::test]
async fn repeated_failures_slow_an_account_down() {
    let app = spawn_app().await;
    learner(&app, "ana@example.com").await;
    let attacker = app.browser();
    for _ in 0..5 {
        assert_eq!(
            login(&attacker, "ana@example.com", "not the password")
                .await
                .status(),
            422
        );
    }

    let sixth = login(&attacker, "ana@example.com", PASSWORD).await;

    assert_eq!(
        sixth.status(),
        429,
        "even the right password waits its turn"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.login_failed'")
            .await,
        5
    );
}

#[tokio::test]
async fn an_unknown_email_runs_the_same_argon2_verification_as_a_wrong_password() {
    let app = spawn_app().await;
    learner(&app, "ana@example.com").await;
    let passwords = &app.accounts.passwords;

    let before = passwords.verifications();
    let wrong = login(&app.browser(), "ana@example.com", "not the password").await;
    let after_wrong = passwords.verifications();
    let unknown = login(&app.browser(), "nobody@example.com", "not the password").await;
    let after_unknown = passwords.verifications();

    assert_eq!(
        after_wrong - before,
        1,
        "a wrong password runs one verification"
    );
    assert_eq!(
        after_unknown - after_wrong,
        1,
        "an unknown email runs one too"
    );
    let wrong_body = wrong.text().await.unwrap();
    let unknown_body = unknown.text().await.unwrap();
    assert_eq!(
        wrong_body.replace("ana@example.com", "EMAIL"),
        unknown_body.replace("nobody@example.com", "EMAIL"),
        "the answers are the same"
    );
}

#[tokio::test]
async fn reset_tokens_work_once_and_expire() {
    let app = spawn_app().await;
    learner(&app, "ana@example.com").await;
    let other_session = login(&app.browser(), "ana@example.com", PASSWORD).await;
    assert!(other_session.status().as_u16() < 400);
    let visitor = app.browser();

    let response = visitor
        .post(
            "/api/accounts/forgot-password",
            &[("email", "ANA@example.com")],
        )
        .await;
    assert!(response.status().as_u16() < 400);
    let unknown = visitor
        .post(
            "/api/accounts/forgot-password",
            &[("email", "nobody@example.com")],
        )
        .await;
    assert_eq!(
        unknown.status(),
        response.status(),
        "same answer for unknown emails"
    );
    let token = token_in(&latest_email_to(&app, "ana@example.com").await);

    let reset = visitor
        .post(
            "/api/accounts/reset-password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert!(reset.status().as_u16() < 400, "{}", reset.status());
    let reused = visitor
        .post(
            "/api/accounts/reset-password",
            &[("token", &token), ("password", "another fine passphrase 9")],
        )
        .await;
    assert_eq!(reused.status(), 422, "a token works once");

    assert_eq!(
        login(&app.browser(), "ana@example.com", PASSWORD)
            .await
            .status(),
        422
    );
    assert!(
        login(&app.browser(), "ana@example.com", NEW_PASSWORD)
            .await
            .status()
            .as_u16()
            < 400
    );

    visitor
        .post(
            "/api/accounts/forgot-password",
            &[("email", "ana@example.com")],
        )
        .await;
    let late_token = token_in(&latest_email_to(&app, "ana@example.com").await);
    app.execute("UPDATE account_tokens SET expires_at = created_at WHERE used_at IS NULL")
        .await;
    let expired = visitor
        .post(
            "/api/accounts/reset-password",
            &[
                ("token", &late_token),
                ("password", "another fine passphrase 9"),
            ],
        )
        .await;
    assert_eq!(expired.status(), 422, "an expired token is refused");
}

#[tokio::test]
async fn verifying_an_email_takes_a_post_with_the_mailed_token() {
    let app = spawn_app().await;
    let ana = unconfirmed_learner(&app, "ana@example.com").await;
    let token = token_in(&latest_email_to(&app, "ana@example.com").await);

    let page = ana.get(&format!("/verify-email?token={token}")).await;
    assert_eq!(page.status(), 200);
    let unverified = "SELECT COUNT(*) FROM users WHERE email_verified_at IS NULL";
    assert_eq!(app.count(unverified).await, 1, "GET changes nothing");

    let response = ana
        .post("/api/accounts/verify-email", &[("token", &token)])
        .await;
    assert!(response.status().as_u16() < 400);
    assert_eq!(app.count(unverified).await, 0);
    assert_eq!(
        ana.post("/api/accounts/verify-email", &[("token", &token)])
            .await
            .status(),
        422
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    let laptop = learner(&app, "ana@example.com").await;
    let phone = app.browser();
    assert!(
        login(&phone, "ana@example.com", PASSWORD)
            .await
            .status()
            .as_u16()
            < 400
    );

    let wrong = laptop
        .post(
            "/api/accounts/change-password",
            &[("current_password", "nope"), ("new_password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let changed = laptop
        .post(
            "/api/accounts/change-password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert!(changed.status().as_u16() < 400, "{}", changed.status());

    assert_eq!(
        laptop.get("/account").await.status(),
        200,
        "this session continues"
    );
    assert_eq!(
        phone.get("/account").await.status(),
        303,
        "the other session ended"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_changed'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_role_change_is_audited_with_before_and_after_and_needs_a_fresh_sign_in() {
    let app = spawn_app().await;
    let ana = learner(&app, "ana@example.com").await;
    let boss = admin(&app, "boss@example.com").await;
    let ana_id = user_id(&app, "ana@example.com").await;

    let response = boss
        .post(
            "/api/admin/users/role",
            &[("user_id", &ana_id), ("role", "admin")],
        )
        .await;
    assert!(
        response.status().is_success() || response.status().as_u16() < 400,
        "{}",
        response.status()
    );

    let before = app
        .text("SELECT before_state FROM audit_log WHERE action = 'user.role_changed'")
        .await
        .unwrap();
    let after = app
        .text("SELECT after_state FROM audit_log WHERE action = 'user.role_changed'")
        .await
        .unwrap();
    assert!(before.contains("\"role\":\"learner\""), "{before}");
    assert!(after.contains("\"role\":\"admin\""), "{after}");
    assert!(!after.contains("argon2"), "no secrets in the audit log");
    assert_eq!(
        ana.get("/account").await.status(),
        303,
        "the old session ended"
    );
    let own = boss
        .post(
            "/api/admin/users/role",
            &[
                ("user_id", &user_id(&app, "boss@example.com").await),
                ("role", "learner"),
            ],
        )
        .await;
    assert_eq!(own.status(), 400, "an admin cannot demote themselves");
}

#[tokio::test]
async fn the_outbox_worker_delivers_to_the_local_mailbox_and_admins_can_read_it() {
    let app = spawn_app().await;
    learner(&app, "ana@example.com").await;
    let boss = admin(&app, "boss@example.com").await;

    let mut delivered = 0;
    for _ in 0..50 {
        delivered = app
            .count("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND delivered_via = 'local_mailbox'")
            .await;
        if delivered == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(delivered, 2);
    let page = boss.get("/admin/outbox?to=ana%40example.com").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Confirm your email for Kurso"), "{html}");
    assert!(
        !html.contains("boss@example.com</p>"),
        "filtered by recipient"
    );
}

#[tokio::test]
async fn session_cookies_are_http_only_and_lax_and_pages_carry_security_headers() {
    let app = spawn_app().await;
    let response = register(&app.browser(), "Ana Santos", "ana@example.com", PASSWORD).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("kurso_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let page = app.get("/login").await;
    let headers = page.headers().clone();
    let html = page.text().await.unwrap();
    let csp = headers["content-security-policy"].to_str().unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the header's nonce"
    );
    assert!(
        !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(headers.contains_key("permissions-policy"));
    assert!(
        !headers.contains_key("strict-transport-security"),
        "no HSTS over plain HTTP"
    );
}

#[tokio::test]
async fn behind_https_the_cookie_is_secure_host_prefixed_and_hsts_is_sent() {
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_PUBLIC_URL", "https://kurso.example.com".into())],
        ..TestOptions::default()
    })
    .await;

    // A page of the https site posts the form.
    let response = app
        .client
        .post(format!("{}/api/accounts/register", app.address))
        .header("origin", "https://kurso.example.com")
        .form(&[
            ("name", "Ana Santos"),
            ("email", "ana@example.com"),
            ("password", PASSWORD),
            ("accept_terms", "yes"),
        ])
        .send()
        .await
        .unwrap();

    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-kurso_session="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(response.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age="));
}

#[tokio::test]
async fn no_password_or_token_reaches_the_log() {
    let app = spawn_app().await;
    let ana = learner(&app, "ana@example.com").await;
    let verify_token = token_in(&latest_email_to(&app, "ana@example.com").await);
    ana.get(&format!("/verify-email?token={verify_token}"))
        .await;
    ana.post("/api/accounts/verify-email", &[("token", &verify_token)])
        .await;
    login(
        &app.browser(),
        "ana@example.com",
        "a wrong guess for the log test",
    )
    .await;
    app.browser()
        .post(
            "/api/accounts/forgot-password",
            &[("email", "ana@example.com")],
        )
        .await;
    let reset_token = token_in(&latest_email_to(&app, "ana@example.com").await);
    ana.get(&format!("/reset-password?token={reset_token}"))
        .await;
    ana.post(
        "/api/accounts/reset-password",
        &[("token", &reset_token), ("password", NEW_PASSWORD)],
    )
    .await;
    let cookie = ana.session_cookie().unwrap_or_default();

    let logs = captured_logs();

    assert!(logs.contains("request finished"), "the log was captured");
    for secret in [
        PASSWORD,
        NEW_PASSWORD,
        "a wrong guess for the log test",
        &verify_token,
        &reset_token,
    ] {
        assert!(!logs.contains(secret), "a secret reached the log");
    }
    assert!(
        cookie.is_empty() || !logs.contains(&cookie),
        "the session id reached the log"
    );
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime_however_active() {
    let hours_later = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let offset = hours_later.clone();
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_SESSION_LIFETIME_HOURS", "12".into())],
        clock: Clock::from_fn(move || {
            chrono::Utc::now()
                + chrono::Duration::hours(offset.load(std::sync::atomic::Ordering::SeqCst))
        }),
        ..TestOptions::default()
    })
    .await;
    let ana = learner(&app, "ana@example.com").await;

    hours_later.store(11, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        ana.get("/account").await.status(),
        200,
        "still inside the lifetime"
    );
    hours_later.store(12, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        ana.get("/account").await.status(),
        303,
        "past it, however recently used"
    );
}

#[tokio::test]
async fn behind_a_proxy_limits_and_the_audit_log_use_the_forwarded_client_address() {
    let app = spawn_app_with(TestOptions {
        env: vec![
            ("KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE", "2".into()),
            ("KURSO_CLIENT_IP_HEADER", "X-Forwarded-For".into()),
        ],
        ..TestOptions::default()
    })
    .await;
    let address = app.address.clone();
    let attempt = |client_ip: &'static str| {
        let browser = app.browser();
        let address = address.clone();
        async move {
            browser
                .client
                .post(format!("{address}/api/accounts/login"))
                .header("origin", &address)
                .header("x-forwarded-for", format!("6.6.6.6, {client_ip}"))
                .form(&[
                    ("email", "ana@example.com"),
                    ("password", "wrong password here"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };

    assert_eq!(attempt("203.0.113.1").await, 422);
    assert_eq!(attempt("203.0.113.1").await, 422);
    assert_eq!(attempt("203.0.113.1").await, 429);
    assert_eq!(
        attempt("203.0.113.2").await,
        422,
        "another client behind the same proxy is not blocked"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE ip_address = '203.0.113.2'")
            .await,
        1
    );
}
