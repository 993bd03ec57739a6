//! The persistence layer for both backends.
//!
//! [`Database`] is an enum over the two concrete sqlx pools rather than sqlx's
//! `Any` driver: each query is compiled for each backend with its real types
//! (timestamps, booleans), where a query must differ (full-text search, row
//! locking) the two texts sit side by side, and the session store and migrator can
//! take the concrete pool they need. ARCHITECTURE.md has the longer reasoning.

mod builder;
mod connect;
mod url;
mod write_gate;

pub use builder::{Param, SqlBuilder};
pub use connect::connect;
pub use url::DatabaseUrl;

use sqlx::migrate::Migrator;
use sqlx::{PgPool, SqlitePool};

/// Migrations are embedded in the binary, one folder per backend; the test
/// `both_migration_sets_create_the_same_tables_and_columns` keeps them in step.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same expression against whichever pool `db` holds. The expression is
/// compiled twice, once per backend, so it must be portable SQL with `$1`-style
/// parameters (which SQLite accepts too).
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Database::Sqlite($pool) => $body,
            $crate::db::Database::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// A transaction on either backend. Writes that must land together (a password
/// reset and the email it sends, an admin change and its audit entry) run in one.
pub enum Transaction {
    /// The turn is released after the transaction ends (fields drop in order).
    Sqlite(
        sqlx::Transaction<'static, sqlx::Sqlite>,
        write_gate::WriteTurn,
    ),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Like [`on_pool!`], for a [`Transaction`]: `$conn` is the backend's connection.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Transaction::Sqlite(transaction, _) => {
                let $conn = &mut **transaction;
                $body
            }
            $crate::db::Transaction::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

impl Transaction {
    pub async fn commit(self) -> sqlx::Result<()> {
        match self {
            Self::Sqlite(transaction, _turn) => transaction.commit().await,
            Self::Postgres(transaction) => transaction.commit().await,
        }
    }
}

impl Database {
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies every migration not yet applied. Safe to run on every start: sqlx
    /// records applied versions and refuses a changed one.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Self::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await,
            Self::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
    }

    /// Starts a transaction. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`): a read that later upgrades to a write could otherwise
    /// fail with "database is locked" instead of waiting its turn. Writers in
    /// this process queue for it in order (see `write_gate`).
    pub async fn begin(&self) -> sqlx::Result<Transaction> {
        Ok(match self {
            Self::Sqlite(pool) => {
                // Queue first, then take a connection: waiting writers hold
                // none, so readers keep the pool.
                let turn = write_gate::wait_for_turn(pool.connect_options().get_filename()).await;
                Transaction::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?, turn)
            }
            Self::Postgres(pool) => Transaction::Postgres(pool.begin().await?),
        })
    }

    /// A round trip to the database, for readiness checks.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}
