use std::collections::BTreeSet;

use kurso::db::{self, Database, DatabaseUrl};

use crate::helpers::{TestBackend, TestDatabase};

async fn migrated(backend: TestBackend) -> (Database, TestDatabase) {
    let test_database = TestDatabase::create(backend).await;
    let url = DatabaseUrl::parse(&test_database.url).unwrap();
    let database = db::connect(&url, 2).await.expect("connect");
    database.migrate().await.expect("migrate");
    (database, test_database)
}

/// Full-text search is built differently on each backend (an FTS5 table and its
/// shadow tables on SQLite, a generated `search_vector` column with a GIN index on
/// PostgreSQL), so those are left out of the comparisons.
fn is_search_machinery(name: &str) -> bool {
    name.starts_with("courses_search")
        || name.starts_with("posts_search")
        || name == "search_vector"
}

/// Every (table, column) pair, without sqlx's own bookkeeping table.
async fn columns(database: &Database) -> BTreeSet<(String, String)> {
    let rows: Vec<(String, String)> = match database {
        Database::Sqlite(pool) => sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        Database::Postgres(pool) => sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    rows.into_iter()
        .filter(|(table, column)| !is_search_machinery(table) && !is_search_machinery(column))
        .collect()
}

/// The indexes the migrations create by name (not those behind keys).
async fn indexes(database: &Database) -> BTreeSet<String> {
    let rows: Vec<(String,)> = match database {
        Database::Sqlite(pool) => sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        Database::Postgres(pool) => sqlx::query_as(
            "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'
             AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    rows.into_iter()
        .map(|(name,)| name)
        .filter(|name| !is_search_machinery(name))
        .collect()
}

/// Needs both backends at once, so it always uses PostgreSQL: `scripts/test` runs
/// it in the PostgreSQL pass and skips it in the SQLite pass.
#[tokio::test]
async fn both_migration_sets_create_the_same_tables_columns_and_indexes() {
    let (sqlite, _sqlite_guard) = migrated(TestBackend::Sqlite).await;
    let (postgres, _postgres_guard) = migrated(TestBackend::Postgres).await;

    let sqlite_columns = columns(&sqlite).await;
    assert!(
        sqlite_columns.contains(&("courses".into(), "updated_at".into())),
        "{sqlite_columns:?}"
    );
    assert_eq!(sqlite_columns, columns(&postgres).await);
    assert_eq!(indexes(&sqlite).await, indexes(&postgres).await);
}

#[tokio::test]
async fn every_table_records_when_its_rows_were_created_and_updated() {
    let (database, _guard) = migrated(TestBackend::from_env()).await;
    let columns = columns(&database).await;

    let tables: BTreeSet<&String> = columns.iter().map(|(table, _)| table).collect();
    for table in tables {
        for column in ["created_at", "updated_at"] {
            assert!(
                columns.contains(&(table.clone(), column.to_owned())),
                "{table} lacks {column}"
            );
        }
    }
}

#[tokio::test]
async fn migrating_an_up_to_date_database_changes_nothing() {
    let (database, _guard) = migrated(TestBackend::from_env()).await;
    let before = columns(&database).await;

    database.migrate().await.expect("a second run succeeds");

    assert_eq!(columns(&database).await, before);
}
