//! Courses and runs written through the API on the real database: an admin's
//! token makes a draft course, publishes it with `If-Match` (and visitors
//! see it at once), schedules, moves and deletes runs, through the
//! dashboard's own rules and audit; each refusal has its status, type and
//! pointer: 422 for the request's own mistakes, 409 for what does not fit
//! what is stored, 412 for a stale `ETag`.

use serde_json::json;

use crate::accounts::admin;
use crate::api_client::{self, delete, get, patch, post};
use crate::enrollment::{enroll, insert_learners, run_with_capacity, seeded_app};
use crate::helpers::TestApp;

async fn token(app: &TestApp, scopes: &str) -> String {
    let registered = app
        .count("SELECT COUNT(*) FROM users WHERE email = 'schedule-sync@example.com'")
        .await;
    if registered == 0 {
        admin(app, "schedule-sync@example.com").await;
    }
    api_client::token(app, "schedule-sync@example.com", scopes).await
}

fn new_course(category_id: i64) -> serde_json::Value {
    json!({
        "title": "Terraform on Azure",
        "slug": "terraform-on-azure",
        "code": "TF-AZ",
        "summary": "Infrastructure as code for Azure, from the first plan to modules.",
        "description": "Two days of **labs**.\n\n- State\n- Modules",
        "duration_hours": 16,
        "level": "intermediate",
        "price_centavos": 2_400_000,
        "category_id": category_id
    })
}

#[tokio::test]
async fn an_admin_token_drafts_publishes_and_deletes_a_course() {
    let app = seeded_app().await;
    let bearer = token(&app, "catalog:write").await;
    let category = app.count("SELECT MIN(id) FROM categories").await;

    let made = post(&app, "/courses", &bearer, new_course(category)).await;
    assert_eq!(made.status, 201, "{}", made.json());
    assert_eq!(
        made.headers["location"].to_str().unwrap(),
        "/api/v1/courses/terraform-on-azure"
    );
    assert_eq!(made.json()["published"], false);
    assert_eq!(made.json()["code"], "TF-AZ");
    // A draft is not in the public catalog.
    let public = app.get("/api/v1/courses/terraform-on-azure").await;
    assert_eq!(public.status(), 404);

    // Publishing with the ETag of the answer; the same ETag again is stale.
    let published = patch(
        &app,
        "/courses/terraform-on-azure",
        &bearer,
        json!({"published": true, "price_centavos": 2_500_000}),
        &[("if-match", &made.etag())],
    )
    .await;
    assert_eq!(published.status, 200, "{}", published.json());
    assert_eq!(published.json()["price_centavos"], 2_500_000);
    assert_ne!(published.etag(), made.etag());
    let public = app.get("/api/v1/courses/terraform-on-azure").await;
    assert_eq!(public.status(), 200, "visitors see it at once");
    let stale = patch(
        &app,
        "/courses/terraform-on-azure",
        &bearer,
        json!({"featured": true}),
        &[("if-match", &made.etag())],
    )
    .await;
    assert_eq!(stale.status, 412);
    assert_eq!(stale.problem_type(), "precondition-failed");

    // Audited as the dashboard audits, with the address the request came from.
    assert_eq!(
        app.text(
            "SELECT ip_address FROM audit_log WHERE action = 'course.created' \
             AND actor_email = 'schedule-sync@example.com'"
        )
        .await
        .as_deref(),
        Some("127.0.0.1")
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('course.created', 'course.updated') \
             AND actor_email = 'schedule-sync@example.com'"
        )
        .await,
        2
    );

    let deleted = delete(
        &app,
        "/courses/terraform-on-azure",
        &bearer,
        &[("if-match", &published.etag())],
    )
    .await;
    assert_eq!(deleted.status, 204, "{}", deleted.json());
    let gone = delete(&app, "/courses/terraform-on-azure", &bearer, &[]).await;
    assert_eq!(gone.status, 404);
}

#[tokio::test]
async fn course_refusals_say_which_field_and_why() {
    let app = seeded_app().await;
    let bearer = token(&app, "catalog:write").await;
    let category = app.count("SELECT MIN(id) FROM categories").await;
    let taken_code = app
        .text("SELECT code FROM courses ORDER BY id LIMIT 1")
        .await
        .unwrap();

    for (body, status, kind, pointer) in [
        (
            json!({"title": " Terraform"}),
            422,
            "invalid-fields",
            "/title",
        ),
        (json!({"code": "tf-az"}), 422, "invalid-fields", "/code"),
        (
            json!({"duration_hours": 501}),
            422,
            "invalid-fields",
            "/duration_hours",
        ),
        (json!({"level": "expert"}), 422, "invalid-fields", "/level"),
        (json!({"code": taken_code}), 409, "already-exists", "/code"),
        (
            json!({"category_id": 999_999}),
            409,
            "unknown-reference",
            "/category_id",
        ),
    ] {
        let mut course = new_course(category);
        for (field, value) in body.as_object().unwrap() {
            course[field] = value.clone();
        }
        let refused = post(&app, "/courses", &bearer, course).await;
        assert_eq!(refused.status, status, "{body}: {}", refused.json());
        assert_eq!(refused.problem_type(), kind, "{body}");
        assert_eq!(refused.pointer(), pointer, "{body}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM courses WHERE slug = 'terraform-on-azure'")
            .await,
        0
    );

    // A course with runs is kept; a token without catalog:write changes nothing.
    let with_runs = app
        .text("SELECT c.slug FROM courses c JOIN course_runs r ON r.course_id = c.id LIMIT 1")
        .await
        .unwrap();
    let in_use = delete(&app, &format!("/courses/{with_runs}"), &bearer, &[]).await;
    assert_eq!(in_use.status, 409);
    assert_eq!(in_use.problem_type(), "in-use");
    let reader = token(&app, "catalog:read").await;
    let forbidden = post(&app, "/courses", &reader, new_course(category)).await;
    assert_eq!(forbidden.status, 403);
}

#[tokio::test]
async fn an_admin_token_schedules_moves_and_deletes_runs() {
    let app = seeded_app().await;
    let bearer = token(&app, "catalog:write").await;
    let (course, slug) = (
        app.count("SELECT MIN(id) FROM courses WHERE is_published = TRUE")
            .await,
        app.text("SELECT slug FROM courses WHERE id = (SELECT MIN(id) FROM courses WHERE is_published = TRUE)")
            .await
            .unwrap(),
    );
    let venue = app.count("SELECT MIN(id) FROM venues").await;
    let run = json!({
        "course_id": course, "starts_at": "2027-06-07T01:00:00Z", "ends_at": "2027-06-08T09:00:00Z",
        "mode": "in_person", "venue_id": venue, "capacity": 12, "min_to_run": 4
    });
    let made = post(&app, "/runs", &bearer, run.clone()).await;
    assert_eq!(made.status, 201, "{}", made.json());
    let id = made.json()["id"].as_i64().unwrap();
    assert_eq!(made.json()["status"], "scheduled");
    assert_eq!(made.json()["course_slug"], slug);
    let public = app.get(&format!("/api/v1/runs/{id}")).await;
    assert_eq!(public.status(), 200, "on the public schedule at once");

    // The request's own mistakes are 422, at the field.
    for (change, pointer) in [
        (json!({"ends_at": "2027-06-06T09:00:00Z"}), "/ends_at"),
        (json!({"mode": "online"}), "/venue_id"),
        (json!({"min_to_run": 13}), "/min_to_run"),
    ] {
        let mut body = run.clone();
        for (field, value) in change.as_object().unwrap() {
            body[field] = value.clone();
        }
        let refused = post(&app, "/runs", &bearer, body).await;
        assert_eq!(refused.status, 422, "{change}: {}", refused.json());
        assert_eq!(refused.pointer(), pointer, "{change}");
    }
    let unknown = post(
        &app,
        "/runs",
        &bearer,
        json!({"course_id": course, "starts_at": "2027-06-07T01:00:00Z", "ends_at": "2027-06-08T09:00:00Z",
               "mode": "in_person", "venue_id": 999_999, "capacity": 12, "min_to_run": 4}),
    )
    .await;
    assert_eq!(unknown.status, 409);
    assert_eq!(unknown.problem_type(), "unknown-reference");
    assert_eq!(unknown.pointer(), "/venue_id");

    // A change that does not fit the stored run (online, keeping its venue)
    // is 409; sent with the venue taken off, it is made.
    let member = format!("/runs/{id}");
    let misfit = patch(&app, &member, &bearer, json!({"mode": "online"}), &[]).await;
    assert_eq!(misfit.status, 409, "{}", misfit.json());
    assert_eq!(misfit.problem_type(), "does-not-fit");
    assert_eq!(misfit.pointer(), "/venue_id");
    let online = patch(
        &app,
        &member,
        &bearer,
        json!({"mode": "online", "venue_id": null, "starts_at": "2027-06-14T01:00:00Z",
               "ends_at": "2027-06-15T09:00:00Z"}),
        &[("if-match", &made.etag())],
    )
    .await;
    assert_eq!(online.status, 200, "{}", online.json());
    assert_eq!(online.json()["venue_id"], serde_json::Value::Null);
    assert_eq!(online.json()["starts_at"], "2027-06-14T01:00:00Z");
    let stale = delete(&app, &member, &bearer, &[("if-match", &made.etag())]).await;
    assert_eq!(stale.status, 412);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE target_type = 'course_run' AND target_id = '{id}'"
        ))
        .await,
        2,
        "created and updated, as the dashboard audits"
    );
    let deleted = delete(&app, &member, &bearer, &[("if-match", &online.etag())]).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(get(&app, &member, &bearer).await.status, 404);
}

#[tokio::test]
async fn a_run_with_places_keeps_its_seats_and_its_history() {
    let app = seeded_app().await;
    let bearer = token(&app, "catalog:write").await;
    let run = run_with_capacity(&app, 3).await;
    app.execute(&format!(
        "UPDATE course_runs SET min_to_run = 1 WHERE id = {run}"
    ))
    .await;
    for learner in insert_learners(&app, 2).await {
        enroll(&app.db, run, learner).await.expect("a seat");
    }
    let member = format!("/runs/{run}");
    let below = patch(&app, &member, &bearer, json!({"capacity": 1}), &[]).await;
    assert_eq!(below.status, 409, "{}", below.json());
    assert_eq!(below.problem_type(), "does-not-fit");
    assert_eq!(below.pointer(), "/capacity");
    let in_use = delete(&app, &member, &bearer, &[]).await;
    assert_eq!(in_use.status, 409);
    assert_eq!(in_use.problem_type(), "in-use");
    let cancelled = patch(&app, &member, &bearer, json!({"status": "cancelled"}), &[]).await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.json());
    assert_eq!(cancelled.json()["status"], "cancelled");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM enrollments WHERE run_id = {run} AND status = 'confirmed'"
        ))
        .await,
        2,
        "the places stay on record"
    );
}
