//! The API's enquiry routes on the real database: an admin's token reads the
//! inbox page by page while enquiries keep arriving, reads one with its
//! `ETag`, and moves it through the same workflow as the inbox page (status,
//! assignee; timeline and audit), with `If-Match` against lost updates;
//! refusals name the field; scopes are enforced.

use chrono::Utc;
use serde_json::{json, Value};

use crate::accounts::{admin, learner};
use crate::api_client::{get, patch, send, token};
use crate::enquiries::contact_app;
use crate::enquiry_inbox::send_enquiry;
use crate::helpers::TestApp;

/// An app whose contact form takes as many enquiries as a test sends.
async fn inbox_app() -> TestApp {
    contact_app(vec![("KURSO_ENQUIRIES_PER_IP_PER_HOUR", "100".to_owned())]).await
}

async fn enquiry_from(app: &TestApp, who: &str) -> i64 {
    send_enquiry(
        app,
        &format!("{who}@example.ph"),
        &format!("{who} asks about Kubernetes for twelve engineers."),
        Utc::now(),
    )
    .await
}

fn ids(page: &Value) -> Vec<i64> {
    page["data"]
        .as_array()
        .expect("a page")
        .iter()
        .map(|enquiry| enquiry["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn an_admin_token_reads_the_inbox_newest_first_page_by_page_while_enquiries_arrive() {
    let app = inbox_app().await;
    admin(&app, "crm@example.com").await;
    let bearer = token(&app, "crm@example.com", "enquiries:read").await;
    let first = enquiry_from(&app, "marisol").await;
    let second = enquiry_from(&app, "jomar").await;
    let third = enquiry_from(&app, "liza").await;

    let page = get(&app, "/enquiries?limit=2", &bearer).await;
    assert_eq!(page.status, 200, "{}", page.json());
    assert_eq!(ids(&page.json()), vec![third, second], "newest first");
    let one = &page.json()["data"][1];
    assert_eq!(one["email"], "jomar@example.ph", "personal data opened");
    assert_eq!(one["name"], "Marisol Dimaculangan");
    assert_eq!(one["status"], "new");
    assert_eq!(one["topic"], "course");
    assert_eq!(one["course"]["slug"], "kubernetes-administration");
    assert_eq!(one["spam_reason"], Value::Null);
    let link = page.headers["link"].to_str().unwrap().to_owned();
    assert!(link.contains("rel=\"next\""), "{link}");

    // Enquiries sent between pages come before the cursor: the next page
    // neither repeats one nor skips one.
    let fourth = enquiry_from(&app, "rafael").await;
    let cursor = page.json()["next_cursor"].as_str().unwrap().to_owned();
    let rest = get(
        &app,
        &format!("/enquiries?limit=2&cursor={cursor}"),
        &bearer,
    )
    .await;
    assert_eq!(rest.status, 200, "{}", rest.json());
    assert_eq!(ids(&rest.json()), vec![first]);
    assert_eq!(rest.json()["next_cursor"], Value::Null);
    let everything = get(&app, "/enquiries", &bearer).await;
    assert_eq!(ids(&everything.json()), vec![fourth, third, second, first]);

    // One enquiry, with an ETag that answers 304 while it holds.
    let one = get(&app, &format!("/enquiries/{second}"), &bearer).await;
    assert_eq!(one.status, 200);
    assert_eq!(
        one.json()["message"],
        "jomar asks about Kubernetes for twelve engineers."
    );
    let tag = one.headers["etag"].to_str().unwrap().to_owned();
    let again = send(
        &app,
        reqwest::Method::GET,
        &format!("/enquiries/{second}"),
        &bearer,
        None,
        &[("if-none-match", &tag)],
    )
    .await;
    assert_eq!(again.status, 304);

    // Filters, and parameters that are not valid.
    let none_closed = get(&app, "/enquiries?status=closed", &bearer).await;
    assert_eq!(ids(&none_closed.json()), Vec::<i64>::new());
    let new = get(&app, "/enquiries?status=new", &bearer).await;
    assert_eq!(ids(&new.json()).len(), 4);
    let future = get(
        &app,
        "/enquiries?updated_since=2999-01-01T00:00:00Z",
        &bearer,
    )
    .await;
    assert_eq!(ids(&future.json()), Vec::<i64>::new());
    let past = get(
        &app,
        "/enquiries?updated_since=2000-01-01T00:00:00Z",
        &bearer,
    )
    .await;
    assert_eq!(ids(&past.json()).len(), 4);
    for bad in [
        "/enquiries?status=open",
        "/enquiries?limit=0",
        "/enquiries?cursor=nonsense",
        "/enquiries?updated_since=yesterday",
        "/enquiries?colour=red",
        "/enquiries/abc",
    ] {
        let answer = get(&app, bad, &bearer).await;
        assert_eq!(answer.status, 400, "{bad}: {}", answer.json());
    }
    let missing = get(&app, "/enquiries/999999", &bearer).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.problem_type(), "not-found");
}

#[tokio::test]
async fn a_token_moves_an_enquiry_through_the_inbox_workflow_guarded_by_if_match() {
    let app = inbox_app().await;
    admin(&app, "crm@example.com").await;
    admin(&app, "sales.lead@example.com").await;
    learner(&app, "a.learner@example.com").await;
    let lead = app
        .count("SELECT id FROM users WHERE email = 'sales.lead@example.com'")
        .await;
    let a_learner = app
        .count("SELECT id FROM users WHERE email = 'a.learner@example.com'")
        .await;
    let bearer = token(&app, "crm@example.com", "enquiries:read enquiries:write").await;
    let id = enquiry_from(&app, "marisol").await;
    let path = format!("/enquiries/{id}");
    let read = get(&app, &path, &bearer).await;
    let tag = read.headers["etag"].to_str().unwrap().to_owned();

    let moved = patch(
        &app,
        &path,
        &bearer,
        json!({"status": "in_progress", "assignee_id": lead}),
        &[("if-match", &tag)],
    )
    .await;
    assert_eq!(moved.status, 200, "{}", moved.json());
    assert_eq!(moved.json()["status"], "in_progress");
    assert_eq!(moved.json()["assignee_id"], lead);
    assert_ne!(moved.headers["etag"].to_str().unwrap(), tag);
    // The same timeline lines and audit entries as the inbox page writes.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM enquiry_events WHERE enquiry_id = {id} AND kind IN ('status', 'assigned')"
        ))
        .await,
        2
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.actor_user_id \
             WHERE u.email = 'crm@example.com' \
             AND a.action IN ('enquiry.status_changed', 'enquiry.assigned')"
        )
        .await,
        2
    );

    // A change based on what it was before: 412, and nothing changes.
    let stale = patch(
        &app,
        &path,
        &bearer,
        json!({"status": "closed"}),
        &[("if-match", &tag)],
    )
    .await;
    assert_eq!(stale.status, 412, "{}", stale.json());
    assert_eq!(
        get(&app, &path, &bearer).await.json()["status"],
        "in_progress"
    );

    // `null` gives it to nobody; a field left out stays.
    let unassigned = patch(&app, &path, &bearer, json!({"assignee_id": null}), &[]).await;
    assert_eq!(unassigned.status, 200, "{}", unassigned.json());
    assert_eq!(unassigned.json()["assignee_id"], Value::Null);
    assert_eq!(unassigned.json()["status"], "in_progress");

    // Fields that are not valid name themselves, and change nothing.
    for (body, pointer) in [
        (json!({"status": "done"}), "/status"),
        (json!({"status": 3}), "/status"),
        (json!({"assignee_id": "Ana"}), "/assignee_id"),
        (json!({"colour": "red"}), "/colour"),
    ] {
        let refused = patch(&app, &path, &bearer, body.clone(), &[]).await;
        assert_eq!(refused.status, 422, "{body}: {}", refused.json());
        assert_eq!(refused.pointer(), pointer, "{body}");
    }
    // Someone who may not have it: 409, naming the field.
    for assignee in [a_learner, 999_999] {
        let refused = patch(&app, &path, &bearer, json!({"assignee_id": assignee}), &[]).await;
        assert_eq!(refused.status, 409, "{}", refused.json());
        assert_eq!(refused.problem_type(), "not-assignable");
        assert_eq!(refused.pointer(), "/assignee_id");
    }
    assert_eq!(
        get(&app, &path, &bearer).await.json()["assignee_id"],
        Value::Null
    );
    let missing = patch(
        &app,
        "/enquiries/999999",
        &bearer,
        json!({"status": "closed"}),
        &[],
    )
    .await;
    assert_eq!(missing.status, 404);
    let not_json = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &bearer,
        None,
        &[("content-type", "text/plain")],
    )
    .await;
    assert_eq!(not_json.status, 415);
}

#[tokio::test]
async fn the_inbox_needs_an_admins_token_with_the_enquiry_scopes() {
    let app = inbox_app().await;
    admin(&app, "crm@example.com").await;
    learner(&app, "a.learner@example.com").await;
    let id = enquiry_from(&app, "marisol").await;
    let path = format!("/enquiries/{id}");

    let reader = token(&app, "crm@example.com", "enquiries:read").await;
    assert_eq!(get(&app, &path, &reader).await.status, 200);
    let write = patch(&app, &path, &reader, json!({"status": "closed"}), &[]).await;
    assert_eq!(write.status, 403);
    assert_eq!(write.problem_type(), "missing-scope");

    let other = token(&app, "crm@example.com", "users:read").await;
    assert_eq!(get(&app, "/enquiries", &other).await.status, 403);

    // A learner's token cannot be given the enquiry scopes at all.
    let learners = token(&app, "a.learner@example.com", "me:read").await;
    assert_eq!(get(&app, "/enquiries", &learners).await.status, 403);
    assert_eq!(
        get(&app, "/enquiries", "Bearer kurso_nothing").await.status,
        401
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM enquiry_events WHERE enquiry_id = {id}"
        ))
        .await,
        0,
        "nothing changed"
    );
}
