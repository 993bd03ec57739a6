//! Where settings come from: the settings file and the environment. Values are
//! looked up by [`Spec`], which names both places and the default.

use std::collections::HashMap;

use super::SPECS;

pub(super) struct Spec {
    pub(super) key: &'static str,
    pub(super) env: &'static str,
    pub(super) default: &'static str,
}

pub(super) const fn spec(key: &'static str, env: &'static str, default: &'static str) -> Spec {
    Spec { key, env, default }
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

    pub(super) fn get<T>(
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
