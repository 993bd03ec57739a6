//! What every page knows about the site it belongs to: its name and contact
//! details, its time zone and currency. Read from the settings on the server and
//! handed to the browser inside the page, so both render the same header and
//! footer without an extra request.

use serde::{Deserialize, Serialize};

/// The id of the `<script type="application/json">` element carrying [`SiteInfo`].
pub const SITE_INFO_ELEMENT_ID: &str = "kurso-site-info";

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
    /// The JSON placed in the page for the browser bundle. `<` is escaped so the
    /// text can never close the surrounding script element.
    pub fn to_embedded_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| "{}".to_owned())
            .replace('<', "\\u003c")
    }

    /// Reads the settings the server embedded in the page.
    #[cfg(feature = "hydrate")]
    pub fn from_document() -> Self {
        leptos::prelude::document()
            .get_element_by_id(SITE_INFO_ELEMENT_ID)
            .and_then(|element| element.text_content())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_else(Self::fallback)
    }

    /// Used only if the page arrived without its settings (a cached page from an
    /// older release, say): the browser still renders a usable shell.
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

    #[test]
    fn embedded_json_cannot_close_its_script_element() {
        let mut site = SiteInfo::fallback();
        site.name = "</script><script>alert(1)</script>".to_owned();

        let json = site.to_embedded_json();

        assert!(!json.contains('<'), "{json}");
        let parsed: SiteInfo = serde_json::from_str(&json).expect("still valid JSON");
        assert_eq!(parsed, site);
    }
}
