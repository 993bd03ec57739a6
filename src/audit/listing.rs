//! What the admin audit log page reads.

use chrono::{DateTime, Utc};

use crate::db::{on_pool, on_tx, Database, Transaction};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_email: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
    pub ip_address: Option<String>,
}

/// The newest `limit` entries, for one action and one actor when given (empty
/// means any).
pub async fn entries(
    db: &Database,
    action: &str,
    actor_email: &str,
    limit: i64,
) -> sqlx::Result<Vec<AuditRow>> {
    const SQL: &str = "
        SELECT id, occurred_at, actor_email, action, target_type, target_id, before_state, after_state, ip_address
        FROM audit_log
        WHERE ($1 = '' OR action = $1) AND ($2 = '' OR actor_email = $2)
        ORDER BY occurred_at DESC, id DESC LIMIT $3";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(action).bind(actor_email).bind(limit).fetch_all(pool).await)
}

/// Entries older than `before` (a time and an id), newest first, `limit` of
/// them, of one action when given (the API's `GET /audit-log`).
pub async fn entries_before(
    db: &Database,
    before: Option<(DateTime<Utc>, i64)>,
    action: &str,
    limit: i64,
) -> sqlx::Result<Vec<AuditRow>> {
    let mut query = crate::db::SqlBuilder::new(
        "SELECT id, occurred_at, actor_email, action, target_type, target_id, before_state, after_state, ip_address
         FROM audit_log WHERE 1 = 1",
    );
    if !action.is_empty() {
        query.push(" AND action = ").bind(action.to_owned());
    }
    if let Some((at, id)) = before {
        query.push(" AND (occurred_at < ").bind(at);
        query.push(" OR (occurred_at = ").bind(at);
        query.push(" AND id < ").bind(id).push("))");
    }
    query
        .push(" ORDER BY occurred_at DESC, id DESC LIMIT ")
        .bind(limit);
    query.fetch_all(db).await
}

/// Every action recorded so far, in order: the choices of the page's filter.
/// The `audit_log_action` index answers it without reading the entries.
pub async fn actions(db: &Database) -> sqlx::Result<Vec<String>> {
    const SQL: &str = "SELECT DISTINCT action FROM audit_log ORDER BY action";
    let rows: Vec<(String,)> = on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(action,)| action).collect())
}

/// An entry about one person, for their data export.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EntryAboutUser {
    pub occurred_at: DateTime<Utc>,
    pub action: String,
    pub actor_user_id: Option<i64>,
    pub ip_address: Option<String>,
}

/// The entries a person made or that were made about their account, oldest first.
pub async fn entries_about_user(db: &Database, user_id: i64) -> sqlx::Result<Vec<EntryAboutUser>> {
    const SQL: &str = "
        SELECT occurred_at, action, actor_user_id, ip_address FROM audit_log
        WHERE actor_user_id = $1 OR (target_type = 'user' AND target_id = $2)
        ORDER BY occurred_at, id";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(user_id).bind(user_id.to_string()).fetch_all(pool).await)
}

/// Keeps a deleted person's entries (what happened stays known) without what
/// identified them: their address and the addresses they came from.
pub async fn forget_user(tx: &mut Transaction, user_id: i64) -> sqlx::Result<()> {
    const SQL: &str = "
        UPDATE audit_log SET actor_email = NULL, ip_address = NULL
        WHERE actor_user_id = $1 OR (target_type = 'user' AND target_id = $2)";
    on_tx!(tx, conn => sqlx::query(SQL).bind(user_id).bind(user_id.to_string()).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}
