//! A learner's data rights: the export holds their rows and nobody else's;
//! deleting the account erases what identifies them, ends their sessions and
//! keeps every run's counts true.

use crate::accounts::{admin, learner, login, PASSWORD};
use crate::catalog::now;
use crate::enquiry_inbox::send_enquiry;
use crate::enrollment::{enroll_over_http, run_with_capacity, seeded_app};
use crate::helpers::{Browser, TestApp};

const ANA: &str = "ana.export@example.com";
const BEN: &str = "ben.other@example.com";

async fn enrolled(browser: &Browser, run_id: i64, waitlist: bool) {
    let response = enroll_over_http(browser, run_id, waitlist).await;
    assert!(response.status().as_u16() < 400, "{}", response.status());
}

#[tokio::test]
async fn the_export_holds_the_learners_rows_and_nobody_elses() {
    let app = seeded_app().await;
    let run_id = run_with_capacity(&app, 1).await;
    let ana = learner(&app, ANA).await;
    let ben = learner(&app, BEN).await;
    enrolled(&ben, run_id, false).await;
    enrolled(&ana, run_id, true).await;
    send_enquiry(
        &app,
        ANA,
        "Do you run the course on weekends for working people?",
        now(),
    )
    .await;
    send_enquiry(
        &app,
        BEN,
        "Ben's own question about group prices for his team.",
        now(),
    )
    .await;

    let response = ana.get("/account/data.json").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    assert!(response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    let text = response.text().await.unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).expect("JSON");

    assert_eq!(data["account"]["email"], ANA);
    assert_eq!(
        data["waitlist_places"].as_array().unwrap().len(),
        1,
        "{text}"
    );
    assert_eq!(data["waitlist_places"][0]["status"], "waitlisted");
    assert_eq!(data["waitlist_places"][0]["waitlist_position"], 1);
    assert_eq!(data["enquiries"].as_array().unwrap().len(), 1);
    assert_eq!(data["enquiries"][0]["status"], "new");
    assert!(
        text.contains("weekends for working people"),
        "the enquiry, opened"
    );
    assert!(
        data["audit_entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["action"] == "user.registered"),
        "{text}"
    );
    assert!(
        !text.contains("ben") && !text.contains("Ben"),
        "nobody else's rows: {text}"
    );
    assert!(!text.contains("argon2"), "no password hash");

    let anonymous = app.browser().get("/account/data.json").await;
    assert!(
        anonymous.status().is_redirection(),
        "{}",
        anonymous.status()
    );
    assert!(anonymous.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/login"));
}

#[tokio::test]
async fn deleting_an_account_erases_the_person_and_keeps_the_runs_counts() {
    let app = seeded_app().await;
    let full_run = run_with_capacity(&app, 2).await;
    let ana = learner(&app, ANA).await;
    let ben = learner(&app, BEN).await;
    let cara = learner(&app, "cara@example.com").await;
    enrolled(&ana, full_run, false).await;
    enrolled(&ben, full_run, false).await;
    enrolled(&cara, full_run, true).await;
    // Ana also waits for a seat on another full run.
    let other_run = app
        .count(&format!(
            "SELECT id FROM course_runs WHERE status = 'scheduled' AND id <> {full_run} ORDER BY starts_at DESC LIMIT 1"
        ))
        .await;
    app.execute(&format!(
        "UPDATE course_runs SET capacity = 1, seats_taken = 1 WHERE id = {other_run}"
    ))
    .await;
    enrolled(&ana, other_run, true).await;
    send_enquiry(&app, ANA, "Please call me about a private class.", now()).await;
    let ana_id = app
        .count(&format!("SELECT id FROM users WHERE email = '{ANA}'"))
        .await;
    let seats = |run: i64| format!("SELECT seats_taken FROM course_runs WHERE id = {run}");
    let seats_before = app.count(&seats(full_run)).await;

    let wrong = ana
        .post(
            "/api/privacy/delete-account",
            &[("password", "not my password at all")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong
        .text()
        .await
        .unwrap()
        .contains("That is not your password."));
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM users WHERE email = '{ANA}'"))
            .await,
        1
    );

    let deleted = ana
        .post("/api/privacy/delete-account", &[("password", PASSWORD)])
        .await;
    assert!(deleted.status().as_u16() < 400, "{}", deleted.status());

    // The person is gone; the row that keeps the roster true is anonymous.
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM users WHERE email = '{ANA}'"))
            .await,
        0
    );
    assert_eq!(
        app.text(&format!(
            "SELECT email || ' ' || name FROM users WHERE id = {ana_id}"
        ))
        .await
        .as_deref(),
        Some(format!("deleted-{ana_id}@kurso.invalid Deleted account").as_str())
    );
    assert_eq!(
        app.count(&seats(full_run)).await,
        seats_before,
        "the run's count stays true"
    );
    assert_eq!(
        app.text(&format!(
            "SELECT status FROM enrollments WHERE user_id = {ana_id} AND run_id = {full_run}"
        ))
        .await
        .as_deref(),
        Some("confirmed")
    );
    assert_eq!(
        app.text(&format!(
            "SELECT status FROM enrollments WHERE user_id = {ana_id} AND run_id = {other_run}"
        ))
        .await
        .as_deref(),
        Some("cancelled"),
        "a waitlist place is given up"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM enquiries").await,
        0,
        "her enquiry is erased"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM outbox WHERE recipient = '{ANA}'"
        ))
        .await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE (actor_user_id = {ana_id} OR target_id = '{ana_id}') AND (actor_email IS NOT NULL OR ip_address IS NOT NULL)"
        ))
        .await,
        0,
        "the audit keeps what happened, not who"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.deleted'")
            .await,
        1
    );

    // Her session ended, and her address and password open nothing.
    assert!(ana.get("/account").await.status().is_redirection());
    let again = login(&app.browser(), ANA, PASSWORD).await;
    assert!(again.status().as_u16() >= 400, "{}", again.status());

    // The roster shows an anonymous place, and others are untouched.
    let boss = admin(&app, "boss@example.com").await;
    let roster = boss
        .get(&format!("/admin/runs/{full_run}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        roster.contains("Deleted account") && roster.contains(BEN),
        "{roster}"
    );
    assert!(!roster.contains(ANA));
}

#[tokio::test]
async fn an_admin_cannot_delete_their_own_account_and_visitors_have_none() {
    let app = seeded_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let refused = boss
        .post("/api/privacy/delete-account", &[("password", PASSWORD)])
        .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'boss@example.com'")
            .await,
        1
    );
    let visitor = app
        .browser()
        .post("/api/privacy/delete-account", &[("password", PASSWORD)])
        .await;
    assert_eq!(visitor.status(), 401);
}

/// The one-time link of the newest email to `to`, as the local mailbox keeps it.
async fn link_in_outbox(app: &TestApp, to: &str, path: &str) -> String {
    let body = app
        .text(&format!(
            "SELECT body_text FROM outbox WHERE recipient = '{to}' ORDER BY id DESC LIMIT 1"
        ))
        .await
        .unwrap_or_else(|| panic!("an email to {to}"));
    let start = body
        .find(path)
        .unwrap_or_else(|| panic!("{path} in {body}"));
    let token = body[start..]
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a token");
    token.to_owned()
}

#[tokio::test]
async fn a_new_email_is_used_only_once_proven_and_the_old_address_is_told() {
    let app = seeded_app().await;
    let ana = learner(&app, ANA).await;
    let new = "ana.new@example.com";

    let wrong = ana
        .post(
            "/api/accounts/change-email",
            &[("password", "not my password at all"), ("new_email", new)],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let taken = ana
        .post(
            "/api/accounts/change-email",
            &[("password", PASSWORD), ("new_email", "not an address")],
        )
        .await;
    assert_eq!(taken.status(), 422);

    let asked = ana
        .post(
            "/api/accounts/change-email",
            &[
                ("password", PASSWORD),
                ("new_email", " Ana.New@Example.com "),
            ],
        )
        .await;
    assert!(asked.status().as_u16() < 400, "{}", asked.status());
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM users WHERE email = '{ANA}'"))
            .await,
        1,
        "nothing switches before the new address is proven"
    );
    let token = link_in_outbox(&app, new, "/account/confirm-email").await;

    // Someone else signed in cannot use Ana's link.
    let ben = learner(&app, BEN).await;
    let stolen = ben
        .post("/api/accounts/confirm-email-change", &[("token", &token)])
        .await;
    assert_eq!(stolen.status(), 422);

    let confirmed = ana
        .post("/api/accounts/confirm-email-change", &[("token", &token)])
        .await;
    assert!(confirmed.status().as_u16() < 400, "{}", confirmed.status());
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM users WHERE email = '{new}'"))
            .await,
        1
    );
    let notice = app
        .text(&format!(
            "SELECT subject FROM outbox WHERE recipient = '{ANA}' ORDER BY id DESC LIMIT 1"
        ))
        .await
        .unwrap();
    assert!(notice.contains("email address was changed"), "{notice}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.email_changed'")
            .await,
        1
    );
    let again = ana
        .post("/api/accounts/confirm-email-change", &[("token", &token)])
        .await;
    assert_eq!(again.status(), 422, "a link works once");

    let old = login(&app.browser(), ANA, PASSWORD).await;
    assert!(
        old.status().as_u16() >= 400,
        "the old address no longer signs in"
    );
    let signed_in = login(&app.browser(), new, PASSWORD).await;
    assert!(signed_in.status().as_u16() < 400, "{}", signed_in.status());
}
