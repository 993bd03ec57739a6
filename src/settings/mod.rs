//! Kurso's runtime settings: `Leptos.toml` (or the file named by `KURSO_CONFIG`),
//! overridden by environment variables, which a `.env` file may supply. Each
//! setting is declared once in [`SPECS`] with its file key, its variable and its
//! default, so the file, the environment and the error messages cannot disagree.

mod source;
mod values;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono_tz::Tz;

use self::source::{spec, Spec};
pub use self::source::{SettingsError, SettingsSource};
use self::values::{
    non_empty, optional, parse_currency, parse_hash_files, parse_public_url, parse_time_zone,
    positive,
};
use crate::db::DatabaseUrl;
use crate::site::SiteInfo;

const SITE_NAME: Spec = spec("site.name", "KURSO_SITE_NAME", "Kurso");
// Blank: `http://` and the address the server listens on (see `resolve_public_url`).
const SITE_PUBLIC_URL: Spec = spec("site.public_url", "KURSO_PUBLIC_URL", "");
const SITE_TIME_ZONE: Spec = spec("site.time_zone", "KURSO_TIME_ZONE", "Asia/Manila");
const SITE_CURRENCY: Spec = spec("site.currency", "KURSO_CURRENCY", "PHP");
const CONTACT_EMAIL: Spec = spec("contact.email", "KURSO_CONTACT_EMAIL", "");
const CONTACT_PHONE: Spec = spec("contact.phone", "KURSO_CONTACT_PHONE", "");
const CONTACT_ADDRESS: Spec = spec("contact.address", "KURSO_CONTACT_ADDRESS", "");
const SERVER_ADDRESS: Spec = spec("server.address", "KURSO_ADDRESS", "127.0.0.1:3000");
const SERVER_REQUEST_TIMEOUT: Spec = spec(
    "server.request_timeout_secs",
    "KURSO_REQUEST_TIMEOUT_SECS",
    "30",
);
const SERVER_BODY_LIMIT: Spec = spec(
    "server.body_limit_bytes",
    "KURSO_BODY_LIMIT_BYTES",
    "1048576",
);
const SERVER_CLIENT_IP_HEADER: Spec = spec("server.client_ip_header", "KURSO_CLIENT_IP_HEADER", "");
const SERVER_SHUTDOWN_GRACE: Spec = spec(
    "server.shutdown_grace_secs",
    "KURSO_SHUTDOWN_GRACE_SECS",
    "20",
);
const DATABASE_URL: Spec = spec("database.url", "DATABASE_URL", "sqlite://data/kurso.db");
const DATABASE_MAX_CONNECTIONS: Spec =
    spec("database.max_connections", "KURSO_DB_MAX_CONNECTIONS", "10");
// The asset settings use the variables cargo-leptos sets when it runs the server.
const ASSETS_SITE_ROOT: Spec = spec("assets.site_root", "LEPTOS_SITE_ROOT", "target/site");
const ASSETS_HASH_FILES: Spec = spec("assets.hash_files", "LEPTOS_HASH_FILES", "auto");
const ASSETS_RELOAD_PORT: Spec = spec("assets.reload_port", "LEPTOS_RELOAD_PORT", "3001");
const AUTH_SECURE_COOKIES: Spec = spec("auth.secure_cookies", "KURSO_SECURE_COOKIES", "auto");
const AUTH_SESSION_IDLE: Spec = spec(
    "auth.session_idle_minutes",
    "KURSO_SESSION_IDLE_MINUTES",
    "30",
);
const AUTH_SESSION_LIFETIME: Spec = spec(
    "auth.session_lifetime_hours",
    "KURSO_SESSION_LIFETIME_HOURS",
    "12",
);
const AUTH_ATTEMPTS_PER_IP: Spec = spec(
    "auth.attempts_per_ip_per_minute",
    "KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE",
    "10",
);
const AUTH_PASSWORD_HASH_QUEUE: Spec = spec(
    "auth.password_hash_queue",
    "KURSO_PASSWORD_HASH_QUEUE",
    "auto",
);
const MAIL_FROM: Spec = spec("mail.from", "KURSO_MAIL_FROM", "Kurso <no-reply@localhost>");
const MAIL_SMTP_URL: Spec = spec("mail.smtp_url", "KURSO_SMTP_URL", "");
const ENROLLMENT_OFFER_HOURS: Spec = spec("enrollment.offer_hours", "KURSO_OFFER_HOURS", "24");
const ENROLLMENT_CANCEL_CUTOFF_HOURS: Spec = spec(
    "enrollment.cancel_cutoff_hours",
    "KURSO_CANCEL_CUTOFF_HOURS",
    "48",
);
// Blank: a key file under ./data/ in development; an https site must set it.
const DATA_KEY: Spec = spec("privacy.data_key", "KURSO_DATA_KEY", "");
const ENQUIRY_MIN_FILL_SECS: Spec = spec(
    "enquiries.min_fill_secs",
    "KURSO_ENQUIRY_MIN_FILL_SECS",
    "3",
);
const ENQUIRIES_PER_IP_PER_HOUR: Spec = spec(
    "enquiries.per_ip_per_hour",
    "KURSO_ENQUIRIES_PER_IP_PER_HOUR",
    "5",
);
const ENQUIRY_RETENTION_DAYS: Spec = spec(
    "enquiries.retention_days",
    "KURSO_ENQUIRY_RETENTION_DAYS",
    "730",
);
const JOB_WORKERS: Spec = spec("jobs.workers", "KURSO_JOB_WORKERS", "1");
const API_REQUESTS_PER_MINUTE: Spec = spec(
    "api.requests_per_minute",
    "KURSO_API_REQUESTS_PER_MINUTE",
    "600",
);
// Webhook receivers on private or loopback addresses: refused unless set
// (a receiver on the same network is a server-side request forgery risk).
const WEBHOOKS_ALLOW_PRIVATE: Spec = spec(
    "webhooks.allow_private_addresses",
    "KURSO_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES",
    "false",
);
const CACHE_MAX_MEGABYTES: Spec = spec("cache.max_megabytes", "KURSO_CACHE_MAX_MEGABYTES", "64");
const LOG_FORMAT: Spec = spec("log.format", "KURSO_LOG_FORMAT", "pretty");
const BENCH_PAGE_COPY: Spec = spec("bench.page_copy_file", "KURSO_BENCH_PAGE_COPY", "");

const SPECS: [&Spec; 36] = [
    &SITE_NAME,
    &SITE_PUBLIC_URL,
    &SITE_TIME_ZONE,
    &SITE_CURRENCY,
    &CONTACT_EMAIL,
    &CONTACT_PHONE,
    &CONTACT_ADDRESS,
    &SERVER_ADDRESS,
    &SERVER_REQUEST_TIMEOUT,
    &SERVER_BODY_LIMIT,
    &SERVER_SHUTDOWN_GRACE,
    &SERVER_CLIENT_IP_HEADER,
    &DATABASE_URL,
    &DATABASE_MAX_CONNECTIONS,
    &ASSETS_SITE_ROOT,
    &ASSETS_HASH_FILES,
    &ASSETS_RELOAD_PORT,
    &AUTH_SECURE_COOKIES,
    &AUTH_SESSION_IDLE,
    &AUTH_SESSION_LIFETIME,
    &AUTH_ATTEMPTS_PER_IP,
    &AUTH_PASSWORD_HASH_QUEUE,
    &MAIL_FROM,
    &MAIL_SMTP_URL,
    &ENROLLMENT_OFFER_HOURS,
    &ENROLLMENT_CANCEL_CUTOFF_HOURS,
    &DATA_KEY,
    &ENQUIRY_MIN_FILL_SECS,
    &ENQUIRIES_PER_IP_PER_HOUR,
    &ENQUIRY_RETENTION_DAYS,
    &JOB_WORKERS,
    &WEBHOOKS_ALLOW_PRIVATE,
    &API_REQUESTS_PER_MINUTE,
    &CACHE_MAX_MEGABYTES,
    &LOG_FORMAT,
    &BENCH_PAGE_COPY,
];

#[derive(Clone, Debug)]
pub struct Settings {
    pub site: SiteSettings,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub assets: AssetSettings,
    pub auth: AuthSettings,
    pub mail: MailSettings,
    pub enrollment: EnrollmentSettings,
    pub enquiries: EnquirySettings,
    /// `KURSO_DATA_KEY`: the keys personal data is sealed under (see `crate::crypto`).
    pub data_key: Option<Secret>,
    /// Job workers this process runs; 0 leaves the jobs to other processes.
    pub job_workers: u32,
    /// Whether webhooks may be sent to private, loopback and link-local
    /// addresses (a receiver on the machine itself, in development and tests).
    pub webhooks_allow_private_addresses: bool,
    /// Requests each API token may send a minute (token routes only).
    pub api_requests_per_minute: u32,
    /// The memory the read and page caches may use together; 0 turns them off.
    pub cache_max_bytes: u64,
    pub log_format: LogFormat,
    /// For `bench/`: a file whose bytes are served from memory at
    /// `/__bench/page-copy`, the ceiling a page of that size can reach.
    pub bench_page_copy: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct SiteSettings {
    pub name: String,
    /// Scheme, host and port the site is reached at, without a trailing slash.
    /// Links in emails use it, and unsafe requests must come from its origin.
    /// Empty until [`Settings::resolve_public_url`] when none was configured.
    pub public_url: String,
    pub time_zone: Tz,
    pub currency: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_address: Option<String>,
}

impl SiteSettings {
    pub fn site_info(&self) -> SiteInfo {
        SiteInfo {
            name: self.name.clone(),
            time_zone: self.time_zone.name().to_owned(),
            currency: self.currency.clone(),
            contact_email: self.contact_email.clone(),
            contact_phone: self.contact_phone.clone(),
            contact_address: self.contact_address.clone(),
            public_url: self.public_url.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ServerSettings {
    pub address: SocketAddr,
    pub request_timeout: Duration,
    pub body_limit_bytes: usize,
    pub shutdown_grace: Duration,
    /// Behind a reverse proxy: the header it puts the client's address in (its
    /// last entry is used). Unset: the TCP peer is the client.
    pub client_ip_header: Option<http::HeaderName>,
}

/// How long a seat offered from the waitlist is held, and until when before the
/// start a learner may still cancel or transfer.
#[derive(Clone, Debug)]
pub struct EnrollmentSettings {
    pub offer_valid_for: Duration,
    pub cancel_cutoff: Duration,
}

/// The enquiry form's protection against bots and floods.
#[derive(Clone, Debug)]
pub struct EnquirySettings {
    /// A form sent sooner than this after it was shown is taken for a bot's.
    pub min_fill_time: Duration,
    /// Enquiries one IP address may send per hour; more are answered 429.
    pub per_ip_per_hour: u32,
    /// Enquiries older than this are erased, with their timelines.
    pub retention: chrono::Duration,
}

#[derive(Clone, Debug)]
pub struct DatabaseSettings {
    pub url: DatabaseUrl,
    pub max_connections: u32,
}

#[derive(Clone, Debug)]
pub struct AssetSettings {
    /// The folder cargo-leptos builds the site into; `/pkg` lives below it.
    pub site_root: PathBuf,
    /// Whether asset names carry a content hash (and so may be cached forever).
    pub hash_files: bool,
    pub reload_port: u32,
}

#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// Whether the site is served over HTTPS: the session cookie is then `Secure`
    /// and `__Host-` prefixed, and responses carry HSTS.
    pub secure_cookies: bool,
    /// A session unused for this long ends.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub session_lifetime: Duration,
    /// Sign-in, registration and password-reset attempts allowed per IP address per
    /// minute, for each of the three forms.
    pub attempts_per_ip_per_minute: u32,
    /// Password hashes that may wait for a free core; more are answered 503.
    /// `None`: eight per core.
    pub password_hash_queue: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct MailSettings {
    pub from: String,
    /// `smtp://` or `smtps://` URL with credentials; without one, emails stay in
    /// the outbox as "delivered to the local mailbox".
    pub smtp_url: Option<Secret>,
}

/// A setting that must not reach a log: `Debug` prints a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Settings {
    /// Fills in the public URL when none was configured: the address the server
    /// listens on (`127.0.0.1` for a wildcard address), so a development server
    /// on any port links to itself.
    pub fn resolve_public_url(&mut self, listening_on: SocketAddr) {
        if self.site.public_url.is_empty() {
            let host = if listening_on.ip().is_unspecified() {
                std::net::IpAddr::from([127, 0, 0, 1])
            } else {
                listening_on.ip()
            };
            self.site.public_url = format!("http://{}", SocketAddr::new(host, listening_on.port()));
        }
    }

    /// The public URL's origin (`https://kurso.example.com`, `http://127.0.0.1:3000`),
    /// lower-cased, as browsers send it in the `Origin` header.
    pub fn public_origin(&self) -> String {
        let url = self.site.public_url.to_ascii_lowercase();
        let (scheme, rest) = url.split_once("://").unwrap_or(("http", &url));
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        // Browsers leave the default port out of the Origin header.
        let authority = match scheme {
            "https" => authority.strip_suffix(":443").unwrap_or(authority),
            _ => authority.strip_suffix(":80").unwrap_or(authority),
        };
        format!("{scheme}://{authority}")
    }

    pub fn load(source: &SettingsSource) -> Result<Self, SettingsError> {
        Ok(Self {
            site: SiteSettings {
                name: source.get(&SITE_NAME, non_empty)?,
                public_url: source
                    .get(&SITE_PUBLIC_URL, parse_public_url)?
                    .unwrap_or_default(),
                time_zone: source.get(&SITE_TIME_ZONE, parse_time_zone)?,
                currency: source.get(&SITE_CURRENCY, parse_currency)?,
                contact_email: source.get(&CONTACT_EMAIL, optional)?,
                contact_phone: source.get(&CONTACT_PHONE, optional)?,
                contact_address: source.get(&CONTACT_ADDRESS, optional)?,
            },
            server: ServerSettings {
                address: source.get(&SERVER_ADDRESS, |v| {
                    v.parse()
                        .map_err(|_| "expected an address such as 127.0.0.1:3000".to_owned())
                })?,
                request_timeout: Duration::from_secs(
                    source.get(&SERVER_REQUEST_TIMEOUT, positive)?,
                ),
                body_limit_bytes: source.get(&SERVER_BODY_LIMIT, positive)? as usize,
                shutdown_grace: Duration::from_secs(source.get(&SERVER_SHUTDOWN_GRACE, positive)?),
                client_ip_header: source.get(&SERVER_CLIENT_IP_HEADER, |v| match optional(v)? {
                    None => Ok(None),
                    Some(name) => http::HeaderName::try_from(name.to_ascii_lowercase())
                        .map(Some)
                        .map_err(|_| "expected a header name such as x-forwarded-for".to_owned()),
                })?,
            },
            database: DatabaseSettings {
                url: source.get(&DATABASE_URL, DatabaseUrl::parse)?,
                max_connections: source.get(&DATABASE_MAX_CONNECTIONS, positive)? as u32,
            },
            assets: AssetSettings {
                site_root: source.get(&ASSETS_SITE_ROOT, |v| non_empty(v).map(PathBuf::from))?,
                hash_files: source.get(&ASSETS_HASH_FILES, parse_hash_files)?,
                reload_port: source.get(&ASSETS_RELOAD_PORT, positive)? as u32,
            },
            auth: AuthSettings {
                secure_cookies: source.get(&AUTH_SECURE_COOKIES, |v| match v {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    "auto" => Ok(source
                        .get(&SITE_PUBLIC_URL, parse_public_url)
                        .is_ok_and(|url| url.is_some_and(|url| url.starts_with("https://")))),
                    _ => Err(
                        "expected auto (secure when site.public_url is https), true or false"
                            .to_owned(),
                    ),
                })?,
                session_idle: Duration::from_secs(60 * source.get(&AUTH_SESSION_IDLE, positive)?),
                session_lifetime: Duration::from_secs(
                    3600 * source.get(&AUTH_SESSION_LIFETIME, positive)?,
                ),
                attempts_per_ip_per_minute: source.get(&AUTH_ATTEMPTS_PER_IP, |v| {
                    positive(v).and_then(|n| u32::try_from(n).map_err(|_| "too large".to_owned()))
                })?,
                password_hash_queue: source.get(&AUTH_PASSWORD_HASH_QUEUE, |v| match v {
                    "auto" => Ok(None),
                    _ => v
                        .parse::<usize>()
                        .ok()
                        .filter(|waiting| *waiting <= 10_000)
                        .map(Some)
                        .ok_or_else(|| {
                            "expected auto or a whole number of waiting hashes".to_owned()
                        }),
                })?,
            },
            mail: MailSettings {
                from: source.get(&MAIL_FROM, |v| {
                    v.parse::<lettre::message::Mailbox>()
                        .map(|_| v.to_owned())
                        .map_err(|_| {
                            "expected a mailbox such as Kurso <training@example.com>".to_owned()
                        })
                })?,
                smtp_url: source.get(&MAIL_SMTP_URL, |v| Ok(optional(v)?.map(Secret)))?,
            },
            enrollment: EnrollmentSettings {
                offer_valid_for: Duration::from_secs(
                    3600 * source.get(&ENROLLMENT_OFFER_HOURS, positive)?,
                ),
                // 0 lets learners cancel until the start.
                cancel_cutoff: Duration::from_secs(
                    3600 * source.get(&ENROLLMENT_CANCEL_CUTOFF_HOURS, |v| {
                        v.parse::<u64>()
                            .map_err(|_| "expected a whole number of hours".to_owned())
                    })?,
                ),
            },
            enquiries: EnquirySettings {
                min_fill_time: Duration::from_secs(source.get(&ENQUIRY_MIN_FILL_SECS, |v| {
                    v.parse::<u64>()
                        .ok()
                        .filter(|secs| *secs <= 600)
                        .ok_or_else(|| {
                            "expected a whole number of seconds from 0 to 600".to_owned()
                        })
                })?),
                per_ip_per_hour: source.get(&ENQUIRIES_PER_IP_PER_HOUR, |v| {
                    positive(v).and_then(|n| u32::try_from(n).map_err(|_| "too large".to_owned()))
                })?,
                retention: chrono::Duration::days(source.get(&ENQUIRY_RETENTION_DAYS, |v| {
                    v.parse::<i64>()
                        .ok()
                        .filter(|days| (1..=36_500).contains(days))
                        .ok_or_else(|| "expected a whole number of days from 1 to 36500".to_owned())
                })?),
            },
            data_key: source.get(&DATA_KEY, |v| Ok(optional(v)?.map(Secret)))?,
            job_workers: source.get(&JOB_WORKERS, |v| {
                v.parse::<u32>()
                    .ok()
                    .filter(|workers| *workers <= 64)
                    .ok_or_else(|| "expected a whole number of workers from 0 to 64".to_owned())
            })?,
            webhooks_allow_private_addresses: source.get(&WEBHOOKS_ALLOW_PRIVATE, |v| match v {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err("expected true or false".to_owned()),
            })?,
            api_requests_per_minute: source.get(&API_REQUESTS_PER_MINUTE, |v| {
                positive(v).and_then(|n| u32::try_from(n).map_err(|_| "too large".to_owned()))
            })?,
            cache_max_bytes: source.get(&CACHE_MAX_MEGABYTES, |v| {
                v.parse::<u64>()
                    .ok()
                    .filter(|megabytes| *megabytes <= 1 << 20)
                    .map(|megabytes| megabytes << 20)
                    .ok_or_else(|| {
                        "expected a whole number of megabytes (0 turns caching off)".to_owned()
                    })
            })?,
            log_format: source.get(&LOG_FORMAT, |v| match v {
                "pretty" => Ok(LogFormat::Pretty),
                "json" => Ok(LogFormat::Json),
                _ => Err("expected pretty or json".to_owned()),
            })?,
            bench_page_copy: source
                .get(&BENCH_PAGE_COPY, |v| Ok(optional(v)?.map(PathBuf::from)))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(file: Option<&str>, env: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::load(&SettingsSource::new("Leptos.toml", file, env)?)
    }

    #[test]
    fn with_no_file_and_no_environment_the_defaults_serve_manila_in_pesos_on_sqlite() {
        let settings = load(None, &[]).unwrap();

        assert_eq!(settings.site.time_zone, chrono_tz::Asia::Manila);
        assert_eq!(settings.site.currency, "PHP");
        assert_eq!(settings.server.address.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.database.url.backend(), crate::db::Backend::Sqlite);
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let file = "[site]\nname = \"Acme Training\"\ncurrency = \"USD\"\n";

        let settings = load(Some(file), &[("KURSO_CURRENCY", "EUR")]).unwrap();

        assert_eq!(settings.site.name, "Acme Training");
        assert_eq!(settings.site.currency, "EUR");
    }

    #[test]
    fn a_bad_setting_names_the_variable_its_value_and_what_was_expected() {
        let error = load(None, &[("KURSO_TIME_ZONE", "Mars/Olympus")]).unwrap_err();

        assert_eq!(
            error.to_string(),
            "invalid setting KURSO_TIME_ZONE = \"Mars/Olympus\": expected an IANA time zone such as Asia/Manila"
        );
    }

    #[test]
    fn a_bad_value_in_the_file_names_its_key_and_file() {
        let error = load(Some("[server]\naddress = \"localhost\"\n"), &[]).unwrap_err();

        assert!(
            error
                .to_string()
                .starts_with("invalid setting server.address in Leptos.toml"),
            "{error}"
        );
    }

    #[test]
    fn a_misspelt_key_is_refused_rather_than_ignored() {
        let error = load(Some("[site]\ntimezone = \"Asia/Manila\"\n"), &[]).unwrap_err();

        assert_eq!(
            error,
            SettingsError::Unknown {
                key: "site.timezone".into(),
                path: "Leptos.toml".into()
            }
        );
    }

    #[test]
    fn numbers_in_the_file_are_read_as_numbers() {
        let settings = load(Some("[database]\nmax_connections = 4\n"), &[]).unwrap();

        assert_eq!(settings.database.max_connections, 4);
    }

    #[test]
    fn blank_contact_details_are_left_out() {
        let settings = load(
            Some("[contact]\nemail = \"training@example.com\"\nphone = \"\"\n"),
            &[],
        )
        .unwrap();

        assert_eq!(
            settings.site.contact_email.as_deref(),
            Some("training@example.com")
        );
        assert_eq!(settings.site.contact_phone, None);
    }

    #[test]
    fn cookies_are_secure_exactly_when_the_public_url_is_https() {
        let plain = load(None, &[]).unwrap();
        let behind_https =
            load(None, &[("KURSO_PUBLIC_URL", "https://kurso.example.com")]).unwrap();
        let forced = load(None, &[("KURSO_SECURE_COOKIES", "true")]).unwrap();

        assert!(!plain.auth.secure_cookies);
        assert!(behind_https.auth.secure_cookies);
        assert!(forced.auth.secure_cookies);
    }

    #[test]
    fn without_a_public_url_the_site_is_where_it_listens() {
        let mut settings = load(None, &[]).unwrap();

        settings.resolve_public_url("0.0.0.0:4100".parse().unwrap());

        assert_eq!(settings.site.public_url, "http://127.0.0.1:4100");
        assert_eq!(settings.public_origin(), "http://127.0.0.1:4100");
    }

    #[test]
    fn a_configured_public_url_is_kept_and_its_origin_drops_the_path_and_default_port() {
        let mut settings = load(
            None,
            &[(
                "KURSO_PUBLIC_URL",
                "https://Training.Example.com:443/kurso/",
            )],
        )
        .unwrap();

        settings.resolve_public_url("127.0.0.1:3000".parse().unwrap());

        assert_eq!(
            settings.site.public_url,
            "https://Training.Example.com:443/kurso"
        );
        assert_eq!(settings.public_origin(), "https://training.example.com");
    }

    #[test]
    fn the_smtp_url_never_shows_in_debug_output() {
        let settings = load(
            None,
            &[("KURSO_SMTP_URL", "smtps://mailer:hunter2@smtp.example.com")],
        )
        .unwrap();

        assert!(!format!("{settings:?}").contains("hunter2"));
        assert_eq!(
            settings.mail.smtp_url.unwrap().expose(),
            "smtps://mailer:hunter2@smtp.example.com"
        );
    }

    #[test]
    fn the_shipped_leptos_toml_is_valid() {
        let file = include_str!("../../Leptos.toml");

        load(Some(file), &[]).expect("Leptos.toml loads");
    }
}
