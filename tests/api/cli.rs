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

/// Reads the JSON log lines the server prints, one per line, on a thread.
fn json_log_lines(
    stdout: std::process::ChildStdout,
) -> std::sync::mpsc::Receiver<serde_json::Value> {
    use std::io::BufRead;
    let (lines, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let parsed = serde_json::from_str(&line)
                .unwrap_or_else(|_| panic!("a log line that is not JSON: {line}"));
            if lines.send(parsed).is_err() {
                break;
            }
        }
    });
    receiver
}

fn next_log_where(
    logs: &std::sync::mpsc::Receiver<serde_json::Value>,
    matches: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    loop {
        let line = logs
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the expected log line");
        if matches(&line) {
            return line;
        }
    }
}

#[tokio::test]
async fn serve_logs_each_request_as_json_and_stops_cleanly_on_sigterm() {
    let folder = tempfile::tempdir().unwrap();
    let test_database = TestDatabase::create(TestBackend::from_env()).await;
    let mut server = kurso(folder.path())
        .arg("serve")
        .env("DATABASE_URL", &test_database.url)
        .env("KURSO_ADDRESS", "127.0.0.1:0")
        .env("KURSO_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let logs = json_log_lines(server.stdout.take().unwrap());
    let listening = next_log_where(&logs, |line| line["message"] == "kurso is listening");
    let address = listening["address"].as_str().unwrap().to_owned();

    let response = reqwest::get(format!("http://{address}/healthz?token=do-not-log-me"))
        .await
        .unwrap();
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let logged = next_log_where(&logs, |line| line["message"] == "request finished");
    std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let status = server.wait().unwrap();

    assert_eq!(logged["span"]["method"], "GET");
    assert_eq!(logged["span"]["path"], "/healthz");
    assert_eq!(logged["span"]["request_id"], request_id.as_str());
    assert_eq!(logged["status"], 200);
    assert!(logged["latency_ms"].is_number(), "{logged}");
    assert!(
        !logged.to_string().contains("do-not-log-me"),
        "query strings stay out of the logs"
    );
    assert!(
        status.success(),
        "SIGTERM ends the server cleanly: {status:?}"
    );
}

/// Runs `kurso create-admin` with `password` piped to stdin.
fn create_admin(
    folder: &std::path::Path,
    database_url: &str,
    email: &str,
    password: &str,
) -> std::process::Output {
    use std::io::Write;
    let mut child = kurso(folder)
        .args(["create-admin", "--email", email])
        .env("DATABASE_URL", database_url)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn create_admin_reads_the_password_from_stdin_and_makes_a_verified_admin() {
    let folder = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(TestBackend::from_env()).await;

    let weak = create_admin(folder.path(), &database.url, "root@example.com", "password");
    let made = create_admin(
        folder.path(),
        &database.url,
        "Root@Example.com",
        "violet harbour kettle 93",
    );
    let again = create_admin(
        folder.path(),
        &database.url,
        "root@example.com",
        "violet harbour kettle 93",
    );

    assert_eq!(weak.status.code(), Some(1), "a weak password is refused");
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password refused"));
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(
        again.status.code(),
        Some(1),
        "no second account for one email"
    );
    let all_output = [&weak, &made, &again]
        .iter()
        .map(|output| {
            format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        })
        .collect::<String>();
    assert!(
        !all_output.contains("violet harbour"),
        "the password is never echoed"
    );

    let url = DatabaseUrl::parse(&database.url).unwrap();
    let db = db::connect(&url, 1).await.unwrap();
    let (role, verified): (String, bool) = match &db {
        db::Database::Sqlite(pool) => sqlx::query_as("SELECT role, email_verified_at IS NOT NULL FROM users WHERE email = 'root@example.com'").fetch_one(pool).await,
        db::Database::Postgres(pool) => sqlx::query_as("SELECT role, email_verified_at IS NOT NULL FROM users WHERE email = 'root@example.com'").fetch_one(pool).await,
    }
    .unwrap();
    db.close().await;
    assert_eq!((role.as_str(), verified), ("admin", true));
}

#[tokio::test]
async fn seed_demo_adds_learners_once_and_prints_their_passwords_once() {
    let folder = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(TestBackend::from_env()).await;
    let seed = || {
        kurso(folder.path())
            .arg("seed-demo")
            .env("DATABASE_URL", &database.url)
            .output()
            .unwrap()
    };

    let first = seed();
    let second = seed();

    assert!(first.status.success() && second.status.success());
    let printed = String::from_utf8(first.stdout).unwrap();
    let passwords: Vec<&str> = printed
        .split_whitespace()
        .filter(|word| word.starts_with("demo-"))
        .collect();
    assert_eq!(passwords.len(), 3, "{printed}");
    assert!(
        !String::from_utf8(second.stdout).unwrap().contains("demo-"),
        "shown once"
    );

    let url = DatabaseUrl::parse(&database.url).unwrap();
    let db = db::connect(&url, 1).await.unwrap();
    let hashes: Vec<(String,)> = match &db {
        db::Database::Sqlite(pool) => {
            sqlx::query_as("SELECT password_hash FROM users WHERE role = 'learner'")
                .fetch_all(pool)
                .await
        }
        db::Database::Postgres(pool) => {
            sqlx::query_as("SELECT password_hash FROM users WHERE role = 'learner'")
                .fetch_all(pool)
                .await
        }
    }
    .unwrap();
    db.close().await;
    assert_eq!(hashes.len(), 3);
    assert!(hashes.iter().all(
        |(hash,)| hash.starts_with("$argon2id$") && !passwords.iter().any(|p| hash.contains(p))
    ));
}
