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
const SITE_PUBLIC_URL: Spec = spec(
    "site.public_url",
    "KURSO_PUBLIC_URL",
    "http://127.0.0.1:3000",
);
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
const LOG_FORMAT: Spec = spec("log.format", "KURSO_LOG_FORMAT", "pretty");
const BENCH_PAGE_COPY: Spec = spec("bench.page_copy_file", "KURSO_BENCH_PAGE_COPY", "");

const SPECS: [&Spec; 18] = [
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
    &DATABASE_URL,
    &DATABASE_MAX_CONNECTIONS,
    &ASSETS_SITE_ROOT,
    &ASSETS_HASH_FILES,
    &ASSETS_RELOAD_PORT,
    &LOG_FORMAT,
    &BENCH_PAGE_COPY,
];

#[derive(Clone, Debug)]
pub struct Settings {
    pub site: SiteSettings,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub assets: AssetSettings,
    pub log_format: LogFormat,
    /// For `bench/`: a file whose bytes are served from memory at
    /// `/__bench/page-copy`, the ceiling a page of that size can reach.
    pub bench_page_copy: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct SiteSettings {
    pub name: String,
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
        }
    }
}

#[derive(Clone, Debug)]
pub struct ServerSettings {
    pub address: SocketAddr,
    pub request_timeout: Duration,
    pub body_limit_bytes: usize,
    pub shutdown_grace: Duration,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Settings {
    pub fn load(source: &SettingsSource) -> Result<Self, SettingsError> {
        Ok(Self {
            site: SiteSettings {
                name: source.get(&SITE_NAME, non_empty)?,
                public_url: source.get(&SITE_PUBLIC_URL, parse_public_url)?,
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
    fn the_shipped_leptos_toml_is_valid() {
        let file = include_str!("../../../Leptos.toml");

        load(Some(file), &[]).expect("Leptos.toml loads");
    }
}
