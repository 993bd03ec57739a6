//! The `users` table. Portable SQL through `on_pool!`/`on_tx!`.

use chrono::{DateTime, Utc};

use super::password::PasswordHash;
use crate::accounts::model::{Role, SignedInUser};
use crate::db::{on_pool, on_tx, Database, Transaction};

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    password_hash: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub session_epoch: i64,
    pub created_at: DateTime<Utc>,
}

impl UserRow {
    pub fn password_hash(&self) -> PasswordHash {
        PasswordHash::from_stored(self.password_hash.clone())
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }

    pub fn signed_in(&self) -> SignedInUser {
        SignedInUser {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role(),
            email_verified: self.email_verified_at.is_some(),
        }
    }

    /// What an audit entry records of a user: never the password hash.
    pub fn audit_view(&self) -> serde_json::Value {
        serde_json::json!({
            "email": self.email,
            "name": self.name,
            "role": self.role.as_str(),
            "email_verified": self.email_verified_at.is_some(),
            "disabled": self.disabled_at.is_some(),
        })
    }
}

const COLUMNS: &str = "id, email, name, password_hash, role, email_verified_at, disabled_at, session_epoch, created_at";

pub async fn find_by_email(db: &Database, email: &str) -> sqlx::Result<Option<UserRow>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(email).fetch_optional(pool).await)
}

pub async fn find_by_id(db: &Database, id: i64) -> sqlx::Result<Option<UserRow>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Reads a user inside a transaction, for changes that compare before and after.
pub async fn find_by_id_in(tx: &mut Transaction, id: i64) -> sqlx::Result<Option<UserRow>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a PasswordHash,
    pub role: Role,
    pub email_verified: bool,
}

/// Inserts a user; `None` when the email is taken (the UNIQUE constraint decides,
/// so two registrations racing for one email cannot both win).
pub async fn insert(
    tx: &mut Transaction,
    user: &NewUser<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<i64>> {
    const SQL: &str = "
        INSERT INTO users (email, name, password_hash, role, email_verified_at,
                           terms_accepted_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $6, $6)
        ON CONFLICT (email) DO NOTHING
        RETURNING id";
    let verified_at = user.email_verified.then_some(now);
    let row: Option<(i64,)> = on_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(user.email)
            .bind(user.name)
            .bind(user.password_hash.as_stored())
            .bind(user.role.as_str())
            .bind(verified_at)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?
    });
    Ok(row.map(|(id,)| id))
}

/// The account for `email`, made now when there is none (an invitation): a
/// learner with an unconfirmed address and a password nobody knows, who signs
/// in by choosing one through "Forgot your password?", which also confirms
/// the address. `true` when made now. `email` and `name` are normalised.
pub async fn find_or_invite(
    tx: &mut Transaction,
    email: &str,
    name: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<(UserRow, bool)> {
    let unusable = PasswordHash::unusable();
    let invited = NewUser {
        email,
        name,
        password_hash: &unusable,
        role: Role::Learner,
        email_verified: false,
    };
    // The insert's UNIQUE constraint decides a race between two invitations.
    let made = insert(tx, &invited, now).await?.is_some();
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    let user = on_tx!(tx, conn => sqlx::query_as(&sql).bind(email).fetch_one(&mut *conn).await)?;
    Ok((user, made))
}

/// Sets a new password and ends every session the user has (the epoch moves on).
pub async fn set_password(
    tx: &mut Transaction,
    id: i64,
    hash: &PasswordHash,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1,
                       updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(hash.as_stored()).bind(now).bind(id).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

pub async fn mark_email_verified(
    tx: &mut Transaction,
    id: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1),
                       updated_at = $1 WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(now).bind(id).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Changes the role and ends the user's sessions: a privilege change takes a
/// fresh sign-in (and so a fresh session id).
pub async fn set_role(
    tx: &mut Transaction,
    id: i64,
    role: Role,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE users SET role = $1, session_epoch = session_epoch + 1,
                       updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(role.as_str()).bind(now).bind(id).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Disables (ending every session at once) or re-enables a user.
pub async fn set_disabled(
    tx: &mut Transaction,
    id: i64,
    disabled: bool,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE users SET disabled_at = $1, session_epoch = session_epoch + 1,
                       updated_at = $2 WHERE id = $3";
    let disabled_at = disabled.then_some(now);
    on_tx!(tx, conn => sqlx::query(SQL).bind(disabled_at).bind(now).bind(id).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Switches a user to a proven address (the link mailed to it was opened).
pub async fn set_email(
    tx: &mut Transaction,
    id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(SQL).bind(email).bind(now).bind(id).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// The address a deleted account is given: `.invalid` is reserved (RFC 2606)
/// and never delivered to, and the id keeps it unique.
pub fn erased_email(id: i64) -> String {
    format!("deleted-{id}@kurso.invalid")
}

/// Replaces what identified a person with placeholders and locks the account
/// for good (a password nobody knows, disabled, every session ended). The row
/// stays so that the runs they had a place on keep their counts.
pub async fn anonymise(
    tx: &mut Transaction,
    id: i64,
    unusable_password: &PasswordHash,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    const SQL: &str = "
        UPDATE users SET email = $1, name = 'Deleted account', password_hash = $2,
               role = 'learner', email_verified_at = NULL, disabled_at = $3,
               session_epoch = session_epoch + 1, updated_at = $3
        WHERE id = $4";
    const TOKENS: &str = "DELETE FROM account_tokens WHERE user_id = $1";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(erased_email(id))
        .bind(unusable_password.as_stored())
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected()))?;
    on_tx!(tx, conn => sqlx::query(TOKENS).bind(id).execute(&mut *conn).await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// The addresses of the admins who can act (not disabled), oldest first.
pub async fn active_admin_emails(db: &Database) -> sqlx::Result<Vec<String>> {
    const SQL: &str =
        "SELECT email FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id";
    on_pool!(db, pool => sqlx::query_scalar(SQL).fetch_all(pool).await)
}

/// The admins who can act (not disabled), by name: the choices for an
/// enquiry's assignee.
pub async fn active_admins(db: &Database) -> sqlx::Result<Vec<(i64, String)>> {
    const SQL: &str =
        "SELECT id, name FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY name, id";
    on_pool!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

/// Users whose name or email contains `search` (case-insensitively), newest first.
pub async fn search(db: &Database, search: &str, limit: i64) -> sqlx::Result<Vec<UserRow>> {
    let pattern = format!(
        "%{}%",
        search
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let sql = format!(
        "SELECT {COLUMNS} FROM users
         WHERE $1 = '%%' OR email LIKE $1 ESCAPE '\\' OR LOWER(name) LIKE $1 ESCAPE '\\'
         ORDER BY created_at DESC, id DESC LIMIT $2"
    );
    on_pool!(db, pool => sqlx::query_as(&sql).bind(&pattern).bind(limit).fetch_all(pool).await)
}

/// Users after `after_id` in id order (the API's `GET /users`; new accounts
/// get higher ids, so paging sees each once), of one role when given.
pub async fn after(
    db: &Database,
    after_id: i64,
    role: Option<Role>,
    limit: i64,
) -> sqlx::Result<Vec<UserRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE id > $1 AND ($2 = '' OR role = $2) ORDER BY id LIMIT $3"
    );
    on_pool!(db, pool => sqlx::query_as(&sql)
        .bind(after_id)
        .bind(role.map_or("", Role::as_str))
        .bind(limit)
        .fetch_all(pool)
        .await)
}

pub async fn count_admins(db: &Database) -> sqlx::Result<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL";
    let (count,): (i64,) = on_pool!(db, pool => sqlx::query_as(SQL).fetch_one(pool).await)?;
    Ok(count)
}
