//! The audit log: one helper, [`record`], that every admin write and every
//! security event calls, inside the same transaction as the change it describes.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::accounts::SignedInUser;
use crate::db::{on_tx, Database, Transaction};

/// Who acted: a signed-in user, or (for sign-in attempts, resets and the command
/// line) nobody yet.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub email: Option<String>,
}

impl Actor {
    pub fn user(user: &SignedInUser) -> Self {
        Self {
            user_id: Some(user.id),
            email: Some(user.email.clone()),
        }
    }

    pub fn anonymous() -> Self {
        Self {
            user_id: None,
            email: None,
        }
    }

    pub fn command_line() -> Self {
        Self {
            user_id: None,
            email: Some("(command line)".to_owned()),
        }
    }
}

/// One entry. `before` and `after` are JSON snapshots of the record; callers pass
/// views without secrets (see `UserRow::audit_view`), never a password or token.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub action: &'static str,
    pub actor: Actor,
    pub target: Option<(&'static str, i64)>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub ip: Option<IpAddr>,
}

impl AuditEntry {
    pub fn new(action: &'static str, actor: Actor) -> Self {
        Self {
            action,
            actor,
            target: None,
            before: None,
            after: None,
            ip: None,
        }
    }

    pub fn target(mut self, kind: &'static str, id: i64) -> Self {
        self.target = Some((kind, id));
        self
    }

    pub fn before(mut self, state: serde_json::Value) -> Self {
        self.before = Some(state);
        self
    }

    pub fn after(mut self, state: serde_json::Value) -> Self {
        self.after = Some(state);
        self
    }

    pub fn from_ip(mut self, ip: Option<IpAddr>) -> Self {
        self.ip = ip;
        self
    }
}

pub async fn record(
    tx: &mut Transaction,
    entry: &AuditEntry,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "
        INSERT INTO audit_log (occurred_at, actor_user_id, actor_email, action, target_type,
                               target_id, before_state, after_state, ip_address, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $1, $1)";
    let (target_type, target_id) = match entry.target {
        Some((kind, id)) => (Some(kind), Some(id.to_string())),
        None => (None, None),
    };
    on_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(now)
            .bind(entry.actor.user_id)
            .bind(entry.actor.email.as_deref())
            .bind(entry.action)
            .bind(target_type)
            .bind(target_id)
            .bind(entry.before.as_ref().map(serde_json::Value::to_string))
            .bind(entry.after.as_ref().map(serde_json::Value::to_string))
            .bind(entry.ip.map(|ip| ip.to_string()))
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected())
    })?;
    Ok(())
}

/// Records an event that changes nothing else (a sign-in, a failed attempt).
pub async fn record_alone(
    db: &Database,
    entry: &AuditEntry,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    record(&mut tx, entry, now).await?;
    tx.commit().await
}
