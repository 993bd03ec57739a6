use std::fmt;

use super::Backend;

/// A `DATABASE_URL` known to name a supported backend. It may hold a password,
/// so `Debug` and [`DatabaseUrl::redacted`] hide it; only [`DatabaseUrl::expose`]
/// hands it out, to the driver.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://")
        {
            Ok(Self(url.to_owned()))
        } else {
            Err("expected a URL starting with sqlite:// or postgres://".to_owned())
        }
    }

    pub fn backend(&self) -> Backend {
        if self.0.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with any password replaced, fit for logs and error messages.
    pub fn redacted(&self) -> String {
        let Some((scheme, rest)) = self.0.split_once("://") else {
            return self.0.clone();
        };
        match rest.split_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or_default();
                if credentials.contains(':') {
                    format!("{scheme}://{user}:***@{host}")
                } else {
                    format!("{scheme}://{user}@{host}")
                }
            }
            None => self.0.clone(),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl")
            .field(&self.redacted())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/kurso.db")
                .unwrap()
                .backend(),
            Backend::Sqlite
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
    }

    #[test]
    fn an_unsupported_scheme_is_refused() {
        assert!(DatabaseUrl::parse("mysql://root@localhost/kurso").is_err());
        assert!(DatabaseUrl::parse("data/kurso.db").is_err());
    }

    #[test]
    fn a_password_never_reaches_debug_output_or_logs() {
        let url = DatabaseUrl::parse("postgres://kurso:hunter2@db.internal:5432/kurso").unwrap();

        assert_eq!(
            url.redacted(),
            "postgres://kurso:***@db.internal:5432/kurso"
        );
        assert!(!format!("{url:?}").contains("hunter2"));
    }
}
