//! The audit log: one helper, [`record`], that every admin write and every
//! security event calls, inside the same transaction as the change it describes.

pub mod listing;

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::db::{on_tx, Database, Transaction};

/// Who acted: a signed-in user, or (for sign-in attempts, resets and the command
/// line) nobody yet.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub email: Option<String>,
}

impl Actor {
    /// A signed-in user (accounts gives `Actor::from(&user)`).
    pub fn user(id: i64, email: &str) -> Self {
        Self {
            user_id: Some(id),
            email: Some(email.to_owned()),
        }
    }

    pub fn anonymous() -> Self {
        Self {
            user_id: None,
            email: None,
        }
    }

    /// The platform itself: a background job (an offer that ran out passing its
    /// seat on, seats offered after a capacity change).
    pub fn system() -> Self {
        Self {
            user_id: None,
            email: Some("system".to_owned()),
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

/// The fields whose values differ between two JSON snapshots of a record, as
/// a `before` and an `after` object holding exactly those fields. Fields only
/// one side has count as changed.
pub fn changed_fields(
    before: &serde_json::Value,
    after: &serde_json::Value,
) -> (serde_json::Value, serde_json::Value) {
    use serde_json::{Map, Value};
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut was = Map::new();
    let mut now = Map::new();
    for key in before.keys().chain(after.keys()) {
        let (old, new) = (before.get(key), after.get(key));
        if old != new && !was.contains_key(key) && !now.contains_key(key) {
            was.insert(key.clone(), old.cloned().unwrap_or(Value::Null));
            now.insert(key.clone(), new.cloned().unwrap_or(Value::Null));
        }
    }
    (Value::Object(was), Value::Object(now))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fields_that_changed_are_kept_on_both_sides() {
        let before = serde_json::json!({ "title": "Go", "price_centavos": 100, "outline": "a" });
        let after = serde_json::json!({ "title": "Go", "price_centavos": 200, "outline": "b", "level": "advanced" });

        let (was, now) = changed_fields(&before, &after);

        assert_eq!(
            was,
            serde_json::json!({ "price_centavos": 100, "outline": "a", "level": null })
        );
        assert_eq!(
            now,
            serde_json::json!({ "price_centavos": 200, "outline": "b", "level": "advanced" })
        );
    }
}
