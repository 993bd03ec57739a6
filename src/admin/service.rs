//! An admin's changes to another user's account. Server-only.

use std::net::IpAddr;

use crate::accounts::server::users::{self, UserRow};
use crate::accounts::{Role, SignedInUser};
use crate::audit::{self, Actor, AuditEntry};
use crate::db::Transaction;
use crate::errors::AppError;
use crate::state::AppState;

/// What an admin may change about someone else's account.
#[derive(Clone, Copy, Debug)]
pub enum UserChange {
    Role(Role),
    Disabled(bool),
}

impl UserChange {
    fn refusal_for_self(self) -> &'static str {
        match self {
            Self::Role(_) => "You cannot change your own role.",
            Self::Disabled(_) => "You cannot disable your own account.",
        }
    }

    fn already_true_of(self, user: &UserRow) -> bool {
        match self {
            Self::Role(role) => user.role() == role,
            Self::Disabled(disabled) => user.is_disabled() == disabled,
        }
    }

    fn audit_action(self) -> &'static str {
        match self {
            Self::Role(_) => "user.role_changed",
            Self::Disabled(true) => "user.disabled",
            Self::Disabled(false) => "user.enabled",
        }
    }

    async fn apply(
        self,
        tx: &mut Transaction,
        user_id: i64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> sqlx::Result<()> {
        match self {
            Self::Role(role) => users::set_role(tx, user_id, role, now).await,
            Self::Disabled(disabled) => users::set_disabled(tx, user_id, disabled, now).await,
        }
    }
}

/// Changes `user_id`'s account as `admin` asked, audited with the record
/// before and after. Either change ends the user's sessions (their session
/// epoch moves on); asking for what is already true changes nothing.
pub async fn change_user(
    state: &AppState,
    admin: &SignedInUser,
    user_id: i64,
    change: UserChange,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    if user_id == admin.id {
        return Err(AppError::BadRequest(change.refusal_for_self().into()).into_response_error());
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = users::find_by_id_in(&mut tx, user_id)
        .await?
        .ok_or_else(|| AppError::NotFound.into_response_error())?;
    if change.already_true_of(&before) {
        return Ok(());
    }
    change.apply(&mut tx, user_id, now).await?;
    let after = users::find_by_id_in(&mut tx, user_id)
        .await?
        .ok_or(AppError::Internal)?;
    let entry = AuditEntry::new(change.audit_action(), Actor::from(admin))
        .target("user", user_id)
        .before(before.audit_view())
        .after(after.audit_view())
        .from_ip(ip);
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}
