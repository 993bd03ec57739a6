//! The `kurso` binary itself, run as a user would run it.

use std::process::Command;

use kurso::db::{self, DatabaseUrl};

use crate::helpers::{TestBackend, TestDatabase};

/// The binary, started in an empty folder so no Leptos.toml or .env is picked up.
fn kurso(folder: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kurso"));
    command
        .current_dir(folder)
        .env_remove("DATABASE_URL")
        .env_remove("KURSO_CONFIG");
    command
}

#[test]
fn help_lists_the_commands() {
    let folder = tempfile::tempdir().unwrap();

    let output = kurso(folder.path()).arg("--help").output().unwrap();

    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("serve") && help.contains("migrate"), "{help}");
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line_naming_it() {
    let folder = tempfile::tempdir().unwrap();

    let output = kurso(folder.path())
        .arg("serve")
        .env("KURSO_TIME_ZONE", "Mars/Olympus")
        .output()
        .unwrap();

    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "kurso: invalid setting KURSO_TIME_ZONE = \"Mars/Olympus\": expected an IANA time zone such as Asia/Manila\n"
    );
}

#[test]
fn a_misspelt_key_in_the_settings_file_is_reported_not_ignored() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("Leptos.toml"),
        "[site]\ntimezone = \"Asia/Manila\"\n",
    )
    .unwrap();

    let output = kurso(folder.path()).arg("migrate").output().unwrap();

    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "kurso: unknown setting `site.timezone` in Leptos.toml\n"
    );
}

#[tokio::test]
async fn migrate_brings_an_empty_database_up_to_date_and_exits() {
    let folder = tempfile::tempdir().unwrap();
    let test_database = TestDatabase::create(TestBackend::from_env()).await;

    let output = kurso(folder.path())
        .arg("migrate")
        .env("DATABASE_URL", &test_database.url)
        .output()
        .unwrap();

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let database = db::connect(&DatabaseUrl::parse(&test_database.url).unwrap(), 1)
        .await
        .unwrap();
    let applied: i64 = match &database {
        db::Database::Sqlite(pool) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
                .fetch_one(pool)
                .await
        }
        db::Database::Postgres(pool) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
                .fetch_one(pool)
                .await
        }
    }
    .unwrap();
    assert!(applied >= 1);
    database.close().await;
}

#[test]
fn an_unreachable_database_stops_start_up_with_a_clear_error_and_no_password() {
    let folder = tempfile::tempdir().unwrap();

    let output = kurso(folder.path())
        .arg("migrate")
        .env("DATABASE_URL", "postgres://kurso:hunter2@127.0.0.1:9/kurso")
        .output()
        .unwrap();

    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr
            .contains("kurso: cannot open the database at postgres://kurso:***@127.0.0.1:9/kurso"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}
