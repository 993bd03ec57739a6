//! The `enquiries` table. Every personal value goes in sealed and comes out
//! opened here, so no other code handles the sealed bytes or their places.

use chrono::{DateTime, Utc};

use super::model::EnquiryStatus;
use crate::crypto::{key_id_of, DataKeys, OpenError};
use crate::db::{on_pool, on_tx, Database, SqlBuilder, Transaction};

/// An enquiry as the form sent it, checked.
pub struct NewEnquiry<'a> {
    pub topic: &'static str,
    pub course_id: Option<i64>,
    pub preferred_mode: &'a str,
    pub company: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
    pub message: &'a str,
    /// `None` for a person; why it looks like a bot otherwise.
    pub spam_reason: Option<&'a str>,
}

/// The personal values of one enquiry, as the inbox reads them.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonalData {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub message: String,
}

/// The associated data of a sealed value: its table, column and row.
fn place(column: &str, id: i64) -> String {
    format!("enquiries.{column}.{id}")
}

struct Sealed {
    name: Vec<u8>,
    email: Vec<u8>,
    phone: Option<Vec<u8>>,
    message: Vec<u8>,
    email_index: Vec<u8>,
}

fn seal(keys: &DataKeys, id: i64, data: &PersonalData) -> Sealed {
    Sealed {
        name: keys.seal(&data.name, &place("name", id)),
        email: keys.seal(&data.email, &place("email", id)),
        phone: data
            .phone
            .as_deref()
            .map(|phone| keys.seal(phone, &place("phone", id))),
        message: keys.seal(&data.message, &place("message", id)),
        email_index: keys.email_hash(&data.email),
    }
}

/// Stores an enquiry and returns its id. The row is written first and sealed
/// second, in the caller's transaction, because the row id is part of each
/// value's associated data.
pub async fn insert(
    tx: &mut Transaction,
    keys: &DataKeys,
    enquiry: &NewEnquiry<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    const INSERT: &str = "
        INSERT INTO enquiries (topic, course_id, preferred_mode, company, name_sealed,
                               email_sealed, message_sealed, email_index, consent_at,
                               status, spam_reason, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $5, $5, $5, $6, $7, $8, $6, $6)
        RETURNING id";
    let status = match enquiry.spam_reason {
        Some(_) => EnquiryStatus::Spam,
        None => EnquiryStatus::New,
    };
    let placeholder: Vec<u8> = Vec::new();
    let (id,): (i64,) = on_tx!(tx, conn => {
        sqlx::query_as(INSERT)
            .bind(enquiry.topic)
            .bind(enquiry.course_id)
            .bind(enquiry.preferred_mode)
            .bind(enquiry.company)
            .bind(&placeholder)
            .bind(now)
            .bind(status.as_str())
            .bind(enquiry.spam_reason.unwrap_or(""))
            .fetch_one(&mut *conn)
            .await?
    });
    let data = PersonalData {
        name: enquiry.name.to_owned(),
        email: enquiry.email.to_owned(),
        phone: enquiry.phone.map(str::to_owned),
        message: enquiry.message.to_owned(),
    };
    write_sealed(tx, id, &seal(keys, id, &data)).await?;
    Ok(id)
}

async fn write_sealed(tx: &mut Transaction, id: i64, sealed: &Sealed) -> sqlx::Result<()> {
    const SQL: &str = "
        UPDATE enquiries
        SET name_sealed = $1, email_sealed = $2, phone_sealed = $3, message_sealed = $4,
            email_index = $5
        WHERE id = $6";
    on_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(&sealed.name)
            .bind(&sealed.email)
            .bind(&sealed.phone)
            .bind(&sealed.message)
            .bind(&sealed.email_index)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map(|_| ())?
    });
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SealedRow {
    id: i64,
    name_sealed: Vec<u8>,
    email_sealed: Vec<u8>,
    phone_sealed: Option<Vec<u8>>,
    message_sealed: Vec<u8>,
}

impl SealedRow {
    fn open(&self, keys: &DataKeys) -> Result<PersonalData, OpenError> {
        Ok(PersonalData {
            name: keys.open(&self.name_sealed, &place("name", self.id))?,
            email: keys.open(&self.email_sealed, &place("email", self.id))?,
            phone: self
                .phone_sealed
                .as_deref()
                .map(|phone| keys.open(phone, &place("phone", self.id)))
                .transpose()?,
            message: keys.open(&self.message_sealed, &place("message", self.id))?,
        })
    }

    fn sealed_under(&self, key_id: u32) -> bool {
        [
            Some(&self.name_sealed),
            Some(&self.email_sealed),
            self.phone_sealed.as_ref(),
            Some(&self.message_sealed),
        ]
        .into_iter()
        .flatten()
        .all(|value| key_id_of(value) == Some(key_id))
    }
}

const SEALED_COLUMNS: &str =
    "SELECT id, name_sealed, email_sealed, phone_sealed, message_sealed FROM enquiries";

/// One enquiry's personal data, opened; `None` when there is no such enquiry.
pub async fn personal_data(
    db: &Database,
    keys: &DataKeys,
    id: i64,
) -> anyhow::Result<Option<PersonalData>> {
    let sql = format!("{SEALED_COLUMNS} WHERE id = $1");
    let row: Option<SealedRow> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    row.map(|row| row.open(keys))
        .transpose()
        .map_err(|error| anyhow::anyhow!("enquiry {id}: {error}"))
}

/// The ids of the enquiries sent from `email`, newest first, found by its keyed
/// hash under every configured key.
pub async fn ids_by_email(db: &Database, keys: &DataKeys, email: &str) -> sqlx::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for hash in keys.email_hashes(email) {
        const SQL: &str = "SELECT id FROM enquiries WHERE email_index = $1 ORDER BY id DESC";
        let found: Vec<i64> =
            on_pool!(db, pool => sqlx::query_scalar(SQL).bind(&hash).fetch_all(pool).await)?;
        ids.extend(found);
    }
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    Ok(ids)
}

/// Rows re-sealed per transaction by [`reseal_all`].
const RESEAL_BATCH: i64 = 200;

/// Re-seals every enquiry not yet sealed under the sealing key (and re-hashes
/// its email), a batch per transaction; returns how many rows changed. A value
/// that does not open stops the run with its row id and changes nothing in
/// that batch: no data is ever lost to a wrong key.
pub async fn reseal_all(db: &Database, keys: &DataKeys, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let sealing = keys.sealing_key_id();
    let batch_sql = format!("{SEALED_COLUMNS} WHERE id > $1 ORDER BY id LIMIT {RESEAL_BATCH}");
    let mut after = 0_i64;
    let mut changed = 0_u64;
    loop {
        let rows: Vec<SealedRow> =
            on_pool!(db, pool => sqlx::query_as(&batch_sql).bind(after).fetch_all(pool).await)?;
        let Some(last) = rows.last() else {
            return Ok(changed);
        };
        after = last.id;
        let mut tx = db.begin().await?;
        for row in rows.iter().filter(|row| !row.sealed_under(sealing)) {
            let data = row
                .open(keys)
                .map_err(|error| anyhow::anyhow!("enquiry {}: {error}", row.id))?;
            write_sealed(&mut tx, row.id, &seal(keys, row.id, &data)).await?;
            touch(&mut tx, row.id, now).await?;
            changed += 1;
        }
        tx.commit().await?;
    }
}

async fn touch(tx: &mut Transaction, id: i64, now: DateTime<Utc>) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE enquiries SET updated_at = $1 WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(now).bind(id).execute(&mut *conn).await.map(|_| ())?);
    Ok(())
}

/// An enquiry as the inbox lists and shows it, personal data opened.
pub struct InboxEntry {
    pub id: i64,
    pub topic: String,
    pub course_slug: Option<String>,
    pub course_title: Option<String>,
    pub preferred_mode: String,
    pub company: String,
    pub status: EnquiryStatus,
    pub spam_reason: String,
    pub assignee_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub personal: PersonalData,
}

#[derive(sqlx::FromRow)]
struct InboxRow {
    #[sqlx(flatten)]
    sealed: SealedRow,
    topic: String,
    course_slug: Option<String>,
    course_title: Option<String>,
    preferred_mode: String,
    company: String,
    #[sqlx(try_from = "String")]
    status: EnquiryStatus,
    spam_reason: String,
    assignee_id: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const INBOX_COLUMNS: &str = "
    SELECT e.id, e.name_sealed, e.email_sealed, e.phone_sealed, e.message_sealed,
           e.topic, c.slug AS course_slug, c.title AS course_title, e.preferred_mode,
           e.company, e.status, e.spam_reason, e.assignee_id, e.created_at,
           e.updated_at
    FROM enquiries e LEFT JOIN courses c ON c.id = e.course_id";

impl InboxRow {
    fn open(self, keys: &DataKeys) -> anyhow::Result<InboxEntry> {
        let personal = self
            .sealed
            .open(keys)
            .map_err(|error| anyhow::anyhow!("enquiry {}: {error}", self.sealed.id))?;
        Ok(InboxEntry {
            id: self.sealed.id,
            topic: self.topic,
            course_slug: self.course_slug,
            course_title: self.course_title,
            preferred_mode: self.preferred_mode,
            company: self.company,
            status: self.status,
            spam_reason: self.spam_reason,
            assignee_id: self.assignee_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
            personal,
        })
    }
}

/// The newest `limit` enquiries with `status`.
pub async fn inbox(
    db: &Database,
    keys: &DataKeys,
    status: EnquiryStatus,
    limit: i64,
) -> anyhow::Result<Vec<InboxEntry>> {
    let sql = format!(
        "{INBOX_COLUMNS} WHERE e.status = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT $2"
    );
    let rows: Vec<InboxRow> = on_pool!(db, pool => {
        sqlx::query_as(&sql).bind(status.as_str()).bind(limit).fetch_all(pool).await
    })?;
    rows.into_iter().map(|row| row.open(keys)).collect()
}

/// What the API's list of enquiries is narrowed to.
pub struct EnquiryFilter {
    pub status: Option<EnquiryStatus>,
    /// Only enquiries changed at or after this time.
    pub updated_since: Option<DateTime<Utc>>,
    /// The last enquiry of the previous page (received at, id): newest first,
    /// so enquiries arriving while a client pages land before its cursor.
    pub before: Option<(DateTime<Utc>, i64)>,
    pub limit: i64,
}

/// Enquiries newest first, opened, for the API.
pub async fn listed(
    db: &Database,
    keys: &DataKeys,
    filter: &EnquiryFilter,
) -> anyhow::Result<Vec<InboxEntry>> {
    let mut query = SqlBuilder::new(INBOX_COLUMNS);
    query.push(" WHERE 1 = 1");
    if let Some(status) = filter.status {
        query
            .push(" AND e.status = ")
            .bind(status.as_str().to_owned());
    }
    if let Some(since) = filter.updated_since {
        query.push(" AND e.updated_at >= ").bind(since);
    }
    if let Some((at, id)) = filter.before {
        query.push(" AND (e.created_at < ").bind(at);
        query.push(" OR (e.created_at = ").bind(at);
        query.push(" AND e.id < ").bind(id).push("))");
    }
    query
        .push(" ORDER BY e.created_at DESC, e.id DESC LIMIT ")
        .bind(filter.limit);
    let rows: Vec<InboxRow> = query.fetch_all(db).await?;
    rows.into_iter().map(|row| row.open(keys)).collect()
}

/// One enquiry, opened.
pub async fn entry(db: &Database, keys: &DataKeys, id: i64) -> anyhow::Result<Option<InboxEntry>> {
    let sql = format!("{INBOX_COLUMNS} WHERE e.id = $1");
    let row: Option<InboxRow> =
        on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    row.map(|row| row.open(keys)).transpose()
}

/// One enquiry, opened, read inside a change to it.
pub async fn entry_in(
    tx: &mut Transaction,
    keys: &DataKeys,
    id: i64,
) -> anyhow::Result<Option<InboxEntry>> {
    let sql = format!("{INBOX_COLUMNS} WHERE e.id = $1");
    let row: Option<InboxRow> =
        on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)?;
    row.map(|row| row.open(keys)).transpose()
}

/// How many enquiries have each status.
pub async fn status_counts(db: &Database) -> sqlx::Result<Vec<(EnquiryStatus, i64)>> {
    const SQL: &str = "SELECT status, COUNT(*) FROM enquiries GROUP BY status";
    let rows: Vec<(String, i64)> = on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    Ok(EnquiryStatus::ALL
        .into_iter()
        .map(|status| {
            let count = rows
                .iter()
                .find(|(stored, _)| stored == status.as_str())
                .map_or(0, |(_, count)| *count);
            (status, count)
        })
        .collect())
}

/// The status and assignee of an enquiry, read inside a change to it. The
/// row stays locked until the transaction ends on PostgreSQL (SQLite's write
/// transactions hold the whole database already), so a client's `If-Match`
/// compared after this still holds when the change is written.
pub async fn workflow_state(
    tx: &mut Transaction,
    id: i64,
) -> sqlx::Result<Option<(EnquiryStatus, Option<i64>)>> {
    let lock = match tx {
        Transaction::Postgres(_) => " FOR UPDATE",
        Transaction::Sqlite(..) => "",
    };
    let sql = format!("SELECT status, assignee_id FROM enquiries WHERE id = $1{lock}");
    let row: Option<(String, Option<i64>)> =
        on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)?;
    Ok(row.and_then(|(status, assignee)| {
        EnquiryStatus::from_column(&status).map(|status| (status, assignee))
    }))
}

pub async fn set_status(
    tx: &mut Transaction,
    id: i64,
    status: EnquiryStatus,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE enquiries SET status = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(status.as_str()).bind(now).bind(id).execute(&mut *conn).await.map(|_| ())?);
    Ok(())
}

pub async fn set_assignee(
    tx: &mut Transaction,
    id: i64,
    assignee_id: Option<i64>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE enquiries SET assignee_id = $1, updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(assignee_id).bind(now).bind(id).execute(&mut *conn).await.map(|_| ())?);
    Ok(())
}

/// Erases the enquiries received before `before`, with their timelines
/// (ON DELETE CASCADE); returns how many.
pub async fn erase_received_before(
    tx: &mut Transaction,
    before: DateTime<Utc>,
) -> sqlx::Result<u64> {
    const SQL: &str = "DELETE FROM enquiries WHERE created_at < $1";
    let erased = on_tx!(tx, conn => sqlx::query(SQL).bind(before).execute(&mut *conn).await.map(|done| done.rows_affected())?);
    Ok(erased)
}

/// Erases one enquiry with its timeline (a sender's own account deletion).
pub async fn erase(tx: &mut Transaction, id: i64) -> sqlx::Result<()> {
    const SQL: &str = "DELETE FROM enquiries WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(id).execute(&mut *conn).await.map(|_| ())?);
    Ok(())
}
