//! API tokens: made by an admin at /admin/api-tokens (secret shown once,
//! stored as a hash, audited), sent as `Authorization: Bearer`, refused at
//! once when revoked or expired or when the owner is disabled, and limited to
//! their scopes (and to what the owner may still do).

use kurso::api::ApiTokenListing;
use serde_json::Value;

use crate::accounts::{admin, learner};
use crate::helpers::{spawn_app, Browser, TestApp};

async fn make_token(admin: &Browser, name: &str, scopes: &[&str]) -> String {
    let mut form: Vec<(String, String)> = vec![
        ("name".into(), name.into()),
        ("expires_in_days".into(), String::new()),
    ];
    form.extend(
        scopes
            .iter()
            .map(|scope| (format!("scopes[{scope}]"), "on".to_owned())),
    );
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = admin.post("/api/admin/api-tokens/create", &form).await;
    assert!(
        response.status().as_u16() < 400,
        "create token: {}",
        response.status()
    );
    listing(admin)
        .await
        .new_secret
        .expect("the new secret is shown once")
}

async fn listing(admin: &Browser) -> ApiTokenListing {
    let response = admin.post("/api/admin/api-tokens/list", &[]).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("token listing")
}

/// GET `path` with `Authorization: Bearer secret`: status and JSON body.
async fn get_with(
    app: &TestApp,
    path: &str,
    authorization: Option<&str>,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (
        status,
        response.json().await.unwrap_or(Value::Null),
        headers,
    )
}

async fn me(app: &TestApp, secret: &str) -> (u16, Value) {
    let (status, body, _) = get_with(app, "/api/v1/me", Some(&format!("Bearer {secret}"))).await;
    (status, body)
}

#[tokio::test]
async fn a_token_is_shown_once_works_until_revoked_and_is_stored_only_as_a_hash() {
    let app = spawn_app().await;
    let admin = admin(&app, "token-admin@example.com").await;
    let secret = make_token(&admin, "Acme HR sync", &["me_read", "users_read"]).await;
    assert!(
        secret.starts_with("kurso_") && secret.len() > 40,
        "{secret}"
    );
    assert_eq!(listing(&admin).await.new_secret, None, "shown only once");

    let (status, body) = me(&app, &secret).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["email"], "token-admin@example.com");
    assert_eq!(body["role"], "admin");
    assert_eq!(body["scopes"], serde_json::json!(["me:read", "users:read"]));

    // Only a hash and the first characters are kept; the audit log has no secret.
    // (Read back and compared here: SQL with the secret in it would be logged.)
    let stored = app
        .text("SELECT secret_hash FROM api_tokens")
        .await
        .unwrap();
    assert_eq!(stored.len(), 64, "a SHA-256 in hex");
    assert!(!stored.contains(&secret[6..]));
    let prefix = app.text("SELECT prefix FROM api_tokens").await.unwrap();
    assert!(secret.starts_with(&prefix) && prefix.len() < 20);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.created'")
            .await,
        1
    );
    let audited = app
        .text("SELECT after_state FROM audit_log WHERE action = 'api_token.created'")
        .await
        .unwrap();
    assert!(audited.contains("Acme HR sync") && !audited.contains(&secret[6..]));

    let token = &listing(&admin).await.tokens[0];
    assert_eq!(token.name, "Acme HR sync");
    assert!(
        token.last_used.contains("127.0.0.1"),
        "last use noted: {}",
        token.last_used
    );

    let response = admin
        .post(
            "/api/admin/api-tokens/revoke",
            &[("id", &token.id.to_string())],
        )
        .await;
    assert!(response.status().as_u16() < 400);
    let (status, body) = me(&app, &secret).await;
    assert_eq!(status, 401);
    assert_eq!(body["type"], "/api/docs#problem-invalid-token");
    assert!(body["detail"].as_str().unwrap().contains("revoked"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.revoked'")
            .await,
        1
    );
    let logs = crate::helpers::captured_logs();
    if let Some(at) = logs.find(&secret[6..]) {
        panic!(
            "the secret reached the log: {}",
            &logs[at.saturating_sub(600)..(at + 100).min(logs.len())]
        );
    }
    let again = admin
        .post(
            "/api/admin/api-tokens/revoke",
            &[("id", &token.id.to_string())],
        )
        .await;
    assert_eq!(again.status(), 409, "revoking twice says so");
}

#[tokio::test]
async fn requests_without_a_working_token_are_refused_with_what_to_fix() {
    let app = spawn_app().await;
    let admin = admin(&app, "token-admin@example.com").await;
    let secret = make_token(&admin, "Reader", &["users_read"]).await;

    let (status, body, headers) = get_with(&app, "/api/v1/me", None).await;
    assert_eq!(status, 401);
    assert_eq!(body["type"], "/api/docs#problem-unauthorized");
    assert_eq!(headers["www-authenticate"], "Bearer");
    for bad in [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer kurso_not-a-real-token",
        &format!("Bearer {secret}x"),
        &"x".repeat(500),
    ] {
        let (status, body, headers) = get_with(&app, "/api/v1/me", Some(bad)).await;
        assert_eq!(status, 401, "{bad}");
        assert_eq!(body["type"], "/api/docs#problem-invalid-token", "{bad}");
        assert!(headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token"));
    }

    let (status, body) = me(&app, &secret).await;
    assert_eq!(status, 403, "a token without me:read");
    assert_eq!(body["type"], "/api/docs#problem-missing-scope");
    assert!(body["detail"].as_str().unwrap().contains("me:read"));

    // A token that has expired, or whose owner was disabled, stops working.
    let expiring = make_token(&admin, "Expiring", &["me_read"]).await;
    assert_eq!(me(&app, &expiring).await.0, 200);
    app.execute("UPDATE api_tokens SET expires_at = created_at WHERE name = 'Expiring'")
        .await;
    let (status, body) = me(&app, &expiring).await;
    assert_eq!(status, 401);
    assert!(body["detail"].as_str().unwrap().contains("expired"));

    let other = make_token(&admin, "Other", &["me_read"]).await;
    app.execute(
        "UPDATE users SET disabled_at = created_at WHERE email = 'token-admin@example.com'",
    )
    .await;
    let (status, body) = me(&app, &other).await;
    assert_eq!(status, 401);
    assert!(body["detail"].as_str().unwrap().contains("disabled"));
}

#[tokio::test]
async fn a_token_does_no_more_than_its_owner_may() {
    let app = spawn_app().await;
    let admin = admin(&app, "token-admin@example.com").await;
    let secret = make_token(&admin, "Both", &["me_read", "users_read"]).await;
    app.execute("UPDATE users SET role = 'learner' WHERE email = 'token-admin@example.com'")
        .await;
    let (status, body) = me(&app, &secret).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["scopes"],
        serde_json::json!(["me:read"]),
        "an admin scope ends with the admin role"
    );

    let learner = learner(&app, "ana@example.com").await;
    let response = learner
        .post(
            "/api/admin/api-tokens/create",
            &[
                ("name", "Mine"),
                ("scopes[me_read]", "on"),
                ("expires_in_days", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let visitor = app.browser();
    assert_eq!(
        visitor
            .post("/api/admin/api-tokens/list", &[])
            .await
            .status(),
        401
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM api_tokens").await, 1);
}

#[tokio::test]
async fn the_token_form_names_each_mistake() {
    let app = spawn_app().await;
    let admin = admin(&app, "token-admin@example.com").await;
    for (form, field) in [
        (
            vec![
                ("name", "  "),
                ("scopes[me_read]", "on"),
                ("expires_in_days", ""),
            ],
            "name",
        ),
        (
            vec![("name", "No scopes"), ("expires_in_days", "")],
            "scopes",
        ),
        (
            vec![
                ("name", "Bogus"),
                ("scopes[root]", "on"),
                ("expires_in_days", ""),
            ],
            "scopes",
        ),
        (
            vec![
                ("name", "Office only"),
                ("scopes[me_read]", "on"),
                ("expires_in_days", ""),
                ("allowed_networks", "10.0.0.0/33"),
            ],
            "allowed_networks",
        ),
        (
            vec![
                ("name", "Forever and a day"),
                ("scopes[me_read]", "on"),
                ("expires_in_days", "36500"),
            ],
            "expires_in_days",
        ),
    ] {
        let response = admin.post("/api/admin/api-tokens/create", &form).await;
        assert_eq!(response.status(), 422, "{form:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains(field), "{field} named in {body}");
    }
    let long = "x".repeat(101);
    let response = admin
        .post(
            "/api/admin/api-tokens/create",
            &[
                ("name", &long),
                ("scopes[me_read]", "on"),
                ("expires_in_days", "30"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM api_tokens").await, 0);

    let response = admin
        .post(
            "/api/admin/api-tokens/create",
            &[
                ("name", "Thirty days"),
                ("scopes[me_read]", "on"),
                ("expires_in_days", "30"),
            ],
        )
        .await;
    assert!(response.status().as_u16() < 400);
    let listing = listing(&admin).await;
    let secret = listing.new_secret.expect("shown once");
    assert_eq!(me(&app, &secret).await.0, 200);
    assert_ne!(listing.tokens[0].expires, "Never");
}

#[tokio::test]
async fn an_admin_token_reads_users_and_the_audit_log_page_by_page() {
    let app = spawn_app().await;
    let admin = admin(&app, "token-admin@example.com").await;
    for n in 0..3 {
        learner(&app, &format!("learner{n}@example.com")).await;
    }
    let secret = make_token(&admin, "People", &["users_read", "audit_read"]).await;
    let bearer = format!("Bearer {secret}");

    let users = every_page(&app, "/api/v1/users?limit=2", &bearer).await;
    let emails: Vec<&str> = users
        .iter()
        .map(|user| user["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        [
            "token-admin@example.com",
            "learner0@example.com",
            "learner1@example.com",
            "learner2@example.com"
        ],
        "each account once, oldest first"
    );
    assert!(users.iter().all(|user| user.get("password_hash").is_none()));
    let admins = every_page(&app, "/api/v1/users?role=admin", &bearer).await;
    assert_eq!(admins.len(), 1);
    assert_eq!(admins[0]["role"], "admin");

    let entries = every_page(&app, "/api/v1/audit-log?limit=3", &bearer).await;
    let total = app.count("SELECT COUNT(*) FROM audit_log").await;
    assert_eq!(entries.len() as i64, total, "every entry once");
    let ids: std::collections::HashSet<i64> = entries
        .iter()
        .map(|entry| entry["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len() as i64, total);
    let times: Vec<&str> = entries
        .iter()
        .map(|entry| entry["occurred_at"].as_str().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );
    let created = every_page(&app, "/api/v1/audit-log?action=api_token.created", &bearer).await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["after"]["name"], "People");
    assert_eq!(created[0]["actor"], "token-admin@example.com");

    let (status, body, _) = get_with(&app, "/api/v1/me/enrollments", Some(&bearer)).await;
    assert_eq!(status, 403, "no me:read on this token: {body}");
}

#[tokio::test]
async fn a_learner_token_reads_only_the_learners_own_places() {
    let app = crate::catalog::seeded_app_with(Vec::new()).await;
    let ana = learner(&app, "ana@example.com").await;
    let ben = learner(&app, "ben@example.com").await;
    let run = crate::enrollment::run_with_capacity(&app, 10).await;
    assert!(crate::enrollment::enroll_over_http(&ana, run, false)
        .await
        .status()
        .is_success());
    assert!(crate::enrollment::enroll_over_http(&ben, run, false)
        .await
        .status()
        .is_success());

    let now = app.state.clock.now();
    let issued = kurso::api::tokens::issue_from_command_line(
        &app.db,
        "ana@example.com",
        "Mine",
        "me:read",
        None,
        now,
    )
    .await
    .expect("a learner may hold me:read");
    let bearer = format!("Bearer {}", issued.expose());
    let places = every_page(&app, "/api/v1/me/enrollments?limit=1", &bearer).await;
    assert_eq!(places.len(), 1, "Ana's place only");
    assert_eq!(places[0]["status"], "confirmed");
    assert_eq!(places[0]["run"]["id"], run);

    let refused = kurso::api::tokens::issue_from_command_line(
        &app.db,
        "ana@example.com",
        "More",
        "users:read",
        None,
        now,
    )
    .await;
    assert!(refused.is_err(), "a learner cannot be given an admin scope");
    let (status, _, _) = get_with(&app, "/api/v1/users", Some(&bearer)).await;
    assert_eq!(status, 403);
}

/// Every item of a token route's collection, following `next_cursor`.
async fn every_page(app: &TestApp, first: &str, bearer: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut path = first.to_owned();
    loop {
        let (status, body, _) = get_with(app, &path, Some(bearer)).await;
        assert_eq!(status, 200, "{path}: {body}");
        items.extend(body["data"].as_array().expect("data").iter().cloned());
        match body["next_cursor"].as_str() {
            Some(cursor) => {
                let separator = if first.contains('?') { '&' } else { '?' };
                path = format!("{first}{separator}cursor={cursor}");
            }
            None => return items,
        }
        assert!(items.len() < 10_000, "paging does not end");
    }
}

async fn my_listing(learner: &Browser) -> ApiTokenListing {
    let response = learner.post("/api/account/api-tokens/list", &[]).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("token listing")
}

#[tokio::test]
async fn a_learner_makes_a_personal_token_with_the_learner_scopes_only_and_revokes_only_their_own()
{
    let app = spawn_app().await;
    let ana = learner(&app, "ana@example.com").await;
    let ben = learner(&app, "ben@example.com").await;

    // An admin's scope is not the learner's to give.
    let refused = ana
        .post(
            "/api/account/api-tokens/create",
            &[
                ("name", "My script"),
                ("scopes[users_read]", "on"),
                ("expires_in_days", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM api_tokens").await, 0);

    let made = ana
        .post(
            "/api/account/api-tokens/create",
            &[
                ("name", "My calendar script"),
                ("scopes[me_read]", "on"),
                ("scopes[enrollments_write]", "on"),
                ("expires_in_days", "90"),
            ],
        )
        .await;
    assert!(made.status().as_u16() < 400, "{}", made.status());
    let listing = my_listing(&ana).await;
    let secret = listing.new_secret.expect("shown once");
    assert_eq!(listing.tokens.len(), 1);
    assert_eq!(listing.tokens[0].scopes, ["me:read", "enrollments:write"]);
    assert_eq!(my_listing(&ana).await.new_secret, None);

    let (status, body) = me(&app, &secret).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["email"], "ana@example.com");

    // Another learner sees none of it and cannot revoke it.
    assert!(my_listing(&ben).await.tokens.is_empty());
    let id = listing.tokens[0].id.to_string();
    let theirs = ben
        .post("/api/account/api-tokens/revoke", &[("id", id.as_str())])
        .await;
    assert_eq!(theirs.status(), 409);
    assert_eq!(me(&app, &secret).await.0, 200, "still works");

    let revoked = ana
        .post("/api/account/api-tokens/revoke", &[("id", id.as_str())])
        .await;
    assert!(revoked.status().as_u16() < 400);
    assert_eq!(me(&app, &secret).await.0, 401);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('api_token.created', 'api_token.revoked')")
            .await,
        2
    );
}

#[tokio::test]
async fn each_token_has_its_own_allowance_and_is_told_where_it_stands() {
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        env: vec![("KURSO_API_REQUESTS_PER_MINUTE", "3".to_owned())],
        ..crate::helpers::TestOptions::default()
    })
    .await;
    let admin = admin(&app, "token-admin@example.com").await;
    let busy = make_token(&admin, "Busy sync", &["me_read"]).await;
    let calm = make_token(&admin, "Calm sync", &["me_read"]).await;
    let bearer = format!("Bearer {busy}");

    for remaining in ["2", "1", "0"] {
        let (status, _, headers) = get_with(&app, "/api/v1/me", Some(&bearer)).await;
        assert_eq!(status, 200);
        assert_eq!(headers["ratelimit-limit"], "3");
        assert_eq!(headers["ratelimit-remaining"], remaining);
        let reset: u64 = headers["ratelimit-reset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&reset), "{reset}");
    }
    let (status, body, headers) = get_with(&app, "/api/v1/me", Some(&bearer)).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["type"], "/api/docs#problem-rate-limited");
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&wait), "{wait}");
    assert_eq!(headers["ratelimit-remaining"], "0");

    // Another token, and the public routes, are not held back by it.
    let (status, _, headers) = get_with(&app, "/api/v1/me", Some(&format!("Bearer {calm}"))).await;
    assert_eq!(status, 200);
    assert_eq!(headers["ratelimit-remaining"], "2");
    let (status, _, headers) = get_with(&app, "/api/v1/runs", None).await;
    assert_eq!(status, 200);
    assert!(headers.get("ratelimit-limit").is_none());
}

/// Makes a token limited to `networks` through the admin's form.
async fn make_token_from(admin: &Browser, name: &str, networks: &str) -> String {
    let form = [
        ("name", name),
        ("scopes[me_read]", "on"),
        ("expires_in_days", ""),
        ("allowed_networks", networks),
    ];
    let response = admin.post("/api/admin/api-tokens/create", &form).await;
    assert!(response.status().as_u16() < 400, "{}", response.status());
    listing(admin).await.new_secret.expect("shown once")
}

#[tokio::test]
async fn a_token_limited_to_networks_is_refused_from_anywhere_else() {
    let app = spawn_app().await;
    let admin = admin(&app, "token-admin@example.com").await;
    // The test's requests come from 127.0.0.1.
    let elsewhere = make_token_from(&admin, "Acme office", "203.0.113.0/24, 2001:db8::/32").await;
    let here = make_token_from(&admin, "This machine", "127.0.0.1 ::1").await;
    let anywhere = make_token_from(&admin, "Anywhere", "").await;

    let (status, body, _) =
        get_with(&app, "/api/v1/me", Some(&format!("Bearer {elsewhere}"))).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["type"], "/api/docs#problem-address-not-allowed");
    assert!(
        body["detail"].as_str().unwrap().contains("127.0.0.1"),
        "{body}"
    );
    assert_eq!(me(&app, &here).await.0, 200);
    assert_eq!(me(&app, &anywhere).await.0, 200);

    // The list says where each works from; the audit log keeps it.
    let tokens = listing(&admin).await.tokens;
    let from = |name: &str| {
        tokens
            .iter()
            .find(|token| token.name == name)
            .map(|token| token.allowed_from.clone())
            .unwrap()
    };
    assert_eq!(from("Acme office"), "203.0.113.0/24, 2001:db8::/32");
    assert_eq!(from("This machine"), "127.0.0.1/32, ::1/128");
    assert_eq!(from("Anywhere"), "Anywhere");
    let audited = app
        .text("SELECT after_state FROM audit_log WHERE action = 'api_token.created' ORDER BY id LIMIT 1")
        .await
        .unwrap();
    assert!(audited.contains("203.0.113.0/24"), "{audited}");
}
