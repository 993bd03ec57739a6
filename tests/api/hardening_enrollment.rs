//! Runs, seats, jobs and the admin's records after the hardening review:
//! deleting runs with history, moving runs, offers that are not confirmations,
//! strict number fields, jobs that outlive their lease, audits by the system,
//! and an outbox that pages.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use kurso::db::Database;
use kurso::jobs::{enqueue, queue, Handlers, NewJob, Outcome, Worker};

use crate::accounts::{admin, learner};
use crate::catalog::seeded_app_with;
use crate::enrollment::{enroll_over_http, run_with_capacity};
use crate::helpers::{spawn_app_with, Browser, TestApp, TestOptions};
use crate::jobs::HandClock;

async fn place_of(app: &TestApp, email: &str, run_id: i64) -> String {
    app.count(&format!(
        "SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id
         WHERE u.email = '{email}' AND e.run_id = {run_id}"
    ))
    .await
    .to_string()
}

async fn time_of(db: &Database, sql: &str) -> DateTime<Utc> {
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

/// Saves run `run_id` of its course through the admin form, starting on `date`.
async fn save_run(
    app: &TestApp,
    boss: &Browser,
    run_id: i64,
    date: &str,
    capacity: &str,
) -> reqwest::Response {
    let course = app
        .count(&format!(
            "SELECT course_id FROM course_runs WHERE id = {run_id}"
        ))
        .await
        .to_string();
    let run = run_id.to_string();
    boss.post(
        "/api/admin/catalog/run/save",
        &[
            ("id", run.as_str()),
            ("course_id", course.as_str()),
            ("start_date", date),
            ("start_time", "09:00"),
            ("end_date", date),
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

#[tokio::test]
async fn deleting_a_run_with_only_cancelled_places_is_refused_in_words_not_a_500() {
    let app = seeded_app_with(Vec::new()).await;
    let boss = admin(&app, "boss@example.com").await;
    let run = run_with_capacity(&app, 5).await;
    let ana = learner(&app, "ana@example.com").await;
    enroll_over_http(&ana, run, false).await;
    let place = place_of(&app, "ana@example.com", run).await;
    ana.post("/api/enrollment/cancel", &[("place_id", place.as_str())])
        .await;
    assert_eq!(
        app.count(&format!(
            "SELECT seats_taken FROM course_runs WHERE id = {run}"
        ))
        .await,
        0
    );

    let refused = boss
        .post("/api/admin/catalog/run/delete", &[("id", &run.to_string())])
        .await;

    assert_eq!(refused.status(), 422);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("Cancel the run instead"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM course_runs WHERE id = {run}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn moving_a_run_moves_its_reminders_and_tells_everyone_with_a_place() {
    let app = seeded_app_with(vec![("KURSO_JOB_WORKERS", "0".to_owned())]).await;
    let boss = admin(&app, "boss@example.com").await;
    let run = run_with_capacity(&app, 1).await;
    let ana = learner(&app, "ana@example.com").await;
    let ben = learner(&app, "ben@example.com").await;
    enroll_over_http(&ana, run, false).await;
    enroll_over_http(&ben, run, true).await;

    let moved = save_run(&app, &boss, run, "2027-09-14", "1").await;
    assert!(moved.status().as_u16() < 400, "{}", moved.status());

    let starts = time_of(
        &app.db,
        &format!("SELECT starts_at FROM course_runs WHERE id = {run}"),
    )
    .await;
    let reminders = "SELECT run_at FROM jobs WHERE kind = 'enrollment.reminder' AND status = 'pending' ORDER BY run_at";
    let times: Vec<DateTime<Utc>> = match &app.db {
        Database::Sqlite(pool) => sqlx::query_scalar(reminders).fetch_all(pool).await.unwrap(),
        Database::Postgres(pool) => sqlx::query_scalar(reminders).fetch_all(pool).await.unwrap(),
    };
    assert_eq!(
        times,
        vec![
            starts - chrono::Duration::hours(48),
            starts - chrono::Duration::hours(2)
        ],
        "only the reminders for the new start remain"
    );
    for email in ["ana@example.com", "ben@example.com"] {
        let body = app
            .text(&format!(
                "SELECT body_text FROM outbox WHERE recipient = '{email}' AND subject LIKE 'New date:%'"
            ))
            .await
            .unwrap_or_else(|| panic!("{email} is told"));
        assert!(body.contains("14 Sep 2027"), "{body}");
    }
}

#[tokio::test]
async fn an_unclaimed_offer_does_not_make_a_run_guaranteed() {
    let app = seeded_app_with(vec![("KURSO_JOB_WORKERS", "0".to_owned())]).await;
    let run = run_with_capacity(&app, 1).await;
    app.execute(&format!(
        "UPDATE course_runs SET min_to_run = 1 WHERE id = {run}"
    ))
    .await;
    let slug = app
        .text(&format!("SELECT c.slug FROM course_runs r JOIN courses c ON c.id = r.course_id WHERE r.id = {run}"))
        .await
        .unwrap();
    let ana = learner(&app, "ana@example.com").await;
    let ben = learner(&app, "ben@example.com").await;
    enroll_over_http(&ana, run, false).await;
    enroll_over_http(&ben, run, true).await;
    assert!(app
        .get_html(&format!("/courses/{slug}"))
        .await
        .1
        .contains("Guaranteed to run"));

    let place = place_of(&app, "ana@example.com", run).await;
    ana.post("/api/enrollment/cancel", &[("place_id", place.as_str())])
        .await;

    assert_eq!(
        crate::enrollment::status(
            &app,
            place_of(&app, "ben@example.com", run)
                .await
                .parse()
                .unwrap()
        )
        .await,
        "offered"
    );
    let page = app.get_html(&format!("/courses/{slug}")).await.1;
    assert!(
        page.contains("1 more to confirm"),
        "an offer is not a confirmed seat"
    );
    assert!(page.contains("Full"), "but it holds the seat");
}

#[tokio::test]
async fn prices_and_counts_with_signs_or_stray_decimals_get_field_errors() {
    let app = seeded_app_with(Vec::new()).await;
    let boss = admin(&app, "boss@example.com").await;
    let run = run_with_capacity(&app, 5).await;
    let course = app
        .count(&format!(
            "SELECT course_id FROM course_runs WHERE id = {run}"
        ))
        .await;
    let before = app
        .count(&format!(
            "SELECT price_centavos FROM courses WHERE id = {course}"
        ))
        .await;
    let (app, boss) = (&app, &boss);
    let form = |price: &'static str| {
        let id = course.to_string();
        async move {
            let category = app
                .count(&format!("SELECT category_id FROM courses WHERE id = {id}"))
                .await
                .to_string();
            let title = app
                .text(&format!("SELECT title FROM courses WHERE id = {id}"))
                .await
                .unwrap();
            let code = app
                .text(&format!("SELECT code FROM courses WHERE id = {id}"))
                .await
                .unwrap();
            boss.post(
                "/api/admin/catalog/course/save",
                &[
                    ("id", id.as_str()),
                    ("title", title.as_str()),
                    ("slug", ""),
                    ("code", code.as_str()),
                    ("summary", "A summary."),
                    ("description", ""),
                    ("outline", ""),
                    ("prerequisites", ""),
                    ("duration_hours", "16"),
                    ("level", "intermediate"),
                    ("price", price),
                    ("category_id", category.as_str()),
                    ("certification_name", ""),
                    ("certification_vendor", ""),
                ],
            )
            .await
        }
    };

    for price in ["0.-5", "-5", "+5", "1,2,3", "5.555"] {
        let refused = form(price).await;
        assert_eq!(refused.status(), 422, "{price}");
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("Enter an amount in pesos"),
            "{price}"
        );
    }
    let count = save_run(app, boss, run, "2027-09-14", "+5").await;
    assert_eq!(count.status(), 422);
    assert!(count.text().await.unwrap().contains("whole number"));
    assert_eq!(
        app.count(&format!(
            "SELECT price_centavos FROM courses WHERE id = {course}"
        ))
        .await,
        before
    );
}

#[tokio::test]
async fn a_job_that_outlives_its_lease_keeps_it_by_its_heartbeat_and_runs_once() {
    let app = spawn_app_with(TestOptions {
        env: vec![("KURSO_JOB_WORKERS", "0".to_owned())],
        ..TestOptions::default()
    })
    .await;
    let hand = HandClock::new();
    let lease = Duration::from_millis(600);
    let mut tx = app.db.begin().await.unwrap();
    let job = enqueue(
        &mut tx,
        &NewJob::new("slow", serde_json::json!({}), hand.now()),
        hand.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let runs = Arc::new(AtomicUsize::new(0));
    let release = Arc::new(tokio::sync::Notify::new());
    let handlers = {
        let (runs, release) = (runs.clone(), release.clone());
        Handlers::default().on("slow", move |_| -> Outcome {
            let (runs, release) = (runs.clone(), release.clone());
            Box::pin(async move {
                runs.fetch_add(1, Ordering::SeqCst);
                release.notified().await;
                Ok(())
            })
        })
    };
    let first = Worker::new(app.db.clone(), hand.clock(), handlers.clone()).with_lease(lease);
    let second = Worker::new(app.db.clone(), hand.clock(), handlers).with_lease(lease);
    let running = tokio::spawn(async move { first.run_due().await });
    while runs.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }

    // Long past the first lease: the heartbeat must have renewed it since.
    hand.advance(Duration::from_secs(3600));
    let renewed_past = hand.now();
    let lease_of = format!("SELECT locked_until FROM jobs WHERE id = {job}");
    for _ in 0..200 {
        if time_of(&app.db, &lease_of).await > renewed_past {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(
        time_of(&app.db, &lease_of).await > renewed_past,
        "the lease was renewed"
    );
    assert_eq!(
        second.run_due().await.unwrap(),
        0,
        "nobody takes over a job that is alive"
    );

    release.notify_one();
    running.await.unwrap().unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    assert_eq!(
        app.text(&format!("SELECT status FROM jobs WHERE id = {job}"))
            .await
            .as_deref(),
        Some("done")
    );
    assert!(queue::claim(&app.db, hand.now(), lease, 10)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_reminder_run_twice_sends_one_email() {
    let hand = HandClock::new();
    let app = spawn_app_with(TestOptions {
        clock: hand.clock(),
        env: vec![("KURSO_JOB_WORKERS", "0".to_owned())],
        ..TestOptions::default()
    })
    .await;
    kurso::catalog::seed::seed_demo_catalog(&app.db, hand.now(), chrono_tz::Asia::Manila)
        .await
        .unwrap()
        .unwrap();
    let run = run_with_capacity(&app, 3).await;
    let ana = learner(&app, "ana@example.com").await;
    enroll_over_http(&ana, run, false).await;
    let starts = time_of(
        &app.db,
        &format!("SELECT starts_at FROM course_runs WHERE id = {run}"),
    )
    .await;
    hand.set(starts - chrono::Duration::hours(47));
    let worker = Worker::new(
        app.db.clone(),
        hand.clock(),
        kurso::enrollment::jobs::handlers(app.state.clone(), Handlers::default()),
    );
    worker.drain().await.unwrap();

    // As if the worker had stalled and another had run the same job again.
    app.execute("UPDATE jobs SET status = 'pending', attempts = 0 WHERE kind = 'enrollment.reminder' AND status = 'done'")
        .await;
    worker.drain().await.unwrap();

    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'ana@example.com' AND subject LIKE 'Reminder:%'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_system_is_the_actor_when_a_job_or_a_capacity_change_passes_a_seat_on() {
    let hand = HandClock::new();
    let app = spawn_app_with(TestOptions {
        clock: hand.clock(),
        env: vec![("KURSO_JOB_WORKERS", "0".to_owned())],
        ..TestOptions::default()
    })
    .await;
    kurso::catalog::seed::seed_demo_catalog(&app.db, hand.now(), chrono_tz::Asia::Manila)
        .await
        .unwrap()
        .unwrap();
    let run = run_with_capacity(&app, 1).await;
    let people: Vec<Browser> = {
        let mut people = Vec::new();
        for name in ["ana", "ben", "cara", "dan"] {
            people.push(learner(&app, &format!("{name}@example.com")).await);
        }
        people
    };
    enroll_over_http(&people[0], run, false).await;
    for person in &people[1..] {
        enroll_over_http(person, run, true).await;
    }
    let ana = place_of(&app, "ana@example.com", run).await;
    people[0]
        .post("/api/enrollment/cancel", &[("place_id", ana.as_str())])
        .await;
    // Ben lets his offer run out: the job passes the seat to Cara.
    hand.advance(Duration::from_secs(25 * 3600));
    let worker = Worker::new(
        app.db.clone(),
        hand.clock(),
        kurso::enrollment::jobs::handlers(app.state.clone(), Handlers::default()),
    );
    worker.drain().await.unwrap();
    // A second seat: offered to Dan by the capacity change (the admin signs
    // in now: a day has passed, longer than a session lasts).
    let boss = admin(&app, "boss@example.com").await;
    let date = (hand.now() + chrono::Duration::days(60))
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        save_run(&app, &boss, run, &date, "2")
            .await
            .status()
            .as_u16()
            < 400
    );

    let by_system = |action: &str| {
        format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND actor_email = 'system' AND actor_user_id IS NULL")
    };
    assert_eq!(app.count(&by_system("enrollment.offer_expired")).await, 1);
    assert_eq!(
        app.count(&by_system("enrollment.offered")).await,
        2,
        "to Cara by the job, to Dan by the change"
    );
}

#[tokio::test]
async fn a_course_edit_audits_every_field_it_changed_and_the_filter_lists_real_actions() {
    let app = seeded_app_with(Vec::new()).await;
    let boss = admin(&app, "boss@example.com").await;
    let id = app
        .count("SELECT id FROM courses WHERE code = 'AWS-SEC'")
        .await
        .to_string();
    let field = |column: &str| {
        let id = id.clone();
        let column = column.to_owned();
        let app = &app;
        async move {
            app.text(&format!("SELECT {column} FROM courses WHERE id = {id}"))
                .await
                .unwrap_or_default()
        }
    };
    let category = app
        .count(&format!("SELECT category_id FROM courses WHERE id = {id}"))
        .await
        .to_string();
    let (title, code, summary, description) = (
        field("title").await,
        field("code").await,
        field("summary").await,
        field("description").await,
    );
    let prerequisites = field("prerequisites").await;
    let saved = boss
        .post(
            "/api/admin/catalog/course/save",
            &[
                ("id", id.as_str()),
                ("title", title.as_str()),
                ("slug", ""),
                ("code", code.as_str()),
                ("summary", summary.as_str()),
                ("description", description.as_str()),
                ("outline", "## A new outline"),
                ("prerequisites", prerequisites.as_str()),
                ("duration_hours", "40"),
                ("level", "beginner"),
                ("price", "99,000"),
                ("category_id", category.as_str()),
                ("certification_name", ""),
                ("certification_vendor", ""),
                ("published", "yes"),
            ],
        )
        .await;
    assert!(saved.status().as_u16() < 400, "{}", saved.status());

    let after: serde_json::Value = serde_json::from_str(
        &app.text("SELECT after_state FROM audit_log WHERE action = 'course.updated'")
            .await
            .unwrap(),
    )
    .unwrap();
    let before: serde_json::Value = serde_json::from_str(
        &app.text("SELECT before_state FROM audit_log WHERE action = 'course.updated'")
            .await
            .unwrap(),
    )
    .unwrap();
    for changed in ["outline", "duration_hours", "level", "price_centavos"] {
        assert!(
            after.get(changed).is_some() && before.get(changed).is_some(),
            "{changed}: {before} → {after}"
        );
    }
    assert_eq!(after["price_centavos"], 9_900_000);
    assert!(
        after.get("title").is_none(),
        "unchanged fields stay out: {after}"
    );

    let page = boss.get("/admin/audit").await.text().await.unwrap();
    assert!(
        page.contains(r#"<option value="course.updated""#),
        "an action in the log is offered"
    );
    assert!(
        !page.contains(r#"<option value="user.password_reset""#),
        "one never recorded is not"
    );
}

#[tokio::test]
async fn the_outbox_pages_through_every_email_and_finds_a_recipient_by_part_of_the_address() {
    let app = seeded_app_with(Vec::new()).await;
    let boss = admin(&app, "boss@example.com").await;
    for n in 0..60 {
        app.execute(&format!(
            "INSERT INTO outbox (recipient, subject, body_text, next_attempt_at, created_at, updated_at)
             VALUES ('learner{n}@example.com', 'Hello {n}', 'Body', '2026-11-01T00:00:00+00:00',
                     '2026-11-01T00:{:02}:00+00:00', '2026-11-01T00:00:00+00:00')",
            n
        ))
        .await;
    }

    let first = boss.get("/admin/outbox").await.text().await.unwrap();
    let second = boss.get("/admin/outbox?page=2").await.text().await.unwrap();
    let found = boss
        .get("/admin/outbox?to=learner4")
        .await
        .text()
        .await
        .unwrap();

    assert!(
        first.contains("Hello 59") && !first.contains(">Hello 0<"),
        "newest first"
    );
    assert!(second.contains(">Hello 0<"), "the oldest on the next page");
    assert!(first.contains("page=2"), "a link to the next page");
    for n in [4, 40, 49] {
        assert!(found.contains(&format!("learner{n}@example.com")), "{n}");
    }
    assert!(!found.contains("learner5@example.com"));
    assert!(
        !boss
            .get("/admin/outbox?to=%25")
            .await
            .text()
            .await
            .unwrap()
            .contains("learner1@"),
        "% is a character"
    );
}
