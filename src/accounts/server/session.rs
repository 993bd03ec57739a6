//! Session-cookie sign-in on top of tower-sessions, stored in the app's own
//! database (either backend).
//!
//! The session keeps only who signed in, when, and the user's `session_epoch` at
//! that moment. Every request re-reads the user: a disabled account, a changed
//! password or role (each moves the epoch on) or a session past its absolute
//! lifetime is signed out on the spot. Idle expiry is tower-sessions' own.

use std::time::Duration;

use async_trait::async_trait;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::{Expiry, Session, SessionManagerLayer, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::users::{self, UserRow};
use super::Viewer;
use crate::db::Database;
use crate::errors::responses::{problem_response, wants_html};
use crate::errors::{AppError, PlainPages};
use crate::settings::AuthSettings;
use crate::state::AppState;

const AUTH_KEY: &str = "auth";
/// An active session's expiry is pushed back at most once a minute, so browsing
/// does not write to the database on every page.
const TOUCH_INTERVAL_SECS: i64 = 60;

/// The session store on whichever backend the app runs.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    /// Creates the store's table if needed (tower-sessions' own schema).
    pub async fn open(db: &Database) -> sqlx::Result<Self> {
        Ok(match db {
            Database::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                Self::Sqlite(store)
            }
            Database::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                Self::Postgres(store)
            }
        })
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.create(record).await,
            Self::Postgres(store) => store.create(record).await,
        }
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.save(record).await,
            Self::Postgres(store) => store.save(record).await,
        }
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite(store) => store.load(id).await,
            Self::Postgres(store) => store.load(id).await,
        }
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.delete(id).await,
            Self::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Self::Sqlite(store) => store.delete_expired().await,
            Self::Postgres(store) => store.delete_expired().await,
        }
    }
}

/// `__Host-` binds the cookie to this exact host over HTTPS; browsers only
/// accept the prefix on Secure cookies, so plain-HTTP development goes without.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-kurso_session"
    } else {
        "kurso_session"
    }
}

pub fn layer(store: Store, settings: &AuthSettings) -> SessionManagerLayer<Store> {
    let idle = time::Duration::seconds(settings.session_idle.as_secs() as i64);
    SessionManagerLayer::new(store)
        .with_name(cookie_name(settings.secure_cookies))
        .with_secure(settings.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// Deletes expired sessions every `period` until the app stops.
pub async fn delete_expired_continuously(store: Store, period: Duration) {
    let mut interval = tokio::time::interval(period);
    loop {
        interval.tick().await;
        if let Err(error) = store.delete_expired().await {
            tracing::warn!(%error, "could not delete expired sessions");
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct SessionAuth {
    user_id: i64,
    epoch: i64,
    signed_in_at: i64,
    seen_at: i64,
}

/// Signs `user` in on this session under a new session id, so an id planted
/// before sign-in (session fixation) is worthless after it.
pub async fn sign_in(
    session: &Session,
    user: &UserRow,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    session.cycle_id().await.map_err(store_error)?;
    session
        .insert(
            AUTH_KEY,
            SessionAuth {
                user_id: user.id,
                epoch: user.session_epoch,
                signed_in_at: now.timestamp(),
                seen_at: now.timestamp(),
            },
        )
        .await
        .map_err(store_error)
}

/// Deletes the session on the server and clears the cookie.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(store_error)
}

fn store_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store error");
    AppError::Unavailable
}

/// What [`resolve_viewer`] needs: the app, and the plain pages it answers with
/// when the session store cannot be read.
#[derive(Clone, Debug)]
pub struct ViewerResolver {
    pub state: AppState,
    pub pages: PlainPages,
}

/// Middleware: works out who is making the request and puts a [`Viewer`] in the
/// request's extensions, for pages, server functions and handlers alike.
///
/// When the session or its user cannot be read (the database is down or too
/// busy) the request is answered 503: treating the visitor as signed out would
/// send a signed-in admin to the login page, or answer a server function 401.
pub async fn resolve_viewer(
    State(resolver): State<ViewerResolver>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let user = match signed_in_user(&resolver.state, &session).await {
        Ok(user) => user,
        Err(error) => {
            let mut response =
                problem_response(&resolver.pages, &error, wants_html(request.headers()));
            response.headers_mut().insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-store"),
            );
            return response;
        }
    };
    let signed_in = user.is_some();
    let server_function = request.uri().path().starts_with("/api/");
    request.extensions_mut().insert(Viewer::new(user));
    let mut response = next.run(request).await;
    // What was made for one signed-in person (their account, their trainings,
    // the admin pages), and any server function's answer, must not be kept
    // by the browser's cache or a proxy on the way.
    if signed_in || server_function {
        response.headers_mut().insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// The user this session is signed in as, if any. A visitor without a session
/// cookie never reaches the store.
async fn signed_in_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<crate::accounts::SignedInUser>, AppError> {
    match session.get::<SessionAuth>(AUTH_KEY).await {
        Ok(Some(auth)) => still_signed_in(state, session, auth).await,
        Ok(None) => Ok(None),
        Err(error) => Err(store_error(error)),
    }
}

async fn still_signed_in(
    state: &AppState,
    session: &Session,
    mut auth: SessionAuth,
) -> Result<Option<crate::accounts::SignedInUser>, AppError> {
    let now = state.clock.now();
    let user = users::find_by_id(&state.db, auth.user_id)
        .await
        .map_err(|error| {
            tracing::error!(%error, "could not load the signed-in user");
            AppError::Unavailable
        })?;
    let lifetime = state.settings.auth.session_lifetime.as_secs() as i64;
    let valid = user.filter(|user| {
        !user.is_disabled()
            && user.session_epoch == auth.epoch
            && now.timestamp() - auth.signed_in_at < lifetime
    });
    let Some(user) = valid else {
        tracing::info!(
            user_id = auth.user_id,
            "session ended: account disabled, changed or session too old"
        );
        let _ = session.flush().await;
        return Ok(None);
    };
    if now.timestamp() - auth.seen_at >= TOUCH_INTERVAL_SECS {
        auth.seen_at = now.timestamp();
        let _ = session.insert(AUTH_KEY, auth).await;
    }
    Ok(Some(user.signed_in()))
}
