//! What the admin audit log page reads.

use chrono::{DateTime, Utc};

use crate::db::{on_pool, Database};

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

/// Every action recorded so far, in order: the choices of the page's filter.
/// The `audit_log_action` index answers it without reading the entries.
pub async fn actions(db: &Database) -> sqlx::Result<Vec<String>> {
    const SQL: &str = "SELECT DISTINCT action FROM audit_log ORDER BY action";
    let rows: Vec<(String,)> = on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(action,)| action).collect())
}
