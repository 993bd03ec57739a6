//! Enrollment in the database: taking a seat, the waitlist, cancelling and
//! offers. Every function works inside the caller's transaction, so the email
//! and the audit entry a change causes commit with it or not at all. A
//! [`Refusal`] changes nothing the caller should keep: it drops the transaction.
//!
//! Concurrency: a seat is taken by one conditional `UPDATE … WHERE seats_taken <
//! capacity`, which both backends apply atomically to the run's row. Everything
//! that reads a place before changing it first locks the run: `FOR UPDATE` on
//! PostgreSQL; on SQLite every write transaction starts with `BEGIN IMMEDIATE`
//! and so already holds the database's single write lock.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::model::{PlaceStatus, Refusal};
use crate::catalog::RunStatus;
use crate::db::{on_tx, SqlBuilder, Transaction};

/// What enrolling gave the learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placed {
    Confirmed { place_id: i64 },
    Waitlisted { place_id: i64, position: i64 },
}

impl Placed {
    pub fn place_id(self) -> i64 {
        match self {
            Self::Confirmed { place_id } | Self::Waitlisted { place_id, .. } => place_id,
        }
    }
}

/// A seat offered to the first person on a waitlist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    pub place_id: i64,
}

/// What cancelling a place did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled {
    pub run_id: i64,
    pub was: PlaceStatus,
    /// The freed seat, offered to the waitlist's first person.
    pub offer: Option<Offer>,
}

/// What moving a place to another run did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transferred {
    pub from_run_id: i64,
    pub new_place_id: i64,
    /// The seat left behind, offered to that run's waitlist.
    pub offer: Option<Offer>,
}

/// Who asks for a change to a place, and so which rules apply: a learner acts
/// on their own places before the cut-off; an admin on anyone's, at any time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Learner(i64),
    Admin,
}

impl By {
    fn learner(self) -> Option<i64> {
        match self {
            Self::Learner(id) => Some(id),
            Self::Admin => None,
        }
    }

    fn past_cutoff(self, starts_at: DateTime<Utc>, cutoff: Duration, now: DateTime<Utc>) -> bool {
        let cutoff = chrono::Duration::from_std(cutoff).unwrap_or(chrono::Duration::MAX);
        match self {
            Self::Learner(_) => starts_at - cutoff <= now,
            Self::Admin => false,
        }
    }
}

type Answer<T> = sqlx::Result<Result<T, Refusal>>;

/// Runs of draft courses do not exist for learners (a fragment for `concat!`).
macro_rules! published {
    () => {
        " AND course_id IN (SELECT id FROM courses WHERE is_published = TRUE)"
    };
}

/// Gives the learner a seat in the run, or, when it is full and
/// `join_waitlist_if_full`, the next place on its waitlist.
pub async fn enroll_in(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    run_id: i64,
    learner_id: i64,
    join_waitlist_if_full: bool,
) -> Answer<Placed> {
    if take_seat(tx, now, run_id).await? {
        // The run's row is now locked by this transaction until it ends.
        if has_live_place(tx, run_id, learner_id).await? {
            return Ok(Err(Refusal::AlreadyEnrolled));
        }
        let place_id =
            insert_place(tx, now, run_id, learner_id, PlaceStatus::Confirmed, None).await?;
        return Ok(Ok(Placed::Confirmed { place_id }));
    }

    // Full, or not open: the next waitlist number, handed out the same way.
    const NEXT_IN_LINE: &str = concat!(
        "UPDATE course_runs SET waitlist_seq = waitlist_seq + 1
         WHERE id = $1 AND status = 'scheduled' AND starts_at > $2",
        published!(),
        " RETURNING waitlist_seq"
    );
    let sequence: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(NEXT_IN_LINE).bind(run_id).bind(now)
            .fetch_optional(&mut *conn).await)?;
    let Some((sequence,)) = sequence else {
        return Ok(Err(why_no_seat(tx, now, run_id).await?));
    };
    if has_live_place(tx, run_id, learner_id).await? {
        return Ok(Err(Refusal::AlreadyEnrolled));
    }
    if !join_waitlist_if_full {
        return Ok(Err(Refusal::Full));
    }
    let place_id = insert_place(
        tx,
        now,
        run_id,
        learner_id,
        PlaceStatus::Waitlisted,
        Some(sequence),
    )
    .await?;
    let position = waitlist_position(tx, run_id, sequence).await?;
    Ok(Ok(Placed::Waitlisted { place_id, position }))
}

/// Gives up a place. A learner may give up a confirmed place until `cutoff`
/// before the start; an admin may remove anyone at any time. A freed seat goes
/// to the waitlist as an offer valid for `offer_valid_for`.
pub async fn cancel_in(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    place_id: i64,
    by: By,
    cutoff: Duration,
    offer_valid_for: Duration,
) -> Answer<Cancelled> {
    let Some(place) = locked_place(tx, place_id, by.learner()).await? else {
        return Ok(Err(Refusal::PlaceNotFound));
    };
    if !place.status.is_live() {
        return Ok(Err(Refusal::PlaceNotFound));
    }
    if place.status == PlaceStatus::Confirmed && by.past_cutoff(place.starts_at, cutoff, now) {
        return Ok(Err(Refusal::PastCutoff));
    }
    set_status(tx, now, place_id, place.status, PlaceStatus::Cancelled).await?;
    let offer = if place.status == PlaceStatus::Waitlisted {
        None
    } else {
        pass_seat_on(tx, now, place.run_id, offer_valid_for).await?
    };
    Ok(Ok(Cancelled {
        run_id: place.run_id,
        was: place.status,
        offer,
    }))
}

/// Moves a confirmed place to another date of the same course in one step:
/// the new seat is taken before the old one is given up, inside one
/// transaction, so the learner ends in exactly one of the two runs.
pub async fn transfer_in(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    place_id: i64,
    to_run_id: i64,
    by: By,
    cutoff: Duration,
    offer_valid_for: Duration,
) -> Answer<Transferred> {
    let Some((from_run_id, learner_id)) = place_owner(tx, place_id, by.learner()).await? else {
        return Ok(Err(Refusal::PlaceNotFound));
    };
    if from_run_id == to_run_id {
        return Ok(Err(Refusal::SameRun));
    }
    // Both runs, always in the same order: two transfers in opposite
    // directions then wait for each other instead of deadlocking.
    lock_run(tx, from_run_id.min(to_run_id)).await?;
    lock_run(tx, from_run_id.max(to_run_id)).await?;
    let Some(place) = read_place(tx, place_id).await? else {
        return Ok(Err(Refusal::PlaceNotFound));
    };
    if place.status != PlaceStatus::Confirmed {
        return Ok(Err(Refusal::NotConfirmed));
    }
    if by.past_cutoff(place.starts_at, cutoff, now) {
        return Ok(Err(Refusal::PastCutoff));
    }
    if !same_course(tx, from_run_id, to_run_id).await? {
        return Ok(Err(Refusal::OtherCourse));
    }
    if has_live_place(tx, to_run_id, learner_id).await? {
        return Ok(Err(Refusal::AlreadyEnrolled));
    }
    if !take_seat(tx, now, to_run_id).await? {
        return Ok(Err(match why_no_seat(tx, now, to_run_id).await? {
            Refusal::Full => Refusal::TransferTargetFull,
            other => other,
        }));
    }
    set_status(
        tx,
        now,
        place_id,
        PlaceStatus::Confirmed,
        PlaceStatus::Cancelled,
    )
    .await?;
    let new_place_id =
        insert_place(tx, now, to_run_id, learner_id, PlaceStatus::Confirmed, None).await?;
    let offer = pass_seat_on(tx, now, from_run_id, offer_valid_for).await?;
    Ok(Ok(Transferred {
        from_run_id,
        new_place_id,
        offer,
    }))
}

/// Records whether a confirmed learner came. Only once the run has started.
pub async fn mark_attendance_in(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    place_id: i64,
    attended: bool,
) -> Answer<i64> {
    let Some(place) = locked_place(tx, place_id, None).await? else {
        return Ok(Err(Refusal::PlaceNotFound));
    };
    if place.status != PlaceStatus::Confirmed {
        return Ok(Err(Refusal::NotConfirmed));
    }
    if place.starts_at > now {
        return Ok(Err(Refusal::NotStarted));
    }
    const SQL: &str = "UPDATE enrollments SET attended = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(attended).bind(now).bind(place_id)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(Ok(place.run_id))
}

/// After a run's capacity grew: offers each new seat to the next person
/// waiting, until the seats or the waitlist run out.
pub async fn offer_free_seats(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    run_id: i64,
    offer_valid_for: Duration,
) -> sqlx::Result<Vec<Offer>> {
    lock_run(tx, run_id).await?;
    let mut offers = Vec::new();
    while take_seat(tx, now, run_id).await? {
        match offer_to_first_waiting(tx, now, run_id, offer_valid_for).await? {
            Some(offer) => offers.push(offer),
            None => {
                release_seat(tx, run_id).await?;
                break;
            }
        }
    }
    Ok(offers)
}

/// Turns an offered seat into a confirmed one, if the offer still stands.
pub async fn claim_in(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    place_id: i64,
    learner_id: i64,
) -> Answer<i64> {
    let Some(place) = locked_place(tx, place_id, Some(learner_id)).await? else {
        return Ok(Err(Refusal::PlaceNotFound));
    };
    match place.status {
        PlaceStatus::Offered if place.offer_expires_at.is_some_and(|until| until > now) => {
            set_status(
                tx,
                now,
                place_id,
                PlaceStatus::Offered,
                PlaceStatus::Confirmed,
            )
            .await?;
            Ok(Ok(place.run_id))
        }
        PlaceStatus::Confirmed => Ok(Err(Refusal::AlreadyEnrolled)),
        PlaceStatus::Offered | PlaceStatus::Expired => Ok(Err(Refusal::OfferExpired)),
        PlaceStatus::Waitlisted | PlaceStatus::Cancelled => Ok(Err(Refusal::PlaceNotFound)),
    }
}

/// Offers that ran out before `now`, oldest first, at most `limit`.
pub async fn due_offers(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<i64>> {
    const SQL: &str =
        "SELECT id FROM enrollments WHERE status = 'offered' AND offer_expires_at <= $1
                       ORDER BY offer_expires_at, id LIMIT $2";
    let rows: Vec<(i64,)> = on_tx!(tx, conn => sqlx::query_as(SQL).bind(now).bind(limit)
        .fetch_all(&mut *conn).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Ends one unclaimed offer and passes its seat on. Returns `None` when the
/// offer was claimed or expired meanwhile, so a seat passes on exactly once
/// however many workers try.
pub async fn expire_offer_in(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    place_id: i64,
    offer_valid_for: Duration,
) -> sqlx::Result<Option<(i64, Option<Offer>)>> {
    let Some(place) = locked_place(tx, place_id, None).await? else {
        return Ok(None);
    };
    let still_due = place.status == PlaceStatus::Offered
        && place.offer_expires_at.is_some_and(|until| until <= now);
    if !still_due {
        return Ok(None);
    }
    set_status(
        tx,
        now,
        place_id,
        PlaceStatus::Offered,
        PlaceStatus::Expired,
    )
    .await?;
    let offer = pass_seat_on(tx, now, place.run_id, offer_valid_for).await?;
    Ok(Some((place.run_id, offer)))
}

/// A seat came free: offer it to the first person waiting, or give it back.
/// The run must be locked by the caller.
async fn pass_seat_on(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    run_id: i64,
    offer_valid_for: Duration,
) -> sqlx::Result<Option<Offer>> {
    let offer = offer_to_first_waiting(tx, now, run_id, offer_valid_for).await?;
    if offer.is_none() {
        release_seat(tx, run_id).await?;
    }
    Ok(offer)
}

/// Holds a taken seat for the first person waiting, if anyone is and the run
/// is still ahead. The seat stays counted in `seats_taken` while offered.
async fn offer_to_first_waiting(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    run_id: i64,
    offer_valid_for: Duration,
) -> sqlx::Result<Option<Offer>> {
    const FIRST_IN_LINE: &str =
        "SELECT e.id, r.starts_at FROM enrollments e JOIN course_runs r ON r.id = e.run_id
                                 WHERE e.run_id = $1 AND e.status = 'waitlisted'
                                   AND r.status = 'scheduled' AND r.starts_at > $2
                                 ORDER BY e.waitlist_seq LIMIT 1";
    const OFFER: &str =
        "UPDATE enrollments SET status = 'offered', offer_expires_at = $1, updated_at = $2
                         WHERE id = $3";
    let next: Option<(i64, DateTime<Utc>)> = on_tx!(tx, conn => sqlx::query_as(FIRST_IN_LINE)
        .bind(run_id).bind(now).fetch_optional(&mut *conn).await)?;
    let Some((place_id, starts_at)) = next else {
        return Ok(None);
    };
    // An offer never outlives the start of the run.
    let valid_for = chrono::Duration::from_std(offer_valid_for).unwrap_or(chrono::Duration::MAX);
    let until = (now + valid_for).min(starts_at);
    on_tx!(tx, conn => sqlx::query(OFFER).bind(until).bind(now).bind(place_id)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(Some(Offer { place_id }))
}

/// Marks the scheduled runs starting in `(now, until]` with fewer confirmed
/// places than their minimum and no alert yet, and returns them: the mark
/// and the check are one statement, so each run is alerted once, however
/// many instances look. Confirmed places only: a seat offered and not yet
/// claimed may still expire unclaimed.
pub async fn mark_runs_below_minimum(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> sqlx::Result<Vec<i64>> {
    const SQL: &str = "UPDATE course_runs SET minimum_alert_at = $1
                       WHERE minimum_alert_at IS NULL AND status = 'scheduled'
                         AND (SELECT COUNT(*) FROM enrollments e
                              WHERE e.run_id = course_runs.id AND e.status = 'confirmed') < min_to_run
                         AND starts_at > $1 AND starts_at <= $2
                       RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(now).bind(until).fetch_all(&mut *conn).await)
}

/// The check ("a seat is free in an open run") and the change ("take it") in
/// one statement. The run's row stays locked by the transaction afterwards.
async fn take_seat(tx: &mut Transaction, now: DateTime<Utc>, run_id: i64) -> sqlx::Result<bool> {
    const SQL: &str = concat!(
        "UPDATE course_runs SET seats_taken = seats_taken + 1
         WHERE id = $1 AND status = 'scheduled' AND starts_at > $2 AND seats_taken < capacity",
        published!()
    );
    let taken = on_tx!(tx, conn => sqlx::query(SQL).bind(run_id).bind(now)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(taken == 1)
}

async fn release_seat(tx: &mut Transaction, run_id: i64) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE course_runs SET seats_taken = seats_taken - 1 WHERE id = $1 AND seats_taken > 0";
    on_tx!(tx, conn => sqlx::query(SQL).bind(run_id)
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Why a run gave no seat: it is unknown, not open (started, finished or
/// cancelled), or full.
async fn why_no_seat(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    run_id: i64,
) -> sqlx::Result<Refusal> {
    const SQL: &str = concat!(
        "SELECT status, starts_at FROM course_runs WHERE id = $1",
        published!()
    );
    let run: Option<(String, DateTime<Utc>)> = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(run_id).fetch_optional(&mut *conn).await)?;
    Ok(match run {
        None => Refusal::RunNotFound,
        Some((status, starts_at))
            if RunStatus::from_column(&status) == Some(RunStatus::Scheduled) && starts_at > now =>
        {
            Refusal::Full
        }
        Some(_) => Refusal::RunNotOpen,
    })
}

async fn same_course(tx: &mut Transaction, run_a: i64, run_b: i64) -> sqlx::Result<bool> {
    const SQL: &str = "SELECT COUNT(DISTINCT course_id) FROM course_runs WHERE id IN ($1, $2)";
    let courses: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(run_a).bind(run_b)
        .fetch_one(&mut *conn).await)?;
    Ok(courses == 1)
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    run_id: i64,
    status: String,
    starts_at: DateTime<Utc>,
    offer_expires_at: Option<DateTime<Utc>>,
}

struct LockedPlace {
    run_id: i64,
    status: PlaceStatus,
    starts_at: DateTime<Utc>,
    offer_expires_at: Option<DateTime<Utc>>,
}

/// Locks the run of a place, so that the place reads the same until the
/// transaction ends; `false` when there is no such place.
pub async fn lock_run_of_place(tx: &mut Transaction, place_id: i64) -> sqlx::Result<bool> {
    let Some((run_id, _)) = place_owner(tx, place_id, None).await? else {
        return Ok(false);
    };
    lock_run(tx, run_id).await?;
    Ok(true)
}

/// Locks the place's run, then reads the place as it is now. `learner_id`
/// limits it to that learner's places.
async fn locked_place(
    tx: &mut Transaction,
    place_id: i64,
    learner_id: Option<i64>,
) -> sqlx::Result<Option<LockedPlace>> {
    let Some((run_id, _)) = place_owner(tx, place_id, learner_id).await? else {
        return Ok(None);
    };
    lock_run(tx, run_id).await?;
    read_place(tx, place_id).await
}

/// The place's run and learner; `learner_id` limits it to that learner's.
async fn place_owner(
    tx: &mut Transaction,
    place_id: i64,
    learner_id: Option<i64>,
) -> sqlx::Result<Option<(i64, i64)>> {
    let mut owner = SqlBuilder::new("SELECT run_id, user_id FROM enrollments WHERE id = ");
    owner.bind(place_id);
    if let Some(learner_id) = learner_id {
        owner.push(" AND user_id = ").bind(learner_id);
    }
    owner.fetch_optional_in(tx).await
}

async fn read_place(tx: &mut Transaction, place_id: i64) -> sqlx::Result<Option<LockedPlace>> {
    const SQL: &str = "SELECT e.run_id, e.status, r.starts_at, e.offer_expires_at
                       FROM enrollments e JOIN course_runs r ON r.id = e.run_id WHERE e.id = $1";
    let row: Option<PlaceRow> = on_tx!(tx, conn => sqlx::query_as(SQL).bind(place_id)
        .fetch_optional(&mut *conn).await)?;
    Ok(row.and_then(|row| {
        Some(LockedPlace {
            run_id: row.run_id,
            status: PlaceStatus::from_column(&row.status)?,
            starts_at: row.starts_at,
            offer_expires_at: row.offer_expires_at,
        })
    }))
}

async fn lock_run(tx: &mut Transaction, run_id: i64) -> sqlx::Result<()> {
    if let Transaction::Postgres(_) = tx {
        const SQL: &str = "SELECT id FROM course_runs WHERE id = $1 FOR UPDATE";
        on_tx!(tx, conn => sqlx::query(SQL).bind(run_id)
            .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    }
    Ok(())
}

async fn has_live_place(tx: &mut Transaction, run_id: i64, learner_id: i64) -> sqlx::Result<bool> {
    const SQL: &str = "SELECT id FROM enrollments
                       WHERE run_id = $1 AND user_id = $2 AND status IN ('confirmed', 'waitlisted', 'offered')";
    let found: Option<(i64,)> = on_tx!(tx, conn => sqlx::query_as(SQL).bind(run_id).bind(learner_id)
        .fetch_optional(&mut *conn).await)?;
    Ok(found.is_some())
}

async fn insert_place(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    run_id: i64,
    learner_id: i64,
    status: PlaceStatus,
    waitlist_seq: Option<i64>,
) -> sqlx::Result<i64> {
    const SQL: &str =
        "INSERT INTO enrollments (run_id, user_id, status, waitlist_seq, created_at, updated_at)
                       VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(run_id).bind(learner_id).bind(status.as_str()).bind(waitlist_seq).bind(now)
        .fetch_one(&mut *conn).await)
}

async fn set_status(
    tx: &mut Transaction,
    now: DateTime<Utc>,
    place_id: i64,
    from: PlaceStatus,
    to: PlaceStatus,
) -> sqlx::Result<()> {
    // `cancelled_at` is set when (and only when) the place is cancelled.
    const SQL: &str = "UPDATE enrollments SET status = $1, updated_at = $2,
                         cancelled_at = CASE WHEN $1 = 'cancelled' THEN $2 ELSE cancelled_at END
                       WHERE id = $3 AND status = $4";
    on_tx!(tx, conn => sqlx::query(SQL).bind(to.as_str()).bind(now).bind(place_id).bind(from.as_str())
        .execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// 1 for the first person waiting.
pub async fn waitlist_position(
    tx: &mut Transaction,
    run_id: i64,
    sequence: i64,
) -> sqlx::Result<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM enrollments
                       WHERE run_id = $1 AND status = 'waitlisted' AND waitlist_seq <= $2";
    let position: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(run_id).bind(sequence)
        .fetch_one(&mut *conn).await)?;
    Ok(position)
}
