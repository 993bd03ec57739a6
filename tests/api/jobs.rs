//! The job queue on the real database: exactly-once under two workers, retries
//! with growing waits, dead jobs and their retry, and leases of dead workers.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use kurso::clock::Clock;
use kurso::db::Database;
use kurso::jobs::{enqueue, queue, Handlers, NewJob, Worker};

use crate::helpers::{spawn_app_with, TestApp, TestOptions};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 4, 0, 0).unwrap()
}

/// A clock the test moves by hand.
#[derive(Clone)]
pub(crate) struct HandClock(Arc<Mutex<DateTime<Utc>>>);

impl HandClock {
    pub(crate) fn new() -> Self {
        Self(Arc::new(Mutex::new(start())))
    }
    pub(crate) fn clock(&self) -> Clock {
        let now = self.0.clone();
        Clock::from_fn(move || *now.lock().unwrap())
    }
    pub(crate) fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += chrono::Duration::from_std(by).unwrap();
    }
    pub(crate) fn set(&self, to: DateTime<Utc>) {
        *self.0.lock().unwrap() = to;
    }
    pub(crate) fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// The app without its own job worker: the tests run workers by hand.
async fn app() -> TestApp {
    spawn_app_with(TestOptions {
        env: vec![
            ("KURSO_DB_MAX_CONNECTIONS", "10".to_owned()),
            ("KURSO_JOB_WORKERS", "0".to_owned()),
        ],
        ..TestOptions::default()
    })
    .await
}

async fn add_jobs(db: &Database, kind: &str, count: usize, at: DateTime<Utc>) {
    let mut tx = db.begin().await.unwrap();
    for n in 0..count {
        let job = NewJob::new(kind, serde_json::json!({ "n": n }), at);
        enqueue(&mut tx, &job, at).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn job_field<T>(db: &Database, column: &str, id: i64) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    let sql = format!("SELECT {column} FROM jobs WHERE id = {id}");
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap(),
        Database::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap(),
    }
}

#[tokio::test]
async fn two_workers_over_one_queue_run_each_of_a_thousand_jobs_exactly_once() {
    let app = app().await;
    let clock = HandClock::new();
    add_jobs(&app.db, "count", 1000, clock.now()).await;
    let ran: Arc<Mutex<Vec<i64>>> = Arc::default();
    let handlers = {
        let ran = ran.clone();
        Handlers::default().on("count", move |job| {
            let ran = ran.clone();
            Box::pin(async move {
                tokio::task::yield_now().await;
                ran.lock().unwrap().push(job.id);
                Ok(())
            })
        })
    };

    let workers: Vec<_> = (0..2)
        .map(|_| {
            let worker = Worker::new(app.db.clone(), clock.clock(), handlers.clone());
            tokio::spawn(async move { worker.drain().await.unwrap() })
        })
        .collect();
    let mut per_worker = Vec::new();
    for worker in workers {
        per_worker.push(worker.await.unwrap());
    }

    let mut ran = ran.lock().unwrap().clone();
    assert_eq!(ran.len(), 1000, "every job ran");
    ran.sort_unstable();
    ran.dedup();
    assert_eq!(ran.len(), 1000, "no job ran twice");
    assert_eq!(per_worker.iter().sum::<usize>(), 1000);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE status = 'done' AND attempts = 1")
            .await,
        1000
    );
}

#[tokio::test]
async fn a_job_that_keeps_failing_waits_longer_each_time_then_is_dead_until_retried() {
    let app = app().await;
    let clock = HandClock::new();
    add_jobs(&app.db, "flaky", 1, clock.now()).await;
    let id = app.count("SELECT id FROM jobs").await;
    let fail = Arc::new(Mutex::new(true));
    let handlers = {
        let fail = fail.clone();
        Handlers::default().on("flaky", move |_| {
            let fail = *fail.lock().unwrap();
            Box::pin(async move {
                if fail {
                    Err("the mail server said no".to_owned())
                } else {
                    Ok(())
                }
            })
        })
    };
    let worker = Worker::new(app.db.clone(), clock.clock(), handlers);

    let mut waits = Vec::new();
    for attempt in 1..=2 {
        assert_eq!(worker.run_due().await.unwrap(), 1, "attempt {attempt} runs");
        assert_eq!(job_field::<String>(&app.db, "status", id).await, "failed");
        let retry_at: DateTime<Utc> = job_field(&app.db, "run_at", id).await;
        waits.push(retry_at - clock.now());
        assert_eq!(worker.run_due().await.unwrap(), 0, "not before its time");
        clock.advance((retry_at - clock.now()).to_std().unwrap());
    }
    assert!(waits[1] > waits[0], "the wait grows: {waits:?}");
    assert_eq!(worker.run_due().await.unwrap(), 1, "the third attempt");
    assert_eq!(job_field::<String>(&app.db, "status", id).await, "dead");
    assert_eq!(
        job_field::<String>(&app.db, "last_error", id).await,
        "the mail server said no"
    );
    clock.advance(Duration::from_secs(24 * 3600));
    assert_eq!(worker.run_due().await.unwrap(), 0, "a dead job stays dead");

    // An admin retries it once the cause is fixed.
    *fail.lock().unwrap() = false;
    let mut tx = app.db.begin().await.unwrap();
    assert!(queue::retry(&mut tx, id, clock.now()).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(worker.run_due().await.unwrap(), 1);
    assert_eq!(job_field::<String>(&app.db, "status", id).await, "done");
}

#[tokio::test]
async fn a_job_held_by_a_worker_that_died_is_taken_over_after_its_lease() {
    let app = app().await;
    let clock = HandClock::new();
    add_jobs(&app.db, "once", 1, clock.now()).await;
    // A worker claims the job and dies before finishing it.
    let claimed = queue::claim(&app.db, clock.now(), Duration::from_secs(300), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let handlers = Handlers::default().on("once", |_| Box::pin(async { Ok(()) }));
    let worker = Worker::new(app.db.clone(), clock.clock(), handlers);

    assert_eq!(worker.run_due().await.unwrap(), 0, "still leased");
    clock.advance(Duration::from_secs(301));
    assert_eq!(worker.run_due().await.unwrap(), 1, "taken over");
    // The dead worker's late report changes nothing.
    queue::fail(&app.db, &claimed[0], "late", clock.now())
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE status = 'done' AND attempts = 2")
            .await,
        1
    );
}

#[tokio::test]
async fn done_jobs_are_purged_after_a_while_but_dead_ones_stay_for_an_admin() {
    let app = app().await;
    let clock = HandClock::new();
    add_jobs(&app.db, "count", 3, clock.now()).await;
    add_jobs(&app.db, "broken", 1, clock.now()).await;
    app.execute("UPDATE jobs SET max_attempts = 1").await;
    let handlers = Handlers::default()
        .on("count", |_| Box::pin(async { Ok(()) }))
        .on("broken", |_| Box::pin(async { Err("always".to_owned()) }));
    Worker::new(app.db.clone(), clock.clock(), handlers)
        .drain()
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE status = 'done'")
            .await,
        3
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE status = 'dead'")
            .await,
        1
    );

    // Nothing is old enough yet; a month later the done ones go.
    assert_eq!(queue::purge_done(&app.db, clock.now()).await.unwrap(), 0);
    clock.advance(Duration::from_secs(31 * 24 * 3600));
    let month_ago = clock.now() - chrono::Duration::days(30);
    assert_eq!(queue::purge_done(&app.db, month_ago).await.unwrap(), 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs").await,
        1,
        "the dead job stays"
    );
}
