//! What the enrollment pages and emails read.

use chrono::{DateTime, Utc};

use super::model::PlaceStatus;
use crate::catalog::{DeliveryMode, RunStatus};
use crate::db::{on_pool, on_tx, Database, Transaction};

/// A learner's place with its run and course, as My trainings lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PlaceRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub status: PlaceStatus,
    pub offer_expires_at: Option<DateTime<Utc>>,
    /// Only for waitlisted places: 1 for the first in line.
    pub waitlist_position: Option<i64>,
    pub run_id: i64,
    #[sqlx(try_from = "String")]
    pub run_status: RunStatus,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub mode: DeliveryMode,
    pub venue_name: Option<String>,
    pub venue_city: Option<String>,
    pub course_slug: String,
    pub course_title: String,
    pub learner_id: i64,
    pub learner_email: String,
    pub learner_name: String,
    /// Marked by an admin once the run has started.
    pub attended: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PlaceRow {
    /// "Online", "Venue, City" or "Venue to be announced".
    pub fn place_label(&self) -> String {
        crate::catalog::present::place_label(
            self.mode,
            self.venue_name.as_deref(),
            self.venue_city.as_deref(),
        )
    }
}

/// The columns of a [`PlaceRow`] and their joins, for `concat!`.
macro_rules! place_select {
    () => {
        "
    SELECT e.id, e.status, e.offer_expires_at,
           CASE WHEN e.status = 'waitlisted' THEN
               (SELECT COUNT(*) FROM enrollments w
                WHERE w.run_id = e.run_id AND w.status = 'waitlisted' AND w.waitlist_seq <= e.waitlist_seq)
           END AS waitlist_position,
           r.id AS run_id, r.status AS run_status, r.starts_at, r.ends_at, r.mode,
           v.name AS venue_name, v.city AS venue_city,
           c.slug AS course_slug, c.title AS course_title,
           u.id AS learner_id, u.email AS learner_email, u.name AS learner_name,
           e.attended, e.created_at, e.updated_at
    FROM enrollments e
    JOIN course_runs r ON r.id = e.run_id
    JOIN courses c ON c.id = r.course_id
    JOIN users u ON u.id = e.user_id
    LEFT JOIN venues v ON v.id = r.venue_id"
    };
}

/// Every place the learner has or had, most recent run first.
pub async fn places_of_learner(db: &Database, learner_id: i64) -> sqlx::Result<Vec<PlaceRow>> {
    const SQL: &str = concat!(
        place_select!(),
        " WHERE e.user_id = $1 ORDER BY r.starts_at DESC, e.id DESC"
    );
    on_pool!(db, pool => sqlx::query_as(SQL).bind(learner_id).fetch_all(pool).await)
}

/// One place, inside the transaction that changed it (for its email).
pub async fn place_in(tx: &mut Transaction, place_id: i64) -> sqlx::Result<Option<PlaceRow>> {
    const SQL: &str = concat!(place_select!(), " WHERE e.id = $1");
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(place_id).fetch_optional(&mut *conn).await)
}

/// A run's confirmed places and its minimum, inside the transaction that
/// just confirmed one (to tell when the run reaches its minimum).
pub async fn confirmed_and_minimum_in(
    tx: &mut Transaction,
    run_id: i64,
) -> sqlx::Result<Option<(i64, i64)>> {
    const SQL: &str = "SELECT (SELECT COUNT(*) FROM enrollments
                                WHERE run_id = r.id AND status = 'confirmed'),
                              r.min_to_run
                       FROM course_runs r WHERE r.id = $1";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(run_id).fetch_optional(&mut *conn).await)
}

/// One of the learner's places; `None` for anyone else's.
pub async fn place_of_learner(
    db: &Database,
    place_id: i64,
    learner_id: i64,
) -> sqlx::Result<Option<PlaceRow>> {
    const SQL: &str = concat!(place_select!(), " WHERE e.id = $1 AND e.user_id = $2");
    on_pool!(db, pool => sqlx::query_as(SQL).bind(place_id).bind(learner_id).fetch_optional(pool).await)
}

/// The learner's live place in a run, if any.
pub async fn live_place(
    db: &Database,
    run_id: i64,
    learner_id: i64,
) -> sqlx::Result<Option<PlaceRow>> {
    const SQL: &str = concat!(
        place_select!(),
        " WHERE e.run_id = $1 AND e.user_id = $2 AND e.status IN ('confirmed', 'waitlisted', 'offered')"
    );
    on_pool!(db, pool => sqlx::query_as(SQL).bind(run_id).bind(learner_id).fetch_optional(pool).await)
}

/// The live places (confirmed, offered, waitlisted) of a run, inside `tx`.
pub async fn live_places_of_run_in(
    tx: &mut Transaction,
    run_id: i64,
) -> sqlx::Result<Vec<PlaceRow>> {
    const SQL: &str = concat!(
        place_select!(),
        " WHERE e.run_id = $1 AND e.status IN ('confirmed', 'waitlisted', 'offered') ORDER BY e.id"
    );
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(run_id).fetch_all(&mut *conn).await)
}

/// One place, whoever's (the API's admin reads).
pub async fn place(db: &Database, place_id: i64) -> sqlx::Result<Option<PlaceRow>> {
    const SQL: &str = concat!(place_select!(), " WHERE e.id = $1");
    on_pool!(db, pool => sqlx::query_as(SQL).bind(place_id).fetch_optional(pool).await)
}

/// A page of a run's places in the order they were made, after place
/// `after_id`; only those with `status` when given (the API's roster).
pub async fn places_of_run_after(
    db: &Database,
    run_id: i64,
    status: Option<PlaceStatus>,
    after_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<PlaceRow>> {
    const SQL: &str = concat!(
        place_select!(),
        " WHERE e.run_id = $1 AND e.id > $2 AND ($3 IS NULL OR e.status = $3)
          ORDER BY e.id LIMIT $4"
    );
    on_pool!(db, pool => sqlx::query_as(SQL)
        .bind(run_id)
        .bind(after_id)
        .bind(status.map(PlaceStatus::as_str))
        .bind(limit)
        .fetch_all(pool)
        .await)
}

/// Whether the run exists, whatever its course's state (admins' reads).
pub async fn run_exists(db: &Database, run_id: i64) -> sqlx::Result<bool> {
    const SQL: &str = "SELECT COUNT(*) FROM course_runs WHERE id = $1";
    let count: i64 =
        on_pool!(db, pool => sqlx::query_scalar(SQL).bind(run_id).fetch_one(pool).await)?;
    Ok(count > 0)
}

/// The course of a run, if that course is published.
pub async fn published_course_of_run(db: &Database, run_id: i64) -> sqlx::Result<Option<String>> {
    const SQL: &str = "SELECT c.slug FROM course_runs r JOIN courses c ON c.id = r.course_id
                       WHERE r.id = $1 AND c.is_published = TRUE";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(run_id).fetch_optional(pool).await)
}

/// A person on a run's roster.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RosterRow {
    pub place_id: i64,
    pub learner_name: String,
    pub learner_email: String,
    #[sqlx(try_from = "String")]
    pub status: PlaceStatus,
    pub waitlist_seq: Option<i64>,
    pub offer_expires_at: Option<DateTime<Utc>>,
    pub attended: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everyone who ever held or asked for a place in the run: confirmed first,
/// then offers, the waitlist in its order, then cancelled and expired.
pub async fn roster(db: &Database, run_id: i64) -> sqlx::Result<Vec<RosterRow>> {
    const SQL: &str = "
        SELECT e.id AS place_id, u.name AS learner_name, u.email AS learner_email, e.status,
               e.waitlist_seq, e.offer_expires_at, e.attended, e.created_at, e.updated_at
        FROM enrollments e JOIN users u ON u.id = e.user_id
        WHERE e.run_id = $1
        ORDER BY CASE e.status WHEN 'confirmed' THEN 0 WHEN 'offered' THEN 1
                               WHEN 'waitlisted' THEN 2 ELSE 3 END,
                 e.waitlist_seq, u.name, e.id";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(run_id).fetch_all(pool).await)
}

/// When the learner's calendar feed address was made; `None` while off.
pub async fn feed_made_at(db: &Database, user_id: i64) -> sqlx::Result<Option<DateTime<Utc>>> {
    const SQL: &str = "SELECT created_at FROM calendar_feeds WHERE user_id = $1";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(user_id).fetch_optional(pool).await)
}

/// Gives the learner a new feed address (the old one stops working).
pub async fn replace_feed(
    tx: &mut Transaction,
    user_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO calendar_feeds (user_id, token_hash, created_at, updated_at)
                       VALUES ($1, $2, $3, $3)";
    remove_feed(tx, user_id).await?;
    on_tx!(tx, conn => sqlx::query(SQL).bind(user_id).bind(token_hash).bind(now)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Turns the learner's feed off.
pub async fn remove_feed(tx: &mut Transaction, user_id: i64) -> sqlx::Result<()> {
    const SQL: &str = "DELETE FROM calendar_feeds WHERE user_id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(user_id)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// The learner whose (enabled) account owns the feed with this token digest.
/// A disabled account's feed stops with its sessions, and serves again if the
/// account is enabled.
pub async fn feed_owner(db: &Database, token_digest: &str) -> sqlx::Result<Option<i64>> {
    const SQL: &str = "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
                       WHERE u.disabled_at IS NULL AND f.token_hash = $1";
    on_pool!(db, pool => sqlx::query_scalar(SQL).bind(token_digest).fetch_optional(pool).await)
}
