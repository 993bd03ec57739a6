//! Changing a place after enrolling: moving to another date (alone and under
//! concurrency) and the personal calendar feed.

use std::time::Duration;

use kurso::enrollment::model::Refusal;
use kurso::enrollment::store::{self, By};

use crate::accounts::learner;
use crate::catalog::now;
use crate::enrollment::{enroll, enroll_over_http, insert_learners, seeded_app, status};
use crate::helpers::TestApp;

const CUTOFF: Duration = Duration::from_secs(48 * 3600);
const OFFER: Duration = Duration::from_secs(24 * 3600);

/// Two far-off runs of one course, emptied to the given capacities.
pub(crate) async fn two_runs_of_one_course(app: &TestApp, first: i64, second: i64) -> (i64, i64) {
    let course = app
        .count(
            "SELECT course_id FROM course_runs WHERE status = 'scheduled'
             GROUP BY course_id HAVING COUNT(*) >= 2 ORDER BY MAX(starts_at) DESC, course_id LIMIT 1",
        )
        .await;
    let latest = |skip: i64| {
        format!(
            "SELECT id FROM course_runs WHERE course_id = {course} AND status = 'scheduled'
             ORDER BY starts_at DESC, id LIMIT 1 OFFSET {skip}"
        )
    };
    let (a, b) = (app.count(&latest(0)).await, app.count(&latest(1)).await);
    for (run, capacity) in [(a, first), (b, second)] {
        app.execute(&format!(
            "UPDATE course_runs SET capacity = {capacity}, seats_taken = 0 WHERE id = {run}"
        ))
        .await;
    }
    (a, b)
}

fn place_of(email: &str, run_id: i64) -> String {
    format!(
        "SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id
         WHERE u.email = '{email}' AND e.run_id = {run_id} ORDER BY e.id DESC LIMIT 1"
    )
}

#[tokio::test]
async fn a_learner_moves_to_another_date_and_the_seat_left_goes_to_the_waitlist() {
    let app = seeded_app().await;
    let (from, to) = two_runs_of_one_course(&app, 1, 3).await;
    let ana = learner(&app, "ana@example.com").await;
    let ben = learner(&app, "ben@example.com").await;
    enroll_over_http(&ana, from, false).await;
    enroll_over_http(&ben, from, true).await;
    let ana_place = app
        .count(&place_of("ana@example.com", from))
        .await
        .to_string();
    let ben_place = app
        .count(&place_of("ben@example.com", from))
        .await
        .to_string();

    let page = ana.get(&format!("/me/trainings/{ana_place}/move")).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Move to this date"));
    assert_eq!(
        ben.get(&format!("/me/trainings/{ana_place}/move"))
            .await
            .status(),
        404,
        "nobody sees another learner's place"
    );

    let to_text = to.to_string();
    let moved = ana
        .post(
            "/api/enrollment/transfer",
            &[("place_id", &ana_place), ("to_run_id", &to_text)],
        )
        .await;
    assert!(moved.status().as_u16() < 400, "{:?}", moved.text().await);
    assert_eq!(status(&app, ana_place.parse().unwrap()).await, "cancelled");
    let new_place = app.count(&place_of("ana@example.com", to)).await;
    assert_eq!(status(&app, new_place).await, "confirmed");
    // The seat she left is held for Ben, who was first in line.
    assert_eq!(status(&app, ben_place.parse().unwrap()).await, "offered");
    for (run, taken) in [(from, 1), (to, 1)] {
        assert_eq!(
            app.count(&format!(
                "SELECT seats_taken FROM course_runs WHERE id = {run}"
            ))
            .await,
            taken
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'ben@example.com' AND subject LIKE 'A seat is free%'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'enrollment.transferred'")
            .await,
        1
    );

    // Refused: a waitlist place, another course, a run with no seat, a stranger.
    let other_course_run = app
        .count(&format!(
            "SELECT id FROM course_runs WHERE course_id <> (SELECT course_id FROM course_runs WHERE id = {to})
             AND status = 'scheduled' ORDER BY starts_at DESC LIMIT 1"
        ))
        .await
        .to_string();
    let new_place = new_place.to_string();
    let from_text = from.to_string();
    for (browser, place, run, code, words) in [
        (
            &ana,
            &new_place,
            &other_course_run,
            409,
            Some("same course"),
        ),
        (&ana, &new_place, &from_text, 409, Some("no free seat")),
        // Someone else's place: not found, and nothing about it is told.
        (&ben, &new_place, &from_text, 404, None),
    ] {
        let refused = browser
            .post(
                "/api/enrollment/transfer",
                &[("place_id", place.as_str()), ("to_run_id", run.as_str())],
            )
            .await;
        assert_eq!(refused.status(), code, "{words:?}");
        if let Some(words) = words {
            assert!(refused.text().await.unwrap().contains(words), "{words}");
        }
    }
    assert_eq!(status(&app, new_place.parse().unwrap()).await, "confirmed");
}

#[tokio::test]
async fn crossing_transfers_at_once_never_overbook_nor_deadlock() {
    let app = seeded_app().await;
    // Ten learners in each run and one free seat in each: everyone asks to
    // swap at once, so at most one from each side can move.
    let (a, b) = two_runs_of_one_course(&app, 11, 11).await;
    let learners = insert_learners(&app, 20).await;
    let mut places = Vec::new();
    for (n, &learner_id) in learners.iter().enumerate() {
        let run = if n < 10 { a } else { b };
        let placed = enroll(&app.db, run, learner_id).await.expect("a seat");
        places.push((placed.place_id(), if run == a { b } else { a }));
    }

    let tasks: Vec<_> = places
        .iter()
        .map(|&(place_id, to)| {
            let db = app.db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await.expect("begin");
                let moved =
                    store::transfer_in(&mut tx, now(), place_id, to, By::Admin, CUTOFF, OFFER)
                        .await
                        .expect("the database answers: no deadlock");
                if moved.is_ok() {
                    tx.commit().await.expect("commit");
                }
                moved
            })
        })
        .collect();
    let mut moved = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => moved += 1,
            Err(refusal) => assert_eq!(refusal, Refusal::TransferTargetFull),
        }
    }
    assert!(moved >= 1, "{moved} moved");
    for run in [a, b] {
        let confirmed = app
            .count(&format!(
                "SELECT COUNT(*) FROM enrollments WHERE run_id = {run} AND status = 'confirmed'"
            ))
            .await;
        let taken = app
            .count(&format!(
                "SELECT seats_taken FROM course_runs WHERE id = {run}"
            ))
            .await;
        assert!(confirmed <= 11, "capacity holds");
        assert_eq!(taken, confirmed, "the counter matches the places");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM enrollments WHERE status = 'confirmed'")
            .await,
        20,
        "everyone holds exactly one seat"
    );
}

#[tokio::test]
async fn a_calendar_feed_lists_confirmed_trainings_until_replaced_or_turned_off() {
    let app = seeded_app().await;
    let (run, _) = two_runs_of_one_course(&app, 5, 5).await;
    let ana = learner(&app, "ana@example.com").await;
    enroll_over_http(&ana, run, false).await;

    let made = ana.post("/api/enrollment/feed/new", &[]).await;
    assert!(made.status().as_u16() < 400);
    let location = made.headers()["location"].to_str().unwrap().to_owned();
    let token = location
        .split("feed=")
        .nth(1)
        .and_then(|rest| rest.split('#').next())
        .expect("the address is shown once")
        .to_owned();
    assert!(
        app.text(&format!(
            "SELECT token_hash FROM calendar_feeds WHERE token_hash = '{token}'"
        ))
        .await
        .is_none(),
        "only the digest is stored"
    );

    let feed = app.get(&format!("/calendar/feed.ics?token={token}")).await;
    assert_eq!(feed.status(), 200);
    assert!(feed.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let body = feed.text().await.unwrap();
    assert!(body.contains(&format!("UID:run-{run}@")), "{body}");
    assert_eq!(body.matches("BEGIN:VEVENT").count(), 1);
    assert_eq!(
        app.get("/calendar/feed.ics?token=guess").await.status(),
        404
    );

    // A new address turns the old one off; turning off ends the new one.
    let again = ana.post("/api/enrollment/feed/new", &[]).await;
    let second = again.headers()["location"].to_str().unwrap().to_owned();
    assert_ne!(second, location);
    assert_eq!(
        app.get(&format!("/calendar/feed.ics?token={token}"))
            .await
            .status(),
        404
    );
    ana.post("/api/enrollment/feed/off", &[]).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_feeds").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'calendar_feed.%'")
            .await,
        3
    );
    assert_eq!(
        app.browser()
            .post("/api/enrollment/feed/new", &[])
            .await
            .status(),
        401
    );
}
