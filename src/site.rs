//! What every page knows about the site it belongs to: its name and contact
//! details, its time zone and currency, read from the settings on the server.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    /// IANA name, e.g. `Asia/Manila`: times are stored in UTC and shown in this zone.
    pub time_zone: String,
    /// ISO 4217 code, e.g. `PHP`: money is an integer number of minor units.
    pub currency: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_address: Option<String>,
    /// Where the site is reached, for addresses given to other apps (feeds).
    pub public_url: String,
}

impl SiteInfo {
    /// Used only where no settings were provided (a page rendered outside a
    /// request, in tests): a usable shell still renders.
    pub fn fallback() -> Self {
        Self {
            name: "Kurso".to_owned(),
            time_zone: "Asia/Manila".to_owned(),
            currency: "PHP".to_owned(),
            contact_email: None,
            contact_phone: None,
            contact_address: None,
            public_url: String::new(),
        }
    }
}

/// The site settings for the component being rendered.
pub fn use_site() -> SiteInfo {
    leptos::prelude::use_context::<SiteInfo>().unwrap_or_else(SiteInfo::fallback)
}

/// A link made absolute against the site's public address (a link that
/// already is absolute is kept): for feeds, structured data and link previews,
/// which other programs read away from the site.
pub fn absolute_url(public_url: &str, href: &str) -> String {
    if href.starts_with("http://") || href.starts_with("https://") {
        href.to_owned()
    } else {
        format!(
            "{}/{}",
            public_url.trim_end_matches('/'),
            href.trim_start_matches('/')
        )
    }
}

/// The longest text a search box takes; longer input is cut here. (SQLite
/// refuses LIKE patterns beyond 50,000 characters, and nobody searches with
/// a page of text.)
pub const SEARCH_MAX_CHARS: usize = 200;

/// A search box's input, trimmed and cut to [`SEARCH_MAX_CHARS`].
pub fn search_text(input: &str) -> String {
    input.trim().chars().take(SEARCH_MAX_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_made_absolute_against_the_public_address() {
        assert_eq!(
            absolute_url("https://kurso.example/", "/covers/a.jpg"),
            "https://kurso.example/covers/a.jpg"
        );
        assert_eq!(
            absolute_url("https://kurso.example", "covers/a.jpg"),
            "https://kurso.example/covers/a.jpg"
        );
        assert_eq!(
            absolute_url("https://kurso.example", "https://cdn.example/a.jpg"),
            "https://cdn.example/a.jpg"
        );
    }
}
