use std::collections::HashMap;
use std::path::PathBuf;

use axum::Router;
use kurso::accounts::server::AccountServices;
use kurso::db::Database;
use kurso::server::Application;
use kurso::settings::{Settings, SettingsSource};
use kurso::{clock::Clock, state::AppState};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

impl TestBackend {
    pub fn from_env() -> Self {
        match std::env::var("KURSO_TEST_DATABASE").as_deref() {
            Ok("postgres") => Self::Postgres,
            Ok("sqlite") | Err(_) => Self::Sqlite,
            Ok(other) => panic!("KURSO_TEST_DATABASE={other:?}: expected sqlite or postgres"),
        }
    }
}

/// The server where tests create and drop their PostgreSQL databases.
pub fn postgres_admin_url() -> String {
    std::env::var("KURSO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test only: a file in a temporary folder, or a
/// PostgreSQL database dropped when this value is.
pub struct TestDatabase {
    pub url: String,
    _folder: Option<tempfile::TempDir>,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub async fn create(backend: TestBackend) -> Self {
        match backend {
            TestBackend::Sqlite => {
                let folder = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}", folder.path().join("kurso.db").display());
                Self {
                    url,
                    _folder: Some(folder),
                    postgres_name: None,
                }
            }
            TestBackend::Postgres => {
                use sqlx::Connection;
                let admin_url = postgres_admin_url();
                let name = format!("kurso_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|error| {
                    panic!("PostgreSQL is required for KURSO_TEST_DATABASE=postgres but {admin_url} is unreachable: {error}")
                });
                sqlx::query(&format!(r#"CREATE DATABASE "{name}""#))
                    .execute(&mut admin)
                    .await
                    .expect("create the test database");
                let (server, _) = admin_url
                    .rsplit_once('/')
                    .expect("a database URL ends with /NAME");
                Self {
                    url: format!("{server}/{name}"),
                    _folder: None,
                    postgres_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on; a
        // short-lived thread with its own runtime does the clean-up.
        let admin_url = postgres_admin_url();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                use sqlx::Connection;
                if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ =
                        sqlx::query(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
                            .execute(&mut admin)
                            .await;
                }
            });
        })
        .join();
    }
}

pub struct TestApp {
    pub address: String,
    pub db: Database,
    pub state: AppState,
    pub accounts: AccountServices,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    // Dropped last: the database outlives the server using it.
    _site_root: tempfile::TempDir,
    _database: TestDatabase,
}

/// How a test wants its application built; everything has a sensible default.
pub struct TestOptions {
    pub env: Vec<(&'static str, String)>,
    pub extra_routes: Router<AppState>,
    pub clock: Clock,
    /// Files to place in the site folder before start-up, as (relative path, bytes).
    pub site_files: Vec<(&'static str, Vec<u8>)>,
}

impl Default for TestOptions {
    fn default() -> Self {
        Self {
            env: Vec::new(),
            extra_routes: Router::new(),
            clock: Clock::system(),
            site_files: Vec::new(),
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(TestOptions::default()).await
}

pub async fn spawn_app_with(options: TestOptions) -> TestApp {
    capture_logs();
    let database = TestDatabase::create(TestBackend::from_env()).await;
    let site_root = tempfile::tempdir().expect("temporary site folder");
    for (path, bytes) in &options.site_files {
        let target: PathBuf = site_root.path().join(path);
        std::fs::create_dir_all(target.parent().expect("a file has a folder"))
            .expect("site folder");
        std::fs::write(target, bytes).expect("site file");
    }

    let mut env: HashMap<String, String> = HashMap::from([
        ("DATABASE_URL".to_owned(), database.url.clone()),
        ("KURSO_ADDRESS".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "LEPTOS_SITE_ROOT".to_owned(),
            site_root.path().display().to_string(),
        ),
        // The test binary has no hash.txt beside it, so asset names are plain.
        ("LEPTOS_HASH_FILES".to_owned(), "false".to_owned()),
        ("KURSO_DB_MAX_CONNECTIONS".to_owned(), "5".to_owned()),
        // A key of its own per app: no test writes the development key file.
        (
            "KURSO_DATA_KEY".to_owned(),
            kurso::crypto::DataKeys::generate(),
        ),
    ]);
    env.extend(
        options
            .env
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value)),
    );
    let settings =
        Settings::load(&SettingsSource::new("test settings", None, env).expect("settings"))
            .expect("valid test settings");

    let application = Application::build_with(settings, options.clock, options.extra_routes)
        .await
        .expect("the application builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.state().db.clone();
    let state = application.state().clone();
    let accounts = application.accounts().clone();
    let (stop, stopped) = oneshot::channel();
    let server = tokio::spawn(application.run_until(async move {
        let _ = stopped.await;
    }));

    TestApp {
        address,
        db,
        state,
        accounts,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client"),
        stop: Some(stop),
        server: Some(server),
        _site_root: site_root,
        _database: database,
    }
}

impl TestApp {
    /// The database's URL (for SQLite, the file the test may read byte by byte).
    pub fn database_url(&self) -> &str {
        &self._database.url
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent");
        report_server_error(&response);
        response
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Asks the server to shut down and waits until it has.
    pub async fn stop(&mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.server.take() {
            Some(server) => server
                .await
                .expect("the server task ends without panicking"),
            None => Ok(()),
        }
    }

    /// Reads one text value (or NULL) with SQL written for the backend under test.
    pub async fn text(&self, sql: &str) -> Option<String> {
        match &self.db {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_optional(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_optional(pool).await,
        }
        .unwrap_or_else(|error| panic!("test SQL failed: {error}\n{sql}"))
        .flatten()
    }

    /// Reads one count with SQL written for the backend under test.
    pub async fn count(&self, sql: &str) -> i64 {
        match &self.db {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .unwrap_or_else(|error| panic!("test SQL failed: {error}\n{sql}"))
    }

    /// A browser of its own (cookie jar) on this app.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.address)
    }

    /// Runs SQL written for the backend under test directly on the database.
    pub async fn execute(&self, sql: &str) {
        match &self.db {
            Database::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()),
            Database::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()),
        }
        .unwrap_or_else(|error| panic!("test SQL failed: {error}\n{sql}"));
    }
}

/// Every log line the applications of this test binary write, at debug level, so
/// a test can prove that secrets never reach the log. `TEST_LOG=1` also echoes
/// them to stderr.
static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> =
    std::sync::OnceLock::new();

fn capture_logs() {
    use tracing_subscriber::fmt::MakeWriter;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;

    #[derive(Clone)]
    struct Buffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend_from_slice(bytes);
            if std::env::var_os("TEST_LOG").is_some() {
                std::io::stderr().write_all(bytes)?;
            }
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl<'a> MakeWriter<'a> for Buffer {
        type Writer = Buffer;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    LOGS.get_or_init(|| {
        let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let _ = tracing_subscriber::registry()
            .with(tracing_subscriber::EnvFilter::new(
                // The test client (reqwest and its cookie store) logs cookies; only the app is under test.
                "debug,hyper=info,hyper_util=info,h2=info,tower=info,reqwest=info,cookie_store=off",
            ))
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_writer(Buffer(buffer.clone())),
            )
            .try_init();
        buffer
    });
}

/// Prints what the server logged about a 5xx answer and its warnings and
/// errors of the moment, so that a test failing on one says why (the output
/// shows only when the test fails).
fn report_server_error(response: &reqwest::Response) {
    if !response.status().is_server_error() {
        return;
    }
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|id| id.to_str().ok())
        .unwrap_or("-");
    // The last stretch of the log only: the whole of it runs to hundreds of megabytes.
    let logs = LOGS
        .get()
        .map(|buffer| {
            let buffer = buffer.lock().unwrap_or_else(|p| p.into_inner());
            String::from_utf8_lossy(&buffer[buffer.len().saturating_sub(256 << 10)..]).into_owned()
        })
        .unwrap_or_default();
    let recent: Vec<&str> = logs.lines().collect();
    eprintln!(
        "{} {} (request {request_id}); the server logged:",
        response.status(),
        response.url()
    );
    for line in recent {
        if line.contains(request_id) || line.contains(" WARN ") || line.contains(" ERROR ") {
            eprintln!("    {}", line.chars().take(400).collect::<String>());
        }
    }
}

pub fn captured_logs() -> String {
    LOGS.get()
        .map(|buffer| {
            String::from_utf8_lossy(&buffer.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
        })
        .unwrap_or_default()
}

/// A client with its own cookie jar that behaves like a page of the site: its
/// posts carry the site's Origin, and server functions answer it with JSON as
/// they answer the browser bundle.
pub struct Browser {
    pub client: reqwest::Client,
    jar: std::sync::Arc<reqwest::cookie::Jar>,
    base: String,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(jar.clone())
            .build()
            .expect("HTTP client");
        Self {
            client,
            jar,
            base: base.to_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request sent");
        report_server_error(&response);
        response
    }

    /// Posts a form to `path` from a page of this site.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("request sent");
        report_server_error(&response);
        response
    }

    /// The session cookie's value, if the browser holds one.
    pub fn session_cookie(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = self.base.parse().expect("base URL");
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|pair| pair.strip_prefix("kurso_session=").map(str::to_owned))
    }

    /// Replaces the session cookie, as a stolen or replayed cookie would be.
    pub fn set_session_cookie(&self, value: &str) {
        let url = self.base.parse().expect("base URL");
        self.jar
            .add_cookie_str(&format!("kurso_session={value}; Path=/"), &url);
    }
}
