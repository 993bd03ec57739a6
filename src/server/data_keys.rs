//! Where the data keys come from: `KURSO_DATA_KEY`, or on a development machine
//! a key file created once under `./data/`. A site served over https without the
//! setting does not start: a key made up on the spot and lost with the machine
//! would make every stored enquiry unreadable.

use std::path::Path;

use anyhow::{bail, Context};

use crate::crypto::DataKeys;
use crate::settings::Settings;

/// The development key file, relative to the working directory (as `data/kurso.db` is).
pub const KEY_FILE: &str = "data/data-key";

pub fn load(settings: &Settings) -> anyhow::Result<DataKeys> {
    if let Some(value) = &settings.data_key {
        return DataKeys::parse(value.expose())
            .map_err(|problem| anyhow::anyhow!("KURSO_DATA_KEY: {problem}"));
    }
    if settings.site.public_url.starts_with("https://") {
        bail!(
            "KURSO_DATA_KEY is not set: an https site needs a key for personal data \
             (32 random bytes in base64, e.g. from `openssl rand -base64 32`), kept outside the database"
        );
    }
    from_key_file(Path::new(KEY_FILE))
}

fn from_key_file(path: &Path) -> anyhow::Result<DataKeys> {
    if !path.exists() {
        create_key_file(path)?;
        tracing::warn!(file = %path.display(), "created a development data key; set KURSO_DATA_KEY in production");
    }
    let value = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the data key file {}", path.display()))?;
    DataKeys::parse(value.trim())
        .map_err(|problem| anyhow::anyhow!("the data key file {}: {problem}", path.display()))
}

fn create_key_file(path: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;

    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    // create_new: two servers starting at once never write two different keys.
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    match options.open(path) {
        Ok(mut file) => writeln!(file, "{}", DataKeys::generate())
            .with_context(|| format!("cannot write {}", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error).with_context(|| format!("cannot create {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::settings::SettingsSource;

    fn settings(env: &[(&str, &str)]) -> Settings {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect();
        Settings::load(&SettingsSource::new("test", None, env).expect("source")).expect("settings")
    }

    #[test]
    fn an_https_site_without_a_key_stops_with_one_line_and_a_bad_key_is_not_echoed() {
        let error = load(&settings(&[(
            "KURSO_PUBLIC_URL",
            "https://training.example.ph",
        )]))
        .expect_err("no key, no start")
        .to_string();
        assert!(error.starts_with("KURSO_DATA_KEY is not set"), "{error}");
        assert!(!error.contains('\n'), "{error}");

        let bad = "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";
        let error = load(&settings(&[("KURSO_DATA_KEY", bad)]))
            .expect_err("a short key")
            .to_string();
        assert!(
            error.contains("32 bytes") && !error.contains(bad),
            "{error}"
        );

        let key = DataKeys::generate();
        let loaded = load(&settings(&[
            ("KURSO_PUBLIC_URL", "https://training.example.ph"),
            ("KURSO_DATA_KEY", &key),
        ]))
        .expect("a configured key");
        assert_eq!(loaded.sealing_key_id(), 1);
    }

    #[test]
    fn the_key_file_is_created_once_and_read_back_the_same() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("data/data-key");
        let first = from_key_file(&path).expect("created");
        let sealed = first.seal("kept", "t.c.1");
        let again = from_key_file(&path).expect("read back");
        assert_eq!(again.open(&sealed, "t.c.1").as_deref(), Ok("kept"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("file").permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the owner may read the key");
        }
    }
}
