//! The API's enrollment routes on the real database: enrolling by email (an
//! invited account when there is none), the roster, cancelling, moving and
//! attendance with `If-Match`; each refusal's problem type; JSON bodies that
//! do not fit; a learner's personal token limited to its owner; and
//! `Idempotency-Key`: a retry replays the first answer, and concurrent
//! retries take one seat.

use serde_json::{json, Value};

use crate::accounts::{admin, learner};
use crate::api_client::{get, post, send, token};
use crate::enrollment::{run_with_capacity, seeded_app};
use crate::enrollment_changes::two_runs_of_one_course;
use crate::helpers::TestApp;

async fn admin_token(app: &TestApp) -> String {
    admin(app, "hr-sync@example.com").await;
    token(
        app,
        "hr-sync@example.com",
        "enrollments:read enrollments:write",
    )
    .await
}

#[tokio::test]
async fn an_admin_token_enrolls_by_email_inviting_a_newcomer_and_reads_the_roster() {
    let app = seeded_app().await;
    let bearer = admin_token(&app).await;
    let run = run_with_capacity(&app, 1).await;
    let path = format!("/runs/{run}/enrollments");

    let made = post(
        &app,
        &path,
        &bearer,
        json!({"email": " Bea.Cruz@Example.com ", "name": "Bea Cruz"}),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.json());
    let place = made.json();
    assert_eq!(place["status"], "confirmed");
    assert_eq!(place["learner"]["email"], "bea.cruz@example.com");
    assert_eq!(place["run"]["id"], run);
    let location = made.headers["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/enrollments/{}", place["id"]));

    // The newcomer's account: unconfirmed, invited, and told about the seat.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'bea.cruz@example.com' AND email_verified_at IS NULL")
            .await,
        1
    );
    let subjects = app
        .count("SELECT COUNT(*) FROM outbox WHERE recipient = 'bea.cruz@example.com'")
        .await;
    assert_eq!(subjects, 2, "the invitation and the seat's confirmation");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.invited'")
            .await,
        1
    );

    // Read back at its address, with an ETag that gives 304.
    let read = get(&app, location.trim_start_matches("/api/v1"), &bearer).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.json(), place);
    let tag = read.headers["etag"].to_str().unwrap().to_owned();
    let again = send(
        &app,
        reqwest::Method::GET,
        location.trim_start_matches("/api/v1"),
        &bearer,
        None,
        &[("if-none-match", &tag)],
    )
    .await;
    assert_eq!(again.status, 304);

    // The same learner again, the full run, and its waitlist.
    let twice = post(
        &app,
        &path,
        &bearer,
        json!({"email": "bea.cruz@example.com"}),
    )
    .await;
    assert_eq!(
        (twice.status, twice.problem_type().as_str()),
        (409, "already-enrolled")
    );
    let full = post(&app, &path, &bearer, json!({"email": "carlo@example.com"})).await;
    assert_eq!(
        (full.status, full.problem_type().as_str()),
        (409, "run-full")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'carlo@example.com'")
            .await,
        0,
        "a refused enrollment makes no account"
    );
    let waiting = post(
        &app,
        &path,
        &bearer,
        json!({"email": "carlo@example.com", "waitlist": true}),
    )
    .await;
    assert_eq!(waiting.status, 201);
    assert_eq!(waiting.json()["status"], "waitlisted");
    assert_eq!(waiting.json()["waitlist_position"], 1);
    assert_eq!(
        waiting.json()["learner"]["name"],
        "carlo",
        "named after the email"
    );

    // The roster, two per page: each place once, in the order made.
    let first = get(&app, &format!("{path}?limit=1"), &bearer).await;
    assert_eq!(first.status, 200);
    let cursor = first.json()["next_cursor"].as_str().unwrap().to_owned();
    let second = get(&app, &format!("{path}?limit=1&cursor={cursor}"), &bearer).await;
    let emails: Vec<Value> = [first.json(), second.json()]
        .iter()
        .map(|page| page["data"][0]["learner"]["email"].clone())
        .collect();
    assert_eq!(
        emails,
        [json!("bea.cruz@example.com"), json!("carlo@example.com")]
    );
    assert!(second.json()["next_cursor"].is_null());
    let waiting_only = get(&app, &format!("{path}?status=waitlisted"), &bearer).await;
    assert_eq!(waiting_only.json()["data"].as_array().unwrap().len(), 1);
    let bad = get(&app, &format!("{path}?status=maybe"), &bearer).await;
    assert_eq!(bad.status, 400);
    let nowhere = get(&app, "/runs/999999/enrollments", &bearer).await;
    assert_eq!(nowhere.status, 404);
}

#[tokio::test]
async fn bodies_that_do_not_fit_get_415_400_or_422_naming_the_field() {
    let app = seeded_app().await;
    let bearer = admin_token(&app).await;
    let run = run_with_capacity(&app, 5).await;
    let path = format!("/runs/{run}/enrollments");

    let plain = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        None,
        &[("content-type", "text/plain")],
    )
    .await;
    assert_eq!(
        (plain.status, plain.problem_type().as_str()),
        (415, "unsupported-media-type")
    );

    let broken = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        Some(r#"{"email": "#),
        &[],
    )
    .await;
    assert_eq!(
        (broken.status, broken.problem_type().as_str()),
        (400, "malformed-body")
    );

    for (body, pointer) in [
        (json!({"name": "No Email"}), "/email"),
        (json!({"email": "not-an-email"}), "/email"),
        (json!({"email": 42}), "/email"),
        (json!({"email": "ana@example.com", "seats": 2}), "/seats"),
        (
            json!({"email": "ana@example.com", "waitlist": "yes"}),
            "/waitlist",
        ),
        (json!({"email": "ana@example.com", "name": "   "}), "/name"),
    ] {
        let answer = post(&app, &path, &bearer, body.clone()).await;
        assert_eq!(answer.status, 422, "{body}: {}", answer.json());
        assert_eq!(answer.problem_type(), "invalid-fields");
        assert_eq!(answer.json()["errors"][0]["pointer"], pointer, "{body}");
    }

    let huge = format!(
        r#"{{"email": "ana@example.com", "name": "{}"}}"#,
        "a".repeat(70_000)
    );
    let too_large = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        Some(&huge),
        &[],
    )
    .await;
    assert_eq!(too_large.status, 413);

    let unknown = post(
        &app,
        "/runs/999999/enrollments",
        &bearer,
        json!({"email": "ana@example.com"}),
    )
    .await;
    assert_eq!(
        (unknown.status, unknown.problem_type().as_str()),
        (404, "not-found")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM enrollments").await, 0);
}

#[tokio::test]
async fn cancelling_moving_and_attendance_follow_the_rules_and_if_match() {
    let app = seeded_app().await;
    let bearer = admin_token(&app).await;
    // Two runs of one course with room: the latest, and the one before it.
    let (from, to) = two_runs_of_one_course(&app, 5, 5).await;

    let first = post(
        &app,
        &format!("/runs/{from}/enrollments"),
        &bearer,
        json!({"email": "dani@example.com"}),
    )
    .await;
    let place = first.json()["id"].as_i64().unwrap();
    let moved = post(
        &app,
        &format!("/enrollments/{place}/transfer"),
        &bearer,
        json!({"run_id": to}),
    )
    .await;
    assert_eq!(moved.status, 201, "{}", moved.json());
    assert_eq!(moved.json()["run"]["id"], to);
    let new_place = moved.json()["id"].as_i64().unwrap();
    assert_eq!(
        get(&app, &format!("/enrollments/{place}"), &bearer)
            .await
            .json()["status"],
        "cancelled"
    );
    let back_again = post(
        &app,
        &format!("/enrollments/{new_place}/transfer"),
        &bearer,
        json!({"run_id": to}),
    )
    .await;
    assert_eq!(
        (back_again.status, back_again.problem_type().as_str()),
        (409, "change-not-allowed")
    );

    // Attendance waits for the start, then needs the ETag the change is based on.
    let path = format!("/enrollments/{new_place}");
    let attended = json!({"attended": true}).to_string();
    let early = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &bearer,
        Some(&attended),
        &[],
    )
    .await;
    assert_eq!(
        (early.status, early.problem_type().as_str()),
        (409, "change-not-allowed")
    );
    app.execute(&format!(
        "UPDATE course_runs SET starts_at = '2026-11-20T01:00:00+00:00' WHERE id = {to}"
    ))
    .await;
    let tag = get(&app, &path, &bearer).await.headers["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let stale = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &bearer,
        Some(&attended),
        &[("if-match", "\"stale\"")],
    )
    .await;
    assert_eq!(
        (stale.status, stale.problem_type().as_str()),
        (412, "precondition-failed")
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM enrollments WHERE id = {new_place} AND attended IS NOT NULL"
        ))
        .await,
        0
    );
    let marked = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &bearer,
        Some(&attended),
        &[("if-match", &tag)],
    )
    .await;
    assert_eq!(marked.status, 200, "{}", marked.json());
    assert_eq!(marked.json()["attended"], true);
    // The tag it was based on is now stale.
    let lost_update = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &bearer,
        Some(&json!({"attended": false}).to_string()),
        &[("if-match", &tag)],
    )
    .await;
    assert_eq!(lost_update.status, 412);
    assert_ne!(marked.headers["etag"].to_str().unwrap(), tag);

    let cancelled = post(
        &app,
        &format!("/enrollments/{new_place}/cancel"),
        &bearer,
        json!({}),
    )
    .await;
    assert_eq!(cancelled.status, 200);
    assert_eq!(cancelled.json()["status"], "cancelled");
    let twice = post(
        &app,
        &format!("/enrollments/{new_place}/cancel"),
        &bearer,
        json!({}),
    )
    .await;
    assert_eq!(twice.status, 404);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('enrollment.moved', 'enrollment.attendance', 'enrollment.cancelled')").await,
        3
    );
}

#[tokio::test]
async fn a_learners_personal_token_acts_for_its_owner_only() {
    let app = seeded_app().await;
    let run = run_with_capacity(&app, 5).await;
    learner(&app, "ela@example.com").await;
    let other = learner(&app, "fe@example.com").await;
    let bearer = token(&app, "ela@example.com", "me:read enrollments:write").await;
    let path = format!("/runs/{run}/enrollments");

    let someone_else = post(&app, &path, &bearer, json!({"email": "fe@example.com"})).await;
    assert_eq!(
        (someone_else.status, someone_else.problem_type().as_str()),
        (403, "owner-only")
    );
    let own = post(&app, &path, &bearer, json!({"email": "ela@example.com"})).await;
    assert_eq!(own.status, 201, "{}", own.json());
    let own_place = own.json()["id"].as_i64().unwrap();
    assert_eq!(
        get(&app, &format!("/enrollments/{own_place}"), &bearer)
            .await
            .status,
        200
    );

    // Another learner's place: not found for this token, whatever the route.
    crate::enrollment::enroll_over_http(&other, run, false).await;
    let theirs = app
        .count(&format!("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.email = 'fe@example.com' AND e.run_id = {run}"))
        .await;
    assert_eq!(
        get(&app, &format!("/enrollments/{theirs}"), &bearer)
            .await
            .status,
        404
    );
    assert_eq!(
        post(
            &app,
            &format!("/enrollments/{theirs}/cancel"),
            &bearer,
            json!({})
        )
        .await
        .status,
        404
    );
    assert_eq!(crate::enrollment::status(&app, theirs).await, "confirmed");

    // Admin routes stay closed.
    assert_eq!(
        get(&app, &path, &bearer).await.problem_type(),
        "missing-scope"
    );
    let attendance = send(
        &app,
        reqwest::Method::PATCH,
        &format!("/enrollments/{own_place}"),
        &bearer,
        Some(r#"{"attended": true}"#),
        &[],
    )
    .await;
    assert_eq!(
        (attendance.status, attendance.problem_type().as_str()),
        (403, "owner-only")
    );

    // The learner gives up their own seat through the API.
    let cancelled = post(
        &app,
        &format!("/enrollments/{own_place}/cancel"),
        &bearer,
        json!({}),
    )
    .await;
    assert_eq!(cancelled.status, 200);
}

#[tokio::test]
async fn an_idempotent_retry_replays_the_first_answer_and_concurrent_retries_take_one_seat() {
    let app = seeded_app().await;
    let bearer = admin_token(&app).await;
    let run = run_with_capacity(&app, 3).await;
    let path = format!("/runs/{run}/enrollments");
    let body = json!({"email": "gabo@example.com", "name": "Gabo Reyes"}).to_string();
    let key = "9b0d3c2e-enroll-gabo";

    // Ten copies of one request at once, as a client retrying in a hurry.
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let client = app.client.clone();
            let url = format!("{}/api/v1{path}", app.address);
            let (bearer, body) = (bearer.clone(), body.clone());
            tokio::spawn(async move {
                let response = client
                    .post(url)
                    .header("authorization", bearer)
                    .header("content-type", "application/json")
                    .header("idempotency-key", key)
                    .body(body)
                    .send()
                    .await
                    .expect("request sent");
                let status = response.status().as_u16();
                (status, response.bytes().await.expect("body").to_vec())
            })
        })
        .collect();
    let mut created = Vec::new();
    for task in tasks {
        let (status, bytes) = task.await.expect("request task");
        match status {
            201 => created.push(bytes),
            // The first is still running: the client is told to retry.
            409 => {
                let problem: Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(
                    problem["type"],
                    "/api/docs#problem-idempotency-key-in-progress"
                );
            }
            other => panic!("unexpected {other}: {}", String::from_utf8_lossy(&bytes)),
        }
    }
    assert!(!created.is_empty());
    assert!(
        created.windows(2).all(|pair| pair[0] == pair[1]),
        "every 201 is the same answer"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT seats_taken FROM course_runs WHERE id = {run}"
        ))
        .await,
        1,
        "one seat taken"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM enrollments").await, 1);

    // A retry afterwards: the first answer, byte for byte, marked as replayed.
    let retry = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        Some(&body),
        &[("idempotency-key", key)],
    )
    .await;
    assert_eq!(retry.status, 201);
    assert_eq!(retry.bytes, created[0]);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(
        retry.headers["location"],
        format!("/api/v1/enrollments/{}", retry.json()["id"])
    );

    // Without the key the rules answer: the learner already has the place.
    let without = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        Some(&body),
        &[],
    )
    .await;
    assert_eq!(without.problem_type(), "already-enrolled");
    // The same key for another request is refused, and changes nothing.
    let other_body = json!({"email": "hana@example.com"}).to_string();
    let reused = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        Some(&other_body),
        &[("idempotency-key", key)],
    )
    .await;
    assert_eq!(
        (reused.status, reused.problem_type().as_str()),
        (422, "idempotency-key-reused")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM enrollments").await, 1);

    // A refusal is an answer too: kept and replayed even once the seat is free.
    let full_run = app
        .count(&format!(
            "SELECT id FROM course_runs WHERE status = 'scheduled' AND id <> {run}
             ORDER BY starts_at DESC, id LIMIT 1"
        ))
        .await;
    app.execute(&format!(
        "UPDATE course_runs SET capacity = 1, seats_taken = 1 WHERE id = {full_run}"
    ))
    .await;
    let refusal_key = [("idempotency-key", "full-run-1")];
    let other_run_path = format!("/runs/{full_run}/enrollments");
    let first = send(
        &app,
        reqwest::Method::POST,
        &other_run_path,
        &bearer,
        Some(&other_body),
        &refusal_key,
    )
    .await;
    assert_eq!(first.problem_type(), "run-full");
    app.execute(&format!(
        "UPDATE course_runs SET capacity = 5 WHERE id = {full_run}"
    ))
    .await;
    let replayed = send(
        &app,
        reqwest::Method::POST,
        &other_run_path,
        &bearer,
        Some(&other_body),
        &refusal_key,
    )
    .await;
    assert_eq!(replayed.bytes, first.bytes);
    assert_eq!(replayed.status, 409);

    // Keys belong to the token: another token may use the same key.
    let second_bearer = token(&app, "hr-sync@example.com", "enrollments:write").await;
    let fresh = send(
        &app,
        reqwest::Method::POST,
        &other_run_path,
        &second_bearer,
        Some(&other_body),
        &refusal_key,
    )
    .await;
    assert_eq!(fresh.status, 201, "{}", fresh.json());

    // A key that is not one.
    let bad_key = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        Some(&body),
        &[("idempotency-key", "two words")],
    )
    .await;
    assert_eq!(
        (bad_key.status, bad_key.problem_type().as_str()),
        (400, "invalid-idempotency-key")
    );
}

#[tokio::test]
async fn a_kept_answer_expires_after_a_day() {
    let app = seeded_app().await;
    let bearer = admin_token(&app).await;
    // Full: one seat, taken (by someone outside this test).
    let run = run_with_capacity(&app, 1).await;
    app.execute(&format!(
        "UPDATE course_runs SET seats_taken = 1 WHERE id = {run}"
    ))
    .await;
    let path = format!("/runs/{run}/enrollments");
    let body = json!({"email": "ivan@example.com"}).to_string();
    let key = [("idempotency-key", "expiring-key")];
    let first = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        Some(&body),
        &key,
    )
    .await;
    assert_eq!(first.problem_type(), "run-full");
    app.execute("UPDATE api_idempotency_keys SET created_at = '2026-11-22T00:00:00+00:00'")
        .await;
    app.execute(&format!(
        "UPDATE course_runs SET capacity = 5 WHERE id = {run}"
    ))
    .await;
    let later = send(
        &app,
        reqwest::Method::POST,
        &path,
        &bearer,
        Some(&body),
        &key,
    )
    .await;
    assert_eq!(later.status, 201, "the key is new again: {}", later.json());
    assert!(later.headers.get("idempotent-replayed").is_none());
}
