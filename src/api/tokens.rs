//! API tokens in the database: issued, listed, revoked, and looked up by the
//! secret a request carries. The secret is 256 random bits after a `kurso_`
//! prefix; only its SHA-256 is stored.

use std::net::IpAddr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;

use super::scopes::{join_scopes, Scope};
use crate::accounts::server::tokens::digest;
use crate::accounts::Role;
use crate::audit::{self, Actor, AuditEntry};
use crate::db::{on_pool, on_tx, Database, Transaction};

/// What every secret starts with, so secret scanners can recognise one.
pub const SECRET_PREFIX: &str = "kurso_";
/// How much of the secret a list shows to tell tokens apart.
const SHOWN_CHARACTERS: usize = 12;
/// Last-used times are written at most this often per token, so a busy
/// integration does not turn every read into a write.
const LAST_USED_PRECISION: Duration = Duration::seconds(60);

/// A token's secret as shown once to its maker. Not `Debug`: it must not
/// reach a log.
pub struct Secret(String);

impl Secret {
    fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Secret(format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub scopes: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub owner_email: String,
    /// Where it may be used from (`networks::parse_networks`); empty for anywhere.
    pub allowed_networks: String,
}

/// A token found by its secret, with what is needed to decide whether it works.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Holder {
    pub token_id: i64,
    pub user_id: i64,
    pub email: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub disabled_at: Option<DateTime<Utc>>,
    pub scopes: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub allowed_networks: String,
}

/// What a new token is: its name, scopes, end and networks, checked.
pub struct NewToken<'a> {
    pub name: &'a str,
    pub scopes: &'a [Scope],
    pub expires_at: Option<DateTime<Utc>>,
    /// As `networks::parse_networks` gives it; empty for anywhere.
    pub allowed_networks: &'a str,
}

pub async fn issue(
    tx: &mut Transaction,
    user_id: i64,
    token: &NewToken<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<(i64, Secret)> {
    const SQL: &str = "
        INSERT INTO api_tokens (user_id, name, prefix, secret_hash, scopes, expires_at,
                                allowed_networks, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
    let secret = Secret::generate();
    let prefix: String = secret.expose().chars().take(SHOWN_CHARACTERS).collect();
    let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(user_id)
        .bind(token.name)
        .bind(&prefix)
        .bind(digest(secret.expose()))
        .bind(join_scopes(token.scopes))
        .bind(token.expires_at)
        .bind(token.allowed_networks)
        .bind(now)
        .fetch_one(conn)
        .await)?;
    Ok((id, secret))
}

const LIST_COLUMNS: &str = "
    SELECT t.id, t.name, t.prefix, t.scopes, t.expires_at, t.last_used_at, t.last_used_ip,
           t.revoked_at, t.created_at, u.email AS owner_email, t.allowed_networks
    FROM api_tokens t JOIN users u ON u.id = t.user_id";

/// Every token, newest first (the admin's page).
pub async fn all(db: &Database) -> sqlx::Result<Vec<TokenRow>> {
    let sql = format!("{LIST_COLUMNS} ORDER BY t.created_at DESC, t.id DESC LIMIT 500");
    on_pool!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

/// The tokens one user made, newest first (their own page).
pub async fn all_of_user(db: &Database, user_id: i64) -> sqlx::Result<Vec<TokenRow>> {
    let sql = format!("{LIST_COLUMNS} WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.id DESC");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)
}

/// Revokes a token that is not revoked yet, of `owner` only when given;
/// `None` when there is none such.
pub async fn revoke(
    tx: &mut Transaction,
    id: i64,
    owner: Option<i64>,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<TokenRow>> {
    const SQL: &str = "UPDATE api_tokens SET revoked_at = $1, updated_at = $1
                       WHERE id = $2 AND revoked_at IS NULL AND ($3 IS NULL OR user_id = $3)";
    let changed = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected()))?;
    if changed == 0 {
        return Ok(None);
    }
    let sql = format!("{LIST_COLUMNS} WHERE t.id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)
}

/// The token whose secret this is, revoked or not (the caller decides).
pub async fn holder_of(db: &Database, secret: &str) -> sqlx::Result<Option<Holder>> {
    const SQL: &str = "
        SELECT t.id AS token_id, u.id AS user_id, u.email, u.name, u.role, u.disabled_at,
               t.scopes, t.expires_at, t.revoked_at, t.last_used_at, t.allowed_networks
        FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.secret_hash = $1";
    on_pool!(db, pool => sqlx::query_as(SQL).bind(digest(secret)).fetch_optional(pool).await)
}

/// Notes when and from where a token was used, at most once a minute.
pub async fn note_use(
    db: &Database,
    holder: &Holder,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    if holder
        .last_used_at
        .is_some_and(|last| now - last < LAST_USED_PRECISION)
    {
        return Ok(());
    }
    const SQL: &str = "UPDATE api_tokens SET last_used_at = $1, last_used_ip = $2 WHERE id = $3";
    on_pool!(db, pool => sqlx::query(SQL)
        .bind(now)
        .bind(ip.map(|ip| ip.to_string()))
        .bind(holder.token_id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// `kurso create-api-token`: a token for the user with `email`, for scripts
/// and set-up (the admin page is the usual way). Checks what the page checks.
pub async fn issue_from_command_line(
    db: &Database,
    email: &str,
    name: &str,
    scopes: &str,
    expires_in_days: Option<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<Secret> {
    use anyhow::{bail, Context};
    let chosen: Vec<Scope> = scopes
        .split([',', ' '])
        .filter(|word| !word.is_empty())
        .map(|word| Scope::parse(word).with_context(|| format!("unknown scope {word:?}")))
        .collect::<anyhow::Result<_>>()?;
    if chosen.is_empty() {
        bail!("name at least one scope, such as --scopes me:read");
    }
    if name.trim().is_empty() {
        bail!("give the token a --name");
    }
    const SQL: &str = "SELECT id, role FROM users WHERE email = $1 AND disabled_at IS NULL";
    let owner: Option<(i64, String)> = on_pool!(db, pool => sqlx::query_as(SQL)
        .bind(email.trim().to_lowercase())
        .fetch_optional(pool)
        .await)?;
    let (user_id, role) =
        owner.with_context(|| format!("no active account has the email {email}"))?;
    if role != "admin" && chosen.iter().any(|scope| scope.needs_admin()) {
        bail!("{email} is not an admin: only me:read and enrollments:write are theirs to give");
    }
    let expires_at = expires_in_days.map(|days| now + Duration::days(days));
    let mut tx = db.begin().await?;
    let token = NewToken {
        name: name.trim(),
        scopes: &chosen,
        expires_at,
        allowed_networks: "",
    };
    let (id, secret) = issue(&mut tx, user_id, &token, now).await?;
    let entry = AuditEntry::new("api_token.created", Actor::command_line())
        .target("api_token", id)
        .after(serde_json::json!({ "name": name.trim(), "scopes": join_scopes(&chosen), "expires_at": expires_at }));
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(secret)
}
