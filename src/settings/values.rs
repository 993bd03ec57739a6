//! Parsers for setting values. Each returns the reason a value is refused, in
//! words that finish the sentence "invalid setting X = Y: ...".

use chrono_tz::Tz;

pub(super) fn non_empty(value: &str) -> Result<String, String> {
    if value.is_empty() {
        Err("must not be empty".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

pub(super) fn optional(value: &str) -> Result<Option<String>, String> {
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

pub(super) fn positive(value: &str) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(number) if number > 0 => Ok(number),
        _ => Err("expected a whole number above 0".to_owned()),
    }
}

/// Blank is allowed: the server then uses the address it listens on.
pub(super) fn parse_public_url(value: &str) -> Result<Option<String>, String> {
    if value.is_empty() {
        Ok(None)
    } else if value.starts_with("http://") || value.starts_with("https://") {
        Ok(Some(value.trim_end_matches('/').to_owned()))
    } else {
        Err("expected a URL starting with http:// or https://".to_owned())
    }
}

pub(super) fn parse_time_zone(value: &str) -> Result<Tz, String> {
    value
        .parse()
        .map_err(|_| "expected an IANA time zone such as Asia/Manila".to_owned())
}

pub(super) fn parse_currency(value: &str) -> Result<String, String> {
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(value.to_owned())
    } else {
        Err("expected a three-letter ISO 4217 code such as PHP".to_owned())
    }
}

/// `auto` trusts the build: cargo-leptos writes `hash.txt` beside the server
/// binary when it hashes asset names, and Leptos reads the names from there.
pub(super) fn parse_hash_files(value: &str) -> Result<bool, String> {
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
