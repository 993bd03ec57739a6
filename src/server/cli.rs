use std::process::ExitCode;

use clap::{Parser, Subcommand};

use super::{telemetry, Application};
use crate::settings::{Settings, SettingsSource};

#[derive(Parser)]
#[command(
    name = "kurso",
    version,
    about = "Kurso: the web platform of an IT training provider.",
    after_help = "Settings come from Leptos.toml (or the file in KURSO_CONFIG), then from \
                  environment variables such as DATABASE_URL; a .env file is read too."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations and serve the site (the default).
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Create an admin account. The password is asked for at the terminal, or
    /// read from the first line of stdin; it is never a command-line argument.
    CreateAdmin {
        /// The admin's email address (their login).
        #[arg(long)]
        email: String,
        /// The name shown in the dashboard.
        #[arg(long)]
        name: Option<String>,
    },
    /// Make an API token for an existing account and print its secret (shown
    /// once). Admins usually make tokens at /admin/api-tokens.
    CreateApiToken {
        /// The email of the account the token acts for.
        #[arg(long)]
        email: String,
        /// What uses the token, such as "Acme HR sync".
        #[arg(long)]
        name: String,
        /// Scopes, comma-separated, such as "me:read,users:read".
        #[arg(long)]
        scopes: String,
        /// Days until it expires; without it, it does not.
        #[arg(long)]
        expires_in_days: Option<u16>,
    },
    /// Re-encrypt every stored enquiry under the first key of KURSO_DATA_KEY
    /// (after adding a new key in front of the old: `2:new,1:old`). Once it
    /// reports success the old key can be removed.
    RotateDataKey,
    /// Load the demo catalog into an empty database and add demo learners (with
    /// random passwords, printed once) if they are missing.
    SeedDemo {
        /// Also generate this many courses, five runs each, for benchmarks.
        #[arg(long)]
        scale: Option<usize>,
    },
}

/// Runs the command line. Every failure ends as one line on stderr and a non-zero
/// exit code: a bad setting exits with 2, a failure at run time with 1.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let settings = match SettingsSource::from_process().and_then(|source| Settings::load(&source)) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("kurso: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format);

    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(settings).await,
        Command::CreateAdmin { email, name } => {
            create_admin(settings, &email, name.as_deref()).await
        }
        Command::CreateApiToken {
            email,
            name,
            scopes,
            expires_in_days,
        } => create_api_token(settings, &email, &name, &scopes, expires_in_days).await,
        Command::SeedDemo { scale } => seed_demo(settings, scale).await,
        Command::RotateDataKey => rotate_data_key(settings).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "kurso stopped");
            eprintln!("kurso: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let application = Application::build(settings).await?;
    application.run_until_stopped().await
}

async fn create_admin(
    mut settings: Settings,
    email: &str,
    name: Option<&str>,
) -> anyhow::Result<()> {
    let database = super::startup::open_database(&settings).await?;
    let created = crate::accounts::server::cli::create_admin(&database, email, name).await;
    database.close().await;
    let email = created?;
    settings.resolve_public_url(settings.server.address);
    println!(
        "Created admin {email}. Log in at {}/login",
        settings.site.public_url
    );
    Ok(())
}

async fn create_api_token(
    settings: Settings,
    email: &str,
    name: &str,
    scopes: &str,
    expires_in_days: Option<u16>,
) -> anyhow::Result<()> {
    let database = super::startup::open_database(&settings).await?;
    let now = crate::clock::Clock::system().now();
    let issued = crate::api::tokens::issue_from_command_line(
        &database,
        email,
        name,
        scopes,
        expires_in_days.map(i64::from),
        now,
    )
    .await;
    database.close().await;
    // The secret alone on stdout, so a script can capture it.
    println!("{}", issued?.expose());
    Ok(())
}

async fn seed_demo(settings: Settings, scale: Option<usize>) -> anyhow::Result<()> {
    use crate::catalog::seed;
    let database = super::startup::open_database(&settings).await?;
    let now = crate::clock::Clock::system().now();
    let zone = settings.site.time_zone;
    match seed::seed_demo_catalog(&database, now, zone).await? {
        Some(report) => println!(
            "Demo catalog: {} courses with {} runs over the next six months.",
            report.courses, report.runs
        ),
        None => println!("The catalog already has courses; left as it is."),
    }
    if let Some(count) = scale {
        let started = std::time::Instant::now();
        let report = seed::seed_scale(&database, count, now, zone).await?;
        println!(
            "Generated {} courses with {} runs in {:.1} s.",
            report.courses,
            report.runs,
            started.elapsed().as_secs_f64()
        );
    }
    match crate::blog::seed::seed_demo_posts(&database, now).await? {
        0 => println!("The blog already has posts; left as it is."),
        posts => println!("Demo blog: {posts} posts by the demo trainers."),
    }
    crate::accounts::server::cli::seed_demo_learners(&database).await?;
    database.close().await;
    Ok(())
}

async fn rotate_data_key(settings: Settings) -> anyhow::Result<()> {
    let keys = super::data_keys::load(&settings)?;
    let database = super::startup::open_database(&settings).await?;
    let now = crate::clock::Clock::system().now();
    let resealed = crate::contact::store::reseal_all(&database, &keys, now).await;
    let notes = match resealed {
        Ok(_) => crate::contact::events::reseal_all(&database, &keys).await,
        Err(_) => Ok(0),
    };
    database.close().await;
    println!(
        "Re-encrypted {} enquiries and {} notes and replies under key {}; all of them are now sealed under it.",
        resealed?,
        notes?,
        keys.sealing_key_id()
    );
    Ok(())
}

async fn migrate(settings: Settings) -> anyhow::Result<()> {
    let database = super::startup::open_database(&settings).await?;
    database.close().await;
    tracing::info!("database is up to date");
    Ok(())
}
