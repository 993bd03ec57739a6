//! The admin side of enrollment: the roster and its CSV, attendance, removing
//! a learner, growing a run's capacity, the job queue page, and the alert for
//! runs below their minimum.

use crate::accounts::{admin, learner};
use crate::enrollment::{enroll_over_http, eventually, run_with_capacity, seeded_app, status};
use crate::helpers::Browser;

async fn page(browser: &Browser, path: &str) -> (u16, String) {
    let response = browser.get(path).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

fn place_of(email: &str) -> String {
    format!(
        "SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id
         WHERE u.email = '{email}' ORDER BY e.id DESC LIMIT 1"
    )
}

#[tokio::test]
async fn an_admin_sees_the_roster_exports_it_marks_attendance_and_removes_a_learner() {
    let app = seeded_app().await;
    let run_id = run_with_capacity(&app, 1).await;
    let boss = admin(&app, "boss@example.com").await;
    let ana = learner(&app, "ana@example.com").await;
    let ben = learner(&app, "ben@example.com").await;
    // A name a spreadsheet must not split or run as a formula.
    app.execute("UPDATE users SET name = 'Peña, \"Ana\"' WHERE email = 'ana@example.com'")
        .await;
    app.execute("UPDATE users SET name = '=1+1' WHERE email = 'ben@example.com'")
        .await;
    enroll_over_http(&ana, run_id, false).await;
    enroll_over_http(&ben, run_id, true).await;

    let (code, roster) = page(&boss, &format!("/admin/runs/{run_id}")).await;
    assert_eq!(code, 200);
    assert!(roster.contains("1 of 1 seats taken"), "{roster}");
    assert!(roster.contains("1st in line"));

    let csv = boss.get(&format!("/admin/runs/{run_id}/roster.csv")).await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let body = csv.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}Name,Email,Status,Waitlist position,Offer until,Attended,Since"
    );
    assert!(
        lines[1].starts_with("\"Peña, \"\"Ana\"\"\",ana@example.com,Confirmed,"),
        "{body}"
    );
    assert!(
        lines[2].starts_with("'=1+1,ben@example.com,On the waitlist,1,"),
        "{body}"
    );

    for (who, expected) in [(&ana, 403), (&app.browser(), 303)] {
        assert_eq!(
            who.get(&format!("/admin/runs/{run_id}/roster.csv"))
                .await
                .status(),
            expected
        );
        assert_eq!(
            who.get(&format!("/admin/runs/{run_id}")).await.status(),
            expected
        );
    }

    // Attendance waits for the start.
    let ana_place = app.count(&place_of("ana@example.com")).await.to_string();
    let early = boss
        .post(
            "/api/admin/roster/attendance",
            &[("place_id", &ana_place), ("attended", "yes")],
        )
        .await;
    assert_eq!(early.status(), 409);
    assert!(early
        .text()
        .await
        .unwrap()
        .contains("once the training has started"));

    // Removing Ana offers her seat to Ben.
    assert_eq!(
        boss.post("/api/admin/roster/remove", &[("place_id", &ana_place)])
            .await
            .status(),
        200
    );
    assert_eq!(status(&app, ana_place.parse().unwrap()).await, "cancelled");
    let ben_place = app.count(&place_of("ben@example.com")).await;
    assert_eq!(status(&app, ben_place).await, "offered");
    assert_eq!(
        ana.post(
            "/api/admin/roster/remove",
            &[("place_id", &ben_place.to_string())]
        )
        .await
        .status(),
        403
    );

    // Once started, attendance is recorded and exported.
    app.execute(&format!(
        "UPDATE course_runs SET starts_at = '2020-01-06T01:00:00+00:00' WHERE id = {run_id}"
    ))
    .await;
    app.execute(&format!(
        "UPDATE enrollments SET status = 'confirmed' WHERE id = {ben_place}"
    ))
    .await;
    let marked = boss
        .post(
            "/api/admin/roster/attendance",
            &[("place_id", &ben_place.to_string()), ("attended", "yes")],
        )
        .await;
    assert_eq!(marked.status(), 200);
    let body = boss
        .get(&format!("/admin/runs/{run_id}/roster.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        body.contains("'=1+1,ben@example.com,Confirmed,,,Yes,"),
        "{body}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('enrollment.removed', 'enrollment.attendance')")
            .await,
        2
    );
}

#[tokio::test]
async fn growing_a_full_run_offers_the_new_seats_to_the_waitlist_in_order() {
    let app = seeded_app().await;
    let run_id = run_with_capacity(&app, 1).await;
    let boss = admin(&app, "boss@example.com").await;
    let mut browsers = Vec::new();
    for name in ["ana", "ben", "cara", "dan"] {
        let browser = learner(&app, &format!("{name}@example.com")).await;
        enroll_over_http(&browser, run_id, name != "ana").await;
        browsers.push(browser);
    }
    let course_id = app
        .count(&format!(
            "SELECT course_id FROM course_runs WHERE id = {run_id}"
        ))
        .await
        .to_string();
    let run = run_id.to_string();
    let save = |capacity: &'static str| {
        let (run, course_id) = (run.clone(), course_id.clone());
        let boss = &boss;
        async move {
            boss.post(
                "/api/admin/catalog/run/save",
                &[
                    ("id", run.as_str()),
                    ("course_id", course_id.as_str()),
                    ("start_date", "2027-05-10"),
                    ("start_time", "09:00"),
                    ("end_date", "2027-05-11"),
                    ("end_time", "17:00"),
                    ("mode", "online"),
                    ("venue_id", ""),
                    ("trainer_id", ""),
                    ("capacity", capacity),
                    ("min_to_run", "1"),
                    ("price_override", ""),
                    ("status", "scheduled"),
                ],
            )
            .await
        }
    };
    assert!(save("3").await.status().as_u16() < 400);
    for (email, expected) in [
        ("ana@example.com", "confirmed"),
        ("ben@example.com", "offered"),
        ("cara@example.com", "offered"),
        ("dan@example.com", "waitlisted"),
    ] {
        assert_eq!(
            status(&app, app.count(&place_of(email)).await).await,
            expected,
            "{email}"
        );
    }
    assert_eq!(
        app.count(&format!(
            "SELECT seats_taken FROM course_runs WHERE id = {run_id}"
        ))
        .await,
        3
    );
    // Shrinking below the seats held is refused with a field error.
    let shrink = save("2").await;
    assert_eq!(shrink.status(), 422);
    assert!(shrink.text().await.unwrap().contains("3 seats are taken"));
}

#[tokio::test]
async fn admins_see_dead_jobs_and_put_them_back_in_line() {
    let app = seeded_app().await;
    let boss = admin(&app, "boss@example.com").await;
    let ana = learner(&app, "ana@example.com").await;
    app.execute(
        "INSERT INTO jobs (kind, payload, status, run_at, attempts, max_attempts, last_error, created_at, updated_at)
         VALUES ('enrollment.reminder', '{}', 'dead', '2026-11-01T00:00:00+00:00', 3, 3,
                 'the mail server said no', '2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00+00:00')",
    )
    .await;
    let job = app
        .count("SELECT id FROM jobs WHERE status = 'dead'")
        .await
        .to_string();

    let (code, page) = page(&boss, "/admin/jobs?status=dead").await;
    assert_eq!(code, 200);
    assert!(
        page.contains("the mail server said no") && page.contains("Dead (1)"),
        "{page}"
    );
    assert_eq!(ana.get("/admin/jobs").await.status(), 403);
    assert_eq!(
        ana.post("/api/admin/jobs/retry", &[("id", &job)])
            .await
            .status(),
        403
    );

    assert_eq!(
        boss.post("/api/admin/jobs/retry", &[("id", &job)])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.text(&format!("SELECT status FROM jobs WHERE id = {job}"))
            .await
            .as_deref(),
        Some("pending")
    );
    assert_eq!(
        boss.post("/api/admin/jobs/retry", &[("id", &job)])
            .await
            .status(),
        409,
        "only failed or dead jobs"
    );
}

#[tokio::test]
async fn admins_hear_once_about_a_run_a_week_out_below_its_minimum() {
    let app = seeded_app().await;
    admin(&app, "boss@example.com").await;
    let run_id = run_with_capacity(&app, 10).await;
    app.execute(&format!(
        "UPDATE course_runs SET min_to_run = 5, minimum_alert_at = NULL,
                starts_at = '{}' WHERE id = {run_id}",
        (crate::catalog::now() + chrono::Duration::days(6)).to_rfc3339()
    ))
    .await;
    // Every other run is out of the picture.
    app.execute(&format!(
        "UPDATE course_runs SET minimum_alert_at = '2026-01-01T00:00:00+00:00' WHERE id <> {run_id}"
    ))
    .await;

    // The app's own hourly look also ran at start-up, so count what exists
    // for this run rather than what these two calls return.
    let state = app.state.clone();
    let first = kurso::enrollment::alerts::queue_alerts(&state)
        .await
        .unwrap();
    let second = kurso::enrollment::alerts::queue_alerts(&state)
        .await
        .unwrap();
    assert!(first <= 1 && second == 0, "{first} then {second}");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'enrollment.below_minimum' AND payload = '{{\"run_id\":{run_id}}}'"
        ))
        .await,
        1,
        "one alert job for the run"
    );
    eventually(
        &app,
        &format!(
            "SELECT COUNT(*) FROM outbox WHERE recipient = 'boss@example.com'
             AND subject LIKE 'Below minimum:%' AND body_text LIKE '%/admin/runs/{run_id}\n%'"
        ),
        1,
    )
    .await;
}
