//! Building and running the application: the same code path for `kurso serve`
//! and for the integration tests, which bind port 0 and read the port back.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tower_http::services::ServeDir;

use super::{assets, data_keys, health, middleware, page_cache, security};
use crate::accounts::server::{guard, session, AccountServices};
use crate::app::{shell, App};
use crate::cache::Caches;
use crate::clock::Clock;
use crate::db::{self, Database};
use crate::errors::PlainPages;
use crate::mail::worker::{self as mail_worker, Delivery};
use crate::rate_limit::{PerIpLimit, PerTokenLimit};
use crate::settings::Settings;
use crate::state::AppState;

/// How often expired sessions are deleted and stale rate-limit state dropped.
const HOUSEKEEPING_PERIOD: Duration = Duration::from_secs(300);

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    accounts: AccountServices,
    /// The background jobs (outbox delivery, session clean-up); stopped with the app.
    background: Vec<JoinHandle<()>>,
}

/// Connects to the configured database and brings its schema up to date.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Database> {
    let url = &settings.database.url;
    let database = db::connect(url, settings.database.max_connections)
        .await
        .with_context(|| format!("cannot open the database at {}", url.redacted()))?;
    database
        .migrate()
        .await
        .context("cannot apply the database migrations")?;
    Ok(database)
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with(settings, Clock::system(), Router::new()).await
    }

    /// Builds the application with a given clock and extra routes merged in
    /// before the middleware, so they get the same request handling as the rest.
    pub async fn build_with(
        mut settings: Settings,
        clock: Clock,
        extra_routes: Router<AppState>,
    ) -> anyhow::Result<Self> {
        let database = open_database(&settings).await?;
        let session_store = session::Store::open(&database)
            .await
            .context("cannot create the session table")?;
        let delivery = Delivery::from_settings(&settings.mail)?;
        let accounts = AccountServices::start(&settings.auth).await?;
        let data_keys = data_keys::load(&settings)?;
        prepare_assets(&settings).await;
        let extra_routes = match &settings.bench_page_copy {
            Some(file) => extra_routes.merge(page_copy_route(file)?),
            None => extra_routes,
        };

        let listener = TcpListener::bind(settings.server.address)
            .await
            .with_context(|| format!("cannot listen on {}", settings.server.address))?;
        let address = listener.local_addr()?;
        settings.resolve_public_url(address);
        warn_about_readable_one_time_links(&settings);
        let settings_cache_bytes = settings.cache_max_bytes;
        let settings_enquiries_per_hour = settings.enquiries.per_ip_per_hour;
        let settings_api_per_minute = settings.api_requests_per_minute;
        let state = AppState {
            leptos_options: leptos_options(&settings, address),
            settings: Arc::new(settings),
            db: database,
            clock,
            outbox_wake: Arc::new(Notify::new()),
            caches: Caches::new(settings_cache_bytes),
            data_keys: Arc::new(data_keys),
            enquiry_limit: Arc::new(PerIpLimit::per_hour(settings_enquiries_per_hour)),
            api_limit: Arc::new(PerTokenLimit::new(settings_api_per_minute)),
        };
        let background = spawn_background_jobs(&state, &accounts, session_store.clone(), delivery);
        let session_layer = session::layer(session_store, &state.settings.auth);
        let pages = PlainPages::new(&state.leptos_options);
        let guard = security::SiteGuard::new(state.settings.public_origin(), pages.clone());
        let router = middleware::apply(
            routes(
                state.clone(),
                accounts.clone(),
                guard,
                extra_routes,
                session_layer,
            ),
            &state.settings.server,
            pages,
        );
        tracing::info!(%address, backend = ?state.db.backend(), "kurso is listening");
        Ok(Self {
            listener,
            router,
            state,
            accounts,
            background,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|address| address.port())
            .unwrap_or_default()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Password hashing and sign-in limits, for tests that count their work.
    pub fn accounts(&self) -> &AccountServices {
        &self.accounts
    }

    /// Serves until SIGINT or SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes, then stops accepting connections and gives
    /// requests in flight up to the configured grace period to finish.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let grace = self.state.settings.server.shutdown_grace;
        let (stopping_tx, mut stopping_rx) = tokio::sync::watch::channel(false);
        let server = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            stop.await;
            tracing::info!("shutting down: finishing requests in flight");
            let _ = stopping_tx.send(true);
        });
        let deadline = async move {
            let _ = stopping_rx.wait_for(|stopping| *stopping).await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            result = server => result.context("the server failed")?,
            () = deadline => tracing::warn!(?grace, "grace period over; dropping the remaining connections"),
        }
        for job in &self.background {
            job.abort();
        }
        self.state.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Without SMTP the outbox is the mailbox, and admins can read the one-time
/// links in it. That is right for a developer's machine, wrong for a real site.
fn warn_about_readable_one_time_links(settings: &Settings) {
    if settings.mail.smtp_url.is_none() && settings.site.public_url.starts_with("https://") {
        tracing::warn!(
            public_url = %settings.site.public_url,
            "no SMTP server configured (KURSO_SMTP_URL): emails stay in the outbox, where every admin can read \
             other people's password reset and confirmation links"
        );
    }
}

/// Serves the bytes of `file` from memory: what a page of that size costs with
/// no rendering and no database, for the benchmark's ceiling. Off unless the
/// `bench.page_copy_file` setting names a file.
fn page_copy_route(file: &std::path::Path) -> anyhow::Result<Router<AppState>> {
    let bytes = axum::body::Bytes::from(
        std::fs::read(file)
            .with_context(|| format!("cannot read the benchmark page copy {}", file.display()))?,
    );
    tracing::warn!(file = %file.display(), "benchmark route /__bench/page-copy is on");
    Ok(Router::new().route(
        "/__bench/page-copy",
        get(move || {
            let bytes = bytes.clone();
            async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    bytes,
                )
            }
        }),
    ))
}

fn spawn_background_jobs(
    state: &AppState,
    accounts: &AccountServices,
    sessions: session::Store,
    delivery: Delivery,
) -> Vec<JoinHandle<()>> {
    let limits = accounts.limits.clone();
    let enquiry_limit = state.enquiry_limit.clone();
    let api_limit = state.api_limit.clone();
    let mut tasks = vec![
        tokio::spawn(mail_worker::run(
            state.db.clone(),
            state.clock.clone(),
            delivery,
            state.outbox_wake.clone(),
        )),
        tokio::spawn(
            crate::enrollment::alerts::look_for_runs_below_minimum_continuously(state.clone()),
        ),
        tokio::spawn(crate::catalog::upkeep::refresh_started_runs_continuously(
            state.clone(),
        )),
        tokio::spawn(crate::blog::upkeep::show_scheduled_posts_continuously(
            state.clone(),
        )),
        tokio::spawn(crate::contact::retention::erase_old_enquiries_continuously(
            state.clone(),
        )),
        tokio::spawn(session::delete_expired_continuously(
            sessions,
            HOUSEKEEPING_PERIOD,
        )),
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(HOUSEKEEPING_PERIOD);
            loop {
                interval.tick().await;
                limits.forget_stale();
                enquiry_limit.forget_stale();
                api_limit.forget_stale();
            }
        }),
    ];
    let handlers =
        crate::enrollment::jobs::handlers(state.clone(), crate::jobs::Handlers::default());
    let handlers = crate::webhooks::delivery::handlers(state.clone(), handlers);
    for _ in 0..state.settings.job_workers {
        let worker =
            crate::jobs::Worker::new(state.db.clone(), state.clock.clone(), handlers.clone());
        tasks.push(tokio::spawn(worker.run()));
    }
    tasks
}

fn leptos_options(settings: &Settings, address: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("kurso")
        .site_root(settings.assets.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(address)
        .reload_port(settings.assets.reload_port)
        .hash_files(settings.assets.hash_files)
        .build()
}

/// Compresses the built assets once, off the async threads. A read-only or
/// missing site folder is not fatal: the files are then served uncompressed.
async fn prepare_assets(settings: &Settings) {
    let folder = assets::pkg_folder(&settings.assets);
    if !folder.is_dir() {
        tracing::warn!(folder = %folder.display(), "no built assets: pages will render without styles or scripts (run `cargo leptos build`)");
        return;
    }
    match tokio::task::spawn_blocking(move || assets::precompress(&folder)).await {
        Ok(Ok(written)) => tracing::debug!(written, "precompressed assets"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "could not precompress assets; serving them uncompressed")
        }
        Err(error) => tracing::warn!(%error, "asset precompression stopped"),
    }
}

fn routes(
    state: AppState,
    accounts: AccountServices,
    guard: security::SiteGuard,
    extra_routes: Router<AppState>,
    session_layer: tower_sessions::SessionManagerLayer<session::Store>,
) -> Router {
    let site = state.settings.site.site_info();
    let options = state.leptos_options.clone();
    let app_shell = move || shell(options.clone());
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(accounts.clone());
            provide_context(site.clone());
            security::set_page_csp();
        }
    };

    // Paths no route claims: a file copied from public/ (the favicon), or
    // else the app's own 404 page, rendered with the site's layout.
    let not_found_page =
        leptos_axum::render_app_to_stream_with_context(context.clone(), app_shell.clone());
    let not_found_service = tower::service_fn(move |request| {
        let render = not_found_page.clone();
        async move { Ok::<_, Infallible>(render(request).await) }
    });
    let public_files = ServeDir::new(&state.settings.assets.site_root)
        .append_index_html_on_directories(false)
        .fallback(not_found_service);

    // Pages and server functions: sessions, the viewer and the cross-site check
    // (outermost) apply here; health checks and assets do without.
    let app = Router::new()
        .leptos_routes_with_context(&state, route_list(), context, app_shell)
        .route(
            "/courses/{slug}/runs/{file}",
            get(crate::catalog::ics::download),
        )
        .route("/calendar/feed.ics", get(crate::enrollment::feed::download))
        .route("/blog/feed.xml", get(crate::blog::feed::download))
        .route("/sitemap.xml", get(crate::seo::sitemap::download))
        .route("/robots.txt", get(crate::seo::robots::download))
        .route("/account/data.json", get(crate::privacy::export::download))
        .route(
            "/admin/runs/{id}/roster.csv",
            get(crate::admin::roster::csv::download),
        )
        .merge(extra_routes)
        .fallback_service(public_files)
        .layer(from_fn(guard::send_visitors_to_login))
        .layer(from_fn_with_state(
            session::ViewerResolver {
                state: state.clone(),
                pages: guard.pages(),
            },
            session::resolve_viewer,
        ))
        .layer(session_layer)
        .layer(from_fn_with_state(
            guard.clone(),
            security::readable_rate_limit_page,
        ))
        // Anonymous page hits skip sessions and rendering altogether.
        .layer(from_fn_with_state(
            state.clone(),
            page_cache::serve_cached_pages,
        ))
        .layer(from_fn_with_state(guard, security::refuse_cross_site));

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .nest_service("/pkg", assets::pkg_service(&state.settings.assets))
        // The JSON API: no sessions, no page cache, its own errors and CORS.
        .nest(
            crate::api::routes::PREFIX,
            crate::api::routes::router(&state),
        )
        .merge(app)
        .layer(from_fn_with_state(
            state.clone(),
            security::security_headers,
        ))
        .with_state(state)
}

/// Resolves on Ctrl-C or SIGTERM (what `kill` and orchestrators send).
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// The app's routes, walked out of its view tree once per process.
///
/// Walking them sets a process-wide leptos flag that parks every resource first
/// polled meanwhile, for good (leptos-rs/leptos#4773): a page rendered by one
/// server while another in the same process starts (the integration tests
/// start dozens) would hang until the request timeout. Every later start reuses
/// the first walk, which finished before any server of this process served.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}
