//! The inbox's workflow: an admin assigns an enquiry, notes, replies by email
//! and closes it, each step on the timeline and in the audit log without what
//! anybody wrote; bad input is refused; notes and replies are sealed like the
//! enquiry; old enquiries are erased by the retention job.

use chrono::{Duration, Utc};
use kurso::contact::{events, retention};
use kurso::crypto::DataKeys;

use crate::accounts::{admin, learner};
use crate::enquiries::contact_app;
use crate::helpers::{Browser, TestApp};

const EMAIL: &str = "marisol.dimaculangan@example.ph";
const NOTE: &str = "Marisol prefers a call after 3 PM; budget approved for twelve seats.";
const REPLY: &str = "Thank you, Marisol! We can run Kubernetes Administration in Cebu City on 9–10 March for your twelve developers.";

/// Sends an enquiry through the form, as a visitor whose form was shown a
/// minute before `now` (the app's clock); returns its id.
pub(crate) async fn send_enquiry(
    app: &TestApp,
    email: &str,
    message: &str,
    now: chrono::DateTime<Utc>,
) -> i64 {
    let shown_at = (now - Duration::minutes(1)).timestamp_millis().to_string();
    let sent = app
        .browser()
        .post(
            "/api/contact/enquiry",
            &[
                ("name", "Marisol Dimaculangan"),
                ("email", email),
                ("phone", ""),
                ("company", ""),
                ("topic", "course:kubernetes-administration"),
                ("mode", ""),
                ("message", message),
                ("consent", "yes"),
                ("website", ""),
                ("shown_at", &shown_at),
            ],
        )
        .await;
    assert!(sent.status().as_u16() < 400, "{}", sent.status());
    app.count("SELECT MAX(id) FROM enquiries").await
}

async fn sent(app: &TestApp) -> i64 {
    send_enquiry(
        app,
        EMAIL,
        "Can you run Kubernetes for twelve of us in March?",
        Utc::now(),
    )
    .await
}

async fn act(browser: &Browser, path: &str, form: &[(&str, &str)]) -> u16 {
    browser.post(path, form).await.status().as_u16()
}

#[tokio::test]
async fn an_admin_assigns_notes_replies_and_closes_an_enquiry_each_audited() {
    let app = contact_app(vec![]).await;
    let boss = admin(&app, "head.trainer@example.com").await;
    let boss_id = app
        .count("SELECT id FROM users WHERE email = 'head.trainer@example.com'")
        .await
        .to_string();
    let id = sent(&app).await.to_string();
    let outbox_before = app.count("SELECT COUNT(*) FROM outbox").await;

    assert!(
        act(
            &boss,
            "/api/admin/enquiry/assign",
            &[("id", &id), ("assignee", &boss_id)]
        )
        .await
            < 400
    );
    assert!(
        act(
            &boss,
            "/api/admin/enquiry/note",
            &[("id", &id), ("note", NOTE)]
        )
        .await
            < 400
    );
    assert!(
        act(
            &boss,
            "/api/admin/enquiry/reply",
            &[("id", &id), ("message", REPLY)]
        )
        .await
            < 400
    );
    assert_eq!(
        app.text(&format!("SELECT status FROM enquiries WHERE id = {id}"))
            .await
            .as_deref(),
        Some("answered"),
        "a reply answers a new enquiry"
    );
    assert!(
        act(
            &boss,
            "/api/admin/enquiry/status",
            &[("id", &id), ("status", "closed")]
        )
        .await
            < 400
    );

    // The reply went to the sender through the outbox, with the admin's words.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox").await,
        outbox_before + 1
    );
    let body = app
        .text(&format!("SELECT body_text FROM outbox WHERE recipient = '{EMAIL}' AND subject LIKE 'About your enquiry%'"))
        .await
        .expect("the reply email");
    assert!(body.contains(REPLY), "{body}");

    // The page shows the whole story, oldest first.
    let page = boss
        .get(&format!("/admin/enquiries/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let order = [
        "Received from the contact form",
        "Assigned to",
        "Note by",
        "Reply emailed by",
        "Status: New → Answered",
        "Status: Answered → Closed",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|text| {
            page.find(text)
                .unwrap_or_else(|| panic!("{text} on the timeline"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{positions:?}"
    );
    assert!(
        page.contains(NOTE) && page.contains("Marisol prefers"),
        "the note, opened"
    );

    // Audited with before and after, without anything anybody wrote.
    for action in [
        "enquiry.assigned",
        "enquiry.noted",
        "enquiry.replied",
        "enquiry.status_changed",
    ] {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND target_id = '{id}'"
            ))
            .await,
            1,
            "{action}"
        );
    }
    let change = app
        .text("SELECT after_state FROM audit_log WHERE action = 'enquiry.status_changed'")
        .await
        .unwrap();
    assert!(change.contains("closed"), "{change}");
    for action in ["enquiry.noted", "enquiry.replied"] {
        let entry = app
            .text(&format!("SELECT COALESCE(before_state, '') || after_state FROM audit_log WHERE action = '{action}'"))
            .await
            .unwrap();
        assert!(
            !entry.contains("Marisol") && !entry.contains("twelve"),
            "{action}: {entry}"
        );
    }
    // Notes and replies are sealed at rest.
    let stored = match app.db.backend() {
        kurso::db::Backend::Sqlite => app
            .text("SELECT group_concat(kind || detail || COALESCE(hex(body_sealed), ''), '|') FROM enquiry_events")
            .await,
        kurso::db::Backend::Postgres => app
            .text("SELECT string_agg(row_to_json(e)::text, '|') FROM enquiry_events e")
            .await,
    }
    .unwrap_or_default();
    assert!(stored.contains("reply"), "the table was read: {stored}");
    assert!(
        !stored.contains("Marisol") && !stored.contains("twelve"),
        "{stored}"
    );
}

#[tokio::test]
async fn bad_workflow_input_is_refused_and_changes_nothing() {
    let app = contact_app(vec![]).await;
    let boss = admin(&app, "head.trainer@example.com").await;
    let reader = learner(&app, "reader@example.com").await;
    let reader_id = app
        .count("SELECT id FROM users WHERE email = 'reader@example.com'")
        .await
        .to_string();
    let id = sent(&app).await.to_string();

    let refusals = [
        (
            "/api/admin/enquiry/note",
            vec![("id", id.as_str()), ("note", "   ")],
            422,
            "Write something first.",
        ),
        (
            "/api/admin/enquiry/reply",
            vec![("id", id.as_str()), ("message", "")],
            422,
            "Write something first.",
        ),
        (
            "/api/admin/enquiry/status",
            vec![("id", id.as_str()), ("status", "deleted")],
            422,
            "Choose one of the statuses.",
        ),
        (
            "/api/admin/enquiry/assign",
            vec![("id", id.as_str()), ("assignee", reader_id.as_str())],
            422,
            "Choose an admin.",
        ),
        (
            "/api/admin/enquiry/reply",
            vec![("id", "999999"), ("message", "Hello")],
            404,
            "",
        ),
    ];
    for (path, form, status, message) in refusals {
        let response = boss.post(path, &form).await;
        assert_eq!(response.status().as_u16(), status, "{path}");
        assert!(
            response.text().await.unwrap().contains(message),
            "{path}: {message}"
        );
    }
    let long = "x".repeat(5_001);
    assert_eq!(
        act(
            &boss,
            "/api/admin/enquiry/note",
            &[("id", &id), ("note", &long)]
        )
        .await,
        422
    );
    for caller in [&reader, &app.browser()] {
        for path in [
            "/api/admin/enquiry/note",
            "/api/admin/enquiry/reply",
            "/api/admin/enquiry/status",
            "/api/admin/enquiry/assign",
        ] {
            let status = act(
                caller,
                path,
                &[
                    ("id", &id),
                    ("note", "x"),
                    ("message", "x"),
                    ("status", "closed"),
                    ("assignee", ""),
                ],
            )
            .await;
            assert!(matches!(status, 401 | 403), "{path}: {status}");
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM enquiry_events").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'enquiry.%'")
            .await,
        0
    );
    assert_eq!(
        app.text(&format!("SELECT status FROM enquiries WHERE id = {id}"))
            .await
            .as_deref(),
        Some("new")
    );
}

#[tokio::test]
async fn rotating_the_data_key_reseals_notes_and_replies_too() {
    let old = DataKeys::generate();
    let app = contact_app(vec![("KURSO_DATA_KEY", old.clone())]).await;
    let boss = admin(&app, "head.trainer@example.com").await;
    let id = sent(&app).await;
    act(
        &boss,
        "/api/admin/enquiry/note",
        &[("id", &id.to_string()), ("note", NOTE)],
    )
    .await;

    let new = DataKeys::generate();
    let during = DataKeys::parse(&format!("2:{new},1:{old}")).unwrap();
    assert_eq!(events::reseal_all(&app.db, &during).await.unwrap(), 1);
    assert_eq!(
        events::reseal_all(&app.db, &during).await.unwrap(),
        0,
        "nothing left to do"
    );

    let after = DataKeys::parse(&format!("2:{new}")).unwrap();
    let timeline = events::timeline(&app.db, &after, id).await.unwrap();
    assert_eq!(
        timeline[0].body.as_deref(),
        Some(NOTE),
        "opens with the new key alone"
    );
    let old_only = DataKeys::parse(&old).unwrap();
    assert!(events::timeline(&app.db, &old_only, id).await.is_err());
}

#[tokio::test]
async fn enquiries_past_the_retention_period_are_erased_with_their_timelines() {
    let app = contact_app(vec![("KURSO_ENQUIRY_RETENTION_DAYS", "30".to_owned())]).await;
    let boss = admin(&app, "head.trainer@example.com").await;
    let old = sent(&app).await;
    let recent = sent(&app).await;
    act(
        &boss,
        "/api/admin/enquiry/note",
        &[("id", &old.to_string()), ("note", NOTE)],
    )
    .await;
    let long_ago = (Utc::now() - Duration::days(31)).to_rfc3339();
    app.execute(&format!(
        "UPDATE enquiries SET created_at = '{long_ago}' WHERE id = {old}"
    ))
    .await;

    assert_eq!(retention::erase_old_enquiries(&app.state).await.unwrap(), 1);
    assert_eq!(
        retention::erase_old_enquiries(&app.state).await.unwrap(),
        0,
        "run twice, erases once"
    );

    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM enquiries WHERE id = {old}"))
            .await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM enquiries WHERE id = {recent}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM enquiry_events").await,
        0,
        "its note went with it"
    );
    let audit = app
        .text("SELECT after_state FROM audit_log WHERE action = 'enquiries.erased'")
        .await
        .unwrap();
    assert!(
        audit.contains("\"erased\":1") && !audit.contains("Marisol"),
        "{audit}"
    );
    assert_eq!(
        boss.get(&format!("/admin/enquiries/{old}")).await.status(),
        404
    );
}
