//! The visitor's cookie choice: what it can be, the cookie that keeps it, and
//! how the page learns it. Like the signed-in user, the server reads it from
//! the request and writes it into the page (`<html data-consent>`), so the
//! browser hydrates the same banner, or none, without asking again.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The cookie keeping the choice; on a secure site with the `__Host-` prefix,
/// like the session cookie, so no other host can plant it.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-kurso_consent"
    } else {
        "kurso_consent"
    }
}

/// How long a choice is kept before the banner asks again.
pub const KEPT_FOR_DAYS: i64 = 365;

/// The attribute of `<html>` that carries the choice to the browser bundle.
pub const DOCUMENT_ATTRIBUTE: &str = "data-consent";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentChoice {
    /// "Accept all": optional cookies may be set.
    All,
    /// "Only necessary": nothing beyond what a feature in use needs.
    Necessary,
}

impl ConsentChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Necessary => "necessary",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "all" => Some(Self::All),
            "necessary" => Some(Self::Necessary),
            _ => None,
        }
    }

    /// The button's words, which the cookie policy repeats.
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "Accept all",
            Self::Necessary => "Only necessary",
        }
    }

    /// Whether a feature may set an optional (analytics, marketing) cookie.
    /// Kurso has none today; any that comes must ask this first.
    pub fn allows_optional_cookies(self) -> bool {
        self == Self::All
    }
}

/// The choice in a request's `Cookie` headers; anything unreadable counts as
/// no choice, so the banner asks again.
pub fn choice_in_cookies<'a>(
    headers: impl IntoIterator<Item = &'a str>,
    secure: bool,
) -> Option<ConsentChoice> {
    let name = cookie_name(secure);
    headers
        .into_iter()
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| key.trim() == name)
        .and_then(|(_, value)| ConsentChoice::parse(value.trim()))
}

/// The `Set-Cookie` value that keeps `choice`. Not readable by scripts: the
/// page learns the choice from the server, as it renders.
pub fn set_cookie_value(choice: ConsentChoice, secure: bool) -> String {
    let max_age = KEPT_FOR_DAYS * 24 * 60 * 60;
    let secure_attribute = if secure { "; Secure" } else { "" };
    format!(
        "{}={}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure_attribute}",
        cookie_name(secure),
        choice.as_str()
    )
}

#[derive(Clone, Copy)]
struct ConsentSignal(RwSignal<Option<ConsentChoice>>);

pub fn provide_consent(choice: Option<ConsentChoice>) {
    provide_context(ConsentSignal(RwSignal::new(choice)));
}

/// The visitor's choice as the page knows it; a choice made on the page
/// updates it, and the banner closes in place.
pub fn use_consent() -> RwSignal<Option<ConsentChoice>> {
    match use_context::<ConsentSignal>() {
        Some(ConsentSignal(signal)) => signal,
        None => {
            let signal = RwSignal::new(None);
            provide_context(ConsentSignal(signal));
            signal
        }
    }
}

/// The choice of the request being rendered or served (server only).
#[cfg(feature = "ssr")]
pub fn of_request() -> Option<ConsentChoice> {
    let parts = use_context::<http::request::Parts>()?;
    let secure = crate::state::AppState::current()
        .map(|state| state.settings.auth.secure_cookies)
        .unwrap_or(false);
    choice_in_cookies(
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok()),
        secure,
    )
}

#[cfg(not(feature = "ssr"))]
pub fn of_request() -> Option<ConsentChoice> {
    None
}

#[cfg(feature = "hydrate")]
pub fn from_document() -> Option<ConsentChoice> {
    document()
        .document_element()
        .and_then(|root| root.get_attribute(DOCUMENT_ATTRIBUTE))
        .and_then(|value| ConsentChoice::parse(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_is_read_from_any_cookie_header_by_its_exact_name() {
        let headers = ["theme=dark; kurso_consent=necessary", "other=1"];
        assert_eq!(
            choice_in_cookies(headers, false),
            Some(ConsentChoice::Necessary)
        );
        assert_eq!(
            choice_in_cookies(["a=1", " kurso_consent = all "], false),
            Some(ConsentChoice::All)
        );
        // On a secure site only the prefixed cookie counts.
        assert_eq!(choice_in_cookies(["kurso_consent=all"], true), None);
        assert_eq!(
            choice_in_cookies(["__Host-kurso_consent=all"], true),
            Some(ConsentChoice::All)
        );
    }

    #[test]
    fn an_unknown_or_lookalike_cookie_is_no_choice() {
        assert_eq!(choice_in_cookies(["kurso_consent=yes"], false), None);
        assert_eq!(choice_in_cookies(["xkurso_consent=all"], false), None);
        assert_eq!(choice_in_cookies(["kurso_consent"], false), None);
        assert_eq!(choice_in_cookies([], false), None);
    }

    #[test]
    fn the_cookie_is_kept_a_year_out_of_scripts_reach() {
        assert_eq!(
            set_cookie_value(ConsentChoice::All, false),
            "kurso_consent=all; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
        );
        assert_eq!(
            set_cookie_value(ConsentChoice::Necessary, true),
            "__Host-kurso_consent=necessary; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure"
        );
    }

    #[test]
    fn only_accept_all_allows_optional_cookies() {
        assert!(ConsentChoice::All.allows_optional_cookies());
        assert!(!ConsentChoice::Necessary.allows_optional_cookies());
        for choice in [ConsentChoice::All, ConsentChoice::Necessary] {
            assert_eq!(ConsentChoice::parse(choice.as_str()), Some(choice));
        }
    }
}
