//! What the enrollment pages and emails read.

use chrono::{DateTime, Utc};

use crate::db::{Database, Param, SqlBuilder, Transaction};

/// A learner's place with its run and course, as My trainings lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PlaceRow {
    pub id: i64,
    pub status: String,
    pub offer_expires_at: Option<DateTime<Utc>>,
    /// Only for waitlisted places: 1 for the first in line.
    pub waitlist_position: Option<i64>,
    pub run_id: i64,
    pub run_status: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: String,
    pub venue_name: Option<String>,
    pub venue_city: Option<String>,
    pub course_slug: String,
    pub course_title: String,
    pub learner_email: String,
    pub learner_name: String,
}

const PLACE_COLUMNS: &str = "
    SELECT e.id, e.status, e.offer_expires_at,
           CASE WHEN e.status = 'waitlisted' THEN
               (SELECT COUNT(*) FROM enrollments w
                WHERE w.run_id = e.run_id AND w.status = 'waitlisted' AND w.waitlist_seq <= e.waitlist_seq)
           END AS waitlist_position,
           r.id AS run_id, r.status AS run_status, r.starts_at, r.ends_at, r.mode,
           v.name AS venue_name, v.city AS venue_city,
           c.slug AS course_slug, c.title AS course_title,
           u.email AS learner_email, u.name AS learner_name
    FROM enrollments e
    JOIN course_runs r ON r.id = e.run_id
    JOIN courses c ON c.id = r.course_id
    JOIN users u ON u.id = e.user_id
    LEFT JOIN venues v ON v.id = r.venue_id";

/// Every place the learner has or had, most recent run first.
pub async fn places_of_learner(db: &Database, learner_id: i64) -> sqlx::Result<Vec<PlaceRow>> {
    SqlBuilder::new(PLACE_COLUMNS)
        .push(" WHERE e.user_id = ")
        .bind(Param::Int(learner_id))
        .push(" ORDER BY r.starts_at DESC, e.id DESC")
        .fetch_all(db)
        .await
}

/// One place, inside the transaction that changed it (for its email).
pub async fn place_in(tx: &mut Transaction, place_id: i64) -> sqlx::Result<Option<PlaceRow>> {
    SqlBuilder::new(PLACE_COLUMNS)
        .push(" WHERE e.id = ")
        .bind(Param::Int(place_id))
        .fetch_optional_in(tx)
        .await
}

/// One of the learner's places; `None` for anyone else's.
pub async fn place_of_learner(
    db: &Database,
    place_id: i64,
    learner_id: i64,
) -> sqlx::Result<Option<PlaceRow>> {
    let rows = SqlBuilder::new(PLACE_COLUMNS)
        .push(" WHERE e.id = ")
        .bind(Param::Int(place_id))
        .push(" AND e.user_id = ")
        .bind(Param::Int(learner_id))
        .fetch_all::<PlaceRow>(db)
        .await?;
    Ok(rows.into_iter().next())
}

/// The learner's live place in a run, if any.
pub async fn live_place(
    db: &Database,
    run_id: i64,
    learner_id: i64,
) -> sqlx::Result<Option<PlaceRow>> {
    let rows = SqlBuilder::new(PLACE_COLUMNS)
        .push(" WHERE e.run_id = ")
        .bind(Param::Int(run_id))
        .push(" AND e.user_id = ")
        .bind(Param::Int(learner_id))
        .push(" AND e.status IN ('confirmed', 'waitlisted', 'offered')")
        .fetch_all::<PlaceRow>(db)
        .await?;
    Ok(rows.into_iter().next())
}

/// The live places (confirmed, offered, waitlisted) of a run, inside `tx`.
pub async fn live_places_of_run_in(
    tx: &mut Transaction,
    run_id: i64,
) -> sqlx::Result<Vec<PlaceRow>> {
    SqlBuilder::new(PLACE_COLUMNS)
        .push(" WHERE e.run_id = ")
        .bind(Param::Int(run_id))
        .push(" AND e.status IN ('confirmed', 'waitlisted', 'offered') ORDER BY e.id")
        .fetch_all_in(tx)
        .await
}

/// The course of a run, if that course is published.
pub async fn published_course_of_run(db: &Database, run_id: i64) -> sqlx::Result<Option<String>> {
    let rows: Vec<(String,)> = SqlBuilder::new(
        "SELECT c.slug FROM course_runs r JOIN courses c ON c.id = r.course_id WHERE r.id = ",
    )
    .bind(Param::Int(run_id))
    .push(" AND c.is_published = TRUE")
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().next().map(|(slug,)| slug))
}

/// A person on a run's roster.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RosterRow {
    pub place_id: i64,
    pub learner_name: String,
    pub learner_email: String,
    pub status: String,
    pub waitlist_seq: Option<i64>,
    pub offer_expires_at: Option<DateTime<Utc>>,
    pub attended: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everyone who ever held or asked for a place in the run: confirmed first,
/// then offers, the waitlist in its order, then cancelled and expired.
pub async fn roster(db: &Database, run_id: i64) -> sqlx::Result<Vec<RosterRow>> {
    SqlBuilder::new(
        "SELECT e.id AS place_id, u.name AS learner_name, u.email AS learner_email, e.status,
                e.waitlist_seq, e.offer_expires_at, e.attended, e.created_at, e.updated_at
         FROM enrollments e JOIN users u ON u.id = e.user_id
         WHERE e.run_id = ",
    )
    .bind(Param::Int(run_id))
    .push(
        " ORDER BY CASE e.status WHEN 'confirmed' THEN 0 WHEN 'offered' THEN 1
                                 WHEN 'waitlisted' THEN 2 ELSE 3 END,
                   e.waitlist_seq, u.name, e.id",
    )
    .fetch_all(db)
    .await
}
