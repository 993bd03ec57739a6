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
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM api_tokens WHERE secret_hash = '{secret}'"
        ))
        .await,
        0
    );
    let prefix = app.text("SELECT prefix FROM api_tokens").await.unwrap();
    assert!(secret.starts_with(&prefix) && prefix.len() < 20);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.created'")
            .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE after_state LIKE '%{}%'",
            &secret[6..20]
        ))
        .await,
        0
    );

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
    assert!(
        !crate::helpers::captured_logs().contains(&secret[6..]),
        "the secret never reaches the log"
    );
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
