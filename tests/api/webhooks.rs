//! Webhooks end to end on the real database: an admin registers an endpoint,
//! a learner's enrollment writes a delivery in its own transaction, a job
//! worker sends it signed, and a verifier written from the Standard Webhooks
//! description (not from Kurso's code) accepts it. A rolled-back change
//! sends nothing; a failing receiver is retried on the schedule, then
//! disabled with an email to the admins; private addresses are refused.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use kurso::admin::webhooks::model::{DeliveryState, WebhookDetail};
use kurso::audit::Actor;
use kurso::catalog::seed::seed_demo_catalog;
use kurso::jobs::{Handlers, Worker};
use sha2::Sha256;

use crate::accounts::{admin, learner, login, PASSWORD};
use crate::enrollment::{enroll_over_http, run_with_capacity};
use crate::helpers::{spawn_app_with, Browser, TestApp, TestOptions};
use crate::jobs::HandClock;

/// What a receiver got: the headers and the exact body bytes.
#[derive(Clone, Debug)]
struct Received {
    headers: HeaderMap,
    body: String,
}

/// A receiver on 127.0.0.1 that keeps every request and answers `status`.
#[derive(Clone)]
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(status: StatusCode) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let router = Router::new()
            .route(
                "/hook",
                post(
                    |State((kept, status)): State<(Arc<Mutex<Vec<Received>>>, StatusCode)>,
                     headers: HeaderMap,
                     body: String| async move {
                        kept.lock().unwrap().push(Received { headers, body });
                        (status, "thanks from the receiver")
                    },
                ),
            )
            .with_state((received.clone(), status));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { url, received }
    }

    fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// The Standard Webhooks check, from its description: the secret is the
/// base64 after `whsec_`; the signed content is `id.timestamp.body`; the
/// header holds space-separated `v1,<base64 HMAC-SHA256>` signatures, any of
/// which may match; the timestamp must be within five minutes of now.
fn verify(secret: &str, received: &Received, now: i64) -> Result<(), String> {
    let header = |name: &str| {
        received
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .ok_or(format!("no {name} header"))
    };
    let id = header("webhook-id")?;
    let timestamp = header("webhook-timestamp")?;
    let seconds: i64 = timestamp.parse().map_err(|_| "timestamp is not a number")?;
    if (now - seconds).abs() > 300 {
        return Err(format!("timestamp {seconds} is too far from {now}"));
    }
    let key = BASE64
        .decode(
            secret
                .strip_prefix("whsec_")
                .ok_or("secret without whsec_")?,
        )
        .map_err(|_| "secret is not base64")?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.{}", received.body).as_bytes());
    let expected = format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()));
    let signatures = header("webhook-signature")?;
    if signatures.split(' ').any(|signature| signature == expected) {
        Ok(())
    } else {
        Err(format!("no signature matches in {signatures:?}"))
    }
}

/// A seeded app whose jobs the test runs by hand, on `clock`, sending to
/// private addresses when `allow_private` (the receiver is on 127.0.0.1).
async fn app(clock: &HandClock, allow_private: bool) -> TestApp {
    let app = spawn_app_with(TestOptions {
        clock: clock.clock(),
        env: vec![
            ("KURSO_JOB_WORKERS", "0".to_owned()),
            (
                "KURSO_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES",
                allow_private.to_string(),
            ),
        ],
        ..TestOptions::default()
    })
    .await;
    seed_demo_catalog(&app.db, clock.now(), chrono_tz::Asia::Manila)
        .await
        .expect("seed")
        .expect("an empty database gets the demo catalog");
    app
}

async fn run_jobs(app: &TestApp, clock: &HandClock) -> usize {
    let handlers = kurso::webhooks::delivery::handlers(app.state.clone(), Handlers::default());
    Worker::new(app.db.clone(), clock.clock(), handlers)
        .drain()
        .await
        .expect("jobs run")
}

/// Registers an endpoint through the admin's form; returns its id and the
/// signing secret the page shows once.
async fn register(admin: &Browser, url: &str, events: &[&str]) -> (i64, String) {
    let mut form = vec![
        ("url".to_owned(), url.to_owned()),
        ("description".to_owned(), "Acme HR".to_owned()),
    ];
    form.extend(
        events
            .iter()
            .map(|event| (format!("events[{event}]"), "on".to_owned())),
    );
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = admin.post("/api/admin/webhooks/create", &form).await;
    assert!(
        response.status().as_u16() < 400,
        "create: {}",
        response.status()
    );
    let id: i64 = response
        .headers()
        .get("location")
        .and_then(|location| location.to_str().ok())
        .and_then(|location| location.split('/').next_back())
        .and_then(|last| last.split('?').next())
        .and_then(|id| id.parse().ok())
        .expect("redirected to the endpoint's page");
    let detail = load(admin, id).await;
    (id, detail.new_secret.expect("the secret is shown once"))
}

async fn load(admin: &Browser, id: i64) -> WebhookDetail {
    let response = admin
        .post("/api/admin/webhooks/load", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("endpoint detail")
}

async fn learner_id(app: &TestApp, email: &str) -> i64 {
    app.count(&format!("SELECT id FROM users WHERE email = '{email}'"))
        .await
}

#[tokio::test]
async fn an_enrollment_is_delivered_signed_and_a_standard_verifier_accepts_it() {
    let clock = HandClock::new();
    let app = app(&clock, true).await;
    let receiver = Receiver::start(StatusCode::OK).await;
    let admin = admin(&app, "hooks-admin@example.com").await;
    let (endpoint, secret) = register(&admin, &receiver.url, &["enrollment_created"]).await;
    assert_eq!(load(&admin, endpoint).await.new_secret, None, "shown once");
    let sealed = app
        .count("SELECT COUNT(*) FROM webhook_endpoints WHERE length(secret_sealed) > 40")
        .await;
    assert_eq!(sealed, 1, "the secret is kept sealed, not empty");

    let run = run_with_capacity(&app, 5).await;
    let ana = learner(&app, "ana@example.com").await;
    assert!(enroll_over_http(&ana, run, false).await.status().as_u16() < 400);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'")
            .await,
        1,
        "the delivery is written with the enrollment"
    );
    assert_eq!(
        receiver.requests().len(),
        0,
        "nothing is sent before a worker runs"
    );

    assert!(run_jobs(&app, &clock).await >= 1);
    let requests = receiver.requests();
    assert_eq!(requests.len(), 1);
    verify(&secret, &requests[0], clock.now().timestamp()).expect("the signature verifies");
    let wrong = kurso::webhooks::signing::Secret::generate().expose();
    assert!(verify(&wrong, &requests[0], clock.now().timestamp()).is_err());
    let body: serde_json::Value = serde_json::from_str(&requests[0].body).unwrap();
    assert_eq!(body["type"], "enrollment.created");
    assert_eq!(
        body["data"]["enrollment"]["learner"]["email"],
        "ana@example.com"
    );
    assert_eq!(body["data"]["enrollment"]["run"]["id"], run);
    assert_eq!(body["data"]["enrollment"]["status"], "confirmed");
    assert_eq!(
        requests[0].headers["content-type"], "application/json",
        "{:?}",
        requests[0].headers
    );

    let detail = load(&admin, endpoint).await;
    let delivery = &detail.deliveries[0];
    assert_eq!(delivery.state, DeliveryState::Delivered);
    assert_eq!(delivery.attempts, 1);
    let answer = delivery.last_answer.as_deref().unwrap();
    assert!(answer.starts_with("HTTP 200 in "), "{answer}");
    assert_eq!(
        delivery.response_snippet.as_deref(),
        Some("thanks from the receiver")
    );

    // Resend: the same message id and bytes, signed again.
    let response = admin
        .post(
            "/api/admin/webhooks/resend",
            &[
                ("id", &endpoint.to_string()),
                ("delivery_id", &delivery.id.to_string()),
            ],
        )
        .await;
    assert!(
        response.status().as_u16() < 400,
        "resend: {}",
        response.status()
    );
    run_jobs(&app, &clock).await;
    let requests = receiver.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].body, requests[0].body);
    assert_eq!(
        requests[1].headers["webhook-id"],
        requests[0].headers["webhook-id"]
    );
    verify(&secret, &requests[1], clock.now().timestamp()).expect("the resend verifies");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('webhook.created', 'webhook.resent')"
        )
        .await,
        2
    );

    // Rotation: for a day both secrets sign, so either verifies.
    let response = admin
        .post(
            "/api/admin/webhooks/rotate",
            &[("id", &endpoint.to_string())],
        )
        .await;
    assert!(response.status().as_u16() < 400);
    let rotated = load(&admin, endpoint).await;
    let new_secret = rotated.new_secret.expect("the new secret is shown once");
    assert_ne!(new_secret, secret);
    assert!(rotated.previous_secret_until.is_some());
    let ben = learner(&app, "ben@example.com").await;
    assert!(enroll_over_http(&ben, run, false).await.status().as_u16() < 400);
    run_jobs(&app, &clock).await;
    let latest = receiver.requests().pop().unwrap();
    verify(&new_secret, &latest, clock.now().timestamp()).expect("the new secret verifies");
    verify(&secret, &latest, clock.now().timestamp()).expect("the old secret still verifies");
    clock.advance(Duration::from_secs(25 * 3600));
    let cara = learner(&app, "cara@example.com").await;
    assert!(enroll_over_http(&cara, run, false).await.status().as_u16() < 400);
    run_jobs(&app, &clock).await;
    let latest = receiver.requests().pop().unwrap();
    assert!(
        verify(&secret, &latest, clock.now().timestamp()).is_err(),
        "the old secret expired"
    );
    verify(&new_secret, &latest, clock.now().timestamp()).expect("the new secret verifies");

    let logs = crate::helpers::captured_logs();
    assert!(
        !logs.contains(&secret[6..]),
        "a signing secret reached the log"
    );
}

#[tokio::test]
async fn a_rolled_back_change_sends_nothing_and_unsubscribed_events_are_not_written() {
    let clock = HandClock::new();
    let app = app(&clock, true).await;
    let receiver = Receiver::start(StatusCode::OK).await;
    let admin = admin(&app, "hooks-admin@example.com").await;
    register(&admin, &receiver.url, &["enrollment_created"]).await;
    let run = run_with_capacity(&app, 5).await;
    learner(&app, "ana@example.com").await;
    let ana = learner_id(&app, "ana@example.com").await;

    let mut tx = app.db.begin().await.unwrap();
    kurso::enrollment::service::enroll(&app.state, &mut tx, run, ana, false, Actor::system())
        .await
        .expect("the enrollment is accepted");
    drop(tx); // rolled back, as when a later step of the change fails
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_deliveries").await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'webhook.send'")
            .await,
        0
    );
    run_jobs(&app, &clock).await;
    assert_eq!(receiver.requests().len(), 0);

    // The same change committed is written once; a cancellation, which the
    // endpoint did not subscribe to, is not.
    let mut tx = app.db.begin().await.unwrap();
    let (_, place) =
        kurso::enrollment::service::enroll(&app.state, &mut tx, run, ana, false, Actor::system())
            .await
            .expect("the enrollment is accepted");
    tx.commit().await.unwrap();
    let mut tx = app.db.begin().await.unwrap();
    kurso::enrollment::service::cancel(
        &app.state,
        &mut tx,
        place.id,
        kurso::enrollment::store::By::Admin,
    )
    .await
    .expect("an admin may cancel");
    tx.commit().await.unwrap();
    run_jobs(&app, &clock).await;
    let events: Vec<String> = receiver
        .requests()
        .iter()
        .map(|request| {
            serde_json::from_str::<serde_json::Value>(&request.body).unwrap()["type"].to_string()
        })
        .collect();
    assert_eq!(events, ["\"enrollment.created\""]);
}

#[tokio::test]
async fn a_failing_receiver_is_retried_for_three_days_then_disabled_and_admins_are_emailed() {
    let clock = HandClock::new();
    let app = app(&clock, true).await;
    let receiver = Receiver::start(StatusCode::INTERNAL_SERVER_ERROR).await;
    let admin = admin(&app, "hooks-admin@example.com").await;
    let (endpoint, _) = register(&admin, &receiver.url, &["enrollment_created"]).await;
    let run = run_with_capacity(&app, 5).await;
    let ana = learner(&app, "ana@example.com").await;
    assert!(enroll_over_http(&ana, run, false).await.status().as_u16() < 400);
    let first = clock.now();

    run_jobs(&app, &clock).await;
    assert_eq!(receiver.requests().len(), 1);
    let detail = load(&admin, endpoint).await;
    assert_eq!(detail.deliveries[0].state, DeliveryState::Pending);
    assert!(detail.deliveries[0].next_attempt.is_some());
    assert!(detail.deliveries[0]
        .last_answer
        .as_deref()
        .unwrap()
        .starts_with("HTTP 500"));

    // Nothing more before each wait is over; one more attempt after it.
    for (n, wait) in kurso::webhooks::delivery::RETRY_AFTER.iter().enumerate() {
        clock.advance(*wait - Duration::from_secs(1));
        run_jobs(&app, &clock).await;
        assert_eq!(
            receiver.requests().len(),
            n + 1,
            "too early for attempt {}",
            n + 2
        );
        clock.advance(Duration::from_secs(1));
        run_jobs(&app, &clock).await;
        assert_eq!(receiver.requests().len(), n + 2, "attempt {} is due", n + 2);
    }
    // Three days on, the admin's session is over: they sign in again.
    let admin = app.browser();
    assert!(
        login(&admin, "hooks-admin@example.com", PASSWORD)
            .await
            .status()
            .as_u16()
            < 400
    );
    let span = clock.now() - first;
    assert!(
        span < chrono::Duration::hours(72) && span > chrono::Duration::hours(70),
        "{span}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM webhook_attempts").await, 11);
    let detail = load(&admin, endpoint).await;
    assert_eq!(detail.deliveries[0].state, DeliveryState::Failed);
    assert!(
        detail.endpoint.disabled.is_some(),
        "the endpoint is disabled"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE subject = 'A webhook endpoint was disabled'")
            .await,
        1,
        "the admin is emailed"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'webhook.disabled'")
            .await,
        1
    );

    // Disabled: new events are not written for it; resending is refused.
    clock.advance(Duration::from_secs(3600));
    let ben = learner(&app, "ben@example.com").await;
    assert!(enroll_over_http(&ben, run, false).await.status().as_u16() < 400);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_deliveries").await,
        1
    );
    let response = admin
        .post(
            "/api/admin/webhooks/resend",
            &[
                ("id", &endpoint.to_string()),
                ("delivery_id", &detail.deliveries[0].id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 409);

    // Enabled again, a resend goes out with a fresh schedule.
    let response = admin
        .post(
            "/api/admin/webhooks/enable",
            &[("id", &endpoint.to_string()), ("enabled", "true")],
        )
        .await;
    assert!(response.status().as_u16() < 400);
    let response = admin
        .post(
            "/api/admin/webhooks/resend",
            &[
                ("id", &endpoint.to_string()),
                ("delivery_id", &detail.deliveries[0].id.to_string()),
            ],
        )
        .await;
    assert!(response.status().as_u16() < 400);
    run_jobs(&app, &clock).await;
    assert_eq!(receiver.requests().len(), 12);
    assert_eq!(
        load(&admin, endpoint).await.deliveries[0].state,
        DeliveryState::Pending
    );
}

#[tokio::test]
async fn webhooks_to_private_addresses_are_refused_when_registered_and_when_sent() {
    let clock = HandClock::new();
    let app = app(&clock, false).await;
    let receiver = Receiver::start(StatusCode::OK).await;
    let admin = admin(&app, "hooks-admin@example.com").await;

    for url in [
        receiver.url.as_str(),
        "http://localhost/hook",
        "http://169.254.169.254/latest",
    ] {
        let response = admin
            .post(
                "/api/admin/webhooks/create",
                &[("url", url), ("events[enrollment_created]", "on")],
            )
            .await;
        assert_eq!(response.status(), 422, "{url} accepted");
        let body = response.text().await.unwrap();
        assert!(body.contains("private, loopback or reserved"), "{body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM webhook_endpoints").await, 0);

    // Registered while private addresses were allowed, sent now they are not.
    let (endpoint, _) = register(
        &admin,
        "https://hr.example.com/kurso",
        &["enrollment_created"],
    )
    .await;
    app.execute(&format!(
        "UPDATE webhook_endpoints SET url = '{}' WHERE id = {endpoint}",
        receiver.url
    ))
    .await;
    let run = run_with_capacity(&app, 5).await;
    let ana = learner(&app, "ana@example.com").await;
    assert!(enroll_over_http(&ana, run, false).await.status().as_u16() < 400);
    run_jobs(&app, &clock).await;
    assert_eq!(
        receiver.requests().len(),
        0,
        "nothing reached the loopback receiver"
    );
    let answer = load(&admin, endpoint).await.deliveries[0]
        .last_answer
        .clone()
        .unwrap();
    assert!(
        answer.contains("127.0.0.1 is a private, loopback or reserved address"),
        "{answer}"
    );
}

fn run_form<'a>(
    id: &'a str,
    course_id: &'a str,
    capacity: &'a str,
    status: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("course_id", course_id),
        ("start_date", "2026-12-15"),
        ("start_time", "09:00"),
        ("end_date", "2026-12-16"),
        ("end_time", "17:00"),
        ("mode", "online"),
        ("venue_id", ""),
        ("trainer_id", ""),
        ("capacity", capacity),
        ("min_to_run", "1"),
        ("price_override", ""),
        ("status", status),
    ]
}

#[tokio::test]
async fn catalog_enrollment_and_enquiry_changes_each_send_their_event() {
    let clock = HandClock::new();
    let app = app(&clock, true).await;
    let receiver = Receiver::start(StatusCode::NO_CONTENT).await;
    let admin = admin(&app, "hooks-admin@example.com").await;
    let every_event: Vec<String> = kurso::webhooks::Event::ALL
        .iter()
        .map(|event| event.field_key())
        .collect();
    let every_event: Vec<&str> = every_event.iter().map(String::as_str).collect();
    register(&admin, &receiver.url, &every_event).await;

    let category = app
        .count("SELECT id FROM categories ORDER BY id LIMIT 1")
        .await
        .to_string();
    let course = admin
        .post(
            "/api/admin/catalog/course/save",
            &[
                ("id", "0"),
                ("title", "Webhook Design Lab"),
                ("slug", ""),
                ("code", "HOOK-LAB"),
                ("summary", "Signed events for integrators."),
                ("description", "Build receivers."),
                ("outline", "## Module 1"),
                ("prerequisites", ""),
                ("duration_hours", "8"),
                ("level", "intermediate"),
                ("price", "9,000"),
                ("category_id", &category),
                ("certification_name", ""),
                ("certification_vendor", ""),
                ("published", "yes"),
            ],
        )
        .await;
    assert!(
        course.status().as_u16() < 400,
        "course: {}",
        course.status()
    );
    let course_id = app
        .count("SELECT id FROM courses WHERE code = 'HOOK-LAB'")
        .await
        .to_string();
    let saved = admin
        .post(
            "/api/admin/catalog/run/save",
            &run_form("0", &course_id, "10", "scheduled"),
        )
        .await;
    assert!(saved.status().as_u16() < 400, "run: {}", saved.status());
    let run = app
        .count(&format!(
            "SELECT id FROM course_runs WHERE course_id = {course_id}"
        ))
        .await;
    let run_id = run.to_string();
    let ana = learner(&app, "ana@example.com").await;
    assert!(enroll_over_http(&ana, run, false).await.status().as_u16() < 400);
    let saved = admin
        .post(
            "/api/admin/catalog/run/save",
            &run_form(&run_id, &course_id, "12", "scheduled"),
        )
        .await;
    assert!(
        saved.status().as_u16() < 400,
        "run update: {}",
        saved.status()
    );
    let saved = admin
        .post(
            "/api/admin/catalog/run/save",
            &run_form(&run_id, &course_id, "12", "cancelled"),
        )
        .await;
    assert!(
        saved.status().as_u16() < 400,
        "run cancel: {}",
        saved.status()
    );
    let shown_at = (clock.now() - chrono::Duration::minutes(1))
        .timestamp_millis()
        .to_string();
    let sent = app
        .browser()
        .post(
            "/api/contact/enquiry",
            &[
                ("name", "Marisol Dimaculangan"),
                ("email", "marisol@example.ph"),
                ("phone", ""),
                ("company", "Visayas Software Guild"),
                ("topic", "private_team"),
                ("mode", "online"),
                (
                    "message",
                    "We would like a private run for twelve engineers.",
                ),
                ("consent", "yes"),
                ("website", ""),
                ("shown_at", &shown_at),
            ],
        )
        .await;
    assert!(sent.status().as_u16() < 400, "enquiry: {}", sent.status());

    run_jobs(&app, &clock).await;
    let events: Vec<serde_json::Value> = receiver
        .requests()
        .iter()
        .map(|request| serde_json::from_str(&request.body).unwrap())
        .collect();
    let mut types: Vec<&str> = events
        .iter()
        .map(|event| event["type"].as_str().unwrap())
        .collect();
    types.sort_unstable();
    assert_eq!(
        types,
        [
            "course.published",
            "enquiry.created",
            "enrollment.created",
            "run.cancelled",
            "run.created",
            "run.guaranteed",
            "run.updated",
        ]
    );
    let of = |kind: &str| events.iter().find(|event| event["type"] == kind).unwrap();
    assert_eq!(of("course.published")["data"]["course"]["code"], "HOOK-LAB");
    assert_eq!(of("run.created")["data"]["run"]["id"], run);
    assert_eq!(of("run.updated")["data"]["run"]["capacity"], 12);
    assert_eq!(of("run.guaranteed")["data"]["run"]["seats_confirmed"], 1);
    assert_eq!(
        of("enquiry.created")["data"]["enquiry"]["email"],
        "marisol@example.ph"
    );
}
