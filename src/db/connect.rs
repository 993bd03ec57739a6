use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{Backend, Database, DatabaseUrl};

/// How long a request waits for a free connection before the database counts as
/// unavailable (and the visitor gets a 503 rather than a hung page).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long SQLite waits on a lock held by another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How much of the database file SQLite maps into memory (a limit, not an
/// allocation).
const SQLITE_MMAP_BYTES: u64 = 1 << 30;

pub async fn connect(url: &DatabaseUrl, max_connections: u32) -> Result<Database, sqlx::Error> {
    match url.backend() {
        Backend::Sqlite => {
            // WAL lets readers work while one connection writes; FULL makes every
            // acknowledged commit survive a power cut, not only a process crash.
            let options = SqliteConnectOptions::from_str(url.expose())?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                // Reads come straight from the operating system's page cache
                // instead of being copied into each connection's own small cache.
                .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string());
            if let Some(folder) = options.get_filename().parent() {
                if !folder.as_os_str().is_empty() {
                    std::fs::create_dir_all(folder)?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await?;
            Ok(Database::Sqlite(pool))
        }
        Backend::Postgres => {
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect(url.expose())
                .await?;
            Ok(Database::Postgres(pool))
        }
    }
}
