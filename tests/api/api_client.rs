//! A program's side of the JSON API, for the API tests: a token made the way
//! `kurso create-api-token` makes one, and requests with it whose answers
//! keep their status, headers and exact bytes.

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

use crate::helpers::TestApp;

/// A token for the (existing) user with `email`: `Bearer kurso_…`.
pub(crate) async fn token(app: &TestApp, email: &str, scopes: &str) -> String {
    let secret = kurso::api::tokens::issue_from_command_line(
        &app.db,
        email,
        "Integration test",
        scopes,
        None,
        app.state.clock.now(),
    )
    .await
    .expect("token issued");
    format!("Bearer {}", secret.expose())
}

pub(crate) struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    /// The problem's `type` without the reference page's address.
    pub fn problem_type(&self) -> String {
        self.json()["type"]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("/api/docs#problem-")
            .to_owned()
    }

    /// The first invalid field's JSON pointer.
    pub fn pointer(&self) -> Value {
        self.json()["errors"][0]["pointer"].clone()
    }

    pub fn etag(&self) -> String {
        self.headers["etag"].to_str().unwrap().to_owned()
    }
}

/// `method` on `/api/v1{path}` with `bearer`, a JSON body when given, and
/// `extra` headers.
pub(crate) async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    bearer: &str,
    body: Option<&str>,
    extra: &[(&str, &str)],
) -> Answer {
    let mut request = app
        .client
        .request(method, format!("{}/api/v1{path}", app.address))
        .header("authorization", bearer);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request sent");
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        bytes: response.bytes().await.expect("body").to_vec(),
    }
}

pub(crate) async fn get(app: &TestApp, path: &str, bearer: &str) -> Answer {
    send(app, Method::GET, path, bearer, None, &[]).await
}

pub(crate) async fn post(app: &TestApp, path: &str, bearer: &str, body: Value) -> Answer {
    send(
        app,
        Method::POST,
        path,
        bearer,
        Some(&body.to_string()),
        &[],
    )
    .await
}

pub(crate) async fn patch(
    app: &TestApp,
    path: &str,
    bearer: &str,
    body: Value,
    extra: &[(&str, &str)],
) -> Answer {
    let body = body.to_string();
    send(app, Method::PATCH, path, bearer, Some(&body), extra).await
}

pub(crate) async fn delete(
    app: &TestApp,
    path: &str,
    bearer: &str,
    extra: &[(&str, &str)],
) -> Answer {
    send(app, Method::DELETE, path, bearer, None, extra).await
}
