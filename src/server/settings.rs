//! Kurso's runtime settings: `Leptos.toml` (or the file named by `KURSO_CONFIG`),
//! overridden by environment variables, which a `.env` file may supply. Each
//! setting is declared once in [`SPECS`] with its file key, its variable and its
//! default, so the file, the environment and the error messages cannot disagree.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono_tz::Tz;

use crate::db::DatabaseUrl;
use crate::site::SiteInfo;

struct Spec {
    key: &'static str,
    env: &'static str,
    default: &'static str,
}

const fn spec(key: &'static str, env: &'static str, default: &'static str) -> Spec {
    Spec { key, env, default }
}

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

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error("cannot read settings file {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("settings file {path} is not valid TOML: {reason}")]
    Malformed { path: String, reason: String },
    #[error("unknown setting `{key}` in {path}")]
    Unknown { key: String, path: String },
    #[error("invalid setting {origin} = {value:?}: {reason}")]
    Invalid {
        origin: String,
        value: String,
        reason: String,
    },
}

/// Where settings come from: the parsed file and the environment variables.
pub struct SettingsSource {
    file: toml::Table,
    file_name: String,
    env: HashMap<String, String>,
}

impl SettingsSource {
    /// Reads `.env` (if present), then `KURSO_CONFIG` or `./Leptos.toml`. A missing
    /// `Leptos.toml` means built-in defaults; a missing `KURSO_CONFIG` is an error.
    pub fn from_process() -> Result<Self, SettingsError> {
        let _ = dotenvy::dotenv();
        let env: HashMap<String, String> = std::env::vars().collect();
        let (path, required) = match env.get("KURSO_CONFIG") {
            Some(path) => (path.clone(), true),
            None => ("Leptos.toml".to_owned(), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => None,
            Err(error) => {
                return Err(SettingsError::Unreadable {
                    path,
                    reason: error.to_string(),
                })
            }
        };
        Self::new(&path, text.as_deref(), env)
    }

    pub fn new(
        file_name: &str,
        file_text: Option<&str>,
        env: HashMap<String, String>,
    ) -> Result<Self, SettingsError> {
        let file: toml::Table = match file_text {
            Some(text) => {
                text.parse()
                    .map_err(|error: toml::de::Error| SettingsError::Malformed {
                        path: file_name.to_owned(),
                        reason: error.message().to_owned(),
                    })?
            }
            None => toml::Table::new(),
        };
        let source = Self {
            file,
            file_name: file_name.to_owned(),
            env,
        };
        source.refuse_unknown_keys()?;
        Ok(source)
    }

    /// A typo in the file must not silently fall back to a default.
    fn refuse_unknown_keys(&self) -> Result<(), SettingsError> {
        for (section, value) in &self.file {
            let keys: Vec<String> = match value.as_table() {
                Some(table) => table.keys().map(|key| format!("{section}.{key}")).collect(),
                None => vec![section.clone()],
            };
            if let Some(key) = keys
                .into_iter()
                .find(|key| !SPECS.iter().any(|spec| spec.key == key))
            {
                return Err(SettingsError::Unknown {
                    key,
                    path: self.file_name.clone(),
                });
            }
        }
        Ok(())
    }

    /// The raw value of a setting and a description of where it came from.
    fn raw(&self, spec: &Spec) -> Result<(String, String), SettingsError> {
        if let Some(value) = self.env.get(spec.env) {
            return Ok((spec.env.to_owned(), value.clone()));
        }
        let origin = format!("{} in {}", spec.key, self.file_name);
        let (section, key) = spec.key.split_once('.').unwrap_or(("", spec.key));
        match self.file.get(section).and_then(|table| table.get(key)) {
            None => Ok((format!("{} (default)", spec.key), spec.default.to_owned())),
            Some(toml::Value::String(text)) => Ok((origin, text.clone())),
            Some(toml::Value::Integer(number)) => Ok((origin, number.to_string())),
            Some(toml::Value::Boolean(flag)) => Ok((origin, flag.to_string())),
            Some(other) => Err(SettingsError::Invalid {
                origin,
                value: other.to_string(),
                reason: "expected a string, a number or true/false".to_owned(),
            }),
        }
    }

    fn get<T>(
        &self,
        spec: &Spec,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, SettingsError> {
        let (origin, value) = self.raw(spec)?;
        parse(value.trim()).map_err(|reason| SettingsError::Invalid {
            origin,
            value,
            reason,
        })
    }
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

fn non_empty(value: &str) -> Result<String, String> {
    if value.is_empty() {
        Err("must not be empty".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

fn optional(value: &str) -> Result<Option<String>, String> {
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

fn positive(value: &str) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(number) if number > 0 => Ok(number),
        _ => Err("expected a whole number above 0".to_owned()),
    }
}

fn parse_public_url(value: &str) -> Result<String, String> {
    if value.starts_with("http://") || value.starts_with("https://") {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err("expected a URL starting with http:// or https://".to_owned())
    }
}

fn parse_time_zone(value: &str) -> Result<Tz, String> {
    value
        .parse()
        .map_err(|_| "expected an IANA time zone such as Asia/Manila".to_owned())
}

fn parse_currency(value: &str) -> Result<String, String> {
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(value.to_owned())
    } else {
        Err("expected a three-letter ISO 4217 code such as PHP".to_owned())
    }
}

/// `auto` trusts the build: cargo-leptos writes `hash.txt` beside the server
/// binary when it hashes asset names, and Leptos reads the names from there.
fn parse_hash_files(value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        "auto" => Ok(std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|folder| folder.join("hash.txt").is_file()))
            .unwrap_or(false)),
        _ => Err("expected auto, true or false".to_owned()),
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
        let file = include_str!("../../Leptos.toml");

        load(Some(file), &[]).expect("Leptos.toml loads");
    }
}
