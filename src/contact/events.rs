//! The `enquiry_events` table: an enquiry's timeline of internal notes,
//! replies sent, status changes and assignments. Notes and replies often
//! repeat what the sender wrote, so their text is sealed like the enquiry's
//! own values and opened only here.

use chrono::{DateTime, Utc};

use crate::column::text_column;
use crate::crypto::{key_id_of, DataKeys};
use crate::db::{on_pool, on_tx, Database, Transaction};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Note,
    Reply,
    Status,
    Assigned,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Reply => "reply",
            Self::Status => "status",
            Self::Assigned => "assigned",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        [Self::Note, Self::Reply, Self::Status, Self::Assigned]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

text_column!(EventKind, "enquiry event kind");

fn place(id: i64) -> String {
    format!("enquiry_events.body.{id}")
}

/// One line of the timeline, its text opened.
pub struct Event {
    pub kind: EventKind,
    /// The admin who acted, if they still have an account.
    pub actor: Option<String>,
    pub detail: String,
    pub body: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An event to add to an enquiry's timeline.
pub struct NewEvent<'a> {
    pub enquiry_id: i64,
    pub kind: EventKind,
    pub actor_user_id: i64,
    /// What changed, without personal data.
    pub detail: &'a str,
    /// A note's or a reply's text, sealed before it is stored.
    pub body: Option<&'a str>,
}

/// Adds an event in the caller's transaction. Like an enquiry, the row is
/// written first and its text sealed second: the row id is part of the
/// associated data.
pub async fn record(
    tx: &mut Transaction,
    keys: &DataKeys,
    event: &NewEvent<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const INSERT: &str = "
        INSERT INTO enquiry_events (enquiry_id, kind, actor_user_id, detail, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $5)
        RETURNING id";
    const SEAL: &str = "UPDATE enquiry_events SET body_sealed = $1 WHERE id = $2";
    let (id,): (i64,) = on_tx!(tx, conn => sqlx::query_as(INSERT)
        .bind(event.enquiry_id)
        .bind(event.kind.as_str())
        .bind(event.actor_user_id)
        .bind(event.detail)
        .bind(now)
        .fetch_one(&mut *conn)
        .await)?;
    if let Some(body) = event.body {
        let sealed = keys.seal(body, &place(id));
        on_tx!(tx, conn => sqlx::query(SEAL)
            .bind(sealed)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected()))?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    #[sqlx(try_from = "String")]
    kind: EventKind,
    actor: Option<String>,
    detail: String,
    body_sealed: Option<Vec<u8>>,
    created_at: DateTime<Utc>,
}

/// An enquiry's timeline, oldest first.
pub async fn timeline(
    db: &Database,
    keys: &DataKeys,
    enquiry_id: i64,
) -> anyhow::Result<Vec<Event>> {
    const SQL: &str = "
        SELECT e.id, e.kind, u.name AS actor, e.detail, e.body_sealed, e.created_at
        FROM enquiry_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.enquiry_id = $1 ORDER BY e.id";
    let rows: Vec<EventRow> =
        on_pool!(db, pool => sqlx::query_as(SQL).bind(enquiry_id).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|row| {
            let body = row
                .body_sealed
                .as_deref()
                .map(|sealed| keys.open(sealed, &place(row.id)))
                .transpose()
                .map_err(|error| anyhow::anyhow!("enquiry event {}: {error}", row.id))?;
            Ok(Event {
                kind: row.kind,
                actor: row.actor,
                detail: row.detail,
                body,
                created_at: row.created_at,
            })
        })
        .collect()
}

/// Re-seals every event text not yet under the sealing key, as
/// `contact::store::reseal_all` does for the enquiries; returns how many.
pub async fn reseal_all(db: &Database, keys: &DataKeys) -> anyhow::Result<u64> {
    const ROWS: &str = "
        SELECT id, body_sealed FROM enquiry_events
        WHERE body_sealed IS NOT NULL AND id > $1 ORDER BY id LIMIT 200";
    const WRITE: &str = "UPDATE enquiry_events SET body_sealed = $1 WHERE id = $2";
    let sealing = keys.sealing_key_id();
    let mut after = 0_i64;
    let mut changed = 0_u64;
    loop {
        let rows: Vec<(i64, Vec<u8>)> =
            on_pool!(db, pool => sqlx::query_as(ROWS).bind(after).fetch_all(pool).await)?;
        let Some((last, _)) = rows.last() else {
            return Ok(changed);
        };
        after = *last;
        let mut tx = db.begin().await?;
        for (id, sealed) in rows.iter().filter(|(_, s)| key_id_of(s) != Some(sealing)) {
            let body = keys
                .open(sealed, &place(*id))
                .map_err(|error| anyhow::anyhow!("enquiry event {id}: {error}"))?;
            let resealed = keys.seal(&body, &place(*id));
            on_tx!(&mut tx, conn => sqlx::query(WRITE)
                .bind(resealed)
                .bind(*id)
                .execute(&mut *conn)
                .await
                .map(|done| done.rows_affected()))?;
            changed += 1;
        }
        tx.commit().await?;
    }
}
