//! Enrollment on the real database: capacity under concurrency, the waitlist
//! and its offers, and the server functions learners use.

use std::time::Duration;

use chrono::{DateTime, Utc};
use kurso::db::Database;
use kurso::enrollment::model::Refusal;
use kurso::enrollment::store::{self, Placed};

use crate::accounts::learner;
use crate::catalog::{now, seeded_app_with};
use crate::helpers::{spawn_app_with, Browser, TestApp, TestOptions};
use crate::jobs::HandClock;
use kurso::catalog::seed::seed_demo_catalog;

const OFFER_HOURS: i64 = 24;
const CUTOFF: Duration = Duration::from_secs(48 * 3600);
const OFFER: Duration = Duration::from_secs(OFFER_HOURS as u64 * 3600);

pub(crate) async fn seeded_app() -> TestApp {
    // Enough connections for the races below to really overlap.
    seeded_app_with(vec![("KURSO_DB_MAX_CONNECTIONS", "20".to_owned())]).await
}

/// The last run of the demo schedule, months away, emptied to `capacity` seats.
pub(crate) async fn run_with_capacity(app: &TestApp, capacity: i64) -> i64 {
    let run_id = app
        .count("SELECT id FROM course_runs WHERE status = 'scheduled' ORDER BY starts_at DESC, id LIMIT 1")
        .await;
    app.execute(&format!(
        "UPDATE course_runs SET capacity = {capacity}, seats_taken = 0 WHERE id = {run_id}"
    ))
    .await;
    run_id
}

/// Learners made straight in the database: 200 registrations through the
/// rate-limited form would test the rate limit, not enrollment.
pub(crate) async fn insert_learners(app: &TestApp, count: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        app.execute(&format!(
            "INSERT INTO users (email, name, password_hash, role, terms_accepted_at, created_at, updated_at)
             VALUES ('racer{n}@example.com', 'Racer {n}', 'not-a-hash', 'learner',
                     '2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00+00:00')"
        ))
        .await;
        ids.push(
            app.count(&format!(
                "SELECT id FROM users WHERE email = 'racer{n}@example.com'"
            ))
            .await,
        );
    }
    ids
}

pub(crate) async fn enroll(db: &Database, run_id: i64, learner_id: i64) -> Result<Placed, Refusal> {
    let mut tx = db.begin().await.expect("begin");
    let placed = store::enroll_in(&mut tx, now(), run_id, learner_id, true)
        .await
        .expect("the database answers");
    if placed.is_ok() {
        tx.commit().await.expect("commit");
    }
    placed
}

#[tokio::test]
async fn two_hundred_learners_racing_for_twenty_seats_fill_exactly_twenty() {
    let app = seeded_app().await;
    let run_id = run_with_capacity(&app, 20).await;
    let learners = insert_learners(&app, 200).await;

    let tasks: Vec<_> = learners
        .iter()
        .map(|&learner_id| {
            let db = app.db.clone();
            tokio::spawn(async move { enroll(&db, run_id, learner_id).await })
        })
        .collect();
    let mut confirmed = 0;
    let mut positions = Vec::new();
    for task in tasks {
        match task
            .await
            .expect("task")
            .expect("every learner gets a place")
        {
            Placed::Confirmed { .. } => confirmed += 1,
            Placed::Waitlisted { position, .. } => positions.push(position),
        }
    }

    assert_eq!(confirmed, 20);
    assert_eq!(positions.len(), 180);
    let places = |status: &str| {
        format!("SELECT COUNT(*) FROM enrollments WHERE run_id = {run_id} AND status = '{status}'")
    };
    assert_eq!(app.count(&places("confirmed")).await, 20);
    assert_eq!(app.count(&places("waitlisted")).await, 180);
    assert_eq!(
        app.count(&format!(
            "SELECT seats_taken FROM course_runs WHERE id = {run_id}"
        ))
        .await,
        20
    );
    // Waitlist order numbers are distinct and without gaps: positions 1..=180.
    let distinct = app
        .count(&format!(
            "SELECT COUNT(DISTINCT waitlist_seq) FROM enrollments WHERE run_id = {run_id} AND status = 'waitlisted'"
        ))
        .await;
    assert_eq!(distinct, 180);
    let highest = app
        .count(&format!(
            "SELECT MAX(waitlist_seq) - MIN(waitlist_seq) + 1 FROM enrollments WHERE run_id = {run_id} AND status = 'waitlisted'"
        ))
        .await;
    assert_eq!(highest, 180);
}

#[tokio::test]
async fn enrolling_twice_or_in_a_closed_run_is_refused() {
    let app = seeded_app().await;
    let run_id = run_with_capacity(&app, 5).await;
    let learner_id = insert_learners(&app, 1).await[0];

    assert!(matches!(
        enroll(&app.db, run_id, learner_id).await,
        Ok(Placed::Confirmed { .. })
    ));
    assert_eq!(
        enroll(&app.db, run_id, learner_id).await,
        Err(Refusal::AlreadyEnrolled)
    );
    app.execute(&format!(
        "UPDATE course_runs SET status = 'cancelled' WHERE id = {run_id}"
    ))
    .await;
    let other = insert_learners_named(&app, "late").await;
    assert_eq!(
        enroll(&app.db, run_id, other).await,
        Err(Refusal::RunNotOpen)
    );
    assert_eq!(
        enroll(&app.db, 999_999, other).await,
        Err(Refusal::RunNotFound)
    );
    // The refused attempts took no seat.
    assert_eq!(
        app.count(&format!(
            "SELECT seats_taken FROM course_runs WHERE id = {run_id}"
        ))
        .await,
        1
    );
}

pub(crate) async fn insert_learners_named(app: &TestApp, name: &str) -> i64 {
    app.execute(&format!(
        "INSERT INTO users (email, name, password_hash, role, terms_accepted_at, created_at, updated_at)
         VALUES ('{name}@example.com', '{name}', 'not-a-hash', 'learner',
                 '2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00+00:00')"
    ))
    .await;
    app.count(&format!(
        "SELECT id FROM users WHERE email = '{name}@example.com'"
    ))
    .await
}

async fn cancel(
    db: &Database,
    place_id: i64,
    learner_id: i64,
) -> Result<store::Cancelled, Refusal> {
    let mut tx = db.begin().await.expect("begin");
    let cancelled = store::cancel_in(
        &mut tx,
        now(),
        place_id,
        store::By::Learner(learner_id),
        CUTOFF,
        OFFER,
    )
    .await
    .expect("the database answers");
    if cancelled.is_ok() {
        tx.commit().await.expect("commit");
    }
    cancelled
}

async fn claim(
    db: &Database,
    at: DateTime<Utc>,
    place_id: i64,
    learner_id: i64,
) -> Result<i64, Refusal> {
    let mut tx = db.begin().await.expect("begin");
    let claimed = store::claim_in(&mut tx, at, place_id, learner_id)
        .await
        .expect("the database answers");
    if claimed.is_ok() {
        tx.commit().await.expect("commit");
    }
    claimed
}

pub(crate) async fn status(app: &TestApp, place_id: i64) -> String {
    app.text(&format!(
        "SELECT status FROM enrollments WHERE id = {place_id}"
    ))
    .await
    .expect("the place exists")
}

/// A run of `capacity` seats and `learners` learners enrolled one after another:
/// the first `capacity` confirmed, the rest waiting in order.
async fn run_with_queue(capacity: i64, learners: usize) -> (TestApp, i64, Vec<i64>, Vec<i64>) {
    let app = seeded_app().await;
    let run_id = run_with_capacity(&app, capacity).await;
    let learner_ids = insert_learners(&app, learners).await;
    let mut places = Vec::new();
    for &learner_id in &learner_ids {
        let placed = enroll(&app.db, run_id, learner_id).await.expect("placed");
        places.push(placed.place_id());
    }
    (app, run_id, learner_ids, places)
}

#[tokio::test]
async fn concurrent_cancels_offer_each_freed_seat_to_the_next_in_line_once() {
    let (app, run_id, learners, places) = run_with_queue(4, 10).await;

    // The four confirmed learners cancel at the same moment.
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let db = app.db.clone();
            let (place, learner_id) = (places[i], learners[i]);
            tokio::spawn(async move { cancel(&db, place, learner_id).await })
        })
        .collect();
    for task in tasks {
        assert!(task
            .await
            .expect("task")
            .expect("cancelled")
            .offer
            .is_some());
    }

    // The first four waiting got the offers, in order; the rest still wait.
    for (i, place) in places.iter().enumerate().skip(4) {
        let expected = if i < 8 { "offered" } else { "waitlisted" };
        assert_eq!(status(&app, *place).await, expected, "place {i}");
    }
    assert_eq!(
        app.count(&format!(
            "SELECT seats_taken FROM course_runs WHERE id = {run_id}"
        ))
        .await,
        4,
        "offered seats stay taken"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'A seat is free%'")
            .await,
        0,
        "the store leaves emails to its callers"
    );

    // Claims and a late cancel race; the waitlist stays consistent.
    let claims: Vec<_> = (4..8)
        .map(|i| {
            let db = app.db.clone();
            let (place, learner_id) = (places[i], learners[i]);
            tokio::spawn(async move { claim(&db, now(), place, learner_id).await })
        })
        .collect();
    let leaving = {
        let db = app.db.clone();
        let (place, learner_id) = (places[8], learners[8]);
        tokio::spawn(async move { cancel(&db, place, learner_id).await })
    };
    for task in claims {
        task.await.expect("task").expect("claimed");
    }
    assert!(leaving.await.expect("task").expect("left").offer.is_none());
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM enrollments WHERE run_id = {run_id} AND status = 'confirmed'"
        ))
        .await,
        4
    );
    assert_eq!(status(&app, places[9]).await, "waitlisted");
}

#[tokio::test]
async fn an_expired_offer_passes_on_exactly_once() {
    let (app, run_id, learners, places) = run_with_queue(1, 3).await;
    cancel(&app.db, places[0], learners[0])
        .await
        .expect("cancelled");
    assert_eq!(status(&app, places[1]).await, "offered");

    // A day and a bit later, two workers find the same due offer.
    let later = now() + chrono::Duration::hours(OFFER_HOURS + 1);
    let mut tx = app.db.begin().await.unwrap();
    let due = store::due_offers(&mut tx, later, 10).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(due, vec![places[1]]);
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let db = app.db.clone();
            let place = places[1];
            tokio::spawn(async move {
                let mut tx = db.begin().await.unwrap();
                let done = store::expire_offer_in(&mut tx, later, place, OFFER)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                done
            })
        })
        .collect();
    let mut passed_on = 0;
    for worker in workers {
        if let Some((_, offer)) = worker.await.unwrap() {
            assert_eq!(offer.map(|o| o.place_id), Some(places[2]));
            passed_on += 1;
        }
    }

    assert_eq!(passed_on, 1);
    assert_eq!(status(&app, places[1]).await, "expired");
    assert_eq!(status(&app, places[2]).await, "offered");
    assert_eq!(
        claim(&app.db, later, places[1], learners[1]).await,
        Err(Refusal::OfferExpired)
    );
    assert_eq!(
        app.count(&format!(
            "SELECT seats_taken FROM course_runs WHERE id = {run_id}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn a_confirmed_place_cannot_be_cancelled_online_close_to_the_start() {
    let app = seeded_app().await;
    let run_id = run_with_capacity(&app, 3).await;
    app.execute(&format!(
        "UPDATE course_runs SET starts_at = '2026-11-25T01:00:00+00:00', ends_at = '2026-11-25T09:00:00+00:00' WHERE id = {run_id}"
    ))
    .await;
    let learner_id = insert_learners(&app, 1).await[0];
    let place = enroll(&app.db, run_id, learner_id)
        .await
        .unwrap()
        .place_id();

    assert_eq!(
        cancel(&app.db, place, learner_id).await,
        Err(Refusal::PastCutoff)
    );
    let stranger = insert_learners_named(&app, "stranger").await;
    assert_eq!(
        cancel(&app.db, place, stranger).await,
        Err(Refusal::PlaceNotFound)
    );
    assert_eq!(status(&app, place).await, "confirmed");
}

pub(crate) async fn enroll_over_http(
    browser: &Browser,
    run_id: i64,
    waitlist: bool,
) -> reqwest::Response {
    let run = run_id.to_string();
    let mut form = vec![("run_id", run.as_str())];
    if waitlist {
        form.push(("waitlist", "yes"));
    }
    browser.post("/api/enrollment/enroll", &form).await
}

#[tokio::test]
async fn learners_enroll_wait_cancel_and_claim_through_the_server_functions() {
    let app = seeded_app().await;
    let run_id = run_with_capacity(&app, 1).await;
    let slug = app
        .text(&format!(
            "SELECT c.slug FROM course_runs r JOIN courses c ON c.id = r.course_id WHERE r.id = {run_id}"
        ))
        .await
        .unwrap();
    let ana = learner(&app, "ana@example.com").await;
    let ben = learner(&app, "ben@example.com").await;
    let visitor = app.browser();

    // A visitor must log in; the enroll page sends them there and back.
    assert_eq!(
        enroll_over_http(&visitor, run_id, false).await.status(),
        401
    );
    let page = visitor.get(&format!("/enroll/{run_id}")).await;
    assert_eq!(page.status(), 303);
    assert!(page.headers()["location"]
        .to_str()
        .unwrap()
        .contains("next=%2Fenroll%2F"));

    // The page the course links to shows the seat; the cached course page is
    // refreshed by the enrollment.
    let before = app.get_html(&format!("/courses/{slug}")).await.1;
    assert!(before.contains("1 seat left"), "course page before");
    assert!(
        enroll_over_http(&ana, run_id, false)
            .await
            .status()
            .as_u16()
            < 400
    );
    let after = app.get_html(&format!("/courses/{slug}")).await.1;
    assert!(
        after.contains("Full"),
        "course page after: seats shown live"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'ana@example.com' AND subject LIKE 'You are enrolled%'")
            .await,
        1
    );

    let twice = enroll_over_http(&ana, run_id, false).await;
    assert_eq!(twice.status(), 409);
    assert!(twice.text().await.unwrap().contains("already have a place"));
    let full = enroll_over_http(&ben, run_id, false).await;
    assert_eq!(full.status(), 409);
    assert!(full.text().await.unwrap().contains("join its waitlist"));
    assert!(enroll_over_http(&ben, run_id, true).await.status().as_u16() < 400);
    let my = ben.get("/me/trainings").await.text().await.unwrap();
    assert!(
        my.contains("On the waitlist") && my.contains("1st in line"),
        "{my}"
    );
    // The course page shows the waitlist from the same data, not a stale copy.
    let waiting = app.get_html(&format!("/courses/{slug}")).await.1;
    assert!(
        waiting.contains("Full · 1 on the waitlist"),
        "course page shows the waitlist"
    );

    // Ana cancels; Ben is offered the seat by email and claims it.
    let ana_place = app
        .count("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ana@example.com'")
        .await
        .to_string();
    let ben_place = app
        .count("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ben@example.com'")
        .await
        .to_string();
    assert_eq!(
        ben.post(
            "/api/enrollment/cancel",
            &[("place_id", ana_place.as_str())]
        )
        .await
        .status(),
        404,
        "nobody cancels another learner's place"
    );
    assert!(
        ana.post(
            "/api/enrollment/cancel",
            &[("place_id", ana_place.as_str())]
        )
        .await
        .status()
        .as_u16()
            < 400
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'ben@example.com' AND subject LIKE 'A seat is free%'")
            .await,
        1
    );
    assert!(
        ben.post("/api/enrollment/claim", &[("place_id", ben_place.as_str())])
            .await
            .status()
            .as_u16()
            < 400
    );
    let my = ben.get("/me/trainings").await.text().await.unwrap();
    assert!(my.contains("Confirmed"), "{my}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'enrollment.%'")
            .await,
        4,
        "confirmed, waitlisted, cancelled, claimed"
    );
}

/// Polls until `sql` counts `expected`, for work the app's own background
/// worker does (it looks for due jobs every few seconds).
pub(crate) async fn eventually(app: &TestApp, sql: &str, expected: i64) {
    for _ in 0..100 {
        if app.count(sql).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(app.count(sql).await, expected, "{sql}");
}

#[tokio::test]
async fn offers_expire_and_reminders_go_out_as_background_jobs() {
    let hand = HandClock::new();
    let app = spawn_app_with(TestOptions {
        clock: hand.clock(),
        ..TestOptions::default()
    })
    .await;
    seed_demo_catalog(&app.db, hand.now(), chrono_tz::Asia::Manila)
        .await
        .unwrap()
        .unwrap();
    let run_id = run_with_capacity(&app, 1).await;
    let ana = learner(&app, "ana@example.com").await;
    let ben = learner(&app, "ben@example.com").await;
    enroll_over_http(&ana, run_id, false).await;
    enroll_over_http(&ben, run_id, true).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'enrollment.reminder'")
            .await,
        2,
        "48 and 2 hours before"
    );
    let ana_place = app
        .count("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ana@example.com'")
        .await
        .to_string();
    ana.post(
        "/api/enrollment/cancel",
        &[("place_id", ana_place.as_str())],
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'enrollment.offer_expiry'")
            .await,
        1
    );

    // Ben lets the offer run out; nobody else waits, so the seat is free again.
    hand.advance(Duration::from_secs((OFFER_HOURS as u64 + 1) * 3600));
    eventually(
        &app,
        "SELECT COUNT(*) FROM enrollments WHERE status = 'expired'",
        1,
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT seats_taken FROM course_runs WHERE id = {run_id}"
        ))
        .await,
        0
    );

    // Cara takes it and is reminded two days before the start.
    let cara = learner(&app, "cara@example.com").await;
    enroll_over_http(&cara, run_id, false).await;
    let starts_at: DateTime<Utc> = match &app.db {
        Database::Sqlite(pool) => sqlx::query_scalar(&format!(
            "SELECT starts_at FROM course_runs WHERE id = {run_id}"
        ))
        .fetch_one(pool)
        .await
        .unwrap(),
        Database::Postgres(pool) => sqlx::query_scalar(&format!(
            "SELECT starts_at FROM course_runs WHERE id = {run_id}"
        ))
        .fetch_one(pool)
        .await
        .unwrap(),
    };
    hand.set(starts_at - chrono::Duration::hours(47));
    eventually(
        &app,
        "SELECT COUNT(*) FROM outbox WHERE recipient = 'cara@example.com' AND subject LIKE 'Reminder:%in 2 days'",
        1,
    )
    .await;
    // Ana cancelled: her reminders ran and sent nothing.
    eventually(
        &app,
        "SELECT COUNT(*) FROM jobs WHERE kind = 'enrollment.reminder' AND status = 'done'",
        2,
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'ana@example.com' AND subject LIKE 'Reminder:%'")
            .await,
        0
    );
}
